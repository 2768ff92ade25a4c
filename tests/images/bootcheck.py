"""Shared code of run-boot-tests and run-image-tests: boots the real images of
docs/real-images.md on elsim and checks the console output and the disk image.

The images come from scripts/images/fetch-images (into $ELSIM_IMAGES or
~/.cache/elsim-images), which the runners call first: on a fresh machine it downloads them
from Debian's archive; when that is impossible the runners count a failure and say why.
"""
import os
import select
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
IMAGES = os.environ.get("ELSIM_IMAGES") or os.path.expanduser("~/.cache/elsim-images")

MARKER = "ELSIM-INIT: initramfs reached"
DISK_SECTOR0 = "ELSIM-DISK-SECTOR-0"          # scripts/images/make-disk
DISK_SECTOR1 = b"ELSIM-WRITTEN-BY-GUEST\n"    # what scripts/images/init writes


class Results:
    """One line per check, and the `N passed, M failed` line of tests/run-all."""

    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, detail=""):
        if ok:
            self.passed += 1
            print(f"PASS {name}")
        else:
            self.failed += 1
            print(f"FAIL {name}" + (f": {detail}" if detail else ""))
        sys.stdout.flush()
        return ok

    def finish(self):
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(0 if self.failed == 0 else 1)


def fetch(results):
    """Runs fetch-images; False (and one failure) when the images cannot be had."""
    r = subprocess.run([os.path.join(ROOT, "scripts/images/fetch-images"), IMAGES],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if r.stdout:
        print(r.stdout, end="")
    return results.check(f"images in {IMAGES} (scripts/images/fetch-images)", r.returncode == 0,
                         "cannot get the Debian images (network to Debian's archive needed on "
                         "the first run)")


def image(name):
    return os.path.join(IMAGES, name)


def make_disk(directory):
    path = os.path.join(directory, "disk.img")
    subprocess.run([os.path.join(ROOT, "scripts/images/make-disk"), path], check=True)
    return path


def run(cmd, timeout):
    """Runs elsim to its end: (exit status, console output + stderr)."""
    try:
        r = subprocess.run(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=timeout)
        return r.returncode, r.stdout.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        return None, (e.stdout or b"").decode(errors="replace")


def linux_cmd(elsim, gic, smp, disk, limits, init_mode=""):
    return [elsim, "run", image("Image"), "--gic", str(gic), "--smp", str(smp),
            "--initrd", image("initrd.gz"), "--append", "console=ttyAMA0" + init_mode,
            "--drive", disk] + limits


def xen_cmd(elsim, gic, disk, limits, init_mode=""):
    return [elsim, "run", image("xen"), "--gic", str(gic), "--mem", "1G",
            "--append", "dom0_mem=256M console=dtuart",
            "--module", "0x42000000," + image("Image") + ",console=hvc0" + init_mode,
            "--module", "0x46000000," + image("initrd.gz"),
            "--drive", disk] + limits


def check_boot(results, name, status, out, disk, expect_lines):
    """The checks every boot gets: exit status 0 after the guest's power-off, the
    initramfs marker, EXPECT_LINES on the console, /dev/vda being the disk, and the
    sector the guest wrote and synced being in the image file."""
    tail = "\n    ".join(out.splitlines()[-8:])
    results.check(f"{name}: exit status 0", status == 0, f"status {status}; last lines:\n    {tail}")
    results.check(f"{name}: initramfs marker", MARKER in out)
    for line in expect_lines:
        results.check(f"{name}: '{line}'", line in out)
    results.check(f"{name}: /dev/vda is the disk", f"ELSIM-VDA: {DISK_SECTOR0}" in out)
    with open(disk, "rb") as f:
        f.seek(512)
        sector1 = f.read(512)
    results.check(f"{name}: data written and synced by the guest is in the image file",
                  sector1 == DISK_SECTOR1.ljust(512, b"\0"), repr(sector1[:32]))


def boot_linux(results, elsim, gic, smp, limits, timeout, keep_output=False):
    name = f"linux gicv{gic} smp{smp}"
    with tempfile.TemporaryDirectory() as tmp:
        disk = make_disk(tmp)
        start = time.time()
        status, out = run(linux_cmd(elsim, gic, smp, disk, limits), timeout)
        print(f"     {name}: {time.time() - start:.1f} s")
        expect = ["ELSIM-DMESG: CPU: All CPU(s) started at EL2",
                  "ELSIM-DMESG: kvm [1]: Hyp mode initialized successfully",
                  f"ELSIM-DMESG: SMP: Total of {smp} processors activated"]
        check_boot(results, name, status, out, disk, expect)
    return out if keep_output else None


def boot_xen(results, elsim, gic, limits, timeout):
    name = f"xen gicv{gic} dom0"
    with tempfile.TemporaryDirectory() as tmp:
        disk = make_disk(tmp)
        start = time.time()
        status, out = run(xen_cmd(elsim, gic, disk, limits), timeout)
        print(f"     {name}: {time.time() - start:.1f} s")
        expect = ["ELSIM-DMESG: CPU: All CPU(s) started at EL1",
                  "(XEN) Hardware Dom0 halted"]
        check_boot(results, name, status, out, disk, expect)


def boot_reboot(results, elsim, kind, gic, smp, limits, timeout):
    """The initramfs in reboot mode (scripts/images/init): the first boot marks the disk and
    reboots (PSCI SYSTEM_RESET, through Xen for a dom0), the second finds the mark, clears it
    and powers off."""
    name = f"{kind} gicv{gic} smp{smp} reboot"
    with tempfile.TemporaryDirectory() as tmp:
        disk = make_disk(tmp)
        start = time.time()
        cmd = (linux_cmd(elsim, gic, smp, disk, limits, " elsim=reboot") if kind == "linux"
               else xen_cmd(elsim, gic, disk, limits, " elsim=reboot"))
        status, out = run(cmd, timeout)
        print(f"     {name}: {time.time() - start:.1f} s")
        tail = "\n    ".join(out.splitlines()[-8:])
        results.check(f"{name}: exit status 0", status == 0, f"status {status}; last lines:\n    {tail}")
        results.check(f"{name}: rebooted once", out.count("ELSIM-INIT: rebooting") == 1)
        results.check(f"{name}: booted again", "ELSIM-INIT: booted again after the reboot" in out)
        results.check(f"{name}: the kernel started twice",
                      out.count("Booting Linux on physical CPU 0x0") == 2)
        results.check(f"{name}: every CPU twice",
                      out.count(f"ELSIM-DMESG: SMP: Total of {smp} processors activated") == 2)
        if kind == "xen":
            results.check(f"{name}: Xen restarted the machine and booted again",
                          "(XEN) Hardware Dom0 shutdown: rebooting machine" in out
                          and out.count("(XEN) Xen version") == 2)
        with open(disk, "rb") as f:
            f.seek(1024)
            sector2 = f.read(512)
        results.check(f"{name}: the second boot cleared the mark", sector2 == bytes(512))


# What kvm-run prints, as on QEMU: vm 1's MMIO exits; vm 2's virtual timer interrupt through
# KVM's vGIC of the host's GIC version (INTID 27 acknowledged, then 1023).
KVM_VM1 = ["ELSIM-KVM: api 12",
           "ELSIM-KVM: vm 1: mmio write 0x1000 len 8 data 0x12345678",
           "ELSIM-KVM: vm 1: mmio read 0x1008 len 8 -> 0xcafe",
           "ELSIM-KVM: vm 1: mmio write 0x1010 len 4 data 0xcaff",
           "ELSIM-KVM: vm 1: system event 1, pc 0x80000028"]
KVM_VM2 = {v: [f"ELSIM-KVM: vm 2: vGICv{v}",
               "ELSIM-KVM: vm 2: mmio write 0x1000 len 8 data 0x1b",
               "ELSIM-KVM: vm 2: mmio write 0x1008 len 8 data 0x3ff",
               f"ELSIM-KVM: vm 2: system event 1, pc {pc}"]
           for v, pc in ((3, "0x800000a8"), (2, "0x80000080"))}
KVM_END = ["ELSIM-KVM: done", "ELSIM-KVM: exit status 0"]


def boot_kvm(results, elsim, gic, smp, limits, timeout):
    """The initramfs in kvm mode (scripts/images/init, kvm-run.c): guests under the kernel's
    KVM, their MMIO and PSCI exits and the virtual timer interrupt exactly as on QEMU."""
    name = f"linux gicv{gic} smp{smp} kvm guest"
    start = time.time()
    cmd = [elsim, "run", image("Image"), "--gic", str(gic), "--smp", str(smp), "--initrd",
           image("initrd.gz"), "--append", "console=ttyAMA0 elsim=kvm"] + limits
    status, out = run(cmd, timeout)
    print(f"     {name}: {time.time() - start:.1f} s")
    tail = "\n    ".join(out.splitlines()[-8:])
    results.check(f"{name}: exit status 0", status == 0, f"status {status}; last lines:\n    {tail}")
    got = [line for line in out.splitlines() if line.startswith("ELSIM-KVM:")]
    results.check(f"{name}: the guests' exits", got == KVM_VM1 + KVM_VM2[gic] + KVM_END, "\n    ".join(got))


class Console:
    """elsim with its console on pipes, typed at like a terminal."""

    def __init__(self, cmd):
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT)
        self.out = b""
        self.matched = 0    # where the last expected text ended in out

    def expect(self, text, timeout):
        """Waits for TEXT after what was already matched; True when it came in time."""
        want = text.encode()
        deadline = time.time() + timeout
        while self.out.find(want, self.matched) < 0:
            left = deadline - time.time()
            if left <= 0 or not select.select([self.proc.stdout], [], [], left)[0]:
                return False
            chunk = os.read(self.proc.stdout.fileno(), 65536)
            if not chunk:
                return False
            self.out += chunk
        self.matched = self.out.find(want, self.matched) + len(want)
        return True

    def send(self, line):
        self.proc.stdin.write(line.encode() + b"\n")
        self.proc.stdin.flush()

    def finish(self, timeout):
        """The exit status (None if elsim had to be killed) once it ends."""
        try:
            rest, _ = self.proc.communicate(timeout=timeout)
            self.out += rest
            return self.proc.returncode
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()
            return None

"""FP/SIMD mode of run-diff (`run-diff --fpsimd ...`, see README.md "FP/SIMD mode").

Random sequences of FP/SIMD instructions (fpgen.py) run in ROMs (fprom.S) that print a digest of
the whole state (x0-x30, NZCV, FPSR, FPCR, exception syndrome, V0-V31, scratch buffer) after
every instruction, on the simulator under test and on QEMU. One comparison = one instruction
executed and the full state after it compared. A sequence runs twice (two FPCR values); in it,
the instructions before the first differing digest pass, that one fails (it is charged to its
pattern), and the rest of the sequence is not compared. The first failure of each pattern is
rebuilt as a trace ROM (the full state after every instruction) to show the instruction, its
operands, both results and both FPSRs.
"""

import argparse
import collections
import concurrent.futures
import datetime
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import fpgen  # noqa: E402

QEMU = ("qemu-system-aarch64 -M virt,virtualization=on -cpu cortex-a57 -m 512 -nographic "
        "-monitor none -semihosting -kernel {elf}")
CROSS = "aarch64-linux-gnu-"
STATE_NAMES = (["x%d" % i for i in range(31)] + ["nzcv", "fpsr", "fpcr", "esr", "far", "exceptions",
                                                  "pad"]
               + ["v%d.%s" % (i, h) for i in range(32) for h in ("lo", "hi")]
               + ["mem[%#x]" % (fpgen.BUF + 8 * i) for i in range(32)])


MAX_RESTARTS = 10  # runs of the rest of a ROM after the simulator stopped early


class SetupError(Exception):
    pass


def default_sim():
    build = os.environ.get("ELSIM_BUILD", "build")
    return "%s/elsim run {elf} --max-insns 4000000000" % os.path.join(fpgen.ROOT, build)


def build_rom(blob, workdir, name, trace=False):
    d = os.path.join(workdir, name)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "seqs.bin"), "wb") as f:
        f.write(blob)
    elf = os.path.join(d, name + ".elf")
    cmd = [CROSS + "gcc", "-nostdlib", "-static", "-T", os.path.join(HERE, "rom.ld"),
           "-Wl,--build-id=none", "-o", elf, os.path.join(HERE, "fprom.S")]
    if trace:
        cmd.insert(1, "-DTRACE")
    r = subprocess.run(cmd, capture_output=True, text=True, cwd=d)  # .incbin looks in cwd first
    if r.returncode:
        raise SetupError("building %s failed:\n%s" % (name, r.stderr))
    return elf


_checked = []


def check_layout(elf):
    """fpgen.py hardcodes runtime addresses; make sure rom.ld/fprom.S still agree."""
    if _checked:
        return
    out = subprocess.run([CROSS + "nm", elf], capture_output=True, text=True).stdout
    syms = {l.split()[2]: int(l.split()[0], 16) for l in out.splitlines() if len(l.split()) == 3}
    want = {"_start": fpgen.RUNTIME, "buffer": fpgen.BUF, "seq_base": fpgen.SEQ_BASE}
    for k, v in want.items():
        if syms.get(k) != v:
            raise SetupError("layout mismatch: %s at %#x, fpgen.py expects %#x"
                             % (k, syms.get(k, 0), v))
    _checked.append(True)


def run_sim(template, elf, timeout):
    cmd = template.replace("{elf}", shlex.quote(elf))
    try:
        r = subprocess.run(cmd, shell=True, stdin=subprocess.DEVNULL, capture_output=True,
                           timeout=timeout)
        out, rc, err = r.stdout.decode("latin-1"), r.returncode, r.stderr.decode("latin-1")
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode("latin-1")
        rc, err = "timeout after %ds" % timeout, ""
    return out.replace("\r", ""), rc, err


def output_lines(out, pattern):
    """Lines matching `pattern` between BEGIN and END; whether END was reached; any problem."""
    lines = out.split("\n")
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("ELSIM-DIFF BEGIN"))
    except StopIteration:
        return [], False, "no ELSIM-DIFF BEGIN line"
    res = []
    for l in lines[start + 1:]:
        if l.startswith("ELSIM-DIFF END"):
            return res, True, None
        if "ELSIM-DIFF EXCEPTION" in l:
            return res, False, l.strip()
        if re.fullmatch(pattern, l):
            res.append(l)
        elif l:
            return res, False, "unexpected output: %r" % l[:100]
    return res, False, None


def disasm(words):
    """objdump text of each word."""
    if not words:
        return {}
    with tempfile.NamedTemporaryFile(suffix=".bin", delete=False) as f:
        for w in words:
            f.write(w.to_bytes(4, "little"))
        path = f.name
    try:
        out = subprocess.run([CROSS + "objdump", "-D", "-b", "binary", "-m", "aarch64", path],
                             capture_output=True, text=True).stdout
    finally:
        os.unlink(path)
    res = {}
    for l in out.splitlines():
        m = re.match(r"\s*([0-9a-f]+):\s+([0-9a-f]{8})\s+(.*)", l)
        if m:
            res[int(m.group(2), 16)] = re.sub(r"\s+", " ", m.group(3)).strip()
    return res


# ---------------------------------------------------------------------------------------------

class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.compared = collections.Counter()
        self.failed = collections.Counter()
        self.skipped = collections.Counter()
        self.first = {}       # pattern -> (sequence index, digest index) of its first failure
        self.crashes = []     # (sequence index, step, pattern, reason)


def compare_rom(seqs, od, sd, stats):
    """Charge the digests of one ROM. Returns the index in seqs of the sequence where the
    simulator's output stopped (None if it covered every sequence)."""
    pos = 0
    for si, s in enumerate(seqs):
        n = s.ndigests()
        bad = None
        for k in range(n):
            if pos + k >= len(sd) or sd[pos + k] != od[pos + k]:
                bad = k
                break
        with stats.lock:
            for k in range(n):
                st = s.steps[k % len(s.steps)]
                if bad is None or k < bad:
                    stats.compared[st.pattern] += 1
                elif k == bad:
                    stats.compared[st.pattern] += 1
                    stats.failed[st.pattern] += 1
                    stats.first.setdefault(st.pattern, (s.index, k))
                else:
                    stats.skipped[st.pattern] += 1
        if pos + n > len(sd):
            return si
        pos += n
    return None


def fmt_state_value(i, v):
    if STATE_NAMES[i] == "nzcv":
        return "".join(c if v >> (31 - j) & 1 else "-" for j, c in enumerate("NZCV"))
    return "%#018x" % v


def vreg(d, r):
    return d[38 + 2 * r + 1] << 64 | d[38 + 2 * r]


def fpsr_text(v):
    flags = [(27, "QC"), (7, "IDC"), (4, "IXC"), (3, "UFC"), (2, "OFC"), (1, "DZC"), (0, "IOC")]
    return "%#010x %s" % (v, " ".join(n for b, n in flags if v >> b & 1) or "-")


def fpcr_text(v):
    return "%#010x RMode=%s%s%s%s" % (v, "NPMZ"[v >> 22 & 3], " FZ" if v >> 24 & 1 else "",
                                      " DN" if v >> 25 & 1 else "", " AHP" if v >> 26 & 1 else "")


def parse_trace(out):
    lines, _, _ = output_lines(out, r"S( [0-9a-f]{16}){%d}" % fpgen.STATE_DWORDS)
    return [[int(x, 16) for x in l.split()[1:]] for l in lines]


def explain(args, pats, patterns, index, k, workdir):
    """Rebuild sequence `index` as a trace ROM, run both sides, describe step k. Returns text."""
    seq = fpgen.make_sequence(args.seed, index, patterns, pats, args.min_len, args.max_len)
    blob = fpgen.build_blob([seq], trace=True)
    elf = build_rom(blob, workdir, "trace-%d" % index, trace=True)
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        fo = ex.submit(run_sim, args.oracle, elf, args.timeout)
        fs = ex.submit(run_sim, args.sim, elf, args.timeout)
        (o_out, o_rc, _), (s_out, s_rc, s_err) = fo.result(), fs.result()
    o, s = parse_trace(o_out), parse_trace(s_out)
    n = len(seq.steps)
    j = k % n  # step j of pass k // n, whose dumps start at (k // n) * (n + 1)
    d = k // n * (n + 1) + j
    st = seq.steps[j]
    pat = pats.decoder(st.word)
    text = disasm([st.word]).get(st.word, "?")
    res = ["%s: %08x  %s   (sequence %d, instruction #%d, pass %d; reproduce: run-diff --fpsimd "
           "--seed %s --first %d --count 1%s)" % (st.pattern, st.word, text, index, j, k // n + 1,
                                                   args.seed, index,
                                         " --patterns " + ",".join(args.patterns)
                                         if args.patterns else
                                         " --files " + ",".join(args.files) if args.files else "")]
    if len(o) <= d + 1:
        res.append("  the oracle's trace is short (%d dumps, rc %s)" % (len(o), o_rc))
        return "\n".join(res)
    before, after = list(o[d]), o[d + 1]
    if st.setup:  # MOVZ/MOVK of a base or MSR source register run after dump k
        before[st.setup[0] & 31] = (st.setup[0] >> 5 & 0xFFFF) | (st.setup[1] >> 5 & 0xFFFF) << 16
    if j and seq.steps[j - 1].clear:  # MSR FPSR, XZR after the previous dump
        before[32] = 0
    pfields = pat.fields if pat else []
    fields = ["%s=%d" % (n, st.word >> pos & ((1 << w) - 1)) for n, pos, w, _ in pfields]
    res.append("  fields: " + (" ".join(fields) or "- (unallocated: no pattern matches)"))
    res.append("  before: FPCR %s  FPSR %s  NZCV %s" % (
        fpcr_text(before[33]), fpsr_text(before[32]), fmt_state_value(31, before[31])))
    regs = sorted({st.word >> pos & 31 for n, pos, w, _ in pfields
                   if w == 5 and fpgen.REG_FIELD.fullmatch(n)})
    for r in regs:
        res.append("  before: v%-2d = %#034x   x%-2d = %#018x" % (r, vreg(before, r), r,
                                                                  before[r] if r < 31 else 0))
    if len(s) <= d + 1:
        res.append("  SIMULATOR STOPPED (%d dumps, rc %s) %s" % (len(s), s_rc,
                                                                  s_err.strip()[-400:]))
        res.append("  oracle:    FPSR %s  exceptions %d esr %#x" % (fpsr_text(after[32]),
                                                                    after[36], after[34]))
        return "\n".join(res)
    sim = s[d + 1]
    if s[d] != o[d]:
        res.append("  (the state before it already differs: the difference comes from an earlier "
                   "instruction or the setup)")
    diffs = [i for i in range(fpgen.STATE_DWORDS) if sim[i] != after[i]]
    vd = sorted({(i - 38) // 2 for i in diffs if 38 <= i < 102})
    for i in diffs:
        if not 38 <= i < 102:
            res.append("  %-12s QEMU %s   elsim %s" % (STATE_NAMES[i], fmt_state_value(i, after[i]),
                                                       fmt_state_value(i, sim[i])))
    for r in vd:
        res.append("  v%-11d QEMU %#034x   elsim %#034x" % (r, vreg(after, r), vreg(sim, r)))
    res.append("  FPSR after:  QEMU %s   elsim %s" % (fpsr_text(after[32]), fpsr_text(sim[32])))
    if not diffs:
        res.append("  the trace ROM shows no difference at this instruction")
    return "\n".join(res)


# ---------------------------------------------------------------------------------------------

def write_report(path, args, pats, stats, examples, passed, failed, elapsed):
    lines = ["FP/SIMD differential test: elsim against QEMU (tests/diff/run-diff --fpsimd)",
             "%s, seed %s, %s; %d passed, %d failed comparisons, %.0f s"
             % (datetime.datetime.utcnow().strftime("%Y-%m-%d %H:%M UTC"), args.seed,
                args.sim, passed, failed, elapsed),
             "One comparison = one instruction executed and the whole state after it compared; "
             "after a mismatch the rest of its sequence is 'not compared'.", "",
             "Patterns per decode file:"]
    for f in fpgen.FILES:
        ps = pats.by_file[f]
        lines.append("  %-10s %3d" % (f, len(ps)))
    lines += ["", "%-22s %-10s %9s %9s %9s" % ("pattern", "file", "compared", "mismatch",
                                                 "not-cmp")]
    files = {p.name: p.file for f in fpgen.FILES for p in pats.by_file[f]}
    for n in stats.compared:  # near misses "unallocated:FILE", and MSR FPCR/FPSR
        files.setdefault(n, n.partition(":")[2] or "sysreg")
    for name in sorted(stats.compared, key=lambda n: (-stats.failed[n], files[n], n)):
        lines.append("%-22s %-10s %9d %9d %9d" % (name, files[name], stats.compared[name],
                                                  stats.failed[name], stats.skipped[name]))
    if examples:
        lines += ["", "Examples (first mismatch per pattern):", ""]
        for name in sorted(examples):
            lines += [examples[name], ""]
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def list_patterns(pats):
    for f in fpgen.FILES:
        ps = pats.by_file[f]
        print("%-10s %3d patterns" % (f, len(ps)))
        for n in (p.name for p in ps):
            print("    " + n)
    return 0


def main(argv):
    ap = argparse.ArgumentParser(prog="run-diff --fpsimd", description=__doc__.split("\n")[0])
    ap.add_argument("--count", type=int, default=100000, help="comparisons (default 100000)")
    ap.add_argument("--seed", default="1", help="generator seed (any string; default 1)")
    ap.add_argument("--first", type=int, default=0, help="index of the first sequence")
    ap.add_argument("--per-rom", type=int, default=20000, help="comparisons per ROM")
    ap.add_argument("--min-len", type=int, default=4, help="instructions per sequence, at least")
    ap.add_argument("--max-len", type=int, default=12, help="instructions per sequence, at most")
    ap.add_argument("--files", type=lambda s: s.split(","), default=None,
                    help="decode files to draw from (default all: %s)" % ",".join(fpgen.FILES))
    ap.add_argument("--patterns", type=lambda s: s.split(","), default=None,
                    help="only these pattern names")
    ap.add_argument("--list", action="store_true", help="list the usable patterns and exit")
    ap.add_argument("--sim", default=None,
                    help='simulator under test, "{elf}" is replaced (default: '
                         '$ELSIM_BUILD/elsim run {elf} --max-insns N, ELSIM_BUILD=build)')
    ap.add_argument("--oracle", default=QEMU, help="reference command (default: QEMU virt)")
    ap.add_argument("--jobs", type=int, default=2, help="ROMs at a time (default 2)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per ROM run")
    ap.add_argument("--keep", default=None, help="build in this directory and keep it")
    ap.add_argument("--report", default=None, help="write the per-pattern report to this file")
    ap.add_argument("--examples", type=int, default=40,
                    help="at most this many mismatches explained with a trace ROM")
    ap.add_argument("--build-only", action="store_true", help="only generate the ROMs")
    args = ap.parse_args(argv)
    pats = fpgen.PatternSet()
    if args.list:
        return list_patterns(pats)
    for f in args.files or []:
        if f not in fpgen.FILES:
            print("run-diff: unknown decode file %r (one of %s)" % (f, ",".join(fpgen.FILES)))
            return 2
    known = {p.name for f in fpgen.FILES for p in pats.by_file[f]}
    for n in args.patterns or []:
        if n not in known:
            print("run-diff: unknown pattern %r" % n)
            return 2
    patterns = pats.usable(args.files, args.patterns)
    if not patterns:
        print("run-diff: no usable (implemented) pattern among the selection")
        print("0 passed, 0 failed")
        return 0
    if args.sim is None:
        args.sim = default_sim()
        exe = args.sim.split()[0]
        if not args.build_only and not os.access(exe, os.X_OK):
            print("run-diff: %s not found (build elsim, set ELSIM_BUILD or pass --sim)" % exe)
            print("0 passed, 0 failed")
            return 2
    workdir = args.keep or tempfile.mkdtemp(prefix="elsim-fpdiff-")
    os.makedirs(workdir, exist_ok=True)
    print("run-diff: FP/SIMD mode, %d usable patterns, %d comparisons, seed %s"
          % (len(patterns), args.count, args.seed), flush=True)
    stats = Stats()
    t0 = time.monotonic()

    def make(i):
        return fpgen.make_sequence(args.seed, i, patterns, pats, args.min_len, args.max_len)

    def run_chunk(seqs, name, restarts=0):
        elf = build_rom(fpgen.build_blob(seqs), workdir, name)
        check_layout(elf)
        if args.build_only:
            return
        o = run_sim(args.oracle, elf, args.timeout)
        n = sum(s.ndigests() for s in seqs)
        od, oend, oprob = output_lines(o[0], r"[0-9a-f]{16}")
        if not oend or o[1] != 0 or len(od) != n:
            raise SetupError("oracle failed on %s (rc %s, %d/%d digests): %s\n%s"
                             % (elf, o[1], len(od), n, oprob, o[2][-2000:]))
        s = run_sim(args.sim, elf, args.timeout)
        if not args.keep:
            shutil.rmtree(os.path.dirname(elf), ignore_errors=True)
        sd, send, sprob = output_lines(s[0], r"[0-9a-f]{16}")
        stop = compare_rom(seqs, od, sd, stats)
        bad = sum(1 for i in range(min(len(sd), n)) if sd[i] != od[i])
        why = ""
        if stop is not None:
            st = seqs[stop]
            k = len(sd) - sum(x.ndigests() for x in seqs[:stop])
            name_k = st.steps[k % len(st.steps)].pattern
            why = " simulator stopped in sequence %d at instruction #%d (%s; rc %s%s%s)" % (
                st.index, k, name_k, s[1], ", " + sprob if sprob else "",
                ": " + s[2].strip()[-300:] if s[2].strip() else "")
            with stats.lock:
                stats.crashes.append((st.index, k, name_k, why))
        elif not send or s[1] != 0:
            why = " the run did not end cleanly (rc %s, %s)" % (s[1], sprob)
            with stats.lock:
                stats.crashes.append((seqs[-1].index, 0, "-", why))
        print("run-diff: %s: sequences %d..%d, %d comparisons: %s%s" % (
            name, seqs[0].index, seqs[-1].index, n, "ok" if not bad and not why
            else "%d digests differ" % bad, why), flush=True)
        if stop is not None and stop + 1 < len(seqs):
            if restarts < MAX_RESTARTS:
                run_chunk(seqs[stop + 1:], name + "+", restarts + 1)
                return
            with stats.lock:
                for s in seqs[stop + 1:]:
                    for st in s.steps:
                        stats.skipped[st.pattern] += 2
            print("run-diff: %s: the simulator stopped %d times: the rest of this ROM is not "
                  "compared" % (name, restarts + 1), flush=True)

    rc = 0
    try:
        with concurrent.futures.ThreadPoolExecutor(max(1, args.jobs)) as ex:
            futs, idx, total = [], args.first, 0
            while total < args.count:
                seqs, n = [], 0
                while n < args.per_rom and total + n < args.count:
                    s = make(idx)
                    idx += 1
                    if s.steps:
                        seqs.append(s)
                        n += s.ndigests()
                total += n
                futs.append(ex.submit(run_chunk, seqs, "rom-%d" % seqs[0].index))
                # bounded look-ahead: generating is the slow part, running overlaps it
                while sum(not f.done() for f in futs) > max(1, args.jobs):
                    concurrent.futures.wait(futs, return_when=concurrent.futures.FIRST_COMPLETED)
            for f in futs:
                f.result()
    except SetupError as e:
        print("run-diff: setup error: %s" % e)
        print("0 passed, 0 failed")
        return 2
    if args.build_only:
        print("run-diff: ROMs in %s" % workdir)
        return 0
    passed = sum(stats.compared.values()) - sum(stats.failed.values())
    failed = sum(stats.failed.values())
    examples = {}
    todo = sorted(stats.first, key=lambda n: -stats.failed[n])[:args.examples]
    for name in todo:
        index, k = stats.first[name]
        try:
            examples[name] = explain(args, pats, patterns, index, k, workdir)
        except SetupError as e:
            examples[name] = "%s: could not rebuild the trace: %s" % (name, e)
        print("\nMISMATCH " + examples[name], flush=True)
    for index, k, name, why in stats.crashes[:5]:
        print("run-diff: sequence %d:%s" % (index, why))
    if failed or stats.crashes:
        rc = 1
    elapsed = time.monotonic() - t0
    if args.report:
        write_report(args.report, args, pats, stats, examples, passed, failed, elapsed)
        print("run-diff: report in %s" % args.report)
    if failed:
        print("\nmismatches per pattern: " + ", ".join(
            "%s %d/%d" % (n, stats.failed[n], stats.compared[n])
            for n in sorted(stats.failed, key=lambda n: -stats.failed[n])))
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return rc

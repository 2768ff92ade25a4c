#!/usr/bin/python3
"""The oracle of the struct simd_case tables (tests/unit/simd_case.h) in test_simd_move.c,
test_simd_ldst.c and test_crypto.c: run each instruction once on Unicorn (Debian
python3-unicorn, i.e. QEMU) from the state simd_case.h sets up and print its table row.

    /usr/bin/python3 tests/unit/simd_oracle.py CASES.s        # one instruction per line
    /usr/bin/python3 tests/unit/simd_oracle.py tests/unit/test_simd_ldst.c   # rows again

Given a .c file it takes the instruction text of every row ("ld1 {v0.8b}, [x1]", 0x...) and
prints all rows again, so that a change of the initial state regenerates the tables."""
import subprocess, sys, tempfile, os
from unicorn import *
from unicorn.arm64_const import *

MASK = (1 << 64) - 1
def splitmix(i):
    z = (0x9e3779b97f4a7c15 * (i + 1)) & MASK
    z = ((z ^ (z >> 30)) * 0xbf58476d1ce4e5b9) & MASK
    z = ((z ^ (z >> 27)) * 0x94d049bb133111eb) & MASK
    return z ^ (z >> 31)

def v_init(i):
    if i < 16:
        return splitmix(2 * i) | splitmix(2 * i + 1) << 64
    return int.from_bytes(bytes((i * 13 + j * 5) % 80 for j in range(16)), 'little')

X_INIT = [0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0, 0]
SP_INIT = 0x40080c00
DATA, DATA_LEN, CODE = 0x40080000, 0x1000, 0x40000000
def mem_init():
    return bytes((o * 0x1d + 0x83) & 0xff for o in range(DATA_LEN))

def assemble(lines):
    with tempfile.TemporaryDirectory() as d:
        open(f"{d}/a.s", "w").write("\n".join(lines) + "\n")
        subprocess.run(["aarch64-linux-gnu-as", "-march=armv8-a+crypto", "-o", f"{d}/a.o", f"{d}/a.s"], check=True)
        subprocess.run(["aarch64-linux-gnu-objcopy", "-O", "binary", "-j", ".text", f"{d}/a.o", f"{d}/a.bin"], check=True)
        b = open(f"{d}/a.bin", "rb").read()
    return [int.from_bytes(b[i:i + 4], 'little') for i in range(0, len(b), 4)]

def run(word):
    mu = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    mu.mem_map(CODE, 0x100000)
    mu.mem_write(CODE, word.to_bytes(4, 'little'))
    mu.mem_write(DATA, mem_init())
    mu.reg_write(UC_ARM64_REG_CPACR_EL1, 3 << 20)
    for i in range(32):
        mu.reg_write(UC_ARM64_REG_Q0 + i, v_init(i))
    for i, x in enumerate(X_INIT):
        mu.reg_write(UC_ARM64_REG_X0 + i, x)
    mu.reg_write(UC_ARM64_REG_SP, SP_INIT)
    mu.emu_start(CODE, CODE + 4, count=1)
    v = [mu.reg_read(UC_ARM64_REG_Q0 + i) for i in range(32)]
    x = [mu.reg_read(UC_ARM64_REG_X0 + i) for i in range(8)]
    return v, x, mu.reg_read(UC_ARM64_REG_SP), bytes(mu.mem_read(DATA, DATA_LEN))

def row(text, word):
    v, x, sp, mem = run(word)
    changed = [(i, v[i]) for i in range(32) if v[i] != v_init(i)]
    assert len(changed) <= 4, text
    vs = ", ".join(f"{{{i}, 0x{val & MASK:x}, 0x{val >> 64:x}}}" for i, val in changed)
    init = mem_init()
    diff = [o for o in range(DATA_LEN) if mem[o] != init[o]]
    memtxt = "0, 0, {0}"
    if diff:
        lo, hi = diff[0], diff[-1] + 1
        assert hi - lo <= 64, text
        memtxt = f"0x{lo:x}, {hi - lo}, {{" + ", ".join(f"0x{b:02x}" for b in mem[lo:hi]) + "}"
    xs = ", ".join(f"0x{a:x}" for a in x)
    vs = vs or "{0}"
    return f'    {{"{text}", 0x{word:08x}, {len(changed)}, {{{vs}}}, {{{xs}}}, 0x{sp:x}, {memtxt}}},'

if __name__ == "__main__":
    if sys.argv[1].endswith(".c"):
        import re
        lines = re.findall(r'^    \{"([^"]+)", 0x[0-9a-f]{8}, ', open(sys.argv[1]).read(), re.M)
    else:
        lines = [l.strip() for l in open(sys.argv[1]) if l.strip() and not l.startswith("#")]
    words = assemble(lines)
    for text, w in zip(lines, words):
        print(row(text, w))

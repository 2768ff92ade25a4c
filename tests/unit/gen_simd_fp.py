#!/usr/bin/python3
"""Generate simd_fp_cases.h (into the build directory, by tests/unit/meson.build), the oracle table of tests/unit/test_simd_fp.c: each template
instruction is assembled (aarch64-linux-gnu-as), given operands drawn from special and random
values under various FPCR settings, and run on Unicorn; the expected Vd and FPSR are Unicorn's.
Fixed seed: rerunning reproduces the header byte for byte.

    /usr/bin/python3 tests/unit/gen_simd_fp.py > simd_fp_cases.h   (meson runs this when building the unit tests)
"""
import os
import random
import re
import struct
import subprocess
import sys
import tempfile

from unicorn import Uc, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn.arm64_const import UC_ARM64_REG_CPACR_EL1, UC_ARM64_REG_FPCR, UC_ARM64_REG_FPSR, UC_ARM64_REG_Q0

# --- the oracle ---
CODE=0x10000
def run(word, fpcr, v, regs=None):
    mu = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    mu.mem_map(CODE, 0x1000)
    mu.mem_write(CODE, struct.pack('<I', word))
    mu.reg_write(UC_ARM64_REG_CPACR_EL1, 3<<20)
    for r,(lo,hi) in v.items():
        mu.reg_write(UC_ARM64_REG_Q0+r, lo | hi<<64)
    mu.reg_write(UC_ARM64_REG_FPCR, fpcr)
    mu.reg_write(UC_ARM64_REG_FPSR, 0)
    mu.emu_start(CODE, CODE+4)
    out = {}
    for r in range(32):
        q = mu.reg_read(UC_ARM64_REG_Q0+r)
        out[r] = (q & (2**64-1), q >> 64)
    return out, mu.reg_read(UC_ARM64_REG_FPSR), mu.reg_read(UC_ARM64_REG_FPCR)

# --- the instruction templates ---
# (asm, kind of Vn, kind of Vm, count or 0 for the default)
T = []
def add(text, kn, km=None, count=0):
    T.append((text, kn, km or kn, count))

ARR = [('4s', 's'), ('2s', 's'), ('2d', 'd')]
# three same, vector
for op in ['fadd', 'fsub', 'fmul', 'fmulx', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd',
           'frecps', 'frsqrts', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt', 'fmla', 'fmls',
           'faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']:
    for a, k in ARR:
        add('%s v0.%s, v1.%s, v2.%s' % (op, a, a, a), k)
# aliasing: Vd = Vn, Vd = Vm
add('fadd v1.4s, v1.4s, v2.4s', 's', count=2)
add('faddp v2.4s, v1.4s, v2.4s', 's', count=2)
add('fmla v1.2d, v1.2d, v1.2d', 'd', count=2)
# three same, scalar
for op in ['fmulx', 'fcmeq', 'fcmge', 'fcmgt', 'facge', 'facgt', 'fabd', 'frecps', 'frsqrts']:
    add('%s s0, s1, s2' % op, 's')
    add('%s d0, d1, d2' % op, 'd')
# two-register misc, vector
for op in ['fabs', 'fneg', 'fsqrt', 'frintn', 'frintp', 'frintm', 'frintz', 'frinta', 'frintx',
           'frinti', 'frecpe', 'frsqrte']:
    for a, k in ARR:
        add('%s v0.%s, v1.%s' % (op, a, a), k)
for op in ['fcvtns', 'fcvtnu', 'fcvtms', 'fcvtmu', 'fcvtps', 'fcvtpu', 'fcvtzs', 'fcvtzu', 'fcvtas',
           'fcvtau']:
    for a, k in ARR:
        add('%s v0.%s, v1.%s' % (op, a, a), k)
for op in ['scvtf', 'ucvtf']:
    for a, k in [('4s', 'i32'), ('2s', 'i32'), ('2d', 'i64')]:
        add('%s v0.%s, v1.%s' % (op, a, a), k)
for op in ['urecpe', 'ursqrte']:
    for a in ['4s', '2s']:
        add('%s v0.%s, v1.%s' % (op, a, a), 'i32')
for op in ['fcmgt', 'fcmeq', 'fcmlt', 'fcmge', 'fcmle']:
    for a, k in ARR:
        add('%s v0.%s, v1.%s, #0.0' % (op, a, a), k)
# two-register misc, scalar
for op in ['fcvtns', 'fcvtnu', 'fcvtms', 'fcvtmu', 'fcvtps', 'fcvtpu', 'fcvtzs', 'fcvtzu', 'fcvtas',
           'fcvtau', 'frecpe', 'frsqrte', 'frecpx']:
    add('%s s0, s1' % op, 's')
    add('%s d0, d1' % op, 'd')
for op in ['scvtf', 'ucvtf']:
    add('%s s0, s1' % op, 'i32')
    add('%s d0, d1' % op, 'i64')
for op in ['fcmgt', 'fcmeq', 'fcmlt', 'fcmge', 'fcmle']:
    add('%s s0, s1, #0.0' % op, 's')
    add('%s d0, d1, #0.0' % op, 'd')
add('fcvtxn s0, d1', 'd', count=6)
# precision conversions
add('fcvtn v0.4h, v1.4s', 's', count=6)
add('fcvtn2 v0.8h, v1.4s', 's', count=6)
add('fcvtn v0.2s, v1.2d', 'd', count=6)
add('fcvtn2 v0.4s, v1.2d', 'd', count=6)
add('fcvtxn v0.2s, v1.2d', 'd', count=6)
add('fcvtxn2 v0.4s, v1.2d', 'd', count=6)
add('fcvtl v0.4s, v1.4h', 'h', count=6)
add('fcvtl2 v0.4s, v1.8h', 'h', count=6)
add('fcvtl v0.2d, v1.2s', 's', count=6)
add('fcvtl2 v0.2d, v1.4s', 's', count=6)
add('fcvtn v1.4h, v1.4s', 's', count=2)
add('fcvtl2 v1.2d, v1.4s', 's', count=2)
# across lanes, scalar pairwise
for op in ['fmaxv', 'fminv', 'fmaxnmv', 'fminnmv']:
    add('%s s0, v1.4s' % op, 's', count=8)
for op in ['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']:
    add('%s s0, v1.2s' % op, 's')
    add('%s d0, v1.2d' % op, 'd')
# shift by immediate: fixed point
for op, k32, k64 in [('scvtf', 'i32', 'i64'), ('ucvtf', 'i32', 'i64'), ('fcvtzs', 's', 'd'),
                     ('fcvtzu', 's', 'd')]:
    add('%s v0.4s, v1.4s, #1' % op, k32, count=3)
    add('%s v0.2s, v1.2s, #32' % op, k32, count=3)
    add('%s v0.4s, v1.4s, #17' % op, k32, count=3)
    add('%s v0.2d, v1.2d, #64' % op, k64, count=3)
    add('%s v0.2d, v1.2d, #5' % op, k64, count=3)
    add('%s s0, s1, #3' % op, k32, count=3)
    add('%s s0, s1, #32' % op, k32, count=2)
    add('%s d0, d1, #1' % op, k64, count=3)
    add('%s d0, d1, #40' % op, k64, count=2)
# by element
for op in ['fmla', 'fmls', 'fmul', 'fmulx']:
    add('%s v0.4s, v1.4s, v2.s[3]' % op, 's')
    add('%s v0.2s, v1.2s, v2.s[1]' % op, 's', count=3)
    add('%s v0.4s, v1.4s, v18.s[2]' % op, 's', count=2)
    add('%s v0.2d, v1.2d, v2.d[1]' % op, 'd')
    add('%s v0.2d, v1.2d, v31.d[0]' % op, 'd', count=2)
    add('%s s0, s1, v2.s[2]' % op, 's', count=3)
    add('%s s0, s1, v17.s[0]' % op, 's', count=2)
    add('%s d0, d1, v2.d[1]' % op, 'd', count=3)
# aliasing in the by-element, pairwise-scalar and narrowing forms
add('fmla v2.4s, v1.4s, v2.s[1]', 's', count=2)
add('fmul v1.2d, v1.2d, v1.d[1]', 'd', count=2)
add('fmls s2, s1, v2.s[3]', 's', count=2)
add('fmaxnmp d1, v1.2d', 'd', count=2)
add('fcvtxn2 v1.4s, v1.2d', 'd', count=2)
# NaN propagation order: lanes mostly quiet and signalling NaNs with distinct payloads
for op in ['fadd', 'fsub', 'fmul', 'fmulx', 'fdiv', 'fmax', 'fmin', 'fmaxnm', 'fminnm', 'fabd',
           'frecps', 'frsqrts', 'fmla', 'fmls', 'faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']:
    add('%s v0.4s, v1.4s, v2.4s' % op, 'sn', count=3)
    add('%s v0.2d, v1.2d, v2.2d' % op, 'dn', count=3)
for op in ['fmaxv', 'fminv', 'fmaxnmv', 'fminnmv']:
    add('%s s0, v1.4s' % op, 'sn', count=8)
for op in ['faddp', 'fmaxp', 'fminp', 'fmaxnmp', 'fminnmp']:
    add('%s s0, v1.2s' % op, 'sn', count=3)
    add('%s d0, v1.2d' % op, 'dn', count=3)
for op in ['fmla', 'fmls', 'fmul', 'fmulx']:
    add('%s v0.4s, v1.4s, v2.s[1]' % op, 'sn', count=3)
    add('%s d0, d1, v2.d[1]' % op, 'dn', count=3)

# --- operands and cases ---
FZ, DN, AHP = 1 << 24, 1 << 25, 1 << 26
RP, RM, RZ = 1 << 22, 2 << 22, 3 << 22
FPCRS = [0, FZ, DN, FZ | DN, RP, RM, RZ, 0, RZ | FZ, AHP]

S_SPECIAL = [0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
             0x7fa00001, 0xffc12345, 0xff900002, 0x00000001, 0x807fffff, 0x00800000, 0x80800000,
             0x7f7fffff, 0xff7fffff, 0x40490fdb, 0x3fc00000, 0x40200000, 0xc0200000, 0x4f000000,
             0xcf000000, 0x5f800000, 0x3effffff, 0x3f000000, 0xbf000000, 0x40400000, 0x4effffff,
             0x00400000, 0x80000001]
D_SPECIAL = [0, 1 << 63, 0x3ff0000000000000, 0xbff0000000000000, 0x7ff0000000000000,
             0xfff0000000000000, 0x7ff8000000000000, 0x7ff4000000000001, 0xfff8000000012345,
             0xfff0000000000abc, 1, 0x800fffffffffffff, 0x0010000000000000, 0x8010000000000000,
             0x7fefffffffffffff, 0xffefffffffffffff, 0x400921fb54442d18, 0x3ff8000000000000,
             0x4004000000000000, 0xc004000000000000, 0x43e0000000000000, 0xc3e0000000000000,
             0x43f0000000000000, 0x3fdfffffffffffff, 0x3fe0000000000000, 0x41e0000000000000,
             0xc1e0000000200000, 0x0008000000000000, 0x36a0000000000000, 0x47efffffe0000000,
             0x3810000000000000, 0x380fffffffffffff]
H_SPECIAL = [0, 0x8000, 0x3c00, 0xbc00, 0x7c00, 0xfc00, 0x7e00, 0x7d01, 0xfe12, 0x0001, 0x83ff,
             0x0400, 0x7bff, 0xfbff, 0x4248, 0x3555]

S_NAN = [0x7fc00001, 0x7fc00002, 0xffc00003, 0x7f800004, 0x7f800005, 0xff800006, 0x3f800000, 0x80000000]
D_NAN = [0x7ff8000000000001, 0x7ff8000000000002, 0xfff8000000000003, 0x7ff0000000000004,
         0x7ff0000000000005, 0xfff0000000000006, 0x3ff0000000000000, 1 << 63]

def rnd_float(rng, bits):
    if bits == 32:
        if rng.random() < 0.45:
            return rng.choice(S_SPECIAL)
        e = rng.choice([rng.randrange(256), 127 + rng.randrange(-20, 34), 127 + rng.randrange(-3, 4)])
        return rng.randrange(2) << 31 | (e & 0xff) << 23 | rng.randrange(1 << 23)
    if rng.random() < 0.45:
        return rng.choice(D_SPECIAL)
    e = rng.choice([rng.randrange(2048), 1023 + rng.randrange(-20, 66), 1023 + rng.randrange(-3, 4)])
    return rng.randrange(2) << 63 | (e & 0x7ff) << 52 | rng.randrange(1 << 52)

def rnd_int(rng, bits):
    sp = [0, 1, (1 << bits) - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1, (1 << 24) + 1, 3, 0x80000001,
          rng.randrange(1 << 26)]
    if rng.random() < 0.4:
        return rng.choice(sp) & ((1 << bits) - 1)
    return rng.randrange(1 << bits) >> rng.randrange(bits)

def rnd_half(rng):
    if rng.random() < 0.5:
        return rng.choice(H_SPECIAL)
    return rng.randrange(1 << 16)

def fill(rng, kind):
    """128 bits of lanes of a kind: s, d (floats), i32, i64 (integers), h (halves)."""
    if kind == 's':
        lanes = [rnd_float(rng, 32) for _ in range(4)]; w = 32
    elif kind == 'd':
        lanes = [rnd_float(rng, 64) for _ in range(2)]; w = 64
    elif kind == 'i32':
        lanes = [rnd_int(rng, 32) for _ in range(4)]; w = 32
    elif kind == 'i64':
        lanes = [rnd_int(rng, 64) for _ in range(2)]; w = 64
    elif kind == 'h':
        lanes = [rnd_half(rng) for _ in range(8)]; w = 16
    elif kind == 'sn':
        lanes = [rng.choice(S_NAN) if rng.random() < 0.7 else rnd_float(rng, 32) for _ in range(4)]; w = 32
    elif kind == 'dn':
        lanes = [rng.choice(D_NAN) if rng.random() < 0.7 else rnd_float(rng, 64) for _ in range(2)]; w = 64
    elif kind == 'r':
        return rng.randrange(1 << 128)
    v = 0
    for i, x in enumerate(lanes):
        v |= x << (w * i)
    return v

def assemble(lines):
    src = '\n'.join(lines) + '\n'
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, 't.s'), 'w').write(src)
        subprocess.run(['aarch64-linux-gnu-as', '-o', os.path.join(d, 't.o'), os.path.join(d, 't.s')], check=True)
        subprocess.run(['aarch64-linux-gnu-objcopy', '-O', 'binary', '-j', '.text', os.path.join(d, 't.o'),
                        os.path.join(d, 't.bin')], check=True)
        data = open(os.path.join(d, 't.bin'), 'rb').read()
    return list(struct.unpack('<%dI' % (len(data) // 4), data))

def regs_of(text):
    nums = [int(x) for x in re.findall(r'\b[vsdhq](\d+)\b', text)]
    d = nums[0]; n = nums[1] if len(nums) > 1 else d; m = nums[2] if len(nums) > 2 else n
    return d, n, m

MULT = 1
RANDOM_FPCR = False

def gen(templates, seed, per):
    rng = random.Random(seed)
    words = assemble([t[0] for t in templates])
    rows = []
    for (text, kn, km, count), word in zip(templates, words):
        d, n, m = regs_of(text)
        for i in range((count or per) * (MULT if count else 1)):
            fpcr = FPCRS[(i + rng.randrange(len(FPCRS))) % len(FPCRS)] if i else 0
            if RANDOM_FPCR:
                fpcr = rng.randrange(4) << 22 | rng.randrange(8) << 24
            if kn in ('h',) or 'fcvtn' in text:
                fpcr |= AHP if rng.random() < 0.3 else 0
            vd = fill(rng, 'r')
            vn = fill(rng, kn)
            vm = fill(rng, km)
            regs = {d: (vd & (2**64 - 1), vd >> 64), n: (vn & (2**64 - 1), vn >> 64),
                    m: (vm & (2**64 - 1), vm >> 64)}
            order = [(d, vd), (n, vn), (m, vm)]
            final = {}
            for r, val in order:
                final[r] = val
            out, fpsr, _ = run(word, fpcr, {r: (v & (2**64 - 1), v >> 64) for r, v in final.items()},
                               regs=sorted(final))
            rows.append((text, word, fpcr, (d, n, m), [vd, vn, vm], out[d], fpsr))
    return rows

def emit(rows, name):
    print('static const struct simd_fp_case %s[] = {' % name)
    for text, word, fpcr, regs, ins, out, fpsr in rows:
        v = ', '.join('{0x%x, 0x%x}' % (x & (2**64 - 1), x >> 64) for x in ins)
        print('    {"%s", 0x%08x, 0x%x, {%d, %d, %d}, {%s}, {0x%x, 0x%x}, 0x%x},' % (text, word, fpcr, *regs, v, out[0], out[1], fpsr))
    print('};')

if __name__ == '__main__':
    print('/* Generated by tests/unit/gen_simd_fp.py (Unicorn oracle). Do not edit. */')
    rows = gen(T, 8, 3)
    emit(rows, 'simd_fp_cases')
    print('/* %d cases */' % len(rows), file=sys.stderr)

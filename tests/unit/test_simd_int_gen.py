#!/usr/bin/python3
"""Generate test_simd_int_cases.h (into the build directory, by tests/unit/meson.build): expected results of Advanced SIMD integer
instructions from Unicorn (a QEMU-based oracle), for tests/unit/test_simd_int.c.

Every instruction reads V1 (Vn), V2 and V18 (Vm, V18 = V2 for by-element forms with M = 1) and
V0 (the destination, also read by accumulating and insert forms); each is run from FPSR = 0 on
every input set, and the case records V0 and FPSR after it. After the listed instructions come
random words of every pattern of core/decode/simd_int.decode (fixed seed; Rd = 0, Rn = 1,
Rm = 2), and the random words Unicorn finds UNDEFINED go to a list of their own. Needs
/usr/bin/python3 with unicorn and aarch64-linux-gnu-as.
Usage: tests/unit/test_simd_int_gen.py > test_simd_int_cases.h   (meson runs this when building the unit tests)
"""
import os
import random
import struct
import subprocess
import sys
import tempfile

from unicorn import Uc, UcError, UC_ARCH_ARM64, UC_MODE_ARM
from unicorn.arm64_const import UC_ARM64_REG_V0, UC_ARM64_REG_V1, UC_ARM64_REG_V2, \
    UC_ARM64_REG_V18, UC_ARM64_REG_FPSR

ARR_B = ['8b', '16b']
ARR_BHS = ['8b', '16b', '4h', '8h', '2s', '4s']
ARR_ALL = ARR_BHS + ['2d']
ARR_HS = ['4h', '8h', '2s', '4s']
SCAL = {'b': 8, 'h': 16, 's': 32, 'd': 64}


def esize_of(arr):
    return {'b': 8, 'h': 16, 's': 32, 'd': 64}[arr[-1]]


def half(arr):
    """The narrow arrangement of the other half-width, e.g. 8h -> 8b (lower) / 16b (upper)."""
    return {'8h': ('8b', '16b'), '4s': ('4h', '8h'), '2d': ('2s', '4s')}[arr]


def instructions():
    ins = []
    same3 = {
        'bhs': ['shadd', 'srhadd', 'shsub', 'uhadd', 'urhadd', 'uhsub', 'smax', 'smin', 'sabd',
                'saba', 'umax', 'umin', 'uabd', 'uaba', 'mla', 'mls', 'mul', 'smaxp', 'sminp',
                'umaxp', 'uminp'],
        'all': ['sqadd', 'uqadd', 'sqsub', 'uqsub', 'cmgt', 'cmge', 'cmhi', 'cmhs', 'sshl', 'ushl',
                'sqshl', 'uqshl', 'srshl', 'urshl', 'sqrshl', 'uqrshl', 'add', 'sub', 'cmtst',
                'cmeq', 'addp'],
        'hs': ['sqdmulh', 'sqrdmulh'],
        'b': ['pmul', 'and', 'bic', 'orr', 'orn', 'eor', 'bsl', 'bit', 'bif'],
    }
    arrs = {'bhs': ARR_BHS, 'all': ARR_ALL, 'hs': ARR_HS, 'b': ARR_B}
    for k, names in same3.items():
        for n in names:
            for a in arrs[k]:
                ins.append(f'{n} v0.{a}, v1.{a}, v2.{a}')
    for n in ['sqadd', 'uqadd', 'sqsub', 'uqsub', 'sqshl', 'uqshl', 'sqrshl', 'uqrshl']:
        for r in 'bhsd':
            ins.append(f'{n} {r}0, {r}1, {r}2')
    for n in ['cmgt', 'cmge', 'cmhi', 'cmhs', 'sshl', 'ushl', 'srshl', 'urshl', 'add', 'sub',
              'cmtst', 'cmeq']:
        ins.append(f'{n} d0, d1, d2')
    for n in ['sqdmulh', 'sqrdmulh']:
        for r in 'hs':
            ins.append(f'{n} {r}0, {r}1, {r}2')
    # three different
    for n in ['saddl', 'uaddl', 'ssubl', 'usubl', 'sabal', 'uabal', 'sabdl', 'uabdl', 'smlal',
              'umlal', 'smlsl', 'umlsl', 'smull', 'umull', 'sqdmlal', 'sqdmlsl', 'sqdmull']:
        for w in ['8h', '4s', '2d']:
            if n.startswith('sqd') and w == '8h':
                continue
            lo, hi = half(w)
            ins.append(f'{n} v0.{w}, v1.{lo}, v2.{lo}')
            ins.append(f'{n}2 v0.{w}, v1.{hi}, v2.{hi}')
    for n in ['saddw', 'uaddw', 'ssubw', 'usubw']:
        for w in ['8h', '4s', '2d']:
            lo, hi = half(w)
            ins.append(f'{n} v0.{w}, v1.{w}, v2.{lo}')
            ins.append(f'{n}2 v0.{w}, v1.{w}, v2.{hi}')
    for n in ['addhn', 'raddhn', 'subhn', 'rsubhn']:
        for w in ['8h', '4s', '2d']:
            lo, hi = half(w)
            ins.append(f'{n} v0.{lo}, v1.{w}, v2.{w}')
            ins.append(f'{n}2 v0.{hi}, v1.{w}, v2.{w}')
    ins += ['pmull v0.8h, v1.8b, v2.8b', 'pmull2 v0.8h, v1.16b, v2.16b',
            'pmull v0.1q, v1.1d, v2.1d', 'pmull2 v0.1q, v1.2d, v2.2d']
    for n in ['sqdmlal', 'sqdmlsl', 'sqdmull']:
        ins += [f'{n} s0, h1, h2', f'{n} d0, s1, s2']
    # two-register misc
    for a in ['8b', '16b', '4h', '8h', '2s', '4s']:
        ins.append(f'rev64 v0.{a}, v1.{a}')
    for a in ['8b', '16b', '4h', '8h']:
        ins.append(f'rev32 v0.{a}, v1.{a}')
    for a in ARR_B:
        ins += [f'rev16 v0.{a}, v1.{a}', f'cnt v0.{a}, v1.{a}', f'not v0.{a}, v1.{a}',
                f'rbit v0.{a}, v1.{a}']
    for n in ['saddlp', 'uaddlp', 'sadalp', 'uadalp']:
        for w, s in [('4h', '8b'), ('8h', '16b'), ('2s', '4h'), ('4s', '8h'), ('1d', '2s'), ('2d', '4s')]:
            ins.append(f'{n} v0.{w}, v1.{s}')
    for n in ['suqadd', 'usqadd', 'sqabs', 'sqneg', 'abs', 'neg']:
        for a in ARR_ALL:
            ins.append(f'{n} v0.{a}, v1.{a}')
    for n in ['cls', 'clz']:
        for a in ARR_BHS:
            ins.append(f'{n} v0.{a}, v1.{a}')
    for n in ['cmgt', 'cmeq', 'cmlt', 'cmge', 'cmle']:
        for a in ARR_ALL:
            ins.append(f'{n} v0.{a}, v1.{a}, #0')
        ins.append(f'{n} d0, d1, #0')
    for n in ['xtn', 'sqxtn', 'uqxtn', 'sqxtun']:
        for w in ['8h', '4s', '2d']:
            lo, hi = half(w)
            ins.append(f'{n} v0.{lo}, v1.{w}')
            ins.append(f'{n}2 v0.{hi}, v1.{w}')
    for w in ['8h', '4s', '2d']:
        lo, hi = half(w)
        ins.append(f'shll v0.{w}, v1.{lo}, #{esize_of(lo)}')
        ins.append(f'shll2 v0.{w}, v1.{hi}, #{esize_of(lo)}')
    for n in ['suqadd', 'usqadd', 'sqabs', 'sqneg']:
        for r in 'bhsd':
            ins.append(f'{n} {r}0, {r}1')
    ins += ['abs d0, d1', 'neg d0, d1']
    for n in ['sqxtn', 'uqxtn', 'sqxtun']:
        ins += [f'{n} b0, h1', f'{n} h0, s1', f'{n} s0, d1']
    # across lanes, scalar pairwise
    for a in ['8b', '16b', '4h', '8h', '4s']:
        r = {'b': 'b', 'h': 'h', 's': 's'}[a[-1]]
        wide = {'b': 'h', 'h': 's', 's': 'd'}[a[-1]]
        for n in ['addv', 'smaxv', 'sminv', 'umaxv', 'uminv']:
            ins.append(f'{n} {r}0, v1.{a}')
        for n in ['saddlv', 'uaddlv']:
            ins.append(f'{n} {wide}0, v1.{a}')
    ins.append('addp d0, v1.2d')
    # shift by immediate
    for a in ARR_ALL:
        e = esize_of(a)
        for n in ['sshr', 'ushr', 'ssra', 'usra', 'srshr', 'urshr', 'srsra', 'ursra', 'sri']:
            for s in sorted({1, e // 2 - 1, e}):
                ins.append(f'{n} v0.{a}, v1.{a}, #{s}')
        for n in ['shl', 'sqshl', 'uqshl', 'sqshlu', 'sli']:
            for s in sorted({0, 1, e // 2 + 1, e - 1}):
                ins.append(f'{n} v0.{a}, v1.{a}, #{s}')
    for w in ['8h', '4s', '2d']:
        lo, hi = half(w)
        e = esize_of(lo)
        for n in ['shrn', 'rshrn', 'sqshrn', 'sqrshrn', 'uqshrn', 'uqrshrn', 'sqshrun', 'sqrshrun']:
            for s in sorted({1, e // 2 + 1, e}):
                ins.append(f'{n} v0.{lo}, v1.{w}, #{s}')
                ins.append(f'{n}2 v0.{hi}, v1.{w}, #{s}')
        for n in ['sshll', 'ushll']:
            for s in sorted({0, 3, e - 1}):
                ins.append(f'{n} v0.{w}, v1.{lo}, #{s}')
                ins.append(f'{n}2 v0.{w}, v1.{hi}, #{s}')
    for n in ['sshr', 'ushr', 'ssra', 'usra', 'srshr', 'urshr', 'srsra', 'ursra', 'sri']:
        for s in [1, 31, 64]:
            ins.append(f'{n} d0, d1, #{s}')
    for n in ['shl', 'sli']:
        for s in [0, 33, 63]:
            ins.append(f'{n} d0, d1, #{s}')
    for r, e in SCAL.items():
        for n in ['sqshl', 'uqshl', 'sqshlu']:
            for s in sorted({0, 1, e // 2 + 1, e - 1}):
                ins.append(f'{n} {r}0, {r}1, #{s}')
    for r, w in [('b', 'h'), ('h', 's'), ('s', 'd')]:
        e = SCAL[r]
        for n in ['sqshrn', 'sqrshrn', 'uqshrn', 'uqrshrn', 'sqshrun', 'sqrshrun']:
            for s in sorted({1, e // 2 + 1, e}):
                ins.append(f'{n} {r}0, {w}1, #{s}')
    # modified immediate
    ins += ['movi v0.8b, #0xab', 'movi v0.16b, #0x5a', 'movi v0.4h, #0x12, lsl #8',
            'movi v0.8h, #0x81', 'movi v0.2s, #0x12, lsl #24', 'movi v0.4s, #0xc3, lsl #16',
            'movi v0.2s, #0x4d, lsl #8', 'movi v0.4s, #0x12, msl #8', 'movi v0.2s, #0x9a, msl #16',
            'movi d0, #0xff00ff0000ffff00', 'movi v0.2d, #0x00ff00ff00ff00ff',
            'mvni v0.4h, #0x12, lsl #8', 'mvni v0.8h, #0xfe', 'mvni v0.2s, #0x34, lsl #16',
            'mvni v0.4s, #0x56, msl #8', 'mvni v0.2s, #0x78, msl #16', 'mvni v0.4s, #0x9a, lsl #24',
            'orr v0.4h, #0x12, lsl #8', 'orr v0.8h, #0x34', 'orr v0.2s, #0x56, lsl #24',
            'orr v0.4s, #0x78, lsl #16', 'bic v0.4h, #0xff, lsl #8', 'bic v0.8h, #0x0f',
            'bic v0.2s, #0xf0, lsl #8', 'bic v0.4s, #0xff', 'fmov v0.2s, #1.5',
            'fmov v0.4s, #-0.125', 'fmov v0.2d, #31.0', 'fmov v0.2d, #-0.1875',
            'fmov v0.4s, #2.0e+1']
    # by element
    for a in ARR_HS:
        idx = 'h[6]' if a[-1] == 'h' else 's[3]'
        idx2 = 'h[1]' if a[-1] == 'h' else 's[2]'
        vm2 = 'v2' if a[-1] == 'h' else 'v18'
        for n in ['mla', 'mls', 'mul', 'sqdmulh', 'sqrdmulh']:
            ins.append(f'{n} v0.{a}, v1.{a}, v2.{idx}')
            ins.append(f'{n} v0.{a}, v1.{a}, {vm2}.{idx2}')
    for w in ['4s', '2d']:
        lo, hi = half(w)
        idx = 'h[5]' if lo[-1] == 'h' else 's[1]'
        for n in ['smlal', 'umlal', 'smlsl', 'umlsl', 'smull', 'umull', 'sqdmlal', 'sqdmlsl', 'sqdmull']:
            ins.append(f'{n} v0.{w}, v1.{lo}, v2.{idx}')
            vm = 'v2.h[3]' if lo[-1] == 'h' else 'v18.s[2]'
            ins.append(f'{n}2 v0.{w}, v1.{hi}, {vm}')
    for n in ['sqdmlal', 'sqdmlsl', 'sqdmull']:
        ins += [f'{n} s0, h1, v2.h[7]', f'{n} d0, s1, v18.s[3]', f'{n} d0, s1, v2.s[0]']
    for n in ['sqdmulh', 'sqrdmulh']:
        ins += [f'{n} h0, h1, v2.h[2]', f'{n} s0, s1, v2.s[1]', f'{n} s0, s1, v18.s[3]']
    return ins


def assemble(lines):
    with tempfile.TemporaryDirectory() as d:
        with open(f'{d}/t.s', 'w') as f:
            f.write('\n'.join(lines) + '\n')
        subprocess.run(['aarch64-linux-gnu-as', '-march=armv8-a+crypto', f'{d}/t.s', '-o', f'{d}/t.o'],
                       check=True)
        subprocess.run(['aarch64-linux-gnu-objcopy', '-O', 'binary', '-j', '.text', f'{d}/t.o', f'{d}/t.bin'],
                       check=True)
        data = open(f'{d}/t.bin', 'rb').read()
    return list(struct.unpack(f'<{len(lines)}I', data))


def q(lo, hi):
    return (hi << 64) | lo


def input_sets():
    rnd = random.Random(8)
    r64 = lambda: rnd.getrandbits(64)
    sets = [
        (q(r64(), r64()), q(r64(), r64()), q(r64(), r64())),
        (q(0x807f807f7f807f80, 0x7fffffffffffffff), q(0x8000000000000000, 0x8000800080008000),
         q(0x8000000000000000, 0x7fff7fff80000000)),
        (q(0xffffffffffffffff, 0x0001000100000001), q(0x7fff7fff80000000, 0x807f807f7f807f80),
         q(0x807f807f7f807f80, 0xffffffffffffffff)),
    ]
    # shift amounts in the low byte of lanes of every size (operand 2 of the shifts by register)
    shifts = [bytes([1, 0xff, 7, 0xf9, 8, 0xf8, 0x10, 0xf0, 0x40, 0xc0, 0x7f, 0x80, 0x41, 0xbf, 0, 9]),
              bytes([0xff, 1, 0xf9, 7, 0xf8, 8, 0xf0, 0x10, 0xc0, 0x40, 0x80, 0x7f, 0xbf, 0x41, 0x9, 0]),
              bytes([0x20, 0, 0, 0, 0xe0, 0, 0, 0, 0x21, 0, 0, 0, 0xdf, 0, 0, 0]),
              bytes([0x3f, 0, 0, 0, 0, 0, 0, 0, 0xc1, 0, 0, 0, 0, 0, 0, 0])]
    for s in shifts:
        sets.append((q(r64(), r64()), q(r64(), 0x8000000000000001), int.from_bytes(s, 'little')))
    return sets


def run(word, v0, v1, v2):
    mu = Uc(UC_ARCH_ARM64, UC_MODE_ARM)
    mu.mem_map(0x10000, 0x1000)
    mu.mem_write(0x10000, struct.pack('<I', word))
    for reg, val in ((UC_ARM64_REG_V0, v0), (UC_ARM64_REG_V1, v1), (UC_ARM64_REG_V2, v2),
                     (UC_ARM64_REG_V18, v2)):
        mu.reg_write(reg, val)
    mu.reg_write(UC_ARM64_REG_FPSR, 0)
    mu.emu_start(0x10000, 0x10004)
    return mu.reg_read(UC_ARM64_REG_V0), mu.reg_read(UC_ARM64_REG_FPSR)


RANDOM_PER_PATTERN = 4


def random_words():
    """Random words of each simd_int pattern, register fields set to V0, V1, V2."""
    here = os.path.dirname(os.path.abspath(__file__))
    src = open(os.path.join(here, '../../scripts/decodetree.py')).read().split('\ndef emit')[0]
    env = {}
    exec(src, env)
    patterns = []
    env['parse'](os.path.join(here, '../../core/decode/simd_int.decode'), patterns, {}, [0])
    rnd = random.Random(8)
    fixed = {'rd': 0, 'rn': 1, 'rm': 2}
    words = []
    for p in patterns:
        for _ in range(RANDOM_PER_PATTERN):
            w = (rnd.getrandbits(32) & ~p.mask) | p.match
            for name, pos, width, _ in p.fields:
                if name in fixed:
                    w = (w & ~(((1 << width) - 1) << pos)) | (fixed[name] << pos)
            words.append((p.name, w))
    return words


def main():
    lines = instructions()
    words = assemble(lines)
    undefined = []
    for name, w in random_words():
        try:
            run(w, 0, 0, 0)
        except UcError:
            undefined.append((name, w))
            continue
        lines.append(f'random {name}')
        words.append(w)
    sets = input_sets()
    out = [f'/* Generated by tests/unit/test_simd_int_gen.py (oracle: Unicorn {__import__("unicorn").__version__}). '
           'Do not edit. */',
           '/* input sets: V0 (destination), V1 (Vn), V2 = V18 (Vm); as {bits 63:0, bits 127:64} */',
           'static const uint64_t simd_int_inputs[][3][2] = {']
    for s in sets:
        out.append('    { ' + ', '.join(f'{{0x{v & (2**64 - 1):016x}, 0x{v >> 64:016x}}}' for v in s) + ' },')
    out += ['};', '', '/* instruction, V0 after it on each input set, FPSR.QC after it on each input set (bit i) */',
            'static const struct simd_int_case simd_int_cases[] = {']
    for text, w in zip(lines, words):
        res, qcs = [], 0
        for i, (v0, v1, v2) in enumerate(sets):
            r, fpsr = run(w, v0, v1, v2)
            res.append(r)
            if fpsr & (1 << 27):
                qcs |= 1 << i
            if fpsr & ~(1 << 27):
                sys.exit(f'{text}: unexpected FPSR {fpsr:#x}')
        vals = ', '.join(f'{{0x{r & (2**64 - 1):x}, 0x{r >> 64:x}}}' for r in res)
        out.append(f'    {{"{text}", 0x{w:08x}, 0x{qcs:x}, {{{vals}}}}},')
    out += ['};', '', '/* random words of the patterns that Unicorn finds UNDEFINED (reserved sizes) */',
            'static const uint32_t simd_int_undefined[] = {']
    out += [f'    0x{w:08x}, /* {name} */' for name, w in undefined]
    out += ['};', '']
    print('\n'.join(out))


if __name__ == '__main__':
    main()

"""Random FP/SIMD instruction sequences, generated from the decode pattern files, and the ROMs
that run them (fprom.S). See README.md, "FP/SIMD mode".

Instructions come from the patterns of core/decode/{fp_scalar,simd_fp,simd_int,simd_move}.decode:
the fixed bits of a pattern are kept, its other
bits are random, and register fields (rd rn rm ra rt rs, optionally prefixed v) come mostly from
a small per-sequence set so that results feed later instructions. A sequence is a pure function
of (seed, index, the list of usable patterns).

A sequence runs from a full initial state (x0-x30, NZCV, FPCR, FPSR = 0, V0-V31, the 256-byte
scratch buffer); the state after every instruction is digested (or, in trace mode, dumped).
Advanced SIMD structure loads/stores get their base register set to a 16-byte aligned address
inside the scratch buffer by a MOVZ/MOVK pair right before them. (With the MMU off data accesses
are Device memory, where an access not aligned to its element size takes an Alignment fault:
elsim does, QEMU 7.2 does not, for any load or store, so misaligned bases are not generated.)
"""

import importlib.util
import os
import random
import re
import struct

# The base-integer generator's ROM interface and A64 encoders; the two runtimes (rom.S, fprom.S)
# share their address map (rom.ld), scratch-buffer size and call conventions (rom-common.S).
from a64gen import (BUF_SIZE, J_SEQ_BEGIN, M32, M64, MRS_X30_TPIDR_EL0, MSR_TPIDR_EL0_X30, RUNTIME,
                    SEQ_BASE, b, bl, load_x0_x30, movz_movk_x)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FILES = ["fp_scalar", "simd_fp", "simd_int", "simd_move"]

# Entry points and buffer of fprom.S (checked by the runner with nm).
J_STEP = RUNTIME + 0x08
J_FINISH = RUNTIME + 0x0C
J_AGAIN = RUNTIME + 0x10
BUF = 0x400C0330  # fprom.S `buffer`
# Record (dwords): 0-30 x0-x30, 31 NZCV, 32 FPCR, 33 buffer seed, 34-97 V0-V31 (low, high),
# 98 FPCR of the second pass, 99 zero.
RECORD_DWORDS = 100
RECORD_SIZE = RECORD_DWORDS * 8
# State dumped / digested after every instruction (dwords): 0-30 x0-x30, 31 NZCV, 32 FPSR,
# 33 FPCR, 34 ESR, 35 FAR of the last exception taken, 36 exceptions taken, 37 zero,
# 38-101 V0-V31, 102-133 the scratch buffer.
STATE_DWORDS = 134

MSR_FPSR_XZR = 0xD51B443F


def _load_decodetree():
    spec = importlib.util.spec_from_file_location(
        "decodetree", os.path.join(ROOT, "scripts", "decodetree.py"))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


class PatternSet:
    """The FP/SIMD patterns of the decode files, by file, and every pattern (the decoder)."""

    def __init__(self, decode_dir=None):
        dt = _load_decodetree()
        decode_dir = decode_dir or os.path.join(ROOT, "core", "decode")
        allp, names, counter = [], {}, [0]
        for path in sorted(os.listdir(decode_dir)):
            if path.endswith(".decode"):
                dt.parse(os.path.join(decode_dir, path), allp, names, counter)
        self.by_file = {f: [] for f in FILES}
        for p in allp:
            f = os.path.basename(p.origin.split(":")[0])[:-len(".decode")]
            p.file = f
            if f in self.by_file:
                self.by_file[f].append(p)
        self.implemented = allp

    def usable(self, files=None, names=None):
        res = []
        for f in FILES:
            if files and f not in files:
                continue
            res += [p for p in self.by_file[f] if not names or p.name in names]
        return res

    def decoder(self, word):
        """The pattern that decodes word (None: unallocated)."""
        return next((p for p in self.implemented if word & p.mask == p.match), None)


REG_FIELD = re.compile(r"v?r(d|n|m|a|t|t2|s)")


def is_data_processing(p):
    """Data Processing -- Scalar Floating-Point and Advanced SIMD: bits 27:25 = 111."""
    need = 0x0E000000
    return p.mask & need == need and p.match & need == need


# Fraction of data-processing instructions with one fixed bit of their pattern flipped: a near
# miss that is another implemented instruction or unallocated (UNDEFINED on both sides).
NEAR_MISS = 0.08
# Fraction of sequences that start by writing random bits to FPCR, and to FPSR (MSR): which
# bits stick (trap enables, FZ16, QC, RES0 bits). Not FPCR.Len/Stride nor FPSR.NZCV: they exist
# only when AArch32 is implemented, which QEMU's Cortex-A57 has and elsim has not
# (ID_AA64PFR0_EL1.EL0/EL1 = 1), so the two legitimately differ there.
MSR_RANDOM = 0.05
# Fraction of instructions after which FPSR is cleared (the others test that flags accumulate).
CLEAR_FPSR = 0.75
# Fraction of sequences that set FPSR.IXC first and never clear it, mostly under round to
# nearest without flush to zero (both FPCR values): the state in which elsim computes scalar
# FADD, FSUB, FMUL, FNMUL, FDIV, FSQRT and FMADD... on the host's FPU (core/fp_host.h). Decided
# by a generator of its own, so that the other sequences of a seed stay what they were.
STICKY_IXC = 0.2
FPSR_IXC = 0x10


def is_ldst_struct(p):
    """Advanced SIMD load/store multiple or single structure (bits 29:24 = 00110x, bit 31 = 0)."""
    need = 0xBE000000
    return p.mask & need == need and p.match & need == 0x0C000000


# ---------------------------------------------------------------------------------------------
# Operand values

def _f16(sign, exp, frac):
    return sign << 15 | exp << 10 | frac


SPECIAL = {
    8: [0, 1, 2, 0x7F, 0x80, 0x81, 0xFE, 0xFF, 0x3F, 0x40, 0x0F, 0x10, 0x20, 0x1F],
    16: [0x0000, 0x8000, 0x7C00, 0xFC00,                    # +-0, +-inf
         0x7E00, 0x7E01, 0xFF3F, 0x7C01, 0x7D55, 0xFD00,    # qNaN, sNaN with payloads
         0x0001, 0x03FF, 0x8001, 0x83FF, 0x0200,            # denormals
         0x0400, 0x8400, 0x7BFF, 0xFBFF,                    # smallest / largest normals
         0x3C00, 0xBC00, 0x3800, 0xB800, 0x3E00, 0xBE00, 0x4100, 0xC100, 0x3C01, 0x4500,
         0x7FFF, 0xFFFF, 0x7800, 0x0080, 0xFF80, 0x007F],
    32: [0x00000000, 0x80000000, 0x7F800000, 0xFF800000,
         0x7FC00000, 0x7FC00001, 0xFFFFFFFF, 0x7F800001, 0x7FBFFFFF, 0xFF800123, 0x7FA00000,
         0x00000001, 0x007FFFFF, 0x80000001, 0x807FFFFF, 0x00400000,
         0x00800000, 0x80800000, 0x7F7FFFFF, 0xFF7FFFFF,
         0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0xBFC00000,
         0x40200000, 0xC0200000, 0x3F800001, 0x3EFFFFFF,
         0x3F801000, 0x3F803000, 0x477FE000, 0x477FF000, 0x387FC000, 0x33800000,  # f16 ties
         0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCF000001, 0x4F800000, 0x4F7FFFFF,  # int limits
         0x5F000000, 0xDF000000, 0x5F800000, 0x5EFFFFFF, 0x46FFFE00, 0x47000000,
         0x7FFFFFFF, 0x80000001, 0x00007FFF, 0x00008000, 0xFFFF8000, 0x0000FFFF],
    64: [0, 1 << 63, 0x7FF0000000000000, 0xFFF0000000000000,
         0x7FF8000000000000, 0x7FF8000000000001, 0xFFF8DEADBEEF0000, 0x7FF0000000000001,
         0x7FF7FFFFFFFFFFFF, 0xFFF4000000000000,
         0x0000000000000001, 0x000FFFFFFFFFFFFF, 0x8000000000000001, 0x0008000000000000,
         0x0010000000000000, 0x8010000000000000, 0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF,
         0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000, 0xBFE0000000000000,
         0x3FF8000000000000, 0xBFF8000000000000, 0x4004000000000000, 0xC004000000000000,
         0x3FF0000000000001, 0x3FDFFFFFFFFFFFFF,
         0x3FF0000010000000, 0x3FF0000030000000, 0x3FF0000010000001,  # f32 ties
         0x47EFFFFFE0000000, 0x47EFFFFFF0000000, 0x36A0000000000000, 0x3810000000000000,
         0x380FFFFFF0000000, 0x3690000000000000,
         0x41E0000000000000, 0xC1E0000000000000, 0x41DFFFFFFFC00000, 0xC1E0000000200000,
         0x41F0000000000000, 0x41EFFFFFFFE00000, 0x43E0000000000000, 0xC3E0000000000000,
         0x43F0000000000000, 0x43EFFFFFFFFFFFFF, 0xC3E0000000000001,
         0x7FFFFFFFFFFFFFFF, 0x8000000000000001, 0xFFFFFFFFFFFFFFFF, 0x000000007FFFFFFF,
         0x0000000080000000, 0xFFFFFFFF80000000, 0x00000000FFFFFFFF],
}
# (exponent bits, mantissa bits) per lane size, for "ordinary" values near 1.0
FMT = {16: (5, 10), 32: (8, 23), 64: (11, 52)}


def lane_value(rng, esize):
    r = rng.random()
    if r < 0.45:
        return rng.choice(SPECIAL[esize])
    if r < 0.52 and esize in FMT:  # extreme exponents: results that overflow or are tiny
        e, m = FMT[esize]
        exp = rng.choice([0, 1, 2, 3, (1 << e) - 2, (1 << e) - 3, (1 << e) - 4])
        return rng.getrandbits(1) << (esize - 1) | exp << m | rng.getrandbits(m)
    if r < 0.72 and esize in FMT:
        e, m = FMT[esize]
        bias = (1 << (e - 1)) - 1
        exp = bias + rng.randint(-12, 12)
        return rng.getrandbits(1) << (esize - 1) | exp << m | rng.getrandbits(m)
    if r < 0.85:
        v = rng.randint(-20, 40)
        return v & ((1 << esize) - 1)
    return rng.getrandbits(esize)


def vreg_value(rng):
    """A 128-bit V register: lanes of one size, each a special or random value. Scalar
    instructions read only the low bits: in a third of the registers they hold a value of
    another size (16 or 32 bits in a register of wider lanes), so that every size meets them."""
    esize = rng.choice([8, 16, 32, 32, 64, 64])
    v = 0
    for i in range(128 // esize):
        v |= lane_value(rng, esize) << (i * esize)
    if esize > 16 and rng.random() < 0.33:
        low = rng.choice([16, 32]) if esize == 64 else 16
        v = v & ~((1 << low) - 1) | lane_value(rng, low)
    return v


GPR_EDGE = [0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 0x7FFFFFFF, 0x80000000,
            0xFFFFFFFF, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, M64, M64 - 1,
            0xFFFFFFFF80000000, 0x100000000, 16, 32, 48, 64]


def gpr_value(rng):
    r = rng.random()
    if r < 0.3:
        return rng.choice(GPR_EDGE)
    if r < 0.5:
        return rng.choice(SPECIAL[64])
    if r < 0.65:
        return rng.choice(SPECIAL[32]) | (rng.getrandbits(32) << 32 if rng.random() < 0.3 else 0)
    if r < 0.8:
        return rng.randint(-64, 64) & M64
    return rng.getrandbits(64)


# ---------------------------------------------------------------------------------------------
# Sequences

class Step:
    """One instruction under test, the instructions setting up its base register (setup), and
    whether FPSR is cleared after its state was digested (clear): the cumulative flags would
    otherwise hide the flags of the instructions that follow."""
    __slots__ = ("setup", "word", "pattern", "clear")

    def __init__(self, word, pattern, setup=(), clear=False):
        self.word, self.pattern, self.setup, self.clear = word, pattern, list(setup), clear


class Sequence:
    """Runs twice from the same initial state, first with FPCR fpcr[0], then with fpcr[1]: the
    second pass executes code the simulator has already decoded (and maybe cached), under
    another FPCR. Digest k (0 <= k < 2 * len(steps)) follows steps[k % len(steps)]."""

    def __init__(self, index, regs, nzcv, fpcr, memseed, vregs, steps):
        self.index, self.regs, self.nzcv, self.fpcr = index, regs, nzcv, fpcr
        self.memseed, self.vregs, self.steps = memseed, vregs, steps

    def ndigests(self):
        return 2 * len(self.steps)

    def record(self):
        vals = self.regs + [self.nzcv, self.fpcr[0], self.memseed]
        for v in self.vregs:
            vals += [v & M64, v >> 64]
        vals += [self.fpcr[1], 0]
        return struct.pack("<%dQ" % RECORD_DWORDS, *vals)


def fpcr_value(rng):
    """RMode (23:22), FZ (24), DN (25), AHP (26): every combination equally likely."""
    return rng.getrandbits(5) << 22


def gen_word(rng, p, vset, gset):
    w = p.match | (rng.getrandbits(32) & ~p.mask & M32)
    for name, pos, width, _ in p.fields:
        if width == 5 and REG_FIELD.fullmatch(name):
            r = rng.choice(vset + gset) if rng.random() < 0.85 else rng.randrange(32)
            w = w & ~(31 << pos) | r << pos
    return w


def make_sequence(seed, index, patterns, pats, min_len=4, max_len=12):
    rng = random.Random("fp/%s/%d" % (seed, index))
    regs = [gpr_value(rng) for _ in range(31)]
    vregs = [vreg_value(rng) for _ in range(32)]
    nzcv = rng.getrandbits(4) << 28
    fpcr = (fpcr_value(rng), fpcr_value(rng))
    memseed = rng.getrandbits(64) | 1
    vset = rng.sample(range(32), 5)
    gset = rng.sample(range(31), 3)
    steps = []
    for name, msr, keep in (("MSR_FPCR", 0xD51B4400, 0xFFC8FFFF),
                            ("MSR_FPSR", 0xD51B4420, 0x0FFFFFFF)):
        if rng.random() < MSR_RANDOM:
            r = rng.choice(gset)
            value = rng.getrandbits(32) & keep
            steps.append(Step(msr | r, name, movz_movk_x(r, value), True))
    for _ in range(rng.randint(min_len, max_len)):
        p = rng.choice(patterns)
        w = gen_word(rng, p, vset, gset)
        name = p.name
        if is_data_processing(p) and rng.random() < NEAR_MISS:
            bit = rng.choice([b for b in range(32) if p.mask >> b & 1 and not 25 <= b <= 27])
            w ^= 1 << bit
            q = pats.decoder(w)
            name = q.name if q else "unallocated:" + p.file
        setup = ()
        if is_ldst_struct(p):
            base = rng.choice(gset)
            addr = BUF + 16 * rng.randrange((BUF_SIZE - 64) // 16 + 1)
            w = w & ~(31 << 5) | base << 5
            setup = movz_movk_x(base, addr)
        steps.append(Step(w, name, setup, rng.random() < CLEAR_FPSR))
    sticky = random.Random("fp-ixc/%s/%d" % (seed, index))
    if sticky.random() < STICKY_IXC:
        fpcr = tuple(v & ~(7 << 22) if sticky.random() < 0.75 else v for v in fpcr)
        r = sticky.choice(gset)
        for st in steps:
            st.clear = False
        steps.insert(0, Step(0xD51B4420 | r, "MSR_FPSR", movz_movk_x(r, FPSR_IXC), False))
    return Sequence(index, regs, nzcv, fpcr, memseed, vregs, steps)


# ---------------------------------------------------------------------------------------------
# Layout

def prologue(pc, rec, routine=J_SEQ_BEGIN):
    """x0 = record; the routine loads everything but x0-x30; then x0-x30 from the record."""
    words = movz_movk_x(0, rec)
    words.append(bl(pc + 8, routine))
    words.append(0xAA0003FE)  # mov x30, x0
    return words + load_x0_x30()


PROLOGUE_WORDS = 20
# After the body: the prologue calling seq_again and a branch back to the body. seq_again
# returns past them (RELOAD_WORDS) after the second pass.
EPILOGUE_WORDS = PROLOGUE_WORDS + 1


def step_call(pc):
    """Digest (or dump) the state: x30 goes through TPIDR_EL0 around the call."""
    return [MSR_TPIDR_EL0_X30, bl(pc + 4, J_STEP), MRS_X30_TPIDR_EL0]


def build_blob(seqs, trace=False):
    """Machine code + records for the sequences, placed at SEQ_BASE. In trace mode the initial
    state is dumped too (one more step line per sequence and pass)."""
    sizes = [PROLOGUE_WORDS + EPILOGUE_WORDS + (3 if trace else 0)
             + sum(len(st.setup) + 4 + st.clear for st in s.steps) for s in seqs]
    rec_base = (SEQ_BASE + 4 * (sum(sizes) + 1) + 15) & ~15
    code = []
    pc = SEQ_BASE
    for k, s in enumerate(seqs):
        rec = rec_base + k * RECORD_SIZE
        code += prologue(pc, rec)
        pc = body = SEQ_BASE + 4 * len(code)
        if trace:
            code += step_call(pc)
            pc += 12
        for st in s.steps:
            code += st.setup
            pc += 4 * len(st.setup)
            code.append(st.word)
            code += step_call(pc + 4)
            pc += 16
            if st.clear:
                code.append(MSR_FPSR_XZR)
                pc += 4
        code += prologue(pc, rec, J_AGAIN)
        pc = SEQ_BASE + 4 * len(code)
        code.append(b(pc, body))
        pc += 4
    code.append(b(pc, J_FINISH))
    assert SEQ_BASE + 4 * len(code) <= rec_base
    blob = struct.pack("<%dI" % len(code), *code)
    blob += b"\0" * (rec_base - SEQ_BASE - len(blob))
    blob += b"".join(s.record() for s in seqs)
    return blob

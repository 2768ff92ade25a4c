"""Random A64 base-integer instruction sequences and the test ROMs that run them.

Every sequence is a pure function of (seed, index): rng = Random("seed/index"), so any single
sequence can be regenerated on its own (the runner does that to build a trace ROM).

A sequence is a list of groups; a group is one or more instructions that must run together (a
load/store and the instructions that set up its base and index registers, ADR + BR). Forward
branches only ever land on the start of a group or on the end of the sequence.

Register conventions inside a sequence:
  x28  base of the scratch buffer (BUF_MID); read freely, never written.
  sp   random value; written only by ADD/SUB (immediate, extended) and logical immediate forms
       and never used to address memory (with the MMU off an SP alignment check could fire).
Every memory access is naturally aligned (with the MMU off, data accesses are Device memory, on
which unaligned accesses fault) and lies inside the 256-byte scratch buffer.
"""

import random
import struct

M64 = (1 << 64) - 1
M32 = (1 << 32) - 1

# Addresses fixed by rom.ld / rom.S (checked by the runner with nm).
RUNTIME = 0x40080000
J_SEQ_BEGIN = RUNTIME + 0x04
J_SEQ_END = RUNTIME + 0x08
J_TRACE = RUNTIME + 0x0C
J_FINISH = RUNTIME + 0x10
BUF = 0x400C0110
BUF_SIZE = 256
BUF_MID = BUF + 128
SEQ_BASE = 0x40100000
RECORD_SIZE = 34 * 8  # x0..x30, sp, nzcv, buffer seed
BASE = 28  # the scratch-buffer base register

EDGE = [
    0, 1, 2, 3, 0x7F, 0x80, 0xFF, 0x7FFF, 0x8000, 0xFFFF, 31, 32, 63, 64,
    0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFF, 0x100000000, 0xFFFFFFFE,
    0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0x8000000000000001, M64, M64 - 1,
    0xFFFFFFFF80000000, 0xFFFFFFFF7FFFFFFF, 0x00000000FFFF0000, 0xFFFFFFFF00000000,
    0x5555555555555555, 0xAAAAAAAAAAAAAAAA, 0x0123456789ABCDEF, 0x8000000080000000,
]


def rand_value(rng):
    r = rng.random()
    if r < 0.35:
        return rng.choice(EDGE)
    if r < 0.45:
        return rng.randrange(256)
    if r < 0.50:
        return (-rng.randrange(1, 256)) & M64
    if r < 0.62:
        return rng.getrandbits(32)
    if r < 0.67:
        return rng.getrandbits(32) | 0xFFFFFFFF00000000
    return rng.getrandbits(64)


# ---------------------------------------------------------------------------------------------
# Instructions. `word` is the encoding; PC-relative ones carry enc(offset) and a target group.

class Insn:
    __slots__ = ("word", "enc", "target", "mutable")

    def __init__(self, word=None, enc=None, target=None, mutable=False):
        self.word = word
        self.enc = enc          # function(byte offset to target) -> word
        self.target = target    # ("group", n) relative group skip, resolved in layout
        self.mutable = mutable  # bit 10 is a plain operand bit (used by --inject-fault)


def W(word, mutable=False):
    return Insn(word=word & M32, mutable=mutable)


def imm(v, bits):
    return v & ((1 << bits) - 1)


class Gen:
    def __init__(self, rng):
        self.rng = rng
        self.last = 0  # last destination, to chain data dependences

    # -- registers --
    def dst(self, p31=0.05):
        """Destination register: never x28; 31 (ZR or SP as the form says) with p31."""
        rng = self.rng
        if rng.random() < p31:
            return 31
        r = rng.randrange(30)
        r = 30 if r == BASE else r
        self.last = r
        return r

    def src(self):
        rng = self.rng
        x = rng.random()
        if x < 0.07:
            return 31
        if x < 0.30:
            return self.last
        return rng.randrange(31)

    def tmp(self, avoid=()):
        """A scratch register (not 28, not 31, not in avoid)."""
        while True:
            r = self.rng.randrange(31)
            if r != BASE and r not in avoid:
                return r

    # -- value helpers --
    def imm12(self):
        rng = self.rng
        x = rng.random()
        if x < 0.2:
            return rng.choice([0, 1, 0xFFF, 0x800])
        if x < 0.5:
            return rng.randrange(16)
        return rng.randrange(4096)

    def shift_amount(self, width):
        rng = self.rng
        x = rng.random()
        if x < 0.25:
            return rng.choice([0, 1, width - 1, width // 2])
        return rng.randrange(width)

    def bitmask(self, sf):
        rng = self.rng
        e = rng.choice([2, 4, 8, 16, 32, 64] if sf else [2, 4, 8, 16, 32])
        s = rng.randrange(e - 1)
        r = rng.randrange(e)
        if e == 64:
            n, imms = 1, s
        else:
            n, imms = 0, ((~(2 * e - 1)) & 0x3F) | s
            if rng.random() < 0.15:  # immr bits above log2(e) are ignored (DecodeBitMasks)
                r |= rng.getrandbits(6) & ~(e - 1) & 0x3F
        return n, r, imms

    # -- instruction classes; each returns a list of groups (lists of Insn) --
    def addsub_imm(self):
        rng = self.rng
        sf, op, s = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        rd = self.dst(0.08)
        rn = self.src()
        sh = int(rng.random() < 0.25)
        w = (sf << 31 | op << 30 | s << 29 | 0b100010 << 23 | sh << 22 | self.imm12() << 10
             | rn << 5 | rd)
        return [[W(w, mutable=True)]]

    def addsub_shift(self):
        rng = self.rng
        sf, op, s = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        width = 64 if sf else 32
        sh = rng.randrange(3)
        w = (sf << 31 | op << 30 | s << 29 | 0b01011 << 24 | sh << 22 | self.src() << 16
             | self.shift_amount(width) << 10 | self.src() << 5 | self.dst())
        return [[W(w, mutable=True)]]

    def addsub_ext(self):
        rng = self.rng
        sf, op, s = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        w = (sf << 31 | op << 30 | s << 29 | 0b01011001 << 21 | self.src() << 16
             | rng.randrange(8) << 13 | rng.randrange(5) << 10 | self.src() << 5 | self.dst(0.08))
        return [[W(w)]]

    def addsub_carry(self):
        rng = self.rng
        sf, op, s = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        w = (sf << 31 | op << 30 | s << 29 | 0b11010000 << 21 | self.src() << 16
             | self.src() << 5 | self.dst())
        return [[W(w)]]

    def logic_imm(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        opc = rng.randrange(4)
        n, immr, imms = self.bitmask(sf)
        w = (sf << 31 | opc << 29 | 0b100100 << 23 | n << 22 | immr << 16 | imms << 10
             | self.src() << 5 | self.dst(0.08))
        return [[W(w)]]

    def logic_shift(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        width = 64 if sf else 32
        w = (sf << 31 | rng.randrange(4) << 29 | 0b01010 << 24 | rng.randrange(4) << 22
             | rng.getrandbits(1) << 21 | self.src() << 16 | self.shift_amount(width) << 10
             | self.src() << 5 | self.dst())
        return [[W(w, mutable=True)]]

    def movewide(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        opc = rng.choice([0, 2, 3])
        hw = rng.randrange(4 if sf else 2)
        v = rng.choice([0, 0xFFFF, 0x8000, 0x7FFF, 1, rng.getrandbits(16), rng.getrandbits(16)])
        w = sf << 31 | opc << 29 | 0b100101 << 23 | hw << 21 | v << 5 | self.dst()
        return [[W(w, mutable=True)]]

    def adr(self):
        rng = self.rng
        op = rng.getrandbits(1)
        v = rng.getrandbits(21) if rng.random() < 0.5 else imm(rng.randrange(-64, 64), 21)
        w = op << 31 | (v & 3) << 29 | 0b10000 << 24 | (v >> 2) << 5 | self.dst()
        return [[W(w)]]

    def bitfield(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        width = 64 if sf else 32
        opc = rng.randrange(3)
        x = rng.random()
        immr = self.shift_amount(width)
        if x < 0.2:  # LSR / ASR
            imms = width - 1
        elif x < 0.35:  # LSL
            immr, imms = (-immr) % width, width - 1 - immr
        elif x < 0.5:  # SXT*/UXT*
            immr, imms = 0, rng.choice([7, 15, 31])
        else:
            imms = self.shift_amount(width)
        w = (sf << 31 | opc << 29 | 0b100110 << 23 | sf << 22 | immr << 16 | imms << 10
             | self.src() << 5 | self.dst())
        return [[W(w)]]

    def extr(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        rn = self.src()
        rm = rn if rng.random() < 0.3 else self.src()
        w = (sf << 31 | 0b00100111 << 23 | sf << 22 | rm << 16
             | self.shift_amount(64 if sf else 32) << 10 | rn << 5 | self.dst())
        return [[W(w)]]

    def ccmp(self):
        rng = self.rng
        sf, op, isimm = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        m = rng.randrange(32) if isimm else self.src()
        w = (sf << 31 | op << 30 | 1 << 29 | 0b11010010 << 21 | m << 16 | rng.randrange(16) << 12
             | isimm << 11 | self.src() << 5 | rng.randrange(16))
        return [[W(w)]]

    def csel(self):
        rng = self.rng
        sf, op, o2 = rng.getrandbits(1), rng.getrandbits(1), rng.getrandbits(1)
        rn = self.src()
        rm = rn if rng.random() < 0.25 else self.src()
        w = (sf << 31 | op << 30 | 0b11010100 << 21 | rm << 16 | rng.randrange(16) << 12
             | o2 << 10 | rn << 5 | self.dst())
        return [[W(w)]]

    def dp1(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        opc = rng.choice([0, 1, 2, 3, 4, 5] if sf else [0, 1, 2, 4, 5])
        w = sf << 31 | 1 << 30 | 0b11010110 << 21 | opc << 10 | self.src() << 5 | self.dst()
        return [[W(w)]]

    def div(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        signed = rng.getrandbits(1)
        rn, rm = self.src(), self.src()
        pre = []
        if rng.random() < 0.25:  # INT_MIN / -1 (or / 0 via XZR, chosen by src())
            rn = self.tmp()
            rm = self.tmp((rn,))
            pre.append(W(sf << 31 | 0b10100101 << 23 | (3 if sf else 1) << 21 | 0x8000 << 5 | rn))
            pre.append(W(sf << 31 | 0b00100101 << 23 | rm))  # MOVN rm, #0
        w = (sf << 31 | 0b0011010110 << 21 | rm << 16 | (2 + signed) << 10 | rn << 5
             | self.dst())
        return [pre + [W(w)]]

    def shiftv(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        w = (sf << 31 | 0b0011010110 << 21 | self.src() << 16 | (8 + rng.randrange(4)) << 10
             | self.src() << 5 | self.dst())
        return [[W(w)]]

    def crc(self):
        rng = self.rng
        c, sz = rng.getrandbits(1), rng.randrange(4)
        sf = int(sz == 3)
        w = (sf << 31 | 0b0011010110 << 21 | self.src() << 16 | (0x10 | c << 2 | sz) << 10
             | self.src() << 5 | self.dst())
        return [[W(w)]]

    def dp3(self):
        rng = self.rng
        sf = rng.getrandbits(1)
        op31, o0 = rng.choice([(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (5, 0), (5, 1), (6, 0)]
                              if sf else [(0, 0), (0, 1)])
        ra = 31 if op31 in (2, 6) else self.src()
        w = (sf << 31 | 0b0011011 << 24 | op31 << 21 | self.src() << 16 | o0 << 15 | ra << 10
             | self.src() << 5 | self.dst())
        return [[W(w)]]

    def nzcv_move(self):
        rng = self.rng
        if rng.getrandbits(1):
            return [[W(0xD53B4200 | self.dst())]]  # MRS Xt, NZCV
        return [[W(0xD51B4200 | self.src())]]  # MSR NZCV, Xt

    def branch(self):
        """A forward branch skipping 0..3 following groups (taken or not)."""
        rng = self.rng
        skip = rng.randrange(4)
        k = rng.randrange(7)
        if k == 0:  # B.cond
            cond = rng.randrange(16)
            ins = Insn(enc=lambda off, c=cond: 0x54000000 | imm(off >> 2, 19) << 5 | c)
        elif k == 1:  # CBZ / CBNZ
            pre = rng.getrandbits(1) << 31 | 0b011010 << 25 | rng.getrandbits(1) << 24 | self.src()
            ins = Insn(enc=lambda off, p=pre: p | imm(off >> 2, 19) << 5)
        elif k == 2:  # TBZ / TBNZ
            bit = rng.randrange(64)
            pre = ((bit >> 5) << 31 | 0b011011 << 25 | rng.getrandbits(1) << 24
                   | (bit & 31) << 19 | self.src())
            ins = Insn(enc=lambda off, p=pre: p | imm(off >> 2, 14) << 5)
        elif k == 3:  # B
            ins = Insn(enc=lambda off: 0x14000000 | imm(off >> 2, 26))
        elif k == 4:  # BL
            ins = Insn(enc=lambda off: 0x94000000 | imm(off >> 2, 26))
        else:  # ADR Xn, target ; BR / BLR / RET Xn
            rn = self.tmp()
            adr = Insn(enc=lambda off, r=rn: (off & 3) << 29 | 0b10000 << 24
                       | imm(off >> 2, 19) << 5 | r, target=("group", skip))
            opc = rng.choice([0b0000, 0b0001, 0b0010])  # BR, BLR, RET
            return [[adr, W(0xD61F0000 | opc << 21 | rn << 5)]]
        ins.target = ("group", skip)
        return [[ins]]

    def ldr_literal(self):
        """LDR Wt / LDRSW Xt from an instruction word of this sequence (4-byte aligned)."""
        rng = self.rng
        opc = rng.choice([0, 2])
        rt = self.dst()
        back = rng.randrange(0, 4)
        return [[Insn(enc=lambda off, o=opc, t=rt: o << 30 | 0b011000 << 24
                      | imm(off >> 2, 19) << 5 | t, target=("back", back))]]

    # -- loads and stores --
    SINGLE = [(0, 0), (0, 1), (0, 2), (0, 3), (1, 0), (1, 1), (1, 2), (1, 3),
              (2, 0), (2, 1), (2, 2), (3, 0), (3, 1)]

    def _base_for(self, addr, off_ok, pick_off, avoid=(), direct_ok=True):
        """Choose a base register for `addr`: x28 itself if addr - BUF_MID is an encodable
        offset, else a temporary set from x28 by ADD/SUB. Returns (setup, rn, off)."""
        rng = self.rng
        if direct_ok and rng.random() < 0.4 and off_ok(addr - BUF_MID):
            return [], BASE, addr - BUF_MID
        off = pick_off()
        d = addr - off - BUF_MID
        rn = self.tmp(avoid)
        op = 0 if d >= 0 else 1
        setup = [W(1 << 31 | op << 30 | 0b100010 << 23 | abs(d) << 10 | BASE << 5 | rn)]
        return setup, rn, off

    def ldst_single(self):
        rng = self.rng
        size, opc = rng.choice(self.SINGLE)
        n = 1 << size
        load = opc != 0
        rt = self.dst(0.1) if load else self.src()
        addr = BUF + n * rng.randrange(BUF_SIZE // n)
        mode = rng.randrange(5)
        top = size << 30 | 0b111 << 27 | opc << 22
        if mode == 0:  # unsigned offset
            setup, rn, off = self._base_for(
                addr, lambda o: o >= 0 and o % n == 0, lambda: n * rng.randrange(64), (rt,))
            w = top | 1 << 24 | (off // n) << 10 | rn << 5 | rt
        elif mode in (1, 2, 3):  # unscaled, post-index, pre-index
            wb = mode != 1
            if mode == 2:  # post-index: access at the base, then base += off
                off = rng.randrange(-256, 256)
                setup, rn, _ = self._base_for(addr, lambda o: o == 0, lambda: 0, (rt,),
                                              direct_ok=False)
            else:
                setup, rn, off = self._base_for(addr, lambda o: -256 <= o < 256,
                                                lambda: rng.randrange(-256, 256), (rt,),
                                                direct_ok=not wb)
            idx = {1: 0b00, 2: 0b01, 3: 0b11}[mode]
            w = top | imm(off, 9) << 12 | idx << 10 | rn << 5 | rt
        else:  # register offset
            option = rng.choice([0b010, 0b011, 0b110, 0b111])
            s = rng.getrandbits(1)
            sh = size if s else 0
            setup, rn, off = self._base_for(addr, lambda o: False,
                                            lambda: rng.randrange(-64, 64) << sh, (rt,),
                                            direct_ok=False)
            if option == 0b010:  # UXTW: index must be >= 0
                if off < 0:
                    off = -off
                    d = addr - off - BUF_MID
                    setup = [W(1 << 31 | (d < 0) << 30 | 0b100010 << 23 | abs(d) << 10
                               | BASE << 5 | rn)]
            v = off >> sh
            rm = self.tmp((rn,)) if v or rng.random() < 0.5 else 31
            if rm != 31:
                if option in (0b010, 0b110):  # W index, upper half junk
                    if v >= 0:
                        setup.append(W(0b010100101 << 23 | v << 5 | rm))  # MOVZ Wm
                    else:
                        setup.append(W(0b000100101 << 23 | (~v & 0xFFFF) << 5 | rm))  # MOVN Wm
                    if rng.random() < 0.6:
                        setup.append(W(0b111100101 << 23 | rng.choice([2, 3]) << 21
                                       | rng.getrandbits(16) << 5 | rm))  # MOVK Xm, hi
                else:
                    if v >= 0:
                        setup.append(W(0b110100101 << 23 | v << 5 | rm))
                    else:
                        setup.append(W(0b100100101 << 23 | (~v & 0xFFFF) << 5 | rm))
            w = (top | 1 << 21 | rm << 16 | option << 13 | s << 12 | 0b10 << 10 | rn << 5 | rt)
        return [setup + [W(w)]]

    def ldst_pair(self):
        rng = self.rng
        kind = rng.randrange(5)
        if kind == 0:
            opc, load = 0b01, 1  # LDPSW
        else:
            opc, load = rng.choice([0b00, 0b10]), rng.getrandbits(1)
        n = 8 if opc == 0b10 else 4
        mode = rng.choice([0b001, 0b010, 0b011] + ([0b000] if opc != 0b01 else []))
        wb = mode in (0b001, 0b011)
        if load:
            rt = self.dst(0.1)
            rt2 = self.dst(0.1)
            while rt2 == rt:
                rt2 = self.dst(0.1)
        else:
            rt, rt2 = self.src(), self.src()
        addr = BUF + n * rng.randrange(BUF_SIZE // n - 1)
        avoid = (rt, rt2)
        if mode == 0b001:  # post-index
            off = n * rng.randrange(-64, 64)
            setup, rn, _ = self._base_for(addr, None, lambda: 0, avoid, direct_ok=False)
        else:
            setup, rn, off = self._base_for(addr, lambda o: o % n == 0 and -64 <= o // n < 64,
                                            lambda: n * rng.randrange(-64, 64), avoid,
                                            direct_ok=not wb)
        w = (opc << 30 | 0b101 << 27 | mode << 23 | load << 22 | imm(off // n, 7) << 15
             | rt2 << 10 | rn << 5 | rt)
        return [setup + [W(w)]]

    CLASSES = None  # filled below

    def group(self):
        rng = self.rng
        f = rng.choices(self.CLASSES[0], self.CLASSES[1])[0]
        return f(self)


Gen.CLASSES = (
    [Gen.addsub_imm, Gen.addsub_shift, Gen.addsub_ext, Gen.addsub_carry, Gen.logic_imm,
     Gen.logic_shift, Gen.movewide, Gen.adr, Gen.bitfield, Gen.extr, Gen.ccmp, Gen.csel, Gen.dp1,
     Gen.div, Gen.shiftv, Gen.crc, Gen.dp3, Gen.nzcv_move, Gen.branch, Gen.ldr_literal,
     Gen.ldst_single, Gen.ldst_pair],
    [8, 6, 6, 5, 6,
     6, 4, 2, 7, 3, 5, 6, 4,
     3, 3, 2, 5, 1, 4, 1,
     8, 5],
)


class Sequence:
    def __init__(self, index, regs, sp, nzcv, memseed, groups):
        self.index = index
        self.regs = regs
        self.sp = sp
        self.nzcv = nzcv
        self.memseed = memseed
        self.groups = groups

    def record(self):
        vals = self.regs + [self.sp, self.nzcv, self.memseed]
        return struct.pack("<34Q", *vals)

    def flat(self):
        """[(insn, group index)] in program order."""
        return [(ins, g) for g, grp in enumerate(self.groups) for ins in grp]


def make_sequence(seed, index, min_len=8, max_len=24):
    rng = random.Random("%s/%d" % (seed, index))
    regs = [rand_value(rng) for _ in range(31)]
    regs[BASE] = BUF_MID
    sp = rand_value(rng)
    nzcv = rng.randrange(16) << 28
    memseed = rng.getrandbits(64) | 1
    gen = Gen(rng)
    target = rng.randint(min_len, max_len)
    groups, count = [], 0
    while count < target:
        for grp in gen.group():
            groups.append(grp)
            count += len(grp)
    return Sequence(index, regs, sp, nzcv, memseed, groups)


# ---------------------------------------------------------------------------------------------
# Layout. The code of a sequence: prologue (23 words), body, epilogue (2 words, or in trace
# mode a dump call after every instruction).

def movz_movk_x(rd, value):
    return [0xD2800000 | (value & 0xFFFF) << 5 | rd, 0xF2A00000 | (value >> 16 & 0xFFFF) << 5 | rd]


def bl(frm, to):
    return 0x94000000 | imm((to - frm) >> 2, 26)


def b(frm, to):
    return 0x14000000 | imm((to - frm) >> 2, 26)


MSR_TPIDR_EL0_X30 = 0xD51BD05E
MRS_X30_TPIDR_EL0 = 0xD53BD05E


def load_x0_x30():
    """x0..x30 from the record at x30 (dword n = xn): 15 LDPs, then x30 itself."""
    words = [0xA9400000 | (r & 0x7F) << 15 | (r + 1) << 10 | 30 << 5 | r  # ldp xr, xr+1, [x30, #8r]
             for r in range(0, 30, 2)]
    words.append(0xF9407BDE)  # ldr x30, [x30, #240]
    return words


def prologue(pc, rec):
    words = movz_movk_x(0, rec)
    words.append(bl(pc + 8, J_SEQ_BEGIN))
    words.append(0xAA0003FE)  # mov x30, x0
    words.append(0xA94F87C0)  # ldp x0, x1, [x30, #248]
    words.append(0x9100001F)  # mov sp, x0
    words.append(0xD51B4201)  # msr nzcv, x1
    return words + load_x0_x30()


PROLOGUE_WORDS = 23


def layout_body(seq, pc, trace):
    """Encode the body at address pc. Returns (words, map of address -> label) where labels
    name the trace dump return addresses ("init", ("after", i), "end")."""
    flat = seq.flat()
    n = len(flat)
    stride = 4 if trace else 1  # words per instruction slot
    start = pc + (3 * 4 if trace else 0)  # the trace ROM dumps the initial state first
    addr_of = [start + 4 * stride * i for i in range(n + 1)]  # [n] = end of the body
    group_start = {}
    for i, (_, g) in enumerate(flat):
        group_start.setdefault(g, i)
    ngroups = len(seq.groups)
    words, labels = [], {}
    if trace:
        words += [MSR_TPIDR_EL0_X30, bl(pc + 4, J_TRACE), MRS_X30_TPIDR_EL0]
        labels[pc + 8] = "init"
    for i, (ins, g) in enumerate(flat):
        if ins.enc is None:
            w = ins.word
        else:
            kind, k = ins.target
            if kind == "group":
                tg = g + 1 + k
                ti = group_start[tg] if tg < ngroups else n
                if ti <= i:  # ADR of ADR+BR: land after the BR at least
                    ti = i + 2
            else:  # literal: an earlier (or this) instruction
                ti = max(0, i - k)
            w = ins.enc(addr_of[ti] - addr_of[i])
        words.append(w & M32)
        if trace:
            a = addr_of[i]
            words += [MSR_TPIDR_EL0_X30, bl(a + 8, J_TRACE), MRS_X30_TPIDR_EL0]
            labels[a + 12] = ("after", i)
    if trace:
        a = addr_of[n]
        words += [MSR_TPIDR_EL0_X30, bl(a + 4, J_TRACE), MRS_X30_TPIDR_EL0]
        labels[a + 8] = "end"
    return words, labels


def build_blob(seqs, trace=False):
    """Machine code + records for the given sequences, to be placed at SEQ_BASE.
    Returns (bytes, info) with info = per sequence (body start address, labels, body words)."""
    # Pass 1: sizes.
    sizes = []
    for s in seqs:
        n = len(s.flat())
        body = n * (4 if trace else 1) + (6 if trace else 0)
        sizes.append(PROLOGUE_WORDS + body + (0 if trace else 2))
    code_words = sum(sizes) + 1
    rec_base = (SEQ_BASE + 4 * code_words + 15) & ~15
    words, info = [], []
    pc = SEQ_BASE
    for k, s in enumerate(seqs):
        rec = rec_base + k * RECORD_SIZE
        assert rec + RECORD_SIZE < 1 << 32
        pro = prologue(pc, rec)
        bpc = pc + 4 * len(pro)
        body, labels = layout_body(s, bpc, trace)
        words += pro + body
        pc = bpc + 4 * len(body)
        if not trace:
            words += [MSR_TPIDR_EL0_X30, bl(pc + 4, J_SEQ_END)]
            pc += 8
        info.append((bpc, labels, body))
    words.append(b(pc, J_FINISH))
    blob = struct.pack("<%dI" % len(words), *words)
    blob += b"\0" * (rec_base - SEQ_BASE - len(blob))
    blob += b"".join(s.record() for s in seqs)
    return blob, info


def inject_fault(seq):
    """Corrupt one instruction of seq (flip bit 10 of a mutable one) to emulate a simulator
    bug. Returns its index in program order, or None when the sequence has no candidate."""
    flat = seq.flat()
    cands = [i for i, (ins, _) in enumerate(flat) if ins.mutable and ins.word & 31 != 31]
    if not cands:
        return None
    i = cands[-1]  # the last one, so that later instructions are less likely to hide it
    flat[i][0].word ^= 1 << 10
    return i

#!/usr/bin/python3
"""Generate tests/unit/fp_fast_cases.h: FADD, FSUB, FMUL and FMADD cases on the edges of the
soft-float fast paths (core/fp_arith.c: normal operands and a normal result, rounded in exact
integer arithmetic), with exact results from Unicorn running the scalar instruction.

Usage: /usr/bin/python3 tests/unit/gen_fp_fast.py > fp_fast_cases.h   (meson runs this when building the unit tests)

Every case has normal operands, so that it enters a fast path; the edges are where the fast
path must round exactly or hand over to the general path: results rounding up into the next
binade, ties (to even and not), sums carried past the largest normal or rounded to it, results
just above and below the smallest normal (tiny before rounding, FZ), cancellation (exponents
equal or one apart, exact zeros), and for FMADD an addend far below the product (a sticky bit
under the product), far above it (the product a sticky bit under the addend), exactly half a
unit of the addend, and the exact negation of the product, plus random normal operands. Each
under the four rounding modes with FZ off and on (and DN, which must change nothing here).
Fixed seed: the output is a pure function of this script and the oracle.
"""
import random

from gen_fp_scalar import DN, FZ, Oracle

OPS = {   # name: (single, double) instruction word with Rd = 0, Rn = 1, Rm = 2, Ra = 3
    "FADD": (0x1e222820, 0x1e622820),
    "FSUB": (0x1e223820, 0x1e623820),
    "FMUL": (0x1e220820, 0x1e620820),
    "FMADD": (0x1f020c20, 0x1f420c20),
}
FORMATS = {0: (8, 23), 1: (11, 52)}   # dbl: exponent bits, fraction bits


class Fmt:
    def __init__(self, dbl):
        self.e, self.f = FORMATS[dbl]
        self.bias = (1 << (self.e - 1)) - 1
        self.emax = (1 << self.e) - 2          # largest biased exponent of a normal

    def pack(self, sign, exp, frac):
        """sign, biased exponent (clamped to the normal range), fraction bits."""
        exp = max(1, min(self.emax, exp))
        return sign << (self.e + self.f) | exp << self.f | (frac & ((1 << self.f) - 1))

    def one(self, sign=0, scale=0, frac=0):
        """(-1)^sign * (1 + frac * ulp) * 2^scale"""
        return self.pack(sign, self.bias + scale, frac)


def edge_cases(rng, fmt):
    """(operation, a, b, addend) tuples, operands all normal."""
    f, top = fmt.f, (1 << fmt.f) - 1         # top: the all-ones fraction
    out = []
    for s in (0, 1):
        # carry into the next binade, ties to even and to odd, just below / above a tie
        for frac in (top, top - 1, 0, 1, 2):
            for scale in (-1 - f, -2 - f, -f, -3 - f):
                out.append(("FADD", fmt.one(s, 0, frac), fmt.one(s, scale, rng.choice((0, 1, top)))))
                out.append(("FSUB", fmt.one(s, 0, frac), fmt.one(s ^ 1, scale, rng.choice((0, 1)))))
        # products with significands near 2 (carry) and exact halves
        for fa, fb in ((top, top), (top, 1), (1 << (f - 1), 1 << (f - 1)), (top, 0), (1, 1)):
            out.append(("FMUL", fmt.one(s, 0, fa), fmt.one(0, 0, fb)))
        # the largest normal: carried past it (overflow) or rounded to it
        big = fmt.pack(s, fmt.emax, top)
        for scale_below in (f + 1, f + 2, f):
            out.append(("FADD", big, fmt.pack(s, fmt.emax - scale_below, rng.choice((0, 1, top)))))
        out.append(("FMUL", fmt.pack(s, fmt.emax, top), fmt.one(0, 0, 1)))
        out.append(("FMUL", fmt.pack(s, fmt.emax - fmt.bias, top), fmt.one(0, fmt.bias, 0)))
        out.append(("FMUL", fmt.pack(s, fmt.emax - fmt.bias, top), fmt.one(0, fmt.bias - 1, top)))
        # the smallest normal: sums and products just above, at and below 2^emin
        out.append(("FSUB", fmt.pack(s, 2, 0), fmt.pack(s, 1, top)))
        out.append(("FSUB", fmt.pack(s, 1, 1), fmt.pack(s, 1, 0)))
        out.append(("FSUB", fmt.pack(s, 2, 1), fmt.pack(s, 1, 0)))
        out.append(("FADD", fmt.pack(s, 1, 0), fmt.pack(s, 1, 0)))
        for fa in (top, top - 1, 0, 1):
            for e_b in (fmt.bias - 1, fmt.bias, fmt.bias + 1, fmt.bias + 5):
                a = fmt.pack(s, 1 + fmt.bias - e_b, fa)     # a * 2^(e_b - bias) = 2^emin
                out.append(("FMUL", a, fmt.pack(0, e_b - 1, top)))
                out.append(("FMUL", a, fmt.pack(0, e_b, 0)))
        # cancellation: equal exponents, one apart, exact zeros
        for fa, fb in ((5, 5), (top, top - 1), (0, top), (1, 0), (top, 0)):
            out.append(("FSUB", fmt.one(s, 3, fa), fmt.one(s, 3, fb)))
            out.append(("FADD", fmt.one(s, 3, fa), fmt.one(s ^ 1, 2, fb)))
        out.append(("FADD", fmt.one(s, 7, 12345), fmt.one(s ^ 1, 7, 12345)))
        # FMADD: addend + a * b
        a, b = fmt.one(s, 0, rng.getrandbits(f)), fmt.one(0, 0, rng.getrandbits(f))
        for k in (-200, -130, -80, -64, -63, -60, -f - 3, -f - 1, -2, -1, 0, 1, 2, f + 1, f + 3,
                  60, 64, 72, 74, 75, 76, 100, 130, 200):
            for sz in (0, 1):
                for fz_frac in (0, 1, top, rng.getrandbits(f)):
                    out.append(("FMADD", a, b, fmt.one(sz, k, fz_frac)))
        # the addend exactly half a unit of the product and around it; the product half a
        # unit of the addend (a tie), and with a sticky bit beyond it
        for sz in (0, 1):
            out.append(("FMADD", fmt.one(s, 0, 0), fmt.one(0, 0, 0), fmt.one(sz, -f - 1, 0)))
            out.append(("FMADD", fmt.one(s, 0, 1), fmt.one(0, 0, 0), fmt.one(sz, -f - 1, 0)))
            out.append(("FMADD", fmt.one(s, -f // 2, 0), fmt.one(0, -f - 1 + f // 2, 0), fmt.one(sz, 0, 0)))
            out.append(("FMADD", fmt.one(s, -f // 2, 0), fmt.one(0, -f - 1 + f // 2, 1), fmt.one(sz, 0, 0)))
            out.append(("FMADD", fmt.one(s, -f // 2, 0), fmt.one(0, -f - 1 + f // 2, 0), fmt.one(sz, 0, 1)))
        # the addend the negated, rounded product, and one or two units away: massive cancellation
        for _ in range(6):
            a, b = fmt.one(s, rng.randrange(-5, 6), rng.getrandbits(f)), fmt.one(0, rng.randrange(-5, 6), rng.getrandbits(f))
            p = oracle_product(fmt, a, b)
            for delta in (0, 1, -1, 2):
                out.append(("FMADD", a, b, (p ^ (1 << (fmt.e + fmt.f))) + delta))
    # random normal operands, exponents near each other
    for _ in range(60):
        base = rng.randrange(1, fmt.emax + 1)
        ops = [fmt.pack(rng.randrange(2), base + rng.randrange(-30, 31), rng.getrandbits(f)) for _ in range(3)]
        out.append((rng.choice(list(OPS)), ops[0], ops[1], ops[2]))
    return out


def oracle_product(fmt, a, b):
    """a * b rounded to nearest (an FMUL on the oracle with FPCR = 0)."""
    lo, _, _, _, _ = ORACLE.run(OPS["FMUL"][fmt.f == 52], 0, [(0, 0), (a, 0), (b, 0), (0, 0)], 0, 0)
    return lo


ORACLE = Oracle()


def main():
    rng = random.Random(20261122)
    out = ["/* Generated by tests/unit/gen_fp_fast.py from Unicorn. Do not edit. */",
           "/* operation, double, FPCR, a (Rn), b (Rm), addend (Ra), result, FPSR */"]
    for dbl in (0, 1):
        fmt = Fmt(dbl)
        mask = (1 << (32 << dbl)) - 1
        for case in edge_cases(rng, fmt):
            name, a, b = case[:3]
            addend = case[3] if len(case) > 3 else fmt.one()
            # every case under a few FPCRs: each rounding mode, FZ and DN drawn at random
            for rm in range(4):
                fpcr = rm << 22 | rng.choice((0, FZ)) | rng.choice((0, DN))
                v = [(0, 0), (a, 0), (b, 0), (addend, 0)]
                lo, _, _, _, fpsr = ORACLE.run(OPS[name][dbl], fpcr, v, 0, 0)
                out.append("{FF_%s, %d, 0x%x, 0x%x, 0x%x, 0x%x, 0x%x, 0x%x}," % (
                    name, dbl, fpcr, a, b, addend if name == "FMADD" else 0, lo & mask, fpsr))
    print("\n".join(out))


if __name__ == "__main__":
    main()

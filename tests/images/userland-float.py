# Floating point and library checks of tests/images/run-userland-tests (docs/userland.md), run
# by Debian's arm64 Python 3.11 on elsim and by the host's Python 3.11 for the expected lines.
# Only IEEE 754 correctly rounded operations and CPython's own algorithms (repr, fsum, hypot,
# float parsing): glibc's exp/log/sin may legitimately differ in the last bit between x86 and
# arm64 builds, so they are not compared here.
import hashlib
import math
import struct
import sys
import zlib


def out(name, value):
    print(f"python-{name} {value}")


def digest(values):
    """A short stable digest of a list of floats, bit for bit."""
    return hashlib.sha256(b"".join(struct.pack("<d", v) for v in values)).hexdigest()[:32]


out("sqrt2", repr(math.sqrt(2.0)))
out("sqrt-many", digest([math.sqrt(i * 0.37) for i in range(20000)]))
out("specials", " ".join(repr(v) for v in (float("inf"), -float("inf"), float("nan"), -0.0,
                                           1e308 * 10, -1e308 * 10, 5e-324, 5e-324 / 2)))
out("format", " ".join((f"{math.pi:.20f}", f"{1e-310:.17g}", f"{2.5e-308:e}", f"{0.1:.30g}",
                        f"{-0.0:+.3f}", f"{float('inf'):>6}", f"{1/3:.6%}", f"{12345.6789:,.2f}")))
out("fsum", f"{math.fsum([0.1] * 10)!r} "
           f"{math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50])!r}")
out("harmonic", repr(sum(1.0 / i for i in range(1, 200000))))
out("division", digest([(i * 1.1) / (j + 0.3) for i in range(150) for j in range(150)]))
out("mul-add", digest([x * 1.0000001 + 3.3 - x / 7.0 for x in (i * 0.731 for i in range(40000))]))
out("hex", f"{(1/3).hex()} {float.fromhex('0x1.fffffffffffffp+1023')!r} {math.ulp(1.0)!r}")
out("parse", digest([float(s) for s in ("0.1", "1e23", "2.2250738585072011e-308",
                                        "4.9406564584124654e-324", "179769313486231570e292",
                                        "3.14159265358979323846264338327950288", "1e-400")]))
out("int-conv", f"{int(1e22)} {int(-2.9)} {float(2**63 - 1)!r} {float(2**64 + 1)!r} "
               f"{round(2.675, 2)!r}")
out("round", " ".join(repr(v) for v in (math.floor(-2.5), math.ceil(-2.5), math.trunc(-2.5),
                                        round(0.5), round(1.5), round(-2.5))))
out("fmod", f"{math.fmod(10.0, 3.3)!r} {math.fmod(-1e300, 7.0)!r} {divmod(-7.5, 2)} "
           f"{(-7.5) % 0.3!r}")
out("ldexp-frexp", f"{math.ldexp(1.0, -1074)!r} {math.frexp(6.0e-320)} {math.ldexp(0.75, 1024)!r}")
out("hypot", f"{math.hypot(3.0, 4.0)!r} {math.hypot(1e300, 1e300)!r} {math.hypot(*[0.1] * 100)!r}")
out("float32", digest([struct.unpack("<f", struct.pack("<f", i * 0.1))[0] for i in range(5000)]))
out("float16", struct.pack("<5e", 0.1, 65504.0, 6e-8, -2.5, 1 / 3).hex())
out("int-big", str(pow(3, 2000, 10**40 + 7)) + " " + str(len(str(math.factorial(1000)))))
out("sort-floats", digest(sorted(((i * 7919) % 10007) * -0.5 + 1e-3 * i for i in range(30000))))
out("float-info", f"{sys.float_info.max!r} {sys.float_info.min!r} {sys.float_info.epsilon!r}")
with open("in.bin", "rb") as f:
    data = f.read()
out("hashlib-sha256", hashlib.sha256(data).hexdigest())
out("hashlib-sha3", hashlib.sha3_256(data).hexdigest())
out("hashlib-blake2b", hashlib.blake2b(data).hexdigest()[:64])
out("zlib-crc32", f"{zlib.crc32(data):08x} {zlib.adler32(data):08x}")
out("zlib-compress", hashlib.sha256(zlib.compress(data[:1 << 20], 9)).hexdigest())

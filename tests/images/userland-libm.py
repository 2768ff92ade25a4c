# glibc's libm (exp, log, sin, pow, ...: FMADD, FRINTx, FCVTx, table lookups) through Debian's
# arm64 Python 3.11, for tests/images/run-userland-tests (docs/userland.md). The expected lines
# come from the same arm64 Python and glibc under qemu-aarch64: these functions may differ in
# the last bit between the x86 and arm64 builds (erf does), so the host's are no oracle.
import hashlib
import math
import struct


def digest(values):
    """A short stable digest of a list of floats, bit for bit."""
    return hashlib.sha256(b"".join(struct.pack("<d", v) for v in values)).hexdigest()[:32]


xs = [(i - 5000) * 0.0137 + 1e-3 for i in range(10000)]
pos = [abs(x) + 1e-9 for x in xs]
unit = [((i % 2001) - 1000) / 1000.0 for i in range(10000)]
FUNCTIONS = (
    ("exp", math.exp, xs), ("expm1", math.expm1, xs), ("log", math.log, pos),
    ("log2", math.log2, pos), ("log10", math.log10, pos), ("log1p", math.log1p, pos),
    ("sin", math.sin, xs), ("cos", math.cos, xs), ("tan", math.tan, xs),
    ("atan", math.atan, xs), ("asin", math.asin, unit), ("acos", math.acos, unit),
    ("sinh", math.sinh, xs), ("cosh", math.cosh, xs), ("tanh", math.tanh, xs),
    ("erf", math.erf, xs), ("erfc", math.erfc, xs), ("lgamma", math.lgamma, pos),
    ("gamma", math.gamma, [p % 100 + 0.01 for p in pos]),
    ("pow", lambda x: math.pow(1.0001 + abs(x) / 10, x * 3.7), xs),
    ("cbrt", lambda x: math.copysign(abs(x) ** (1 / 3), x), xs),
    ("atan2", lambda x: math.atan2(x, 1.5 - x), xs),
)
for name, function, domain in FUNCTIONS:
    print(f"python-libm-{name} {digest([function(x) for x in domain])}")

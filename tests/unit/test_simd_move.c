/* Advanced SIMD copy, permute, extract and table lookup (core/exec_simd_perm.c): DUP (scalar,
 * element, general), INS (general, element), UMOV, SMOV, UZP/TRN/ZIP 1 and 2, EXT, TBL and
 * TBX of one to four registers (wrapping from V31 to V0), every element size and both vector
 * lengths, with exact results from Unicorn (QEMU); and the unallocated encodings of these
 * classes and of the load/store structure classes, which Unicorn also rejects, as UNDEFINED. */
#include <stdint.h>

#include "cpu.h"
#include "fixture.h"
#include "harness.h"
#include "simd_case.h"

static const struct simd_case move_cases[] = {
    {"dup b3, v1.b[15]", 0x5e1f0423, 1, {{3, 0xf8, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup h3, v1.h[5]", 0x5e160423, 1, {{3, 0x724c, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup s3, v17.s[3]", 0x5e1c0623, 1, {{3, 0x38332e29, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup d3, v1.d[1]", 0x5e180423, 1, {{3, 0xf88bb8a8724c81ec, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.8b, v1.b[9]", 0x0e130423, 1, {{3, 0x8181818181818181, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.16b, v2.b[0]", 0x4e010443, 1, {{3, 0x9b9b9b9b9b9b9b9b, 0x9b9b9b9b9b9b9b9b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.4h, v1.h[7]", 0x0e1e0423, 1, {{3, 0xf88bf88bf88bf88b, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.8h, v1.h[2]", 0x4e0a0423, 1, {{3, 0x5d185d185d185d18, 0x5d185d185d185d18}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.2s, v1.s[1]", 0x0e0c0423, 1, {{3, 0x6c45d1806c45d18, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.4s, v1.s[3]", 0x4e1c0423, 1, {{3, 0xf88bb8a8f88bb8a8, 0xf88bb8a8f88bb8a8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.2d, v1.d[1]", 0x4e180423, 1, {{3, 0xf88bb8a8724c81ec, 0xf88bb8a8724c81ec}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v1.2d, v1.d[0]", 0x4e080421, 1, {{1, 0x6c45d188009454f, 0x6c45d188009454f}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.8b, w4", 0x0e010c83, 1, {{3, 0x1010101010101010, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.16b, w0", 0x4e010c03, 1, {{3, 0x1111111111111111, 0x1111111111111111}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.4h, w4", 0x0e020c83, 1, {{3, 0x3210321032103210, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.8h, w0", 0x4e020c03, 1, {{3, 0x2211221122112211, 0x2211221122112211}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.2s, w4", 0x0e040c83, 1, {{3, 0x7654321076543210, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.4s, w0", 0x4e040c03, 1, {{3, 0x4433221144332211, 0x4433221144332211}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.2d, x4", 0x4e080c83, 1, {{3, 0xfedcba9876543210, 0xfedcba9876543210}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"dup v3.2d, xzr", 0x4e080fe3, 1, {{3, 0x0, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.b[13], w4", 0x4e1b1c83, 1, {{3, 0x2c829abe1f4532e1, 0xc584103ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.h[6], w0", 0x4e1a1c03, 1, {{3, 0x2c829abe1f4532e1, 0xc5842211c916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.s[1], w4", 0x4e0c1c83, 1, {{3, 0x765432101f4532e1, 0xc584133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.d[1], x4", 0x4e181c83, 1, {{3, 0x2c829abe1f4532e1, 0xfedcba9876543210}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.d[0], xzr", 0x4e081fe3, 1, {{3, 0x0, 0xc584133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.b[2], v1.b[15]", 0x6e057c23, 1, {{3, 0x2c829abe1ff832e1, 0xc584133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.h[7], v1.h[0]", 0x6e1e0423, 1, {{3, 0x2c829abe1f4532e1, 0x454f133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.s[0], v1.s[3]", 0x6e046423, 1, {{3, 0x2c829abef88bb8a8, 0xc584133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.d[1], v1.d[0]", 0x6e180423, 1, {{3, 0x2c829abe1f4532e1, 0x6c45d188009454f}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"mov v3.b[0], v3.b[8]", 0x6e014463, 1, {{3, 0x2c829abe1f45323c, 0xc584133ac916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"umov w5, v1.b[14]", 0x0e1d3c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x8b, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"umov w5, v1.h[7]", 0x0e1e3c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xf88b, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"umov w5, v1.s[3]", 0x0e1c3c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xf88bb8a8, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"umov x5, v1.d[1]", 0x4e183c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xf88bb8a8724c81ec, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"umov w5, v2.b[3]", 0x0e073c45, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x51, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov w5, v1.b[14]", 0x0e1d2c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xffffff8b, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov w5, v1.h[7]", 0x0e1e2c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xfffff88b, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov x5, v1.b[1]", 0x4e032c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x45, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov x5, v1.h[3]", 0x4e0e2c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x6c4, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov x5, v1.s[3]", 0x4e1c2c25, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0xfffffffff88bb8a8, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov x5, v2.s[2]", 0x4e142c45, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x747ea2ea, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"smov w5, v6.b[6]", 0x0e0d2cc5, 0, {{0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x21, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp1 v3.8b, v1.8b, v2.8b", 0x0e021823, 1, {{3, 0x396aa89bc418094f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp1 v3.16b, v1.16b, v2.16b", 0x4e021823, 1, {{3, 0x8ba84cecc418094f, 0xcb0c7eea396aa89b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp2 v3.4h, v1.4h, v2.4h", 0x0e425823, 1, {{3, 0x1b3951a806c48009, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp2 v3.8h, v1.8h, v2.8h", 0x4e425823, 1, {{3, 0xf88b724c06c48009, 0x53cb747e1b3951a8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp1 v3.2s, v1.2s, v2.2s", 0x0e821823, 1, {{3, 0x51a8749b8009454f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp2 v3.4s, v1.4s, v2.4s", 0x4e825823, 1, {{3, 0xf88bb8a806c45d18, 0x53cb9f0c1b39896a}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp1 v3.2d, v1.2d, v2.2d", 0x4ec21823, 1, {{3, 0x6c45d188009454f, 0x1b39896a51a8749b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"uzp2 v1.2d, v1.2d, v1.2d", 0x4ec15821, 1, {{1, 0xf88bb8a8724c81ec, 0xf88bb8a8724c81ec}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn1 v3.8b, v1.8b, v2.8b", 0x0e022823, 1, {{3, 0x39c46a18a8099b4f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn2 v3.16b, v1.16b, v2.16b", 0x4e026823, 1, {{3, 0x1b06895d51807445, 0x53f89fb87472a281}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn1 v3.8h, v1.8h, v2.8h", 0x4e422823, 1, {{3, 0x896a5d18749b454f, 0x9f0cb8a8a2ea81ec}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn2 v3.4h, v1.4h, v2.4h", 0x0e426823, 1, {{3, 0x1b3906c451a88009, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn1 v3.4s, v1.4s, v2.4s", 0x4e822823, 1, {{3, 0x51a8749b8009454f, 0x747ea2ea724c81ec}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn2 v3.2s, v1.2s, v2.2s", 0x0e826823, 1, {{3, 0x1b39896a06c45d18, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"trn2 v3.2d, v1.2d, v2.2d", 0x4ec26823, 1, {{3, 0xf88bb8a8724c81ec, 0x53cb9f0c747ea2ea}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip1 v3.8b, v1.8b, v2.8b", 0x0e023823, 1, {{3, 0x5180a80974459b4f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip2 v3.8b, v1.8b, v2.8b", 0x0e027823, 1, {{3, 0x1b0639c4895d6a18, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip1 v3.16b, v1.16b, v2.16b", 0x4e023823, 1, {{3, 0x5180a80974459b4f, 0x1b0639c4895d6a18}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip2 v3.16b, v1.16b, v2.16b", 0x4e027823, 1, {{3, 0x74727e4ca281eaec, 0x53f8cb8b9fb80ca8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip1 v3.4h, v1.4h, v2.4h", 0x0e423823, 1, {{3, 0x51a88009749b454f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip2 v3.8h, v1.8h, v2.8h", 0x4e427823, 1, {{3, 0x747e724ca2ea81ec, 0x53cbf88b9f0cb8a8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip1 v3.2s, v1.2s, v2.2s", 0x0e823823, 1, {{3, 0x51a8749b8009454f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip2 v3.4s, v1.4s, v2.4s", 0x4e827823, 1, {{3, 0x747ea2ea724c81ec, 0x53cb9f0cf88bb8a8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip1 v3.2d, v1.2d, v2.2d", 0x4ec23823, 1, {{3, 0x6c45d188009454f, 0x1b39896a51a8749b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"zip2 v2.2d, v1.2d, v2.2d", 0x4ec27822, 1, {{2, 0xf88bb8a8724c81ec, 0x53cb9f0c747ea2ea}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"ext v3.8b, v1.8b, v2.8b, #3", 0x2e021823, 1, {{3, 0xa8749b06c45d1880, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"ext v3.8b, v1.8b, v2.8b, #0", 0x2e020023, 1, {{3, 0x6c45d188009454f, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"ext v3.16b, v1.16b, v2.16b, #15", 0x6e027823, 1, {{3, 0x39896a51a8749bf8, 0xcb9f0c747ea2ea1b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"ext v3.16b, v1.16b, v2.16b, #8", 0x6e024023, 1, {{3, 0xf88bb8a8724c81ec, 0x1b39896a51a8749b}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"ext v1.16b, v1.16b, v1.16b, #5", 0x6e012821, 1, {{1, 0xa8724c81ec06c45d, 0x188009454ff88bb8}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.8b, {v1.16b}, v20.8b", 0x0e140023, 1, {{3, 0x0, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.16b, {v16.16b}, v20.16b", 0x4e140203, 1, {{3, 0x0, 0x2b12493000000000}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.16b, {v16.16b, v17.16b}, v21.16b", 0x4e152203, 1, {{3, 0x0, 0x29104721083f0000}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.16b, {v16.16b, v17.16b, v18.16b}, v22.16b", 0x4e164203, 1, {{3, 0x3500000000000040, 0x270e381f063d174e}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.16b, {v16.16b, v17.16b, v18.16b, v19.16b}, v23.16b", 0x4e176203, 1, {{3, 0x260d44000000003e, 0x250c361d042e154c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.8b, {v30.16b, v31.16b, v0.16b, v1.16b}, v24.8b", 0x0e1863c3, 1, {{3, 0x3a21083219000000, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbl v3.16b, {v31.16b, v0.16b}, v25.16b", 0x4e1923e3, 1, {{3, 0x7865394e351c, 0x300000000000000}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v3.8b, {v1.16b}, v20.8b", 0x0e141023, 1, {{3, 0x2c829abe1f4532e1, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v3.16b, {v16.16b}, v20.16b", 0x4e141203, 1, {{3, 0x2c829abe1f4532e1, 0x2b124930c916ab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v3.16b, {v16.16b, v17.16b}, v21.16b", 0x4e153203, 1, {{3, 0x2c829abe1f4532e1, 0x29104721083fab3c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v3.16b, {v16.16b, v17.16b, v18.16b}, v22.16b", 0x4e165203, 1, {{3, 0x35829abe1f453240, 0x270e381f063d174e}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v3.8b, {v29.16b, v30.16b, v31.16b, v0.16b}, v23.8b", 0x0e1773a3, 1, {{3, 0x2f164dbe1f4532a1, 0x0}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
    {"tbx v20.16b, {v20.16b, v21.16b}, v20.16b", 0x4e143294, 1, {{20, 0x37322d2823174e35, 0xf462d144b46413c}}, {0x8877665544332211, 0x40080800, 0x30, 0xfffffffffffffff0, 0xfedcba9876543210, 0x40080ff5, 0x0, 0x0}, 0x40080c00, 0, 0, {0}},
};

static void test_simd_move_table(void)
{
    for (size_t i = 0; i < sizeof move_cases / sizeof move_cases[0]; i++)
        simd_run_case(&move_cases[i]);
}

/* Unallocated combinations (ARM ARM C4.1.4, C4.1.6 class tables and the decode pseudocode). */
static const uint32_t simd_move_undefined[] = {
    0x4e100423, /* dup v3.16b, v1 (imm5=10000) */
    0x0e080423, /* dup (element) .1d (Q=0, D) */
    0x0e080c83, /* dup (general) .1d (Q=0, D) */
    0x5e100423, /* dup b3 scalar imm5=x0000 */
    0x4e001c83, /* ins (general) imm5=00000 */
    0x6e100423, /* ins (element) imm5=10000 */
    0x4e013c25, /* umov x5, v1.b[0] (Q=1, B) */
    0x0e083c25, /* umov w5, v1.d[0] (Q=0, D) */
    0x0e042c25, /* smov w5, v1.s[0] (Q=0, S) */
    0x4e082c25, /* smov x5, v1.d[0] (Q=1, D) */
    0x4e011423, /* copy imm4=0010 */
    0x2e024023, /* ext .8b #8 */
    0x0ec23823, /* zip1 .1d (size=11, Q=0) */
    0x0ec21823, /* uzp1 .1d (size=11, Q=0) */
    0x0ec22823, /* trn1 .1d (size=11, Q=0) */
    0x0c408c20, /* ld2 .1d */
    0x0c404c20, /* ld3 .1d */
    0x0c000c20, /* st4 .1d */
    0x0c401020, /* ld multiple opcode 0001 */
    0x0c40c020, /* ld multiple opcode 1100 */
    0x0c417020, /* ld1 no-offset with Rm=1 */
    0x0d404420, /* ld1 single H, size<0>=1 */
    0x0d408820, /* ld1 single S, size=10 */
    0x0d409420, /* ld1 single D with S=1 */
    0x0d40d020, /* ld1r with S=1 */
    0x0d00c020, /* st1r (L=0, replicate) */
    0x0d420020, /* ld1 single no-offset Rm=2 */
    0x5e027020, /* sha3op opcode 111 */
};

/* Each takes an Undefined Instruction exception (EC 0x00, IL = 1) to EL1 at its own address. */
static void test_simd_move_undefined(void)
{
    for (size_t i = 0; i < sizeof simd_move_undefined / sizeof simd_move_undefined[0]; i++) {
        struct cpu *cpu = simd_setup();
        fixture_run(cpu, &simd_move_undefined[i], 1);
        if (cpu->sr[SR_ESR_EL1] != 0x02000000)
            printf("\n0x%08x: ESR_EL1 = 0x%llx\n", simd_move_undefined[i], (unsigned long long)cpu->sr[SR_ESR_EL1]);
        CHECK_EQ_U64(cpu->sr[SR_ESR_EL1], 0x02000000);
        CHECK_EQ_U64(cpu->sr[SR_ELR_EL1], FIXTURE_CODE);
        CHECK_EQ_U64(cpu->el, 1);
        CHECK_EQ_U64(cpu->v[0][0], simd_v_init(0, 0));
        CHECK_EQ_U64(cpu->r[1], simd_x_init[1]);
    }
}

UNIT_SUITE(simd_move,
    UNIT_TEST(test_simd_move_table),
    UNIT_TEST(test_simd_move_undefined))

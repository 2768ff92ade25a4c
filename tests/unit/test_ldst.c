/* Loads and stores of one general-purpose register (ARM ARM C4.1.4): every addressing mode and
 * size with exact loaded values, memory contents and writeback (expected values from Unicorn),
 * the SP alignment check, alignment and external aborts, MMIO, the ISV syndrome prepared at
 * decode time, and which load/store encodings are allocated. */
#include <stdint.h>

#include "decode.h"
#include "exception.h"
#include "exec_ldst.h"
#include "fixture.h"
#include "harness.h"
#include "memory.h"
#include "test_ldst_case.h"

static const struct ldst_case gp_cases[] = {
    /* unsigned offset, every size and extension */
    {"ldrb w0, [x1, #3]", 0x39400c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xda, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrb w0, [x1, #4095]", 0x397ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrh w0, [x1, #6]", 0x79400c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e31, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrh w0, [x1, #8190]", 0x797ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x6649, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr w0, [x1, #8]", 0xb9400820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xc2a5886b, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr w0, [x1, #16380]", 0xb97ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66492c0f, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [x1, #16]", 0xf9400820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x1e01e4c7aa8d7053, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [x1, #32760]", 0xf97ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66492c0ff2d5b89b, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb w0, [x1, #1]", 0x39c00420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffa0, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb w0, [x1, #2]", 0x39c00820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffbd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb x0, [x1, #1]", 0x39800420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffffa0, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb x0, [x1, #2]", 0x39800820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffffbd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh w0, [x1, #0]", 0x79c00020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffa083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh w0, [x1, #2]", 0x79c00420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffdabd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh x0, [x1, #0]", 0x79800020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffa083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh x0, [x1, #2]", 0x79800420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffdabd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, [x1, #0]", 0xb9800020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffdabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, [x1, #4]", 0xb9800420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x2, [sp, #8]", 0xf94007e2, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x3619fcdfc2a5886b}, 0x40081000, {{0}}, {{0}}},
    {"ldr xzr, [x1, #8]", 0xf940043f, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"strb w0, [x1, #1]", 0x39000420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081001, 1, {0x11}}}},
    {"strh w0, [x1, #4094]", 0x791ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081ffe, 2, {0x11, 0x22}}}},
    {"str w0, [x1, #4]", 0xb9000420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081004, 4, {0x11, 0x22, 0x33, 0x44}}}},
    {"str x0, [x1, #32760]", 0xf93ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40088ff8, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    {"str xzr, [x1, #8]", 0xf900043f, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081008, 8, {0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0, 0x0}}}},
    {"strb wzr, [sp, #15]", 0x39003fff, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x4008100f, 1, {0x0}}}},
    /* unscaled (LDUR/STUR), misaligned addresses */
    {"ldur x0, [x1, #-256]", 0xf8500020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7dabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldur w0, [x1, #255]", 0xb84ff020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xbda08366, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldurb w0, [x1, #-1]", 0x385ff020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldursb w0, [x1, #-3]", 0x38dfd020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x2c, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldursb x0, [x1, #-2]", 0x389fe020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x49, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldurh w0, [x1, #-3]", 0x785fd020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x492c, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldursh x0, [x1, #-3]", 0x789fd020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x492c, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldursh w0, [x1, #1]", 0x78c01020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffbda0, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldursw x0, [x1, #-5]", 0xb89fb020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x492c0ff2, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"stur x0, [x1, #-3]", 0xf81fd020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40080ffd, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    {"sturh w0, [x1, #-1]", 0x781ff020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40080fff, 2, {0x11, 0x22}}}},
    {"sturb w0, [x1, #255]", 0x380ff020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x400810ff, 1, {0x11}}}},
    {"stur w0, [sp, #-4]", 0xb81fc3e0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40080ffc, 4, {0x11, 0x22, 0x33, 0x44}}}},
    /* pre-index and post-index writeback */
    {"ldr x0, [x1, #-8]!", 0xf85f8c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66492c0ff2d5b89b, 0x40080ff8, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [x1], #-256", 0xf8500420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7dabda083, 0x40080f00, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrb w0, [x1, #255]!", 0x384ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66, 0x400810ff, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, [x1], #4", 0xb8804420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffdabda083, 0x40081004, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh w0, [x1, #2]!", 0x78c02c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffdabd, 0x40081002, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb x0, [x1], #-1", 0x389ff420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffff83, 0x40080fff, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [sp, #16]!", 0xf8410fe0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x1e01e4c7aa8d7053, 0x40081000, 0x10}, 0x40081010, {{0}}, {{0}}},
    {"ldr w0, [sp], #-16", 0xb85f07e0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xdabda083, 0x40081000, 0x10}, 0x40080ff0, {{0}}, {{0}}},
    {"str x0, [x1, #-16]!", 0xf81f0c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40080ff0, 0x10}, 0x40081000, {{0}}, {{0x40080ff0, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    {"strh w0, [x1], #-2", 0x781fe420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40080ffe, 0x10}, 0x40081000, {{0}}, {{0x40081000, 2, {0x11, 0x22}}}},
    {"strb w0, [x1, #1]!", 0x38001c20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081001, 0x10}, 0x40081000, {{0}}, {{0x40081001, 1, {0x11}}}},
    {"str w0, [sp, #-16]!", 0xb81f0fe0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40080ff0, {{0}}, {{0x40080ff0, 4, {0x11, 0x22, 0x33, 0x44}}}},
    {"str x0, [sp], #16", 0xf80107e0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081010, {{0}}, {{0x40081000, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    /* register offset: LSL, UXTW, SXTW, SXTX, with and without scaling */
    {"ldr x0, [x1, x2]", 0xf8626820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x1e01e4c7aa8d7053, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [x1, x2, lsl #3]", 0xf8627820, {0x8877665544332211, 0x40081000, 0x3}, 0x40081000, {0x6e9ccaf9275583b, 0x40081000, 0x3}, 0x40081000, {{0}}, {{0}}},
    {"ldr w0, [x1, w2, uxtw #2]", 0xb8625820, {0x8877665544332211, 0x40081000, 0xffffffff00000004}, 0x40081000, {0xaa8d7053, 0x40081000, 0xffffffff00000004}, 0x40081000, {{0}}, {{0}}},
    {"ldr x0, [x1, w2, sxtw]", 0xf862c820, {0x8877665544332211, 0x40081000, 0xfffffff8}, 0x40081000, {0x66492c0ff2d5b89b, 0x40081000, 0xfffffff8}, 0x40081000, {{0}}, {{0}}},
    {"ldrsb x0, [x1, x2, lsl #0]", 0x38a27820, {0x8877665544332211, 0x40081000, 0x11}, 0x40081000, {0x70, 0x40081000, 0x11}, 0x40081000, {{0}}, {{0}}},
    {"ldrh w0, [x1, x2, sxtx #1]", 0x7862f820, {0x8877665544332211, 0x40081000, 0xfffffffffffffffe}, 0x40081000, {0x2c0f, 0x40081000, 0xfffffffffffffffe}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, [x1, w2, sxtw #2]", 0xb8a2d820, {0x8877665544332211, 0x40081000, 0x1ffffffff}, 0x40081000, {0x66492c0f, 0x40081000, 0x1ffffffff}, 0x40081000, {{0}}, {{0}}},
    {"ldrsh w0, [x1, w2, uxtw]", 0x78e24820, {0x8877665544332211, 0x40081000, 0x100000003}, 0x40081000, {0xfffff7da, 0x40081000, 0x100000003}, 0x40081000, {{0}}, {{0}}},
    {"ldrb w0, [sp, x2]", 0x38626be0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x53, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"str w0, [x1, x2, lsl #2]", 0xb8227820, {0x8877665544332211, 0x40081000, 0x5}, 0x40081000, {0x8877665544332211, 0x40081000, 0x5}, 0x40081000, {{0}}, {{0x40081014, 4, {0x11, 0x22, 0x33, 0x44}}}},
    {"strb w0, [x1, w2, sxtw]", 0x3822c820, {0x8877665544332211, 0x40081000, 0xffffffff}, 0x40081000, {0x8877665544332211, 0x40081000, 0xffffffff}, 0x40081000, {{0}}, {{0x40080fff, 1, {0x11}}}},
    {"strh w0, [x1, w2, uxtw #1]", 0x78225820, {0x8877665544332211, 0x40081000, 0x7}, 0x40081000, {0x8877665544332211, 0x40081000, 0x7}, 0x40081000, {{0}}, {{0x4008100e, 2, {0x11, 0x22}}}},
    {"str x0, [x1, x2, sxtx]", 0xf822e820, {0x8877665544332211, 0x40081000, 0xfffffffffffffff0}, 0x40081000, {0x8877665544332211, 0x40081000, 0xfffffffffffffff0}, 0x40081000, {{0}}, {{0x40080ff0, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    /* unprivileged (LDTR/STTR): at EL1 with the MMU off, the same as plain accesses */
    {"ldtr x0, [x1, #-8]", 0xf85f8820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66492c0ff2d5b89b, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtr w0, [x1, #3]", 0xb8403820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x3114f7da, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrb w0, [x1, #255]", 0x384ff820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrh w0, [x1, #-256]", 0x78500820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xa083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrsb w0, [x1, #2]", 0x38c02820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffbd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrsb x0, [x1, #2]", 0x38802820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffffbd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrsh w0, [x1, #2]", 0x78c02820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffdabd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrsh x0, [x1, #2]", 0x78802820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffffffdabd, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldtrsw x0, [x1, #4]", 0xb8804820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"sttr x0, [x1, #1]", 0xf8001820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081001, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    {"sttrh w0, [x1, #-1]", 0x781ff820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40080fff, 2, {0x11, 0x22}}}},
    {"sttrb w0, [x1, #7]", 0x38007820, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081007, 1, {0x11}}}},
    {"sttr w0, [sp, #-4]", 0xb81fcbe0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40080ffc, 4, {0x11, 0x22, 0x33, 0x44}}}},
    /* load-acquire / store-release */
    {"ldar x0, [x1]", 0xc8dffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7dabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldar w0, [x1]", 0x88dffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xdabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldarh w0, [x1]", 0x48dffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xa083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldarb w0, [x1]", 0x08dffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x83, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"stlr x0, [x1]", 0xc89ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081000, 8, {0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88}}}},
    {"stlr w0, [x1]", 0x889ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081000, 4, {0x11, 0x22, 0x33, 0x44}}}},
    {"stlrh w0, [x1]", 0x489ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081000, 2, {0x11, 0x22}}}},
    {"stlrb w0, [x1]", 0x089ffc20, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0x40081000, 1, {0x11}}}},
    {"ldar x0, [sp]", 0xc8dfffe0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7dabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    /* writeback into the base itself (CONSTRAINED UNPREDICTABLE: the address wins for loads, */
    /* the original value is stored) */
    {"ldr x1, [x1], #8", 0xf8408421, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081008, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr x1, [x1, #8]!", 0xf8408c21, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081008, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"str x1, [x1], #16", 0xf8010421, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081010, 0x10}, 0x40081000, {{0}}, {{0x40081000, 8, {0x0, 0x10, 0x8, 0x40, 0x0, 0x0, 0x0, 0x0}}}},
    {"str x1, [x1, #-8]!", 0xf81f8c21, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40080ff8, 0x10}, 0x40081000, {{0}}, {{0x40080ff8, 8, {0x0, 0x10, 0x8, 0x40, 0x0, 0x0, 0x0, 0x0}}}},
    /* literal, and prefetches (no access) */
    {"ldr x0, .+0x81000", 0x58408000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7dabda083, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldr w0, .+0x81ffc", 0x1840ffe0, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x66492c0f, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, .+0x81004", 0x98408020, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x4e3114f7, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"ldrsw x0, .+0x81008", 0x98408040, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0xffffffffc2a5886b, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"prfm pldl1keep, .+0x81000", 0xd8408000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"prfm pldl1keep, [x1, #8]", 0xf9800420, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"prfum pstl2strm, [x1, #-1]", 0xf89ff033, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"prfm plil3keep, [x1, x2]", 0xf8a2682c, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {0x8877665544332211, 0x40081000, 0x10}, 0x40081000, {{0}}, {{0}}},
    {"prfm pldl1keep, [x1]", 0xf9800020, {0x8877665544332211, 0x10000000, 0x10}, 0x40081000, {0x8877665544332211, 0x10000000, 0x10}, 0x40081000, {{0}}, {{0}}},
};

static void run_table(const struct ldst_case *cases, size_t n)
{
    for (unsigned el = 0; el < 2; el++)
        for (size_t i = 0; i < n; i++)
            ldst_run_case(&cases[i], el);
}

static void test_gp_table(void) { run_table(gp_cases, sizeof gp_cases / sizeof gp_cases[0]); }

/* A literal load before the instruction: LDR X0, .-8 reads the two NOPs in front of it. */
static void test_literal_negative(void)
{
    static const uint32_t code[] = { 0xd503201f, 0xd503201f, 0x58ffffc0 /* ldr x0, .-8 */ };
    struct cpu *cpu = fixture_cpu(1);
    fixture_run(cpu, code, 3);
    CHECK_EQ_U64(cpu->r[0], 0xd503201fd503201full);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 12);
}

#define SCTLR_A (1u << 1)
#define SCTLR_SA (1u << 3)
#define SCTLR_SA0 (1u << 4)
#define HCR_TGE (1ull << 27)

/* Run one instruction expected to take a synchronous exception; check the syndrome registers of
 * the target EL and that PC went to the vector (VBAR = 0: offset 0x200 same EL, 0x400 lower). */
static void check_fault(struct cpu *cpu, uint32_t insn, unsigned target, uint64_t esr, uint64_t far, bool far_valid)
{
    unsigned from = cpu->el;
    fixture_run(cpu, &insn, 1);
    CHECK_EQ_U64(cpu->el, target);
    CHECK_EQ_U64(cpu->pc, target == from ? 0x200 : 0x400);
    CHECK_EQ_U64(cpu->sr[target == 2 ? SR_ESR_EL2 : SR_ESR_EL1], esr);
    CHECK_EQ_U64(cpu->sr[target == 2 ? SR_ELR_EL2 : SR_ELR_EL1], FIXTURE_CODE);
    if (far_valid)
        CHECK_EQ_U64(cpu->sr[target == 2 ? SR_FAR_EL2 : SR_FAR_EL1], far);
}

/* CheckSPAlignment: SP (not the address) must be 16-byte aligned when SCTLR_ELx.SA (SA0 at EL0)
 * is set; the fault (EC 0x26, IL = 1, ISS = 0) comes before the access and the writeback. */
static void test_sp_alignment_fault_el1(void)
{
    static const uint32_t insns[] = {
        0xf94003e0, /* ldr x0, [sp] */
        0xf94007e0, /* ldr x0, [sp, #8] */
        0xf85f8fe0, /* ldr x0, [sp, #-8]! */
        0xf8626be0, /* ldr x0, [sp, x2] */
        0xf90003e0, /* str x0, [sp] */
        0xa94007e0, /* ldp x0, x1, [sp] */
        0x3dc003e0, /* ldr q0, [sp] */
        0xc85f7fe0, /* ldxr x0, [sp] */
        0x489fffe9, /* stlrh w9, [sp] */
    };
    for (size_t i = 0; i < sizeof insns / sizeof insns[0]; i++) {
        struct cpu *cpu = fixture_cpu(1);
        cpu->sr[SR_CPACR_EL1] = 3u << 20;
        cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA;
        cpu->r[REG_SP] = FIXTURE_STACK - 8;
        cpu->r[0] = 0x1234;
        cpu->r[2] = 8;
        check_fault(cpu, insns[i], 1, 0x9a000000, 0, false);
        CHECK_EQ_U64(cpu->r[0], 0x1234);
        CHECK_EQ_U64(cpu->r[REG_SP], FIXTURE_STACK - 8); /* no writeback */
        CHECK_EQ_U64(*fixture_ram(FIXTURE_STACK - 8), 0);
    }
}

/* A misaligned access to a low address must not match an empty fast-TLB entry (their tag once
 * equalled VA 1 masked for a halfword): it takes the alignment fault of Device memory. */
static void test_misaligned_low_address_faults(void)
{
    static const struct { uint32_t insn; uint64_t va; uint64_t esr; } cases[] = {
        { 0x79400020, 1, 0x96000021 },   /* ldrh w0, [x1] */
        { 0xb9400020, 3, 0x96000021 },   /* ldr w0, [x1] */
        { 0xf9400020, 7, 0x96000021 },   /* ldr x0, [x1] */
        { 0x79000020, 1, 0x96000061 },   /* strh w0, [x1] */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = fixture_cpu(1);
        cpu->r[1] = cases[i].va;
        cpu->r[0] = 0x1234;
        check_fault(cpu, cases[i].insn, 1, cases[i].esr, cases[i].va, true);
        CHECK_EQ_U64(cpu->r[0], 0x1234);
    }
}

static void test_sp_alignment_disabled_or_aligned(void)
{
    /* SA = 0: a misaligned SP is fine */
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[REG_SP] = FIXTURE_STACK - 8;
    *fixture_ram(FIXTURE_STACK - 8) = 0x5a;
    uint32_t ldr = 0xf94003e0; /* ldr x0, [sp] */
    fixture_run(cpu, &ldr, 1);
    CHECK_EQ_U64(cpu->r[0], 0x5a);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    /* SA = 1, SP aligned, misaligned address: the check is on SP only */
    cpu = fixture_cpu(1);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA;
    *fixture_ram(FIXTURE_STACK + 8) = 0xa5;
    uint32_t ldr8 = 0xf94007e0; /* ldr x0, [sp, #8] */
    fixture_run(cpu, &ldr8, 1);
    CHECK_EQ_U64(cpu->r[0], 0xa5);
    /* PRFM does not check SP */
    cpu = fixture_cpu(1);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA;
    cpu->r[REG_SP] = FIXTURE_STACK - 1;
    uint32_t prfm = 0xf98003e0; /* prfm pldl1keep, [sp] */
    fixture_run(cpu, &prfm, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    /* EL0 uses SA0, not SA */
    cpu = fixture_cpu(0);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA;
    cpu->r[REG_SP] = FIXTURE_STACK - 8;
    fixture_run(cpu, &ldr, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    CHECK_EQ_U64(cpu->el, 0);
}

static void test_sp_alignment_fault_el0_el2(void)
{
    uint32_t ldr = 0xf94003e0; /* ldr x0, [sp] */
    struct cpu *cpu = fixture_cpu(0);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA0;
    cpu->r[REG_SP] = FIXTURE_STACK + 4;
    check_fault(cpu, ldr, 1, 0x9a000000, 0, false);
    /* EL0 with HCR_EL2.TGE = 1: to EL2 */
    cpu = fixture_cpu(0);
    cpu->sr[SR_HCR_EL2] |= HCR_TGE;
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_SA0;
    cpu->r[REG_SP] = FIXTURE_STACK + 4;
    check_fault(cpu, ldr, 2, 0x9a000000, 0, false);
    /* EL2 uses SCTLR_EL2.SA */
    cpu = fixture_cpu(2);
    cpu->sr[SR_SCTLR_EL2] |= SCTLR_SA;
    cpu->r[REG_SP] = FIXTURE_STACK + 2;
    check_fault(cpu, ldr, 2, 0x9a000000, 0, false);
}

/* Alignment faults from SCTLR_ELx.A and from MEM_ALIGNED (LDAR/STLR): data abort, DFSC 0x21,
 * WnR for stores, FAR = the address. */
static void test_alignment_faults(void)
{
    struct {
        uint32_t insn;
        uint64_t x1;
        bool strict; /* SCTLR_EL1.A */
        uint64_t esr;
    } cases[] = {
        { 0xf9400020, FIXTURE_DATA + 1, true, 0x96000021 },  /* ldr x0, [x1] */
        { 0xf9000020, FIXTURE_DATA + 4, true, 0x96000061 },  /* str x0, [x1] */
        { 0x79800020, FIXTURE_DATA + 1, true, 0x96000021 },  /* ldrsh x0, [x1] */
        { 0xc8dffc20, FIXTURE_DATA + 8 + 4, false, 0x96000021 }, /* ldar x0, [x1] */
        { 0x88dffc27, FIXTURE_DATA + 2, false, 0x96000021 },  /* ldar w7, [x1] */
        { 0xa9400820, FIXTURE_DATA + 4, true, 0x96000021 },   /* ldp x0, x2, [x1] */
        { 0x3dc00020, FIXTURE_DATA + 8, true, 0x96000021 },   /* ldr q0, [x1]: 16-byte alignment */
        { 0x3d800020, FIXTURE_DATA + 8, true, 0x96000061 },   /* str q0, [x1] */
        { 0xad000420, FIXTURE_DATA + 8, true, 0x96000061 },   /* stp q0, q1, [x1] */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct cpu *cpu = fixture_cpu(1);
        cpu->sr[SR_CPACR_EL1] = 3u << 20;
        fixture_normal_memory(cpu);
        if (cases[i].strict)
            cpu->sr[SR_SCTLR_EL1] |= SCTLR_A;
        cpu->r[1] = cases[i].x1;
        cpu->r[0] = 0x77;
        check_fault(cpu, cases[i].insn, 1, cases[i].esr, cases[i].x1, true);
        CHECK_EQ_U64(cpu->r[0], 0x77);
        CHECK_EQ_U64(*fixture_ram(cases[i].x1 & ~7ull), 0);
    }
    /* Without SCTLR.A the same plain accesses succeed, and a W pair needs only 4-byte alignment */
    struct cpu *cpu = fixture_cpu(1);
    fixture_normal_memory(cpu);
    cpu->r[1] = FIXTURE_DATA + 1;
    uint32_t ldr = 0xf9400020;
    fixture_run(cpu, &ldr, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    cpu = fixture_cpu(1);
    fixture_normal_memory(cpu);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_A;
    cpu->r[1] = FIXTURE_DATA + 4;
    uint32_t ldpw = 0x29400820; /* ldp w0, w2, [x1] */
    fixture_run(cpu, &ldpw, 1);
    CHECK_EQ_U64(cpu->pc, FIXTURE_CODE + 4);
    /* From EL0: a data abort from a lower EL (EC 0x24) to EL1 */
    cpu = fixture_cpu(0);
    fixture_normal_memory(cpu);
    cpu->sr[SR_SCTLR_EL1] |= SCTLR_A;
    cpu->r[1] = FIXTURE_DATA + 2;
    check_fault(cpu, 0xb9000020 /* str w0, [x1] */, 1, 0x92000061, FIXTURE_DATA + 2, true);
}

/* Nothing at the address: a synchronous external abort (DFSC 0x10), no register written. */
static void test_external_abort(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[1] = 0x10000000;
    check_fault(cpu, 0xf9400020 /* ldr x0, [x1] */, 1, 0x96000010, 0x10000000, true);
    CHECK_EQ_U64(cpu->r[0], 0);
    cpu = fixture_cpu(2);
    cpu->r[1] = 0x10000008;
    check_fault(cpu, 0xb8400820 /* ldtr w0, [x1] */, 2, 0x96000010, 0x10000008, true);
    cpu = fixture_cpu(1);
    cpu->r[1] = 0x10000000;
    check_fault(cpu, 0xa9400820 /* ldp x0, x2, [x1] */, 1, 0x96000010, 0x10000000, true);
    cpu = fixture_cpu(1);
    cpu->r[1] = 0x10000000;
    check_fault(cpu, 0xf9000020 /* str x0, [x1] */, 1, 0x96000050, 0x10000000, true);
}

/* With the MMU off and HCR_EL2.DC = 0 (EL2: always) memory is Device-nGnRnE: a misaligned
 * access takes an alignment fault whatever SCTLR.A says. */
static void test_mmu_off_device_alignment(void)
{
    struct cpu *cpu = fixture_cpu(2);
    cpu->r[1] = FIXTURE_DATA + 0x100;
    check_fault(cpu, 0xb84ff020 /* ldur w0, [x1, #255] */, 2, 0x96000021, FIXTURE_DATA + 0x1ff, true);
    cpu = fixture_cpu(1);
    cpu->r[1] = FIXTURE_DATA + 0x100;
    check_fault(cpu, 0xf81fd020 /* stur x0, [x1, #-3] */, 1, 0x96000061, FIXTURE_DATA + 0xfd, true);
}

static void test_mmio(void)
{
    struct cpu *cpu = fixture_cpu(1);
    cpu->r[0] = 0xcafef00d12345678;
    cpu->r[1] = FIXTURE_MMIO_BASE + 0x10;
    uint32_t str = 0xb9000020; /* str w0, [x1] */
    fixture_run(cpu, &str, 1);
    CHECK_EQ_U64(fixture_mmio.count, 1);
    CHECK_EQ_U64(fixture_mmio.is_write, 1);
    CHECK_EQ_U64(fixture_mmio.pa, FIXTURE_MMIO_BASE + 0x10);
    CHECK_EQ_U64(fixture_mmio.size, 4);
    CHECK_EQ_U64(fixture_mmio.value, 0x12345678);
    cpu = fixture_cpu(1);
    fixture_mmio_read_value = 0x8001;
    cpu->r[1] = FIXTURE_MMIO_BASE + 0x22;
    uint32_t ldrsh = 0x79800020; /* ldrsh x0, [x1] */
    fixture_run(cpu, &ldrsh, 1);
    CHECK_EQ_U64(cpu->r[0], 0xffffffffffff8001);
    CHECK_EQ_U64(fixture_mmio.is_write, 0);
    CHECK_EQ_U64(fixture_mmio.pa, FIXTURE_MMIO_BASE + 0x22);
    CHECK_EQ_U64(fixture_mmio.size, 2);
}

/* The ISS a stage-2 data abort reports (in->imm bits 63:32, see core/exec_ldst.h): single
 * general-purpose register accesses without writeback only. */
static void test_syndrome(void)
{
    static const struct {
        uint32_t insn;
        uint64_t iss;
        bool no_syndrome;
    } cases[] = {
        { 0x79800423, 0x1638000, false }, /* ldrsh x3, [x1, #2]: SAS=1 SSE SRT=3 SF */
        { 0x38226825, 0x1050000, false }, /* strb w5, [x1, x2]: SAS=0 SRT=5 */
        { 0x88dffc27, 0x1874000, false }, /* ldar w7, [x1]: SAS=2 SRT=7 AR */
        { 0x489fffe9, 0x1494000, false }, /* stlrh w9, [sp]: SAS=1 SRT=9 AR */
        { 0x5800005e, 0x1de8000, false }, /* ldr x30, literal: SAS=3 SRT=30 SF */
        { 0xb8800822, 0x1a28000, false }, /* ldtrsw x2, [x1]: SAS=2 SSE SRT=2 SF */
        { 0xf900003f, 0x1df8000, false }, /* str xzr, [x1]: SRT=31 */
        { 0x38dff024, 0x1240000, false }, /* ldursb w4, [x1, #-1]: SSE SRT=4, SF=0 */
        { 0xf8408420, 0, true },          /* ldr x0, [x1], #8: writeback */
        { 0xa9400440, 0, true },          /* ldp x0, x1, [x2] */
        { 0x3dc00020, 0, true },          /* ldr q0, [x1] */
        { 0xc85f7c20, 0, true },          /* ldxr x0, [x1] */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct insn in = { .raw = cases[i].insn };
        CU_ASSERT_TRUE(decode_a64(cases[i].insn, &in));
        CHECK_EQ_U64(in.imm >> 32, cases[i].iss);
        CHECK_EQ_U64((in.flags & MEM_NO_SYNDROME) != 0, cases[i].no_syndrome);
    }
}

/* LLVM-valid ARMv8.0 loads/stores: 229 words */
static const uint32_t ldst_allocated[] = {
    0x79cb9e86, 0x18187993, 0x986e86cb, 0xbd299753, 0x28518867, 0xa9964aef,
    0xd8b9b45c, 0x78511608, 0xacc6d8f2, 0x68f918d8, 0xa82cb2cd, 0x7928c6a1,
    0x080f73bb, 0x39f90f81, 0x39530168, 0x887aae6a, 0xf85680d1, 0x48d0ca3e,
    0x38002d3a, 0x480d6e49, 0x78cf417d, 0xc80afdf0, 0xc8cfad9a, 0xb81f6b08,
    0x0848a1e5, 0xc86007be, 0x784c0240, 0x4814c6e8, 0x089ac110, 0x881c3ae5,
    0x78cdf838, 0x08c5c787, 0xc886e5c3, 0xb81d1113, 0x485e6611, 0x884148f0,
    0xf85d59c5, 0x781cca9e, 0x38551bdb, 0x08545246, 0xf88841f0, 0x388fb8a1,
    0x781653cc, 0x3840b006, 0x388fe014, 0xb892f35d, 0x8826a4e4, 0x48949598,
    0xc8272619, 0x884ef1b1, 0x380c9300, 0xb89d1ac1, 0x0807ab22, 0x784fdb2f,
    0x484cf23a, 0x380688ea, 0x3deffa38, 0xd8e94b15, 0x2d7c5048, 0xfd741069,
    0xf9903b72, 0xfd42e044, 0x9c3ecb54, 0x9c461cb5, 0xb9b338eb, 0x2891dd3c,
    0xbd4aeab0, 0x3d0840fb, 0xbd65693b, 0x98b20411, 0x2ce933e1, 0x69534048,
    0x2d1ef7bf, 0xf91acb8d, 0x5cb58b8e, 0x798c06fe, 0xa98a372e, 0x1ce606fd,
    0xa8fe622a, 0x7c7dfaf5, 0xad9a6296, 0x9c9c2d91, 0xa8f51ac5, 0x3dd1e044,
    0x1ce262d6, 0x69fae866, 0xac11d871, 0xada219c6, 0x3cc6d62d, 0x79a2ed17,
    0x2dbe5f3d, 0x2dd96b62, 0x588262d5, 0x28c0d4ae, 0x6dcea371, 0x2c42eeac,
    0xb93ba587, 0xad89f4a1, 0xd862ff16, 0x9c03e73b, 0xf82aead1, 0xfd496ca3,
    0x69ed1938, 0x79211cb2, 0x79fe0c5f, 0xb93e081b, 0x69d4b6cc, 0x28e3f793,
    0x9c9919f2, 0x58fc0a18, 0x18cbeef9, 0x3d45e04e, 0x18d6084d, 0x18972e44,
    0x5c7fb02d, 0x2c2869b6, 0x2874799a, 0xac45a7a5, 0x186211cb, 0x18c23ef0,
    0x6d2b653f, 0xd8219c9d, 0x5c0ca7f4, 0xbd450232, 0x1844ebd1, 0x28f82e74,
    0x7805ec94, 0xa8e61cb5, 0x8877e8e7, 0xbd21a956, 0xd8acacfd, 0x98f8285a,
    0x28f1469a, 0x78c55d1f, 0x9c75bdf3, 0x98b84db3, 0x6df8d816, 0xa9e1374e,
    0x28161d1b, 0xfd1ffe87, 0xb91adc4d, 0x3944babf, 0x6df4be4f, 0xb8188fd9,
    0xf9218af2, 0xb905579f, 0x3d08814d, 0xd8b843a4, 0x9c1c6a5e, 0xb99e8c2c,
    0x3d4bae13, 0x6cd9727e, 0xad20b0d0, 0x292df063, 0x6ca2e0f9, 0xfd3af032,
    0x98be768b, 0x6d7aa345, 0x18d61a25, 0x7c1f943c, 0xa97f45cd, 0xb99969f8,
    0xa8426611, 0x9842bdd1, 0x5c97fdc1, 0xad502d03, 0xbd241f8b, 0x2d62c4b0,
    0x2d35256c, 0x289f8719, 0x6c3904b6, 0x18f271ef, 0x6c0b98ad, 0x7d2fae96,
    0xac21941d, 0xb88f3458, 0xfc56a5ba, 0x5caf7c5c, 0x1c242d37, 0x29896d3c,
    0x6cc934e1, 0xf8423599, 0x2def4fe1, 0x3c43c005, 0x9843e602, 0x395565fd,
    0x2c29d5e5, 0x7c193d3c, 0xa906283f, 0x3893cca7, 0xa85568f0, 0x3cd4452a,
    0x28442ee2, 0x282b4370, 0x2da5060c, 0xd89f702b, 0x18dfef15, 0x69c42a9e,
    0x28554bd2, 0x5c15ebe0, 0xad051296, 0x79aa6564, 0xd831a508, 0x1c0db0f1,
    0x78460e4c, 0xb94a6f6b, 0x182a5d2e, 0xad7d71ae, 0x2de2f7fb, 0x2836c42c,
    0x6d50b44f, 0x9cf3cbcc, 0xa904cb91, 0x9c872651, 0x288919f7, 0x9cace1cb,
    0xa8d13f0a, 0x5c7787d2, 0xf93c6dd3, 0x3d16e30e, 0x3da91979, 0x5cf41793,
    0x98fb212e, 0xa88b21a1, 0xd8eca651, 0x2896b929, 0x6979367f, 0x2c76d717,
    0x586f1a06,
};
/* unallocated words matching an ldst.decode line: 240 */
static const uint32_t ldst_unallocated[] = {
    0xec99108d, 0x6822a6b2, 0xed52a241, 0xe90794df, 0xec3fbf4d, 0xf88ece64,
    0xe88e752f, 0x7db224cb, 0xede26c2e, 0x482ea760, 0xec7038c9, 0xe903aefa,
    0x38363a3c, 0xecfcc396, 0x69155cca, 0xe8f37d7e, 0xb8d0c65d, 0xec9a5dc8,
    0xe8f51608, 0x7cc95bc2, 0x38ae994e, 0xe83f0c55, 0x693cc50d, 0x7db4d3b5,
    0xec652b9e, 0xecde8a07, 0xbda334ae, 0xec3a74cd, 0xe94fbd20, 0xfd846420,
    0x4878e0a9, 0xed48d09d, 0x686fcb68, 0xdc58eafb, 0xe8a33edb, 0xe94ae4a7,
    0xfd969744, 0xedf218f0, 0x68a77ed0, 0xe8d33780, 0xdc72f57f, 0xe9b2ebf7,
    0x3c18d810, 0xe92295bc, 0x486d2107, 0xb9d989c9, 0xe801c67e, 0xe9d2f6b2,
    0xe86175df, 0x691d71a5, 0xec6e8dac, 0xbdc16576, 0xfdb2db3b, 0x78b09bd1,
    0xe985a65d, 0xe8c78d6d, 0xe92234f1, 0xdcd1debb, 0xf9dd055b, 0xfd80bd72,
    0xec9c1b02, 0xe8799892, 0xbdde6946, 0x3ccb5ac2, 0xfddb1598, 0xfcc72d61,
    0x6826bd57, 0xed491ba5, 0x69820a38, 0xfc4cc944, 0xfc9d803b, 0xedd6e10b,
    0xe8c9ea0b, 0xfdfc4f50, 0x08328588, 0xbcd88934, 0xe80cc12a, 0x0876b34d,
    0xe9be076d, 0x682e86f8, 0x68b59065, 0xe841f6cb, 0xe8f24416, 0xe94a98cd,
    0xec32b9ee, 0x3c78b95a, 0xf9ece054, 0xb9cc9520, 0xdc8d832c, 0xed3f6af5,
    0xe84b12bd, 0xfcdc52ab, 0xede43a56, 0xe8e14b6e, 0x082e184a, 0xe8453792,
    0x691f08cf, 0xfc52ea94, 0xf9dfd036, 0xec54669a, 0xbcc8516e, 0xe978ab45,
    0xec855fd5, 0xdc2647a3, 0xdcdb8433, 0xbdda9a61, 0xec6e9c6b, 0xe835cc8d,
    0x08225c8c, 0x69228d2f, 0xf9c10133, 0xececef87, 0xe852c892, 0xe8e154db,
    0xe9945e49, 0x693466df, 0xe8dc611d, 0xed2d94d9, 0x7d9b86d9, 0xbcce00b0,
    0x69a71e46, 0xbd80f059, 0xed71d111, 0xb8ccac41, 0x687ee266, 0x7cff1896,
    0xfddc2adb, 0x689790d8, 0x0838d346, 0xecadaa04, 0x6895e294, 0xe8de1491,
    0xbddba97f, 0xfccccfd1, 0x6880e41d, 0xe93b16f7, 0xecc08211, 0x083ec47e,
    0xbc9bac6e, 0x7db77776, 0xec85f464, 0x7da1fb92, 0xedc9540d, 0x6883db31,
    0x68b3af8a, 0x38e52993, 0xf9f91af4, 0xbde6ff62, 0xbdf5b39c, 0xdc147884,
    0x69b6b256, 0xf866ab1e, 0x680ca216, 0xe97e97fc, 0xed546869, 0x7cc68b06,
    0x68175eb0, 0xdc2c5e40, 0x7d864a72, 0xed649a0a, 0xe9dc2e19, 0xbc14a9db,
    0xec19b0c0, 0x6858ae71, 0xed9c9e4c, 0x692b6adf, 0xe877609e, 0xf9ca5b9f,
    0xe8ddaf66, 0x7c9f029c, 0xdc74c8e5, 0xbcd24821, 0xec870d8f, 0xdc0f94ff,
    0xed36d999, 0xecdf68bc, 0x7ca8cabe, 0xf9dcc9db, 0xece311d2, 0xe9bf22aa,
    0x08273490, 0xfcc0f204, 0x082ea365, 0x685a245f, 0xb9f815d8, 0xe9378ac2,
    0xfd8e5402, 0xe81de9f5, 0xbdd336db, 0xe96fef8c, 0x086c480e, 0xb9f9e053,
    0xec7bc7e5, 0xec97a79d, 0x48217595, 0xbc83d5e8, 0xf8cf307b, 0xe9e881c5,
    0x7dd2f431, 0xec2d2a76, 0x3c06b840, 0xed2356b4, 0xe93a6107, 0xf9f10890,
    0x68562c8d, 0xeca5b533, 0x7def19e7, 0xed5709cd, 0xe958d824, 0xfddf7e92,
    0x7ce3a949, 0xdccd7232, 0xdc206eed, 0x682215ff, 0xecb888ff, 0xf9d36cae,
    0x68aa986b, 0xbdd36443, 0x7c952d3a, 0xfc96f46d, 0xed16af6f, 0x691210ff,
    0xf9f42fa7, 0xbdade0dd, 0xe9a9e3b5, 0x68581bb9, 0xfcb0f9b1, 0xec2635c6,
    0x7cc0f40b, 0xfdbca4aa, 0xe919204b, 0xdc0a3281, 0xfc163bc1, 0x7debf91a,
    0xdcbec7fb, 0xe8ae30df, 0xec7f90af, 0x0827a929, 0xec3e9528, 0xfdca4d2f,
};

/* The allocated ARMv8.0 load/store encodings decode to an implementation; the unallocated ones
 * that share a pattern line are rejected by its trans_ function (UNDEFINED). */
static void test_decode_allocation(void)
{
    for (size_t i = 0; i < sizeof ldst_allocated / sizeof ldst_allocated[0]; i++) {
        struct insn in = { .raw = ldst_allocated[i] };
        int idx = decode_a64_index(ldst_allocated[i], -1);
        bool ok = decode_a64(ldst_allocated[i], &in);
        if (!ok || idx < 0)
            printf("\n0x%08x should decode to an implementation\n", ldst_allocated[i]);
        CU_ASSERT_TRUE(ok && idx >= 0);
    }
    for (size_t i = 0; i < sizeof ldst_unallocated / sizeof ldst_unallocated[0]; i++) {
        struct insn in = { .raw = ldst_unallocated[i] };
        bool ok = decode_a64(ldst_unallocated[i], &in);
        if (ok)
            printf("\n0x%08x should be UNDEFINED\n", ldst_unallocated[i]);
        CU_ASSERT_FALSE(ok);
    }
}

UNIT_SUITE(ldst,
           UNIT_TEST(test_gp_table),
           UNIT_TEST(test_literal_negative),
           UNIT_TEST(test_sp_alignment_fault_el1),
           UNIT_TEST(test_misaligned_low_address_faults),
           UNIT_TEST(test_sp_alignment_disabled_or_aligned),
           UNIT_TEST(test_sp_alignment_fault_el0_el2),
           UNIT_TEST(test_alignment_faults),
           UNIT_TEST(test_external_abort),
           UNIT_TEST(test_mmu_off_device_alignment),
           UNIT_TEST(test_mmio),
           UNIT_TEST(test_syndrome),
           UNIT_TEST(test_decode_allocation))

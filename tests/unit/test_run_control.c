/* Run control through the embedding API (include/elsim.h) on a real `virt` machine: VA and PA
 * breakpoints stop before the instruction with exact instruction counts and resume past it,
 * per-CPU points, read/write watchpoints report the access and stop right after it, break-on
 * conditions stop at the vector or the return address, single steps, stop requests, and the
 * debugger's view of memory and translation. */
#include <stdio.h>
#include <string.h>

#include "elsim.h"
#include "harness.h"
#include "machine_fixture.h"
#include "sysreg.h"

#define CODE 0x40000000ull
#define DATA 0x40100000ull

/* movz x0,#1; movz x1,#2; add x2,x0,x1; add x3,x2,x2; str x3,[x5]; ldr x4,[x5]; hvc #7; b . */
static const uint32_t program[] = { 0xd2800020, 0xd2800041, 0x8b010002, 0x8b020043,
                                    0xf90000a3, 0xf94000a4, 0xd40000e2, 0x14000000 };
#define VECTORS 0x40010000ull /* VBAR_EL2: every vector holds `b .` */

static struct elsim *machine(unsigned cpus)
{
    const uint32_t branch_to_self = 0x14000000;
    struct elsim *sim = machine_fixture(cpus, CODE, program, sizeof program / sizeof *program, VECTORS,
                                        branch_to_self);
    elsim_cpu(sim, 0)->r[5] = DATA;
    return sim;
}

static enum elsim_result run(struct elsim *sim, uint64_t max)
{
    struct elsim_limits limits = { .max_insns = max };
    return elsim_run(sim, &limits);
}

static void test_va_breakpoint_stops_before_and_resumes(void)
{
    struct elsim *sim = machine(1);
    struct cpu *cpu = elsim_cpu(sim, 0);
    int id = elsim_point_add(sim, ELSIM_BREAK_VA, CODE + 8, 0, -1);
    CU_ASSERT(id > 0);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    const struct elsim_stop *s = elsim_last_stop(sim);
    CHECK_EQ_U64(s->kind, ELSIM_STOP_BREAKPOINT);
    CHECK_EQ_U64(s->point_id, id);
    CHECK_EQ_U64(s->pc, CODE + 8);
    CHECK_EQ_U64(cpu->pc, CODE + 8);
    CHECK_EQ_U64(cpu->insns, 2);     /* the two MOVZs; the ADD has not run */
    CHECK_EQ_U64(cpu->r[2], 0);
    /* Resuming steps over the breakpoint; the HVC then lands in the vector's loop. */
    CHECK_EQ_U64(run(sim, 100), ELSIM_INSN_LIMIT);
    CHECK_EQ_U64(cpu->r[3], 6);
    CHECK_EQ_U64(cpu->insns, 102);
    /* Without the point the same code runs through. */
    CU_ASSERT_TRUE(elsim_point_remove(sim, id));
    CU_ASSERT_FALSE(elsim_point_remove(sim, id));
    elsim_destroy(sim);
}

/* The tail of a budget runs one instruction at a time, outside blocks and their probes: the
 * breakpoint still stops the CPU before the instruction. */
static void test_breakpoint_in_single_stepped_tail(void)
{
    struct elsim *sim = machine(1);
    elsim_point_add(sim, ELSIM_BREAK_VA, CODE + 8, 0, -1);
    CHECK_EQ_U64(run(sim, 5), ELSIM_DEBUG_STOP);
    CHECK_EQ_U64(elsim_last_stop(sim)->pc, CODE + 8);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->insns, 2);
    elsim_destroy(sim);
}

static void test_pa_breakpoint_and_per_cpu_points(void)
{
    struct elsim *sim = machine(2);
    /* A point for CPU 1 does not stop CPU 0. */
    elsim_point_add(sim, ELSIM_BREAK_VA, CODE + 4, 0, 1);
    int id = elsim_point_add(sim, ELSIM_BREAK_PA, CODE + 12, 0, 0);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    const struct elsim_stop *s = elsim_last_stop(sim);
    CHECK_EQ_U64(s->cpu, 0);
    CHECK_EQ_U64(s->point_id, id);
    CHECK_EQ_U64(s->pc, CODE + 12);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->insns, 3);
    elsim_destroy(sim);
}

static void test_watchpoints_report_the_access(void)
{
    struct elsim *sim = machine(1);
    struct cpu *cpu = elsim_cpu(sim, 0);
    int w = elsim_point_add(sim, ELSIM_WATCH_WRITE, DATA + 4, 2, -1);
    int r = elsim_point_add(sim, ELSIM_WATCH_READ, DATA, 8, -1);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    const struct elsim_stop *s = elsim_last_stop(sim);
    CHECK_EQ_U64(s->kind, ELSIM_STOP_WATCHPOINT);
    CHECK_EQ_U64(s->point_id, w);
    CHECK_EQ_U64(s->data_addr, DATA);
    CHECK_EQ_U64(s->data_write, 1);
    CHECK_EQ_U64(s->data_value, 6);
    CHECK_EQ_U64(s->data_size, 8);
    CHECK_EQ_U64(s->pc, CODE + 20); /* right after the STR */
    CHECK_EQ_U64(cpu->insns, 5);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    CHECK_EQ_U64(s->point_id, r);
    CHECK_EQ_U64(s->data_write, 0);
    CHECK_EQ_U64(s->pc, CODE + 24);
    CHECK_EQ_U64(cpu->r[4], 6);
    elsim_destroy(sim);
}

static void test_break_on_exception_and_eret(void)
{
    struct elsim *sim = machine(1);
    struct cpu *cpu = elsim_cpu(sim, 0);
    struct elsim_break_on b = { .exception_classes = 1ull << 0x16 };
    elsim_set_break_on(sim, -1, &b);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    const struct elsim_stop *s = elsim_last_stop(sim);
    CHECK_EQ_U64(s->kind, ELSIM_STOP_EXCEPTION);
    CHECK_EQ_U64(s->esr, 0x5a000007);   /* HVC #7 */
    CHECK_EQ_U64(s->from_el, 2);
    CHECK_EQ_U64(s->to_el, 2);
    CHECK_EQ_U64(s->pc, VECTORS + 0x200); /* current EL with SP_ELx, synchronous */
    CHECK_EQ_U64(cpu->insns, 7);
    /* ERET to EL1: break on EL change. */
    elsim_destroy(sim);
    sim = machine(1);
    cpu = elsim_cpu(sim, 0);
    const uint32_t eret = 0xd69f03e0;
    elsim_write_phys(sim, CODE, &eret, 4);
    cpu->sr[SR_SPSR_EL2] = 0x3c5; /* EL1h, DAIF masked */
    cpu->sr[SR_ELR_EL2] = CODE + 0x1000;
    struct elsim_break_on el = { .el_change = true };
    elsim_set_break_on(sim, 0, &el);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_DEBUG_STOP);
    s = elsim_last_stop(sim);
    CHECK_EQ_U64(s->kind, ELSIM_STOP_EL_CHANGE);
    CHECK_EQ_U64(s->from_el, 2);
    CHECK_EQ_U64(s->to_el, 1);
    CHECK_EQ_U64(s->pc, CODE + 0x1000);
    elsim_destroy(sim);
}

static void test_step_and_stop_request(void)
{
    struct elsim *sim = machine(1);
    struct cpu *cpu = elsim_cpu(sim, 0);
    CHECK_EQ_U64(elsim_step(sim, 0), ELSIM_STEPPED);
    CHECK_EQ_U64(cpu->pc, CODE + 4);
    CHECK_EQ_U64(cpu->r[0], 1);
    CHECK_EQ_U64(cpu->insns, 1);
    elsim_request_stop(sim);
    CHECK_EQ_U64(run(sim, 1000), ELSIM_STOPPED);
    CHECK_EQ_U64(cpu->insns, 1);
    elsim_destroy(sim);
}

static void test_debugger_memory_and_translation(void)
{
    struct elsim *sim = machine(1);
    uint32_t word = 0;
    CU_ASSERT_TRUE(elsim_read_virt(sim, 0, CODE + 8, &word, 4));
    CHECK_EQ_U64(word, 0x8b010002);
    CU_ASSERT_FALSE(elsim_read_phys(sim, 0x09000000, &word, 4)); /* a device is not memory */
    char text[256] = "";
    FILE *out = fmemopen(text, sizeof text, "w");
    CU_ASSERT_TRUE(elsim_translate(sim, 0, CODE + 8, out));
    fclose(out);
    CU_ASSERT_STRING_EQUAL(text, "VA 0x40000008 => PA 0x40000008 (no translation enabled at EL2)\n");
    elsim_destroy(sim);
}

UNIT_SUITE(run_control,
           UNIT_TEST(test_va_breakpoint_stops_before_and_resumes),
           UNIT_TEST(test_breakpoint_in_single_stepped_tail),
           UNIT_TEST(test_pa_breakpoint_and_per_cpu_points),
           UNIT_TEST(test_watchpoints_report_the_access),
           UNIT_TEST(test_break_on_exception_and_eret),
           UNIT_TEST(test_step_and_stop_request),
           UNIT_TEST(test_debugger_memory_and_translation))

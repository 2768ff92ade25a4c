/* The hooks API (include/elsim.h, core/events.h) on a real `virt` machine: each event kind a
 * small EL2 program causes arrives with its exact fields, subscribers get only the kinds they
 * asked for, removal stops delivery, and an ELSIM_EV_INSN subscriber sees every instruction. */
#include <string.h>

#include "elsim.h"
#include "exception.h"
#include "harness.h"
#include "machine_fixture.h"
#include "sysreg.h"

#define CODE 0x40000000ull
#define VECTORS 0x40010000ull
#define VTTBR_VALUE ((5ull << 48) | 0x40200000ull)
#define UART 0x09000000ull

/* msr vttbr_el2, x6; mrs x7, vttbr_el2; str w8, [x9]; hvc #7; b . -- every vector: eret */
static const uint32_t program[] = { 0xd51c2106, 0xd53c2107, 0xb9000128, 0xd40000e2, 0x14000000 };

enum { MAX_EVENTS = 64 };
struct recorder {
    struct elsim_event events[MAX_EVENTS];
    unsigned count;
};

static void record(void *ctx, const struct elsim_event *ev)
{
    struct recorder *r = ctx;
    if (r->count < MAX_EVENTS)
        r->events[r->count] = *ev;
    r->count++;
}

static const struct elsim_event *find(const struct recorder *r, enum elsim_event_kind kind, unsigned nth)
{
    for (unsigned i = 0; i < r->count && i < MAX_EVENTS; i++)
        if (r->events[i].kind == kind && nth-- == 0)
            return &r->events[i];
    return NULL;
}

static struct elsim *machine(void)
{
    const uint32_t eret = 0xd69f03e0;
    struct elsim *sim = machine_fixture(1, CODE, program, sizeof program / sizeof *program, VECTORS, eret);
    struct cpu *cpu = elsim_cpu(sim, 0);
    cpu->r[6] = VTTBR_VALUE;
    cpu->r[8] = 'A';
    cpu->r[9] = UART;
    return sim;
}

static void run(struct elsim *sim, uint64_t max)
{
    struct elsim_limits limits = { .max_insns = max };
    CHECK_EQ_U64(elsim_run(sim, &limits), ELSIM_INSN_LIMIT);
}

static void test_each_kind_with_exact_fields(void)
{
    struct elsim *sim = machine();
    static struct recorder r;
    memset(&r, 0, sizeof r);
    CU_ASSERT(elsim_hooks_add(sim, ELSIM_EV_ALL & ~ELSIM_EV_BIT(ELSIM_EV_INSN), record, &r) >= 0);
    run(sim, 7);   /* msr, mrs, str, hvc, eret, b, b */

    const struct elsim_event *e = find(&r, ELSIM_EV_SYSREG, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CHECK_EQ_U64(e->u.sysreg.id, SR_VTTBR_EL2);
    CU_ASSERT_STRING_EQUAL(e->u.sysreg.name, "VTTBR_EL2");
    CHECK_EQ_U64(e->u.sysreg.write, true);
    CHECK_EQ_U64(e->u.sysreg.value, VTTBR_VALUE);
    CHECK_EQ_U64(e->vmid, 0);          /* reported before the write takes effect */
    e = find(&r, ELSIM_EV_SYSREG, 1);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CHECK_EQ_U64(e->u.sysreg.write, false);
    CHECK_EQ_U64(e->u.sysreg.value, VTTBR_VALUE);

    e = find(&r, ELSIM_EV_VM_SWITCH, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CHECK_EQ_U64(e->u.vm_switch.old_vttbr, 0);
    CHECK_EQ_U64(e->u.vm_switch.new_vttbr, VTTBR_VALUE);
    CHECK_EQ_U64(e->u.vm_switch.old_vmid, 0);
    CHECK_EQ_U64(e->u.vm_switch.new_vmid, 5);
    CHECK_EQ_U64(e->vmid, 5);
    CU_ASSERT_PTR_NULL(find(&r, ELSIM_EV_VM_SWITCH, 1));

    e = find(&r, ELSIM_EV_MMIO, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CU_ASSERT_STRING_EQUAL(e->u.mmio.device, "pl011");
    CHECK_EQ_U64(e->u.mmio.pa, UART);
    CHECK_EQ_U64(e->u.mmio.size, 4);
    CHECK_EQ_U64(e->u.mmio.write, true);
    CHECK_EQ_U64(e->u.mmio.value, 'A');
    CHECK_EQ_U64(e->u.mmio.ok, true);

    e = find(&r, ELSIM_EV_EXCEPTION, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CHECK_EQ_U64(e->cpu, 0);
    CHECK_EQ_U64(e->el, 2);
    CHECK_EQ_U64(e->u.exception.to_el, 2);
    CHECK_EQ_U64(e->u.exception.type, 0);
    CHECK_EQ_U64(e->u.exception.ec, EC_HVC64);
    CHECK_EQ_U64(e->u.exception.iss, 7);
    CHECK_EQ_U64(e->u.exception.esr, (EC_HVC64 << 26) | (1u << 25) | 7);
    CHECK_EQ_U64(e->pc, CODE + 0x10);                /* preferred return: after the HVC */
    CHECK_EQ_U64(e->u.exception.vector, VECTORS + 0x200);
    CHECK_EQ_U64(e->vmid, 5);
    uint64_t entry_cycle = e->cycle;

    e = find(&r, ELSIM_EV_ERET, 0);
    CU_ASSERT_PTR_NOT_NULL_FATAL(e);
    CHECK_EQ_U64(e->el, 2);
    CHECK_EQ_U64(e->u.eret.to_el, 2);
    CHECK_EQ_U64(e->u.eret.illegal, false);
    CHECK_EQ_U64(e->pc, CODE + 0x10);
    CU_ASSERT(e->cycle > entry_cycle);
    CU_ASSERT_PTR_NULL(find(&r, ELSIM_EV_EXCEPTION, 1));
    CU_ASSERT_PTR_NULL(find(&r, ELSIM_EV_INSN, 0));
    elsim_destroy(sim);
}

static void test_subscribers_get_only_their_kinds_until_removed(void)
{
    struct elsim *sim = machine();
    static struct recorder all, exceptions;
    memset(&all, 0, sizeof all);
    memset(&exceptions, 0, sizeof exceptions);
    int a = elsim_hooks_add(sim, ELSIM_EV_BIT(ELSIM_EV_MMIO) | ELSIM_EV_BIT(ELSIM_EV_ERET), record, &all);
    int b = elsim_hooks_add(sim, ELSIM_EV_BIT(ELSIM_EV_EXCEPTION), record, &exceptions);
    CU_ASSERT(a >= 0 && b >= 0 && a != b);
    CHECK_EQ_U64(elsim_hooks_add(sim, 0, record, &all), -1);
    CHECK_EQ_U64(elsim_hooks_add(sim, ELSIM_EV_ALL, NULL, &all), -1);
    run(sim, 7);
    CHECK_EQ_U64(all.count, 2);
    CHECK_EQ_U64(all.events[0].kind, ELSIM_EV_MMIO);
    CHECK_EQ_U64(all.events[1].kind, ELSIM_EV_ERET);
    CHECK_EQ_U64(exceptions.count, 1);
    CHECK_EQ_U64(exceptions.events[0].kind, ELSIM_EV_EXCEPTION);

    CU_ASSERT_TRUE(elsim_hooks_remove(sim, b));
    CU_ASSERT_FALSE(elsim_hooks_remove(sim, b));
    struct cpu *cpu = elsim_cpu(sim, 0);
    cpu->pc = CODE + 8;   /* the store and the HVC again */
    run(sim, 3);
    CHECK_EQ_U64(all.count, 4);
    CHECK_EQ_U64(exceptions.count, 1);
    elsim_destroy(sim);
}

static void test_instruction_events_single_step(void)
{
    struct elsim *sim = machine();
    static struct recorder r;
    memset(&r, 0, sizeof r);
    int id = elsim_hooks_add(sim, ELSIM_EV_BIT(ELSIM_EV_INSN), record, &r);
    CU_ASSERT(id >= 0);
    CU_ASSERT_TRUE(elsim_cpu(sim, 0)->single_step_hook);
    run(sim, 6);
    CHECK_EQ_U64(r.count, 6);
    static const uint64_t pcs[] = { CODE, CODE + 4, CODE + 8, CODE + 12, VECTORS + 0x200, CODE + 0x10 };
    for (unsigned i = 0; i < 6; i++)
        CHECK_EQ_U64(r.events[i].pc, pcs[i]);
    CHECK_EQ_U64(r.events[3].u.insn.word, 0xd40000e2);
    CHECK_EQ_U64(r.events[4].el, 2);
    CU_ASSERT_TRUE(elsim_hooks_remove(sim, id));
    CU_ASSERT_FALSE(elsim_cpu(sim, 0)->single_step_hook);
    elsim_destroy(sim);
}

UNIT_SUITE(hooks,
    UNIT_TEST(test_each_kind_with_exact_fields),
    UNIT_TEST(test_subscribers_get_only_their_kinds_until_removed),
    UNIT_TEST(test_instruction_events_single_step))

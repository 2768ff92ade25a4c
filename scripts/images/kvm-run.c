/* kvm-run: the smallest KVM virtual machine monitor that proves guests really run under the
 * guest Linux's KVM on elsim (scripts/images/init, elsim=kvm). Built static for the initramfs
 * by scripts/images/fetch-images.
 *
 * Each VM has one vCPU (PSCI 0.2) and 64 KiB of guest RAM at IPA 0x80000000 holding its code;
 * nothing is at IPA 0x1000, so guest accesses there are stage 2 faults that KVM turns into MMIO
 * exits from the ESR_EL2 syndrome (ISV, SAS, SRT, WnR). Every exit is printed as an
 * `ELSIM-KVM:` line; loads from 0x1000-0x1fff return 0xcafe.
 *   vm 1: a store, a load (0xcafe), a store of what it read plus one, PSCI SYSTEM_OFF by HVC.
 *   vm 2: KVM's in-kernel vGIC (v3 where the host has a GICv3, else v2) and the guest's
 *        virtual timer. The guest enables PPI 27 (waking its redistributor first with v3),
 *        arms CNTV for 1000 ticks and waits in WFI until the CPU interface's highest pending
 *        interrupt (ICC_HPPIR1_EL1, GICC_HPPIR) shows it, which KVM delivers through a list
 *        register; it acknowledges it (ICC_IAR1_EL1, GICC_IAR), masks the timer, ends it
 *        (ICC_EOIR1_EL1, GICC_EOIR), stores the INTID (27) and then what a second acknowledge
 *        reads (1023, nothing pending), and calls SYSTEM_OFF.
 * Exit status 0 when every exit came in that order. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define GUEST_RAM 0x80000000ull
#define GUEST_RAM_SIZE 0x10000ull

/* The guest: the MMIO accesses, then PSCI SYSTEM_OFF (function ID 0x84000008). */
static const uint32_t guest_code[] = {
    0xd2820001, /* movz x1, #0x1000 */
    0xd28acf00, /* movz x0, #0x5678 */
    0xf2a24680, /* movk x0, #0x1234, lsl #16 */
    0xf9000020, /* str  x0, [x1]          MMIO write, 8 bytes */
    0xf9400422, /* ldr  x2, [x1, #8]      MMIO read, 8 bytes */
    0x91000442, /* add  x2, x2, #1 */
    0xb9001022, /* str  w2, [x1, #16]     MMIO write, 4 bytes */
    0x52800100, /* movz w0, #0x0008 */
    0x72b08000, /* movk w0, #0x8400, lsl #16 */
    0xd4000002, /* hvc  #0                PSCI SYSTEM_OFF */
    0x14000000, /* b    . */
};

static const uint32_t timer_guest_code[] = {
    0xd2820001, /* movz x1, #0x1000 */
    0xd2a10144, /* movz x4, #0x080a, lsl #16        GICR RD_base 0x080a0000 */
    0xd503201f, /* nop */
    0xb9401482, /* ldr  w2, [x4, #0x14]             GICR_WAKER */
    0x121e7842, /* and  w2, w2, #0xfffffffd         ProcessorSleep = 0 */
    0xb9001482, /* str  w2, [x4, #0x14] */
    0xb9401482, /* 1: ldr w2, [x4, #0x14] */
    0x3717ffe2, /* tbnz w2, #2, 1b                  until ChildrenAsleep = 0 */
    0x91404083, /* add  x3, x4, #0x10000            SGI_base */
    0x12800002, /* mov  w2, #0xffffffff */
    0xb9008062, /* str  w2, [x3, #0x80]             GICR_IGROUPR0: Group 1 */
    0x52a10002, /* mov  w2, #0x8000000 */
    0xb9010062, /* str  w2, [x3, #0x100]            GICR_ISENABLER0: PPI 27 */
    0xd2a10005, /* movz x5, #0x0800, lsl #16        GICD 0x08000000 */
    0x52800242, /* mov  w2, #0x12 */
    0xb90000a2, /* str  w2, [x5]                    GICD_CTLR: ARE, EnableGrp1 */
    0xd2801fe2, /* mov  x2, #0xff */
    0xd5184602, /* msr  icc_pmr_el1, x2 */
    0xd2800022, /* mov  x2, #1 */
    0xd518cce2, /* msr  icc_igrpen1_el1, x2 */
    0xd5033fdf, /* isb */
    0xd2807d02, /* mov  x2, #1000 */
    0xd51be302, /* msr  cntv_tval_el0, x2 */
    0xd2800022, /* mov  x2, #1 */
    0xd51be322, /* msr  cntv_ctl_el0, x2            ENABLE */
    0xd5033fdf, /* isb */
    0xd538cc40, /* 2: mrs x0, icc_hppir1_el1 */
    0xf10ffc1f, /* cmp  x0, #1023 */
    0x54000061, /* b.ne 3f */
    0xd503207f, /* wfi */
    0x17fffffc, /* b    2b */
    0xd538cc00, /* 3: mrs x0, icc_iar1_el1 */
    0xd2800042, /* mov  x2, #2 */
    0xd51be322, /* msr  cntv_ctl_el0, x2            IMASK */
    0xd5033fdf, /* isb */
    0xd518cc20, /* msr  icc_eoir1_el1, x0 */
    0xf9000020, /* str  x0, [x1]                    the INTID acknowledged */
    0xd538cc00, /* mrs  x0, icc_iar1_el1 */
    0xf9000420, /* str  x0, [x1, #8]                1023: nothing pending */
    0x52800100, /* movz w0, #0x0008 */
    0x72b08000, /* movk w0, #0x8400, lsl #16 */
    0xd4000002, /* hvc  #0                          PSCI SYSTEM_OFF */
    0x14000000, /* b    . */
};

/* The same with a GICv2: distributor at 0x08000000, CPU interface at 0x08010000 (MMIO). */
static const uint32_t timer_guest_code_v2[] = {
    0xd2820001, /* movz x1, #0x1000 */
    0xd2a10005, /* movz x5, #0x0800, lsl #16        GICD 0x08000000 */
    0x52800022, /* mov  w2, #1 */
    0xb90000a2, /* str  w2, [x5]                    GICD_CTLR: Enable */
    0x52a10002, /* mov  w2, #0x8000000 */
    0xb90100a2, /* str  w2, [x5, #0x100]            GICD_ISENABLER0: PPI 27 */
    0xd2a10026, /* movz x6, #0x0801, lsl #16        GICC 0x08010000 */
    0x52801fe2, /* mov  w2, #0xff */
    0xb90004c2, /* str  w2, [x6, #4]                GICC_PMR */
    0x52800022, /* mov  w2, #1 */
    0xb90000c2, /* str  w2, [x6]                    GICC_CTLR: Enable */
    0xd2807d02, /* mov  x2, #1000 */
    0xd51be302, /* msr  cntv_tval_el0, x2 */
    0xd2800022, /* mov  x2, #1 */
    0xd51be322, /* msr  cntv_ctl_el0, x2            ENABLE */
    0xd5033fdf, /* isb */
    0xb94018c0, /* 2: ldr w0, [x6, #0x18]            GICC_HPPIR */
    0x710ffc1f, /* cmp  w0, #1023 */
    0x54000061, /* b.ne 3f */
    0xd503207f, /* wfi */
    0x17fffffc, /* b    2b */
    0xb9400cc0, /* 3: ldr w0, [x6, #0x0c]            GICC_IAR */
    0xd2800042, /* mov  x2, #2 */
    0xd51be322, /* msr  cntv_ctl_el0, x2            IMASK */
    0xd5033fdf, /* isb */
    0xb90010c0, /* str  w0, [x6, #0x10]             GICC_EOIR */
    0xf9000020, /* str  x0, [x1]                    the INTID acknowledged */
    0xb9400cc0, /* ldr  w0, [x6, #0x0c] */
    0xf9000420, /* str  x0, [x1, #8]                1023: nothing pending */
    0x52800100, /* movz w0, #0x0008 */
    0x72b08000, /* movk w0, #0x8400, lsl #16 */
    0xd4000002, /* hvc  #0                          PSCI SYSTEM_OFF */
    0x14000000, /* b    . */
};

#define CORE_REG(field) \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, field) / sizeof(uint32_t)))

static int fail(const char *what)
{
    printf("ELSIM-KVM: FAILED: %s: %s\n", what, strerror(errno));
    return 1;
}

struct vm {
    int fd, vcpu;
    struct kvm_run *run;
    void *mem;
};

/* A VM with its RAM holding code and one initialised vCPU (not yet run). */
static int create_vm(int kvm, const uint32_t *code, size_t size, struct vm *vm)
{
    vm->fd = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm->fd < 0)
        return fail("KVM_CREATE_VM");
    void *mem = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return fail("mmap guest RAM");
    memcpy(mem, code, size);
    vm->mem = mem;
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = GUEST_RAM, .memory_size = GUEST_RAM_SIZE, .userspace_addr = (uintptr_t)mem
    };
    if (ioctl(vm->fd, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return fail("KVM_SET_USER_MEMORY_REGION");
    vm->vcpu = ioctl(vm->fd, KVM_CREATE_VCPU, 0);
    if (vm->vcpu < 0)
        return fail("KVM_CREATE_VCPU");
    struct kvm_vcpu_init init;
    if (ioctl(vm->fd, KVM_ARM_PREFERRED_TARGET, &init) < 0)
        return fail("KVM_ARM_PREFERRED_TARGET");
    init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (ioctl(vm->vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
        return fail("KVM_ARM_VCPU_INIT");
    uint64_t pc = GUEST_RAM;
    struct kvm_one_reg reg = { .id = CORE_REG(regs.pc), .addr = (uintptr_t)&pc };
    if (ioctl(vm->vcpu, KVM_SET_ONE_REG, &reg) < 0)
        return fail("KVM_SET_ONE_REG pc");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    vm->run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vm->vcpu, 0);
    if (vm->run == MAP_FAILED)
        return fail("mmap kvm_run");
    return 0;
}

/* An in-kernel GIC: the distributor at IPA 0x08000000; GICv3's redistributor at 0x080a0000,
 * GICv2's CPU interface at 0x08010000. False (errno set) when KVM cannot make that version. */
static int add_vgic(struct vm *vm, unsigned version)
{
    struct kvm_create_device dev = { .type = version == 3 ? KVM_DEV_TYPE_ARM_VGIC_V3 : KVM_DEV_TYPE_ARM_VGIC_V2 };
    if (ioctl(vm->fd, KVM_CREATE_DEVICE, &dev) < 0)
        return -1;
    uint64_t dist = 0x08000000, other = version == 3 ? 0x080a0000 : 0x08010000;
    struct kvm_device_attr attrs[] = {
        { .group = KVM_DEV_ARM_VGIC_GRP_ADDR,
          .attr = version == 3 ? KVM_VGIC_V3_ADDR_TYPE_DIST : KVM_VGIC_V2_ADDR_TYPE_DIST, .addr = (uintptr_t)&dist },
        { .group = KVM_DEV_ARM_VGIC_GRP_ADDR,
          .attr = version == 3 ? KVM_VGIC_V3_ADDR_TYPE_REDIST : KVM_VGIC_V2_ADDR_TYPE_CPU, .addr = (uintptr_t)&other },
        { .group = KVM_DEV_ARM_VGIC_GRP_CTRL, .attr = KVM_DEV_ARM_VGIC_CTRL_INIT },
    };
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (ioctl(dev.fd, KVM_SET_DEVICE_ATTR, &attrs[i]) < 0)
            return fail("KVM_SET_DEVICE_ATTR");
    return 0;
}

/* Run until `mmio` MMIO exits and then a system event have happened, printing each. */
static int run_vm(const char *name, struct vm *vm, unsigned mmio)
{
    for (unsigned n = 0; n <= mmio; n++) {
        if (ioctl(vm->vcpu, KVM_RUN, 0) < 0)
            return fail("KVM_RUN");
        struct kvm_run *run = vm->run;
        unsigned expected = n < mmio ? KVM_EXIT_MMIO : KVM_EXIT_SYSTEM_EVENT;
        if (run->exit_reason != expected) {
            printf("ELSIM-KVM: %s: exit %u: reason %u, expected %u\n", name, n, run->exit_reason, expected);
            return 1;
        }
        if (run->exit_reason == KVM_EXIT_SYSTEM_EVENT) {
            /* The HVC returns to the instruction after it. */
            uint64_t pc = 0;
            struct kvm_one_reg reg = { .id = CORE_REG(regs.pc), .addr = (uintptr_t)&pc };
            if (ioctl(vm->vcpu, KVM_GET_ONE_REG, &reg) < 0)
                return fail("KVM_GET_ONE_REG pc");
            printf("ELSIM-KVM: %s: system event %u, pc 0x%" PRIx64 "\n", name, run->system_event.type, pc);
            break;
        }
        uint64_t data = 0;
        if (run->mmio.is_write) {
            memcpy(&data, run->mmio.data, run->mmio.len);
            printf("ELSIM-KVM: %s: mmio write 0x%" PRIx64 " len %u data 0x%" PRIx64 "\n", name,
                   (uint64_t)run->mmio.phys_addr, run->mmio.len, data);
        } else {
            data = 0xcafe;
            memcpy(run->mmio.data, &data, run->mmio.len);
            printf("ELSIM-KVM: %s: mmio read 0x%" PRIx64 " len %u -> 0x%" PRIx64 "\n", name,
                   (uint64_t)run->mmio.phys_addr, run->mmio.len, data);
        }
    }
    return 0;
}

int main(void)
{
    setvbuf(stdout, NULL, _IOLBF, 0);
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        return fail("open /dev/kvm");
    printf("ELSIM-KVM: api %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));
    struct vm vm1, vm2;
    if (create_vm(kvm, guest_code, sizeof guest_code, &vm1) || run_vm("vm 1", &vm1, 3))
        return 1;
    if (create_vm(kvm, timer_guest_code, sizeof timer_guest_code, &vm2))
        return 1;
    unsigned version = 3;
    if (add_vgic(&vm2, 3) < 0) {
        version = 2;
        memcpy(vm2.mem, timer_guest_code_v2, sizeof timer_guest_code_v2);
        if (add_vgic(&vm2, 2) < 0)
            return fail("KVM_CREATE_DEVICE (no vGIC)");
    }
    printf("ELSIM-KVM: vm 2: vGICv%u\n", version);
    if (run_vm("vm 2", &vm2, 2))
        return 1;
    printf("ELSIM-KVM: done\n");
    return 0;
}

/* kvm-run: the smallest KVM virtual machine monitor that proves a guest really runs under the
 * guest Linux's KVM on elsim (scripts/images/init, elsim=kvm). Built static for the initramfs
 * by scripts/images/fetch-images.
 *
 * One VM, one vCPU (PSCI 0.2), 64 KiB of guest RAM at IPA 0x80000000 holding the guest code
 * below, nothing at IPA 0x1000. The guest, at EL1 under stage 2, stores to 0x1000, loads from
 * 0x1008, stores what it read plus one to 0x1010 (three stage 2 faults that KVM turns into MMIO
 * exits from the syndrome: ISV, SAS, SRT, WnR), then calls PSCI SYSTEM_OFF with HVC (a system
 * event exit). Each exit is printed as an `ELSIM-KVM:` line; the read returns 0xcafe, so the
 * last write carries 0xcaff. Exit status 0 when every exit came in that order. */
#include <fcntl.h>
#include <inttypes.h>
#include <linux/kvm.h>
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

#define CORE_REG(field) \
    (KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM_CORE | (offsetof(struct kvm_regs, field) / sizeof(uint32_t)))

static int fail(const char *what)
{
    printf("ELSIM-KVM: FAILED: %s\n", what);
    perror("kvm-run");
    return 1;
}

int main(void)
{
    int kvm = open("/dev/kvm", O_RDWR | O_CLOEXEC);
    if (kvm < 0)
        return fail("open /dev/kvm");
    printf("ELSIM-KVM: api %d\n", ioctl(kvm, KVM_GET_API_VERSION, 0));
    int vm = ioctl(kvm, KVM_CREATE_VM, 0);
    if (vm < 0)
        return fail("KVM_CREATE_VM");
    void *mem = mmap(NULL, GUEST_RAM_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mem == MAP_FAILED)
        return fail("mmap guest RAM");
    memcpy(mem, guest_code, sizeof guest_code);
    struct kvm_userspace_memory_region region = {
        .slot = 0, .guest_phys_addr = GUEST_RAM, .memory_size = GUEST_RAM_SIZE, .userspace_addr = (uintptr_t)mem
    };
    if (ioctl(vm, KVM_SET_USER_MEMORY_REGION, &region) < 0)
        return fail("KVM_SET_USER_MEMORY_REGION");
    int vcpu = ioctl(vm, KVM_CREATE_VCPU, 0);
    if (vcpu < 0)
        return fail("KVM_CREATE_VCPU");
    struct kvm_vcpu_init init;
    if (ioctl(vm, KVM_ARM_PREFERRED_TARGET, &init) < 0)
        return fail("KVM_ARM_PREFERRED_TARGET");
    init.features[0] |= 1u << KVM_ARM_VCPU_PSCI_0_2;
    if (ioctl(vcpu, KVM_ARM_VCPU_INIT, &init) < 0)
        return fail("KVM_ARM_VCPU_INIT");
    uint64_t pc = GUEST_RAM;
    struct kvm_one_reg reg = { .id = CORE_REG(regs.pc), .addr = (uintptr_t)&pc };
    if (ioctl(vcpu, KVM_SET_ONE_REG, &reg) < 0)
        return fail("KVM_SET_ONE_REG pc");
    int run_size = ioctl(kvm, KVM_GET_VCPU_MMAP_SIZE, 0);
    struct kvm_run *run = mmap(NULL, (size_t)run_size, PROT_READ | PROT_WRITE, MAP_SHARED, vcpu, 0);
    if (run == MAP_FAILED)
        return fail("mmap kvm_run");

    static const unsigned expected[] = { KVM_EXIT_MMIO, KVM_EXIT_MMIO, KVM_EXIT_MMIO, KVM_EXIT_SYSTEM_EVENT };
    for (unsigned n = 0; n < sizeof expected / sizeof expected[0]; n++) {
        if (ioctl(vcpu, KVM_RUN, 0) < 0)
            return fail("KVM_RUN");
        if (run->exit_reason != expected[n]) {
            printf("ELSIM-KVM: exit %u: reason %u, expected %u\n", n, run->exit_reason, expected[n]);
            return 1;
        }
        if (run->exit_reason == KVM_EXIT_MMIO) {
            uint64_t data = 0;
            if (run->mmio.is_write) {
                memcpy(&data, run->mmio.data, run->mmio.len);
                printf("ELSIM-KVM: mmio write 0x%" PRIx64 " len %u data 0x%" PRIx64 "\n", (uint64_t)run->mmio.phys_addr,
                       run->mmio.len, data);
            } else {
                data = 0xcafe;
                memcpy(run->mmio.data, &data, run->mmio.len);
                printf("ELSIM-KVM: mmio read 0x%" PRIx64 " len %u -> 0x%" PRIx64 "\n", (uint64_t)run->mmio.phys_addr,
                       run->mmio.len, data);
            }
        } else {
            printf("ELSIM-KVM: system event %u\n", run->system_event.type);
        }
    }
    /* The HVC returned to the instruction after it (SMCCC results clobber x0-x3). */
    reg = (struct kvm_one_reg){ .id = CORE_REG(regs.pc), .addr = (uintptr_t)&pc };
    if (ioctl(vcpu, KVM_GET_ONE_REG, &reg) < 0)
        return fail("KVM_GET_ONE_REG pc");
    printf("ELSIM-KVM: guest pc 0x%" PRIx64 "\n", pc);
    printf("ELSIM-KVM: done\n");
    return 0;
}

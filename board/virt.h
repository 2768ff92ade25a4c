/* The QEMU-`virt`-compatible machine (DESIGN.md section 2): its internal state, shared by the
 * board's files. Frontends use include/elsim.h instead. */
#ifndef ELSIM_BOARD_VIRT_H
#define ELSIM_BOARD_VIRT_H

#include <stdbool.h>
#include <stdint.h>
#include <signal.h>
#include <stdio.h>

#include "cpu.h"
#include "elsim.h"
#include "device.h"
#include "platform.h"

#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE (128ull << 20)  /* QEMU's two 64 MiB banks: --bios in the first; U-Boot keeps its environment in the second */
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_UART_INTID 33
#define VIRT_GIC_DIST_BASE 0x08000000ull
#define VIRT_GIC_CPU_BASE 0x08010000ull    /* GICv2 */
#define VIRT_GIC_HYP_BASE 0x08030000ull    /* GICv2 GICH */
#define VIRT_GIC_VCPU_BASE 0x08040000ull   /* GICv2 GICV */
#define VIRT_GIC_REDIST_BASE 0x080A0000ull /* GICv3, 0x20000 per CPU */
#define VIRT_GIC_FRAME_SIZE 0x10000ull
#define VIRT_GIC_REDIST_SIZE 0x20000ull
#define VIRT_RTC_BASE 0x09010000ull
#define VIRT_RTC_INTID 34
#define VIRT_VIRTIO_BASE 0x0A000000ull    /* 32 virtio-mmio slots of 0x200 (board/virtio_mmio.h) */
#define VIRT_VIRTIO_INTID 48
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_DEFAULT_RAM (512ull << 20)
enum { VIRT_MAX_CPUS = 64, VIRT_MAX_CPUS_GICV2 = 8, VIRT_MAX_DEVICES = 16, VIRT_MAX_DRIVES = 31 };

/* Power state of a CPU as PSCI sees it. */
enum cpu_power { CPU_POWER_OFF, CPU_POWER_ON, CPU_POWER_ON_PENDING };

struct virt_device {
    const char *name;
    uint64_t base, size;
    const struct mmio_ops *ops;
    void *opaque;
};

/* The subscribers of the hooks API (board/hooks.c). */
#define EVENT_HUB_MAX 16
struct event_subscriber {
    int id;
    uint32_t kinds;               /* ELSIM_EV_BIT()s */
    elsim_event_fn fn;
    void *ctx;
};
struct event_hub {
    struct event_subscriber subs[EVENT_HUB_MAX];
    unsigned count;
    int next_id;
};

struct elsim {
    struct platform platform;         /* what the CPUs see of the machine */
    struct cpu *cpus[VIRT_MAX_CPUS];
    enum cpu_power power[VIRT_MAX_CPUS];
    enum stop_reason waiting[VIRT_MAX_CPUS]; /* STOP_WFI or STOP_WFE while waiting, else STOP_NONE */
    unsigned cpu_count;
    struct block_cache *blocks;
    uint8_t *ram;
    uint64_t ram_size;
    uint8_t *flash;
    struct virt_device devices[VIRT_MAX_DEVICES];
    unsigned device_count;
    struct gic *gic;
    unsigned gic_version;
    struct pl011 *uart;
    struct pl031 *rtc;
    struct virtio_mmio *virtio;       /* the virtio-mmio slots and their devices (board/virt_devices.c) */
    struct virtio_rng *rng;
    struct virtio_blk *drives[VIRT_MAX_DRIVES];
    unsigned drive_count;
    struct elsim_options options;     /* --append, --initrd, --dtb, --module: read at boot */
    uint64_t images_end;              /* end of the boot images loaded in RAM (RAM base if none) */
    void *dtb;                        /* the guest's device tree (board/boot.c), at dtb_addr */
    size_t dtb_size;
    uint64_t dtb_addr;
    struct semihost *semihost;
    FILE *console;
    int console_input_fd;
    uint64_t boot_entry;
    bool boot_protocol;               /* the boot CPU starts with x0 = dtb_addr */
    struct boot_blob *blobs;          /* RAM ranges the loaders wrote (board/reset.c) */
    unsigned blob_count;
    bool blobs_captured;              /* their contents copied, at the first run or step */
    bool realtime;                    /* counters follow the host clock */
    uint64_t idle_ns;                 /* model time skipped while every CPU waited */
    uint64_t host_start_ns;
    struct debug_points debug;        /* breakpoints and watchpoints (board/debug.c) */
    struct elsim_stop last_stop;
    struct event_hub hub;             /* hooks API subscribers */
    bool step_over[VIRT_MAX_CPUS];    /* stopped on a breakpoint: step over it before running */
    volatile sig_atomic_t stop_requested;
    bool exit_requested;
    bool reset_requested;             /* PSCI SYSTEM_RESET, done between quanta */
    int exit_status;
    char stop_message[320];
};

/* A RAM range as the loaders left it, written back by a system reset. */
struct boot_blob {
    uint64_t pa, len;
    uint8_t *data;
};

/* System reset (board/reset.c). Loaders call virt_note_load for every RAM range they write;
 * elsim_run and elsim_step call virt_capture_boot_images first (the copy is taken once);
 * virt_reset_machine is PSCI SYSTEM_RESET's work on memory, devices and CPUs (the scheduler
 * then powers the secondary CPUs off). */
void virt_note_load(struct elsim *m, uint64_t pa, uint64_t len);
void virt_capture_boot_images(struct elsim *m);
void virt_free_boot_images(struct elsim *m);
void virt_reset_machine(struct elsim *m);

/* Attach a device at [base, base+size). */
void virt_attach_device(struct elsim *m, const char *name, uint64_t base, uint64_t size, const struct mmio_ops *ops,
                        void *opaque);

/* The PL031 and the virtio-mmio slots with their devices (board/virt_devices.c). */
bool virt_attach_io_devices(struct elsim *m, const struct elsim_options *options, char *err, size_t errlen);
void virt_destroy_io_devices(struct elsim *m);

/* Boot files and device tree (board/boot.c): loads --initrd and --module files after the
 * image (whose RAM part ends at m->images_end), builds the DTB and puts it in RAM at
 * m->dtb_addr. */
bool virt_prepare_boot(struct elsim *m, char *err, size_t errlen);

/* PSCI 1.1 and SMCCC over SMC (board/psci.c). */
void psci_call(struct elsim *m, struct cpu *cpu);

/* Time (board/schedule.c): model time in ns (or host time with --realtime), and the system
 * counter CNTPCT_EL0 reads. virt_start_clock marks time 0 for --realtime. */
void virt_start_clock(struct elsim *m);
uint64_t virt_model_ns(void *machine);
uint64_t virt_system_counter(void *machine, const struct cpu *cpu);

/* A CPU stopped with STOP_DEBUG: record why (board/debug.c). */
void virt_record_debug_stop(struct elsim *m, unsigned cpu);

/* End the run with the given status (semihosting exit, SYSTEM_OFF). */
void virt_request_exit(struct elsim *m, struct cpu *cpu, int status);

#endif

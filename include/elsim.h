/* The embedding API: everything a frontend (CLI, GDB stub, UI, a research tool linking
 * libelsim) uses to build a machine, load images, run it and look at it. */
#ifndef ELSIM_H
#define ELSIM_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"

struct elsim;

struct elsim_options {
    uint64_t ram_size;            /* bytes; 0 = 512 MiB */
    unsigned cpus;                /* 0 = 1 */
    const char *semihosting_root; /* host directory for semihosting file access; NULL = none */
    FILE *console;                /* UART and semihosting output; NULL = stdout */
    int console_input_fd;         /* UART input; -1 = none */
    unsigned gic_version;         /* 2 or 3; 0 = 3 */
    bool realtime;                /* counters follow the host clock instead of model time */
    /* Booting (docs/devices.md); the strings and arrays must outlive the machine. */
    const char *append;           /* kernel command line, /chosen bootargs; NULL = none */
    const char *initrd;           /* file loaded after the image, /chosen linux,initrd-*; NULL = none */
    const char *dtb;              /* device tree file used instead of the generated one; NULL = none */
    const struct elsim_module *modules;  /* boot modules for a hypervisor, in /chosen */
    unsigned module_count;
    const struct elsim_drive *drives;    /* virtio-blk disks */
    unsigned drive_count;
};

/* --module ADDR,FILE[,BOOTARGS]: FILE loaded at addr; the first is dom0's kernel, the second
 * its ramdisk (Xen's multiboot,kernel / multiboot,ramdisk). */
struct elsim_module {
    uint64_t addr;
    const char *path;
    const char *bootargs;         /* NULL = none */
};

/* --drive FILE[,ro]: a raw disk image on virtio-blk. */
struct elsim_drive {
    const char *path;
    bool read_only;
};

/* Create the `virt` machine. NULL with a one-line message in err on failure. */
struct elsim *elsim_create(const struct elsim_options *options, char *err, size_t errlen);
void elsim_destroy(struct elsim *sim);

/* Load the boot image (ELF, Linux arm64 Image, or raw at load_addr; has_load_addr false = RAM
 * base) and make it the boot CPU's entry. */
bool elsim_load_image(struct elsim *sim, const char *path, bool has_load_addr, uint64_t load_addr, char *err,
                      size_t errlen);
/* Load firmware into flash; the boot CPU then starts at 0. */
bool elsim_load_bios(struct elsim *sim, const char *path, char *err, size_t errlen);
/* The device tree the guest gets (generated, or --dtb patched), with the files of --initrd and
 * --module loaded. Built when an image is loaded, else now. NULL with a message on failure. */
const void *elsim_dtb(struct elsim *sim, size_t *size, char *err, size_t errlen);

enum elsim_result {
    ELSIM_EXIT,           /* the guest exited: elsim_exit_status() */
    ELSIM_INSN_LIMIT,     /* max_insns reached */
    ELSIM_TIMEOUT,        /* host time limit reached */
    ELSIM_DEADLOCK,       /* every CPU waits for an interrupt that nothing can raise */
    ELSIM_DEBUG_STOP,     /* a breakpoint, watchpoint or break-on condition: elsim_last_stop() */
    ELSIM_STOPPED,        /* elsim_request_stop() was called */
    ELSIM_STEPPED,        /* elsim_step() executed its instruction (or took an exception) */
};

struct elsim_limits {
    uint64_t max_insns;   /* instructions this call may run (all CPUs); 0 = no limit */
    double timeout_s;     /* 0 = none */
};

enum elsim_result elsim_run(struct elsim *sim, const struct elsim_limits *limits);
int elsim_exit_status(const struct elsim *sim);
const char *elsim_stop_message(const struct elsim *sim);

/* --- Run control (frontends/gdb, the CLI and the UI use these) ------------------------------
 * A run started after a debug stop first steps the stopped CPU over its breakpoint. Breakpoints
 * cost nothing on code that has none; while a watchpoint exists blocks are one instruction
 * long so that the run stops right after the access. */

enum elsim_point_kind {
    ELSIM_BREAK_VA,       /* instruction at a VA of the CPU's current translation regime */
    ELSIM_BREAK_PA,       /* instruction at a physical address */
    ELSIM_WATCH_READ,     /* data access to [addr, addr+len) by VA: loads */
    ELSIM_WATCH_WRITE,    /* ... stores */
    ELSIM_WATCH_ACCESS,   /* ... both */
};

/* Add a breakpoint or watchpoint for one CPU (cpu >= 0) or all (cpu = -1). Returns its id
 * (> 0), or -1 when the table (64 points) is full. len is ignored for breakpoints. */
int elsim_point_add(struct elsim *sim, enum elsim_point_kind kind, uint64_t addr, uint64_t len, int cpu);
bool elsim_point_remove(struct elsim *sim, int id);

/* Stop conditions of a CPU (cpu = -1: all CPUs), checked when they happen. */
struct elsim_break_on {
    uint64_t exception_classes; /* bit n: stop after taking a synchronous exception with EC n */
    bool interrupts;            /* stop after taking an IRQ, FIQ or SError */
    bool eret;                  /* stop after an exception return */
    bool el_change;             /* stop after any change of EL */
};
void elsim_set_break_on(struct elsim *sim, int cpu, const struct elsim_break_on *conditions);

/* Why the last run or step stopped at a debug event. */
enum elsim_stop_kind { ELSIM_STOP_BREAKPOINT, ELSIM_STOP_WATCHPOINT, ELSIM_STOP_EXCEPTION, ELSIM_STOP_ERET,
                       ELSIM_STOP_EL_CHANGE };
struct elsim_stop {
    unsigned cpu;
    enum elsim_stop_kind kind;
    int point_id;               /* breakpoint / watchpoint */
    uint64_t pc;                /* where the CPU stopped (next instruction to execute) */
    uint64_t data_addr;         /* watchpoint: the accessed VA */
    bool data_write;            /* watchpoint: store (else load) */
    uint64_t data_value;        /* watchpoint: the value loaded or stored */
    unsigned data_size;
    uint32_t esr;               /* exception: ESR of the exception taken (synchronous) */
    unsigned from_el, to_el;    /* exception, ERET, EL change */
};
const struct elsim_stop *elsim_last_stop(const struct elsim *sim);

/* Execute exactly one instruction (or take one pending interrupt) on one CPU; the others do
 * not run. Returns ELSIM_STEPPED, or an ending result (ELSIM_EXIT...). */
enum elsim_result elsim_step(struct elsim *sim, unsigned cpu);
/* Ask a running elsim_run() to return ELSIM_STOPPED soon (between quanta). Async-signal-safe. */
void elsim_request_stop(struct elsim *sim);

/* Guest memory for debuggers: through a CPU's current translation (no faults taken, no device
 * side effects), or physical. Return false if any byte is not memory. */
bool elsim_read_virt(struct elsim *sim, unsigned cpu, uint64_t va, void *buf, size_t len);
bool elsim_write_virt(struct elsim *sim, unsigned cpu, uint64_t va, const void *buf, size_t len);
bool elsim_read_phys(struct elsim *sim, uint64_t pa, void *buf, size_t len);
bool elsim_write_phys(struct elsim *sim, uint64_t pa, const void *buf, size_t len);
/* Write a system register of a CPU (id: an SR_* row of core/sysregs.def, names via
 * core/sysreg.h) as an MSR would, without access checks; false if it is not writable so. */
bool elsim_write_sysreg(struct elsim *sim, unsigned cpu, unsigned id, uint64_t value);
/* Translate va as a data read by the CPU's current EL, printing each step of the stage 1 and
 * stage 2 walks (the --trace mmu format) to out; returns false on a fault (also printed). */
bool elsim_translate(struct elsim *sim, unsigned cpu, uint64_t va, FILE *out);

/* The interrupt controller as a debugger sees it (reading changes nothing). One interrupt:
 * INTIDs below 32 (SGIs, PPIs) are banked, of CPU cpu; SPIs are shared (cpu only selects the
 * view). False if cpu or intid is out of range (INTIDs 0 to ELSIM_GIC_INTIDS - 1). */
#define ELSIM_GIC_INTIDS 256
struct elsim_gic_irq {
    bool enabled, pending, active;
    bool level;         /* the input line */
    bool edge;          /* edge-triggered (GICD_ICFGR) */
    bool group1;
    uint8_t priority;
    uint8_t targets;    /* GICv2 SPI: GICD_ITARGETSR (bit n = CPU n) */
    uint64_t route;     /* GICv3 SPI: GICD_IROUTER */
};
bool elsim_gic_irq(struct elsim *sim, unsigned cpu, unsigned intid, struct elsim_gic_irq *out);

/* A CPU's interface to it: the physical CPU interface and the virtual interface (GICH_* /
 * ICH_*_EL2) with its list registers, the same for GICv2 and GICv3. */
struct elsim_gic_lr {
    uint32_t vintid;
    uint32_t pintid;    /* hw: the physical INTID deactivated with it */
    uint8_t priority;
    uint8_t state;      /* 0 invalid, 1 pending, 2 active, 3 pending and active */
    bool hw, group1;
};
struct elsim_gic_cpu {
    unsigned version;           /* 2 or 3 */
    uint32_t dist_ctlr;         /* GICD_CTLR as it reads (shared) */
    uint32_t ctlr;              /* GICC_CTLR / ICC_CTLR_EL1 and group enables as GICC_CTLR bits 1:0 */
    uint8_t pmr, running_priority;
    uint32_t hcr, vmcr, misr;   /* GICH_HCR / ICH_HCR_EL2, GICH_VMCR / ICH_VMCR_EL2, MISR */
    unsigned lr_count;
    struct elsim_gic_lr lr[4];
};
bool elsim_gic_cpu(struct elsim *sim, unsigned cpu, struct elsim_gic_cpu *out);

/* Model time in ns (deterministic, or host time with --realtime): what trace timestamps use. */
uint64_t elsim_model_ns(struct elsim *sim);

unsigned elsim_cpu_count(const struct elsim *sim);
struct cpu *elsim_cpu(struct elsim *sim, unsigned index);
/* --- Symbols: the code symbols of an ELF file (--profile, the UI, tools) ------------------- */
struct elsim_symbol {
    uint64_t addr, size;         /* size 0: an assembly label, up to the next symbol */
    const char *name;
};
struct elsim_symbols;
/* NULL with a one-line message naming the file if it cannot be read or is not a sound ELF64;
 * an ELF without a symbol table gives an empty table. */
struct elsim_symbols *elsim_symbols_load(const char *path, char *err, size_t errlen);
void elsim_symbols_free(struct elsim_symbols *symbols);
size_t elsim_symbols_count(const struct elsim_symbols *symbols);
/* The symbol containing addr, or NULL; *offset (if not NULL) = addr - its address. */
const struct elsim_symbol *elsim_symbols_find(const struct elsim_symbols *symbols, uint64_t addr, uint64_t *offset);

/* --- Hooks: observers of architectural events (core/events.h) ------------------------------
 * fn(ctx, event) is called for every event whose kind is in `kinds` (ELSIM_EV_BIT(kind) ORed;
 * ELSIM_EV_ALL), on every CPU, synchronously at the point where it happens: exception taken
 * and returned, VM switch (VTTBR_EL2 change), TLB miss, translation table walk steps, MMIO
 * access, system register access, interrupt raised / acknowledged / EOI / completed / list
 * register written, CPU reset, and each instruction retired (only while someone subscribes to
 * ELSIM_EV_INSN: the CPUs then run one instruction at a time). The event and what it points
 * to are valid during the call only. A callback may read machine state (elsim_cpu,
 * elsim_read_phys, ...) and call elsim_request_stop, but must not run or reconfigure the
 * machine. Returns the subscription's id (>= 0), or -1 (no kinds, no fn, or 16 subscribers). */
int elsim_hooks_add(struct elsim *sim, uint32_t kinds, elsim_event_fn fn, void *ctx);
bool elsim_hooks_remove(struct elsim *sim, int id);

/* Disassemble the instruction word at address pc (capstone) into buf. */
void elsim_disassemble(uint32_t word, uint64_t pc, char *buf, size_t len);

#endif

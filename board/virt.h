/* The QEMU-`virt`-compatible machine (DESIGN.md section 2): its internal state, shared by the
 * board's files. Frontends use include/elsim.h instead. */
#ifndef ELSIM_BOARD_VIRT_H
#define ELSIM_BOARD_VIRT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "cpu.h"
#include "device.h"
#include "platform.h"

#define VIRT_FLASH_BASE 0x00000000ull
#define VIRT_FLASH_SIZE (64ull << 20)
#define VIRT_UART_BASE 0x09000000ull
#define VIRT_UART_INTID 33
#define VIRT_RAM_BASE 0x40000000ull
#define VIRT_DEFAULT_RAM (512ull << 20)
enum { VIRT_MAX_CPUS = 8, VIRT_MAX_DEVICES = 16 };

/* Power state of a CPU as PSCI sees it. */
enum cpu_power { CPU_POWER_OFF, CPU_POWER_ON, CPU_POWER_ON_PENDING };

struct virt_device {
    const char *name;
    uint64_t base, size;
    const struct mmio_ops *ops;
    void *opaque;
};

struct elsim {
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
    struct pl011 *uart;
    struct semihost *semihost;
    FILE *console;
    int console_input_fd;
    uint64_t boot_entry;
    bool exit_requested;
    bool reset_requested;             /* PSCI SYSTEM_RESET, done between quanta */
    int exit_status;
    char stop_message[320];
};

/* Attach a device at [base, base+size). */
void virt_attach_device(struct elsim *m, const char *name, uint64_t base, uint64_t size, const struct mmio_ops *ops,
                        void *opaque);

/* PSCI 1.1 and SMCCC over SMC (board/psci.c). */
void psci_call(struct elsim *m, struct cpu *cpu);

/* End the run with the given status (semihosting exit, SYSTEM_OFF). */
void virt_request_exit(struct elsim *m, struct cpu *cpu, int status);

#endif

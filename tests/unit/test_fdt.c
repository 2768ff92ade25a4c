/* Unit tests of the generated device tree (board/dtb.c) and of where the board puts the boot
 * files (board/boot.c). The node layout and values are QEMU 7.2's `virt,virtualization=on`
 * tree (docs/devices.md; tests/cli compares whole trees with QEMU's when it is installed). */
#if !defined(_POSIX_C_SOURCE) && !defined(_GNU_SOURCE)
#define _POSIX_C_SOURCE 200809L
#endif

#include <libfdt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dtb.h"
#include "elsim.h"
#include "harness.h"

static const struct dtb_module modules[] = { { 0x47000000, 0x123456, "console=hvc0 root=/dev/ram" },
                                             { 0x48000000, 0x1000, NULL } };

static uint32_t cell(const void *fdt, const char *path, const char *name, unsigned i)
{
    int len = 0;
    const fdt32_t *p = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len);
    if (!p || (unsigned)len < 4 * (i + 1))
        return 0xBAD0BAD0;
    return fdt32_to_cpu(p[i]);
}

static uint64_t u64prop(const void *fdt, const char *path, const char *name)
{
    return (uint64_t)cell(fdt, path, name, 0) << 32 | cell(fdt, path, name, 1);
}

static void check_string(const void *fdt, const char *path, const char *name, const char *want, int want_len)
{
    int len = 0;
    const char *p = fdt_getprop(fdt, fdt_path_offset(fdt, path), name, &len);
    CU_ASSERT_FATAL(p != NULL);
    CHECK_EQ_U64(len, want_len);
    CU_ASSERT(memcmp(p, want, (size_t)want_len) == 0);
}

static void test_gicv3_tree(void)
{
    struct dtb_config c = { .cpus = 2, .gic_version = 3, .ram_base = 0x40000000, .ram_size = 512u << 20,
                            .bootargs = "console=ttyAMA0", .has_initrd = true, .initrd_start = 0x42000000,
                            .initrd_end = 0x42345678, .modules = modules, .module_count = 2 };
    char err[200];
    size_t size;
    void *fdt = dtb_build(&c, &size, err, sizeof err);
    CU_ASSERT_FATAL(fdt != NULL);
    CHECK_EQ_U64(fdt_check_full(fdt, size), 0);
    CHECK_EQ_U64(fdt_totalsize(fdt), size);
    check_string(fdt, "/", "compatible", "linux,dummy-virt", 17);
    CHECK_EQ_U64(cell(fdt, "/", "interrupt-parent", 0), 0x8003);
    check_string(fdt, "/psci", "method", "smc", 4);
    check_string(fdt, "/psci", "compatible", "arm,psci-1.0\0arm,psci-0.2\0arm,psci", 35);
    CHECK_EQ_U64(cell(fdt, "/psci", "cpu_on", 0), 0xC4000003);
    CHECK_EQ_U64(u64prop(fdt, "/memory@40000000", "reg"), 0x40000000);
    CHECK_EQ_U64(cell(fdt, "/memory@40000000", "reg", 3), 0x20000000);
    CHECK_EQ_U64(cell(fdt, "/cpus/cpu@1", "reg", 0), 1);
    CHECK_EQ_U64(cell(fdt, "/cpus/cpu@1", "phandle", 0), 0x8001);
    CHECK_EQ_U64(cell(fdt, "/cpus/cpu@0", "phandle", 0), 0x8002);
    CHECK_EQ_U64(cell(fdt, "/cpus/cpu-map/socket0/cluster0/core1", "cpu", 0), 0x8001);
    check_string(fdt, "/cpus/cpu@0", "enable-method", "psci", 5);
    check_string(fdt, "/intc@8000000", "compatible", "arm,gic-v3", 11);
    static const uint32_t gic_reg[] = { 0, 0x08000000, 0, 0x10000, 0, 0x080A0000, 0, 0x40000 };
    for (unsigned i = 0; i < 8; i++)
        CHECK_EQ_U64(cell(fdt, "/intc@8000000", "reg", i), gic_reg[i]);
    CHECK_EQ_U64(cell(fdt, "/intc@8000000", "interrupts", 2), 4);
    static const uint32_t timer[] = { 1, 13, 4, 1, 14, 4, 1, 11, 4, 1, 10, 4 };
    for (unsigned i = 0; i < 12; i++)
        CHECK_EQ_U64(cell(fdt, "/timer", "interrupts", i), timer[i]);
    CHECK_EQ_U64(cell(fdt, "/pl011@9000000", "interrupts", 1), 1);
    CHECK_EQ_U64(cell(fdt, "/pl011@9000000", "clocks", 1), 0x8000);
    CHECK_EQ_U64(cell(fdt, "/pl031@9010000", "interrupts", 1), 2);
    CHECK_EQ_U64(cell(fdt, "/apb-pclk", "clock-frequency", 0), 24000000);
    CHECK_EQ_U64(cell(fdt, "/virtio_mmio@a003e00", "interrupts", 1), 47);
    CHECK_EQ_U64(cell(fdt, "/virtio_mmio@a003e00", "interrupts", 2), 1);
    CHECK_EQ_U64(cell(fdt, "/virtio_mmio@a003e00", "reg", 3), 0x200);
    check_string(fdt, "/chosen", "bootargs", "console=ttyAMA0", 16);
    check_string(fdt, "/chosen", "stdout-path", "/pl011@9000000", 15);
    CHECK_EQ_U64(u64prop(fdt, "/chosen", "linux,initrd-start"), 0x42000000);
    CHECK_EQ_U64(u64prop(fdt, "/chosen", "linux,initrd-end"), 0x42345678);
    CU_ASSERT(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "rng-seed", NULL) == NULL);
    /* Xen's boot modules */
    CHECK_EQ_U64(cell(fdt, "/chosen", "#address-cells", 0), 2);
    CHECK_EQ_U64(cell(fdt, "/chosen", "#size-cells", 0), 2);
    check_string(fdt, "/chosen/module@47000000", "compatible", "multiboot,kernel\0multiboot,module", 34);
    CHECK_EQ_U64(u64prop(fdt, "/chosen/module@47000000", "reg"), 0x47000000);
    CHECK_EQ_U64(cell(fdt, "/chosen/module@47000000", "reg", 3), 0x123456);
    check_string(fdt, "/chosen/module@47000000", "bootargs", "console=hvc0 root=/dev/ram", 27);
    check_string(fdt, "/chosen/module@48000000", "compatible", "multiboot,ramdisk\0multiboot,module", 35);
    CU_ASSERT(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen/module@48000000"), "bootargs", NULL) == NULL);
    /* what QEMU has and elsim does not model */
    CHECK_EQ_U64(fdt_path_offset(fdt, "/pcie@10000000"), (uint64_t)-FDT_ERR_NOTFOUND);
    CHECK_EQ_U64(fdt_path_offset(fdt, "/intc@8000000/its@8080000"), (uint64_t)-FDT_ERR_NOTFOUND);
    free(fdt);
}

static void test_gicv2_tree(void)
{
    uint8_t seed[32] = { 1, 2, 3 };
    struct dtb_config c = { .cpus = 4, .gic_version = 2, .ram_base = 0x40000000, .ram_size = 1u << 30,
                            .rng_seed = seed };
    char err[200];
    size_t size;
    void *fdt = dtb_build(&c, &size, err, sizeof err);
    CU_ASSERT_FATAL(fdt != NULL);
    CHECK_EQ_U64(cell(fdt, "/", "interrupt-parent", 0), 0x8005);
    check_string(fdt, "/intc@8000000", "compatible", "arm,cortex-a15-gic", 19);
    static const uint32_t gic_reg[] = { 0, 0x08000000, 0, 0x10000, 0, 0x08010000, 0, 0x10000,
                                        0, 0x08030000, 0, 0x10000, 0, 0x08040000, 0, 0x10000 };
    for (unsigned i = 0; i < 16; i++)
        CHECK_EQ_U64(cell(fdt, "/intc@8000000", "reg", i), gic_reg[i]);
    CHECK_EQ_U64(cell(fdt, "/intc@8000000", "interrupts", 2), 4);
    CHECK_EQ_U64(cell(fdt, "/timer", "interrupts", 2), 0xF04); /* a GICv2 PPI names its 4 CPUs */
    CHECK_EQ_U64(cell(fdt, "/pmu", "interrupts", 2), 0xF04);
    CHECK_EQ_U64(cell(fdt, "/cpus/cpu@3", "phandle", 0), 0x8001);
    CHECK_EQ_U64(cell(fdt, "/memory@40000000", "reg", 3), 0x40000000);
    CHECK_EQ_U64(cell(fdt, "/chosen", "rng-seed", 0), 0x01020300);
    CU_ASSERT(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "bootargs", NULL) == NULL);
    CU_ASSERT(fdt_getprop(fdt, fdt_path_offset(fdt, "/chosen"), "linux,initrd-start", NULL) == NULL);
    free(fdt);
}

/* A user's tree (--dtb): used as given, /chosen patched, its stdout-path kept. */
static void test_patch_user_tree(void)
{
    char buf[512], err[200];
    CHECK_EQ_U64(fdt_create_empty_tree(buf, sizeof buf), 0);
    CHECK_EQ_U64(fdt_setprop_string(buf, 0, "model", "mine"), 0);
    struct dtb_config c = { .bootargs = "quiet", .has_initrd = true, .initrd_start = 0x44000000, .initrd_end = 0x44000010 };
    size_t size;
    void *fdt = dtb_patch(buf, fdt_totalsize(buf), "'u.dtb'", &c, &size, err, sizeof err);
    CU_ASSERT_FATAL(fdt != NULL);
    check_string(fdt, "/", "model", "mine", 5);
    check_string(fdt, "/chosen", "bootargs", "quiet", 6);
    check_string(fdt, "/chosen", "stdout-path", "/pl011@9000000", 15);
    CHECK_EQ_U64(u64prop(fdt, "/chosen", "linux,initrd-end"), 0x44000010);
    char again[4096];
    CHECK_EQ_U64(fdt_open_into(fdt, again, sizeof again), 0);
    CHECK_EQ_U64(fdt_setprop_string(again, fdt_path_offset(again, "/chosen"), "stdout-path", "serial0"), 0);
    free(fdt);
    fdt = dtb_patch(again, fdt_totalsize(again), "'u.dtb'", &c, &size, err, sizeof err);
    CU_ASSERT_FATAL(fdt != NULL);
    check_string(fdt, "/chosen", "stdout-path", "serial0", 8);
    free(fdt);

    memset(buf, 0x5A, 64);
    CU_ASSERT(dtb_patch(buf, 64, "'u.dtb'", &c, &size, err, sizeof err) == NULL);
    CU_ASSERT_STRING_EQUAL(err, "'u.dtb' is not a usable device tree blob: FDT_ERR_BADMAGIC");
}

static const char *write_temp(char *path, const void *data, size_t len)
{
    strcpy(path, "/tmp/elsim-test-fdt-XXXXXX");
    int fd = mkstemp(path);
    CU_ASSERT_FATAL(fd >= 0 && write(fd, data, len) == (ssize_t)len);
    close(fd);
    return path;
}

/* A raw image at the RAM base: x0 = the DTB, at the first 2 MiB boundary after the initrd,
 * which follows the image at the next 2 MiB boundary. */
static void test_boot_placement(void)
{
    static const uint8_t image[8] = { 0x1f, 0x20, 0x03, 0xd5 };
    static const uint8_t initrd[0x300] = { 0x07, 0x07, 0x07 };
    static const uint8_t module[4] = { 0xAB, 0xCD };
    char image_path[32], initrd_path[32], module_path[32], err[256];
    struct elsim_module mods[] = { { 0x40600000, write_temp(module_path, module, sizeof module), "dom0" } };
    struct elsim_options o = { .console_input_fd = -1, .append = "hello", .initrd = write_temp(initrd_path, initrd, sizeof initrd),
                               .modules = mods, .module_count = 1 };
    struct elsim *sim = elsim_create(&o, err, sizeof err);
    CU_ASSERT_FATAL(sim != NULL);
    CU_ASSERT_FATAL(elsim_load_image(sim, write_temp(image_path, image, sizeof image), false, 0, err, sizeof err));
    CHECK_EQ_U64(elsim_cpu(sim, 0)->r[0], 0x40800000);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->pc, 0x40000000);
    uint8_t got[8];
    CU_ASSERT(elsim_read_phys(sim, 0x40800000, got, 4));
    CHECK_EQ_U64(fdt32_to_cpu(*(fdt32_t *)got), FDT_MAGIC);
    CU_ASSERT(elsim_read_phys(sim, 0x40200000, got, 4));
    CHECK_EQ_U64(got[0], 7);
    CU_ASSERT(elsim_read_phys(sim, 0x40600000, got, 2));
    CHECK_EQ_U64(got[1], 0xCD);
    size_t size;
    const void *fdt = elsim_dtb(sim, &size, err, sizeof err);
    CU_ASSERT_FATAL(fdt != NULL);
    CHECK_EQ_U64(u64prop(fdt, "/chosen", "linux,initrd-start"), 0x40200000);
    CHECK_EQ_U64(u64prop(fdt, "/chosen", "linux,initrd-end"), 0x40200300);
    CHECK_EQ_U64(cell(fdt, "/chosen/module@40600000", "reg", 3), 4);
    check_string(fdt, "/chosen", "bootargs", "hello", 6);
    /* deterministic mode: the first rng-seed word of the "elsimdtb" splitmix64 stream */
    CHECK_EQ_U64(cell(fdt, "/chosen", "rng-seed", 0), 0xb24efb87);
    elsim_destroy(sim);

    /* firmware in flash: the tree at the RAM base, where QEMU puts it */
    struct elsim_options plain = { .console_input_fd = -1 };
    sim = elsim_create(&plain, err, sizeof err);
    CU_ASSERT_FATAL(sim != NULL);
    CU_ASSERT_FATAL(elsim_load_bios(sim, image_path, err, sizeof err));
    CHECK_EQ_U64(elsim_cpu(sim, 0)->r[0], 0x40000000);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->pc, 0);
    CU_ASSERT(elsim_read_phys(sim, 0x40000000, got, 4));
    CHECK_EQ_U64(fdt32_to_cpu(*(fdt32_t *)got), FDT_MAGIC);
    elsim_destroy(sim);

    /* a module that does not fit in RAM */
    mods[0].addr = 0x40000000 + (512u << 20) - 2;
    sim = elsim_create(&o, err, sizeof err);
    CU_ASSERT_FATAL(sim != NULL);
    CU_ASSERT(!elsim_load_image(sim, image_path, false, 0, err, sizeof err));
    char want[200];
    snprintf(want, sizeof want, "module '%s' (4 bytes) does not fit in RAM at 0x5ffffffe", module_path);
    CU_ASSERT_STRING_EQUAL(err, want);
    elsim_destroy(sim);
    unlink(image_path);
    unlink(initrd_path);
    unlink(module_path);
}

/* A Linux Image: the tree after image_size (which covers the kernel's BSS), not the file. */
static void test_boot_after_linux_image(void)
{
    uint8_t image[64] = { 0 };
    image[8] = 0x00;  /* text_offset 0x80000 */
    image[10] = 0x08;
    image[17] = 0x40; /* image_size 0x1234000 */
    image[18] = 0x23;
    image[19] = 0x01;
    memcpy(image + 56, "ARM\x64", 4);
    char path[32], err[256];
    struct elsim_options o = { .console_input_fd = -1 };
    struct elsim *sim = elsim_create(&o, err, sizeof err);
    CU_ASSERT_FATAL(sim != NULL);
    CU_ASSERT_FATAL(elsim_load_image(sim, write_temp(path, image, sizeof image), false, 0, err, sizeof err));
    CHECK_EQ_U64(elsim_cpu(sim, 0)->pc, 0x40080000);
    CHECK_EQ_U64(elsim_cpu(sim, 0)->r[0], 0x41400000); /* 0x412B4000 rounded up to 2 MiB */
    CHECK_EQ_U64(elsim_cpu(sim, 0)->r[1], 0);
    uint8_t got[4];
    CU_ASSERT(elsim_read_phys(sim, 0x41400000, got, 4));
    CHECK_EQ_U64(fdt32_to_cpu(*(fdt32_t *)got), FDT_MAGIC);
    elsim_destroy(sim);
    unlink(path);
}

static void test_bad_drive_is_refused(void)
{
    struct elsim_drive drive = { "/nonexistent/disk.img", false };
    struct elsim_options o = { .console_input_fd = -1, .drives = &drive, .drive_count = 1 };
    char err[256];
    CU_ASSERT(elsim_create(&o, err, sizeof err) == NULL);
    CU_ASSERT_STRING_EQUAL(err, "cannot use drive '/nonexistent/disk.img': No such file or directory");
}

UNIT_SUITE(fdt,
           UNIT_TEST(test_gicv3_tree),
           UNIT_TEST(test_gicv2_tree),
           UNIT_TEST(test_patch_user_tree),
           UNIT_TEST(test_boot_placement),
           UNIT_TEST(test_boot_after_linux_image),
           UNIT_TEST(test_bad_drive_is_refused))

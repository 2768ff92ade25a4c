/* A TCG plugin for qemu-system-aarch64 that counts the guest instructions executed and prints
 * "qemu-insn-count: N" on stderr when QEMU exits (benchmarks/run-boot-bench builds it with
 * `cc -shared -fPIC` and loads it with -plugin).
 *
 * Debian ships QEMU with plugin support but not its qemu-plugin.h, so the few declarations of
 * the plugin API used here are written out below: API version 1, the one of QEMU 7.2 (plugins
 * declare the version they were built for; QEMU refuses those outside its range).
 *
 * Each translation block gets an inline "add its instruction count to the counter" at its
 * start, as QEMU's own tests/plugin/insn.c does in inline mode: a block left early by an
 * exception still counts whole. One counter for all vCPUs: run-boot-bench uses one CPU. */
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>

typedef uint64_t qemu_plugin_id_t;
struct qemu_plugin_tb;
enum qemu_plugin_op { QEMU_PLUGIN_INLINE_ADD_U64 };
typedef void (*qemu_plugin_vcpu_tb_trans_cb_t)(qemu_plugin_id_t id, struct qemu_plugin_tb *tb);
typedef void (*qemu_plugin_udata_cb_t)(qemu_plugin_id_t id, void *userdata);

void qemu_plugin_register_vcpu_tb_trans_cb(qemu_plugin_id_t id, qemu_plugin_vcpu_tb_trans_cb_t cb);
size_t qemu_plugin_tb_n_insns(const struct qemu_plugin_tb *tb);
void qemu_plugin_register_vcpu_tb_exec_inline(struct qemu_plugin_tb *tb, enum qemu_plugin_op op, void *ptr,
                                              uint64_t imm);
void qemu_plugin_register_atexit_cb(qemu_plugin_id_t id, qemu_plugin_udata_cb_t cb, void *userdata);

__attribute__((visibility("default"))) int qemu_plugin_version = 1;

static uint64_t insns;

static void on_translate(qemu_plugin_id_t id, struct qemu_plugin_tb *tb)
{
    (void)id;
    qemu_plugin_register_vcpu_tb_exec_inline(tb, QEMU_PLUGIN_INLINE_ADD_U64, &insns, qemu_plugin_tb_n_insns(tb));
}

static void print_count(qemu_plugin_id_t id, void *userdata)
{
    (void)id;
    (void)userdata;
    fprintf(stderr, "qemu-insn-count: %" PRIu64 "\n", insns);
}

/* Called by QEMU after loading; info (qemu_info_t) is not needed. */
__attribute__((visibility("default"))) int qemu_plugin_install(qemu_plugin_id_t id, const void *info, int argc,
                                                               char **argv)
{
    (void)info;
    (void)argc;
    (void)argv;
    qemu_plugin_register_vcpu_tb_trans_cb(id, on_translate);
    qemu_plugin_register_atexit_cb(id, print_count, NULL);
    return 0;
}

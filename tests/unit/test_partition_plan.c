/* A partition's creation plan from its map entry (core/partition/partition_plan.c). The board,
 * PCI topology, groups and map are written out here by hand, so each expected page, BAR address
 * and trigger below follows from these few lines and not from the code under test:
 *
 *   console PL011 at 0x9000000 (SPI 33, level); device /dev@a000000 with two register windows in
 *   one page (0xa000000 + 0x200, 0xa000100 + 0x100) and SPIs 48 (edge, flags 1) and 49 (level);
 *   host bridge ranges: 32-bit memory bus 0x10000000 -> CPU 0x10000000 (0x2eff0000 bytes), 64-bit
 *   memory bus 0x8000000000 -> CPU 0x8000000000 (512 GiB), I/O at 0x3eff0000;
 *   PCI function 0 a bridge with a BAR (stays the hypervisor's), function 1 = 0000:01:00.0 with a
 *   memory BAR 0 at bus 0x10100000 (1 MiB), an I/O BAR 1, a 64-bit BAR 2 at 0x8000000000 (16 KiB). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/partition/partition_plan.h"

static struct mem_range con_regs[] = { { 0x9000000, 0x1000 } };
static struct plat_irq con_irqs[] = { { 33, 4, false } };
static struct mem_range dev_regs[] = { { 0xa000000, 0x200 }, { 0xa000100, 0x100 } };
static struct plat_irq dev_irqs[] = { { 48, 1, false }, { 49, 4, false } };
static struct plat_device devices[] = {
	{ .path = "/pl011@9000000", .regs = con_regs, .n_regs = 1, .irqs = con_irqs, .n_irqs = 1 },
	{ .path = "/dev@a000000", .regs = dev_regs, .n_regs = 2, .irqs = dev_irqs, .n_irqs = 2 },
};
static struct plat_pci_range ranges[] = {
	{ .space = 1, .pci_addr = 0, .cpu_addr = 0x3eff0000, .size = 0x10000 },
	{ .space = 2, .pci_addr = 0x10000000, .cpu_addr = 0x10000000, .size = 0x2eff0000 },
	{ .space = 3, .pci_addr = 0x8000000000, .cpu_addr = 0x8000000000, .size = 0x8000000000 },
};
static struct plat_pci_host hosts[] = { { .path = "/pcie@10000000", .ranges = ranges, .n_ranges = 3 } };
static struct platform plat = {
	.console = 0,
	.console_base = 0x9000000,
	.pci_hosts = hosts,
	.n_pci_hosts = 1,
	.devices = devices,
	.n_devices = 2,
};

static struct pci_function fns[] = {
	{ .bus = 0, .dev = 1, .is_bridge = true, .bars = { { .addr = 0x10000000, .size = 0x1000 } } },
	{ .bus = 1,
	  .vendor = 0x1234,
	  .device = 0x11e8,
	  .class_code = 0xff0000,
	  .bars = { { .addr = 0x10100000, .size = 0x100000 },
		    { .addr = 0x1000, .size = 0x100, .io = true },
		    { .addr = 0x8000000000, .size = 0x4000, .mem64 = true } } },
};
static struct pci_topology pci = { .fns = fns, .n_fns = 2 };

static struct dma_master masters[] = {
	{ .kind = MASTER_PCI, .name = "0000:00:01.0", .device = -1, .pci_fn = 0 },
	{ .kind = MASTER_PCI, .name = "0000:01:00.0", .device = -1, .pci_fn = 1 },
	{ .kind = MASTER_PLATFORM, .name = "/dev@a000000", .device = 1, .pci_fn = -1 },
};
static struct group_set groups = { .masters = masters, .n_masters = 3 };

static const char kernel_bytes[64], initrd_bytes[32];
static struct cfg_image images[] = { { "Image", 0x48000000, 64, kernel_bytes },
				     { "initrd", 0x49000000, 32, initrd_bytes } };
static struct config_blobs blobs = { .images = images, .n_images = 2 };

static size_t cpus[] = { 3 };
static struct pmap_mem mem[] = { { .size = 0x8000000, .allocated = true } };
static struct pmap_device pdevs[] = { { .device = 1, .master = 2, .named = true } };
static size_t guest_masters[] = { 1, 2 };
static uint32_t spis[] = { 48, 49 };

static struct pmap_partition guest(void)
{
	mem[0].ipa = ipa(0x40000000);
	mem[0].pa = pa(0x50000000);
	return (struct pmap_partition){ .name = "guest",
					.index = 1,
					.cpus = cpus,
					.n_cpus = 1,
					.mem = mem,
					.n_mem = 1,
					.masters = guest_masters,
					.n_masters = 2,
					.devices = pdevs,
					.n_devices = 1,
					.spis = spis,
					.n_spis = 2,
					.kernel = "Image",
					.initrd = "initrd",
					.bootargs = "console=ttyAMA0",
					.console = CFG_CONSOLE_VIRTUAL };
}

static const struct plan_inputs in = { &plat, &pci, &groups, &blobs };
static struct partition_plan plan;

static void test_guest_spec(void **state)
{
	struct pmap_partition mp = guest();
	const struct partition_spec *s = &plan.spec;
	struct diag_list dl;

	(void)state;
	diag_init(&dl);
	assert_true(partition_plan(&mp, &in, &plan, &dl));
	assert_int_equal(dl.count, 0);
	assert_string_equal(s->name, "guest");
	assert_int_equal(s->vmid, 2); /* index + 1 */
	assert_false(s->is_host);
	assert_int_equal(s->index, 1);
	assert_int_equal(s->n_vcpus, 1);
	assert_int_equal(s->pcpu[0], 3);
	assert_int_equal(s->n_mem, 1);
	assert_int_equal(s->mem[0].ipa, 0x40000000);
	assert_int_equal(s->mem[0].pa, 0x50000000);
	assert_int_equal(s->mem[0].size, 0x8000000);
	assert_int_equal(s->n_devices, 1);
	assert_string_equal(s->devices[0], "/dev@a000000");
	/* The device's two windows share one page; then the function's memory BARs. */
	assert_int_equal(s->n_mmio, 3);
	assert_int_equal(s->mmio[0].pa, 0xa000000);
	assert_int_equal(s->mmio[0].size, 0x1000);
	assert_int_equal(s->mmio[1].pa, 0x10100000);
	assert_int_equal(s->mmio[1].size, 0x100000);
	assert_int_equal(s->mmio[2].pa, 0x8000000000);
	assert_int_equal(s->mmio[2].size, 0x4000);
	/* The bridge is not among the partition's masters here, and a bridge's BARs never are. */
	assert_int_equal(s->n_pci, 1);
	assert_ptr_equal(plan.pci_fns[0], &fns[1]);
	assert_string_equal(s->pci[0].bdf, "0000:01:00.0");
	assert_int_equal(s->pci[0].vendor, 0x1234);
	assert_int_equal(s->pci[0].device, 0x11e8);
	assert_int_equal(s->pci[0].class_code, 0xff0000);
	assert_int_equal(s->pci[0].n_bars, 2);
	assert_int_equal(s->pci[0].bar_index[0], 0);
	assert_int_equal(s->pci[0].bar_cpu[0], 0x10100000);
	assert_int_equal(s->pci[0].bar_index[1], 2);
	assert_int_equal(s->pci[0].bar_cpu[1], 0x8000000000);
	assert_int_equal(s->pci[0].bar_size[1], 0x4000);
	assert_int_equal(s->n_spis, 2);
	assert_int_equal(s->spis[0].intid, 48);
	assert_true(s->spis[0].edge);
	assert_int_equal(s->spis[1].intid, 49);
	assert_false(s->spis[1].edge);
	assert_true(s->vuart.present);
	assert_int_equal(s->vuart.base, 0x9000000);
	assert_int_equal(s->vuart.size, 0x1000);
	assert_int_equal(s->vuart.intid, 33);
	assert_ptr_equal(s->kernel.data, kernel_bytes);
	assert_int_equal(s->kernel.size, 64);
	assert_ptr_equal(s->initrd.data, initrd_bytes);
	assert_string_equal(s->bootargs, "console=ttyAMA0");
	diag_free(&dl);
}

static void test_bar_outside_ranges_not_mapped(void **state)
{
	struct pmap_partition mp = guest();
	struct diag_list dl;

	(void)state;
	fns[1].bars[0].addr = 0x3f000000; /* beyond the 32-bit window */
	diag_init(&dl);
	assert_true(partition_plan(&mp, &in, &plan, &dl));
	fns[1].bars[0].addr = 0x10100000;
	assert_int_equal(plan.spec.pci[0].n_bars, 1);
	assert_int_equal(plan.spec.pci[0].bar_index[0], 2);
	assert_int_equal(plan.spec.n_mmio, 2);
	diag_free(&dl);
}

static void test_no_console(void **state)
{
	struct pmap_partition mp = guest();
	struct diag_list dl;

	(void)state;
	mp.console = CFG_CONSOLE_NONE;
	diag_init(&dl);
	assert_true(partition_plan(&mp, &in, &plan, &dl));
	assert_false(plan.spec.vuart.present);
	diag_free(&dl);
}

static void test_kernel_not_loaded(void **state)
{
	struct pmap_partition mp = guest();
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	mp.kernel = "vmlinuz";
	diag_init(&dl);
	assert_false(partition_plan(&mp, &in, &plan, &dl));
	d = diag_find(&dl, "plan-no-kernel");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_ERROR);
	assert_string_equal(d->path, "guest");
	assert_string_equal(d->message, "kernel image \"vmlinuz\" was not loaded");
	/* What was resolved before stays in the plan: its PCI function is still listed. */
	assert_int_equal(plan.spec.n_pci, 1);
	assert_ptr_equal(plan.pci_fns[0], &fns[1]);
	diag_free(&dl);

	/* Without the loaded images at all (a host check without --images): the same verdict. */
	{
		const struct plan_inputs no_images = { &plat, &pci, &groups, NULL };

		mp.kernel = "Image";
		diag_init(&dl);
		assert_false(partition_plan(&mp, &no_images, &plan, &dl));
		assert_non_null(diag_find(&dl, "plan-no-kernel"));
		diag_free(&dl);
	}
}

static void test_limits(void **state)
{
	struct pmap_partition mp = guest();
	size_t many[PART_MAX_VCPUS + 1] = { 0 };
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	mp.cpus = many;
	mp.n_cpus = PART_MAX_VCPUS + 1;
	diag_init(&dl);
	assert_false(partition_plan(&mp, &in, &plan, &dl));
	d = diag_find(&dl, "plan-limits");
	assert_non_null(d);
	assert_string_equal(d->message, "more CPUs, memory regions or devices than this build supports");
	assert_int_equal(plan.spec.n_pci, 0);
	diag_free(&dl);
}

static void test_spis_truncated(void **state)
{
	struct pmap_partition mp = guest();
	uint32_t lots[PART_MAX_SPIS + 2];
	struct diag_list dl;
	const struct diag *d;

	(void)state;
	for (unsigned i = 0; i < PART_MAX_SPIS + 2; i++)
		lots[i] = 64 + i;
	mp.spis = lots;
	mp.n_spis = PART_MAX_SPIS + 2;
	diag_init(&dl);
	assert_true(partition_plan(&mp, &in, &plan, &dl));
	assert_int_equal(plan.spec.n_spis, PART_MAX_SPIS);
	assert_int_equal(plan.spec.spis[PART_MAX_SPIS - 1].intid, 64 + PART_MAX_SPIS - 1);
	d = diag_find(&dl, "plan-spis-truncated");
	assert_non_null(d);
	assert_int_equal(d->severity, DIAG_WARNING);
	assert_string_equal(d->message, "only the first 128 of its 130 SPIs are forwarded");
	diag_free(&dl);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_guest_spec), cmocka_unit_test(test_bar_outside_ranges_not_mapped),
		cmocka_unit_test(test_no_console), cmocka_unit_test(test_kernel_not_loaded),
		cmocka_unit_test(test_limits),     cmocka_unit_test(test_spis_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

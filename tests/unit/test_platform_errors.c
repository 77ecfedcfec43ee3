/* Platform discovery errors: one tiny fixture per diagnostic (tests/unit/fixtures/platform/err_*.dts
 * and warn_*.dts), each asserting the verdict, the exact number of errors and warnings, and the
 * diagnostic's code, node path, property and message — all written by hand from the fixture. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/base/diag.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

struct run {
	void *fdt;
	struct platform plat;
	struct diag_list dl;
	bool ok;
};

static void *load_dtb(const char *name)
{
	char path[128];

	snprintf(path, sizeof(path), "platform/%s.dtb", name);
	return fixture_load(path, NULL);
}

static void run(struct run *r, const char *name)
{
	memset(r, 0, sizeof(*r));
	r->fdt = load_dtb(name);
	diag_init(&r->dl);
	r->ok = platform_discover(r->fdt, &r->plat, &r->dl);
}

static void done(struct run *r)
{
	platform_free(&r->plat);
	diag_free(&r->dl);
	free(r->fdt);
}

/* The verdict and the exact counts; on a mismatch, show every diagnostic. */
static void expect_counts(const struct run *r, bool ok, size_t errors, size_t warnings)
{
	if (r->ok != ok || r->dl.errors != errors || r->dl.warnings != warnings || r->dl.out_of_memory) {
		console_clear();
		diag_print(&r->dl);
		fail_msg("discover returned %d with %zu errors, %zu warnings (expected %d, %zu, %zu):\n%s", r->ok,
			 r->dl.errors, r->dl.warnings, ok, errors, warnings, console_captured());
	}
}

static void assert_opt_string(const char *got, const char *exp)
{
	if (exp == NULL) {
		assert_null(got);
	} else {
		assert_non_null(got);
		assert_string_equal(got, exp);
	}
}

static void expect_diag(const struct run *r, enum diag_severity sev, const char *code, const char *path,
			const char *prop, const char *msg)
{
	const struct diag *d = diag_find(&r->dl, code);

	if (!d) {
		console_clear();
		diag_print(&r->dl);
		fail_msg("no %s diagnostic; got:\n%s", code, console_captured());
	}
	assert_int_equal(d->severity, sev);
	assert_opt_string(d->path, path);
	assert_opt_string(d->property, prop);
	assert_string_equal(d->message, msg);
}

/* The common case: discovery fails with exactly this one error. */
static void expect_only_error(const struct run *r, const char *code, const char *path, const char *prop,
			      const char *msg)
{
	expect_counts(r, false, 1, 0);
	expect_diag(r, DIAG_ERROR, code, path, prop, msg);
}

static const char BAD_CELLS_4[] = "4 cells: bulkhead handles 1 to 3";

/* ---- the DTB itself ---- */

static void test_minimal_is_fine(void **state)
{
	struct run r;

	(void)state;
	run(&r, "minimal");
	expect_counts(&r, true, 0, 0);
	assert_int_equal(r.plat.n_mem, 1);
	assert_int_equal(r.plat.n_cpus, 1);
	assert_int_equal(r.plat.gic.version, GIC_V3);
	done(&r);
}

static void test_bad_header(void **state)
{
	struct run r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.fdt = load_dtb("minimal");
	((unsigned char *)r.fdt)[0] = 0xde; /* magic 0xd00dfeed -> 0xde0dfeed */
	diag_init(&r.dl);
	r.ok = platform_discover(r.fdt, &r.plat, &r.dl);
	expect_only_error(&r, "dt-bad-header", "/", NULL,
			  "not a valid flattened device tree (bad magic, version or size)");
	assert_int_equal(r.plat.n_mem, 0);
	assert_int_equal(r.plat.n_cpus, 0);
	assert_int_equal(r.plat.console, -1);
	done(&r);
}

static void test_bad_string(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_bad_string");
	expect_only_error(&r, "dt-bad-string", "/", "model", "not a NUL-terminated string");
	assert_null(r.plat.model);
	assert_string_equal(r.plat.compatible, "bulkhead,minimal");
	done(&r);
}

static void test_too_deep(void **state)
{
	struct run r;
	char path[33 * 2 + 1] = "";

	(void)state;
	for (int i = 0; i < 33; i++)
		strcat(path, "/d");
	run(&r, "err_too_deep");
	expect_only_error(&r, "dt-too-deep", path, NULL, "nested deeper than 32 levels");
	done(&r);
}

/* ---- memory ---- */

static void test_no_memory(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_no_memory");
	expect_only_error(&r, "dt-no-memory", "/", "device_type",
			  "no memory node with a non-empty reg: nothing to partition (a bootloader fills "
			  "/memory at boot; for bulkhead-check, give the RAM with --memory BASE:SIZE)");
	/* Discovery carried on: the rest of the board is there for the report. */
	assert_int_equal(r.plat.n_cpus, 1);
	assert_int_equal(r.plat.gic.version, GIC_V3);
	done(&r);
}

static void test_memory_empty_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_memory_empty_reg");
	expect_only_error(&r, "dt-no-memory", "/", "device_type",
			  "no memory node with a non-empty reg: nothing to partition (a bootloader fills "
			  "/memory at boot; for bulkhead-check, give the RAM with --memory BASE:SIZE)");
	assert_int_equal(r.plat.n_mem, 0);
	done(&r);
}

/* RAM the hypervisor does not map is left out, with a warning each: a bank crossing 512 GiB is cut
 * there, one past it and one past the 16th bank are dropped. */
static void test_memory_unmapped(void **state)
{
	struct run r;
	size_t n = 0;

	(void)state;
	run(&r, "memory_unmapped");
	expect_counts(&r, true, 0, 3);
	assert_int_equal(r.plat.n_mem, 16);
	assert_int_equal(r.plat.mem[14].base, 0x7ff0000000);
	assert_int_equal(r.plat.mem[14].size, 0x10000000);
	assert_int_equal(r.plat.mem[15].base, 0x60000000);
	for (size_t i = 0; i < r.dl.count; i++) {
		const struct diag *d = &r.dl.items[i];
		static const char *const want[] = {
			"RAM 0x7ff0000000+0x20000000 crosses 512 GiB, which bulkhead does not map: only "
			"0x7ff0000000+0x10000000 is used",
			"RAM 0x8000000000+0x100000000 is at or past 512 GiB, which bulkhead does not map: it is left "
			"unused",
			"RAM 0x61000000+0x1000000 is past the first 16 banks bulkhead maps: it is left unused",
		};

		assert_string_equal(d->code, "dt-memory-unused");
		assert_string_equal(d->message, want[n++]);
	}
	done(&r);
}

/* ---- CPUs ---- */

static void test_no_cpus(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_no_cpus");
	expect_only_error(&r, "dt-no-cpu", "/cpus", NULL, "node missing: no CPUs to run partitions on");
	done(&r);
}

static void test_no_cpu_child(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_no_cpu_child");
	expect_only_error(&r, "dt-no-cpu", "/cpus", NULL, "no child with device_type = \"cpu\"");
	done(&r);
}

static void test_cpu_without_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_cpu_no_reg");
	expect_only_error(&r, "dt-missing-property", "/cpus/cpu@1", "reg", "CPU node without reg (MPIDR)");
	assert_int_equal(r.plat.n_cpus, 1);
	assert_int_equal(r.plat.cpus[0].mpidr, 0);
	done(&r);
}

static void test_cpu_reg_cells_mismatch(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_cpu_reg_cells");
	expect_only_error(&r, "dt-cells-mismatch", "/cpus/cpu@100000000", "reg",
			  "8 bytes, but #address-cells of /cpus is 1 (one MPIDR of 4 bytes expected)");
	assert_int_equal(r.plat.n_cpus, 1);
	assert_int_equal(r.plat.cpus[0].mpidr, 0);
	done(&r);
}

/* ---- reg and cells ---- */

static void test_truncated_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_truncated_reg");
	expect_only_error(&r, "dt-truncated-property", "/pl011@9000000", "reg",
			  "length 12 is not a multiple of 4 cells (read with #address-cells = 2 and #size-cells = 2 of "
			  "/)");
	assert_int_equal(platform_find_device(&r.plat, "/pl011@9000000"), -1);
	done(&r);
}

static void test_address_cells_four(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_address_cells");
	expect_only_error(&r, "dt-bad-cells", "/soc", "#address-cells", BAD_CELLS_4);
	done(&r);
}

static void test_address_cells_zero(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_address_cells_zero");
	expect_only_error(&r, "dt-bad-cells", "/soc/serial@0", "reg", "parent has #address-cells = 0");
	done(&r);
}

static void test_size_cells_malformed(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_size_cells_malformed");
	expect_only_error(&r, "dt-truncated-property", "/soc", "#size-cells", "expected one 32-bit cell");
	done(&r);
}

static void test_wide_bus_parent(void **state)
{
	struct run r;
	int dev;

	(void)state;
	run(&r, "err_wide_bus_parent");
	expect_only_error(&r, "dt-bad-cells", "/wide", "#address-cells", BAD_CELLS_4);
	/* The serial decodes on its own bus but cannot be translated to a CPU address. */
	dev = platform_find_device(&r.plat, "/wide/bus@0/serial@100");
	assert_true(dev >= 0);
	assert_int_equal(r.plat.devices[dev].n_regs, 0);
	done(&r);
}

static void test_quiet_malformed(void **state)
{
	struct run r;
	int dev;

	(void)state;
	run(&r, "quiet_malformed");
	/* What matters is that discovery finished; the board around is intact. */
	assert_int_equal(r.plat.n_cpus, 1);
	assert_int_equal(r.plat.gic.version, GIC_V3);
	dev = platform_find_device(&r.plat, "/pl031@9010000");
	assert_true(dev >= 0);
	assert_int_equal(r.plat.devices[dev].role, DEV_ROLE_OTHER); /* not a PCI host */
	assert_int_equal(r.plat.devices[dev].n_irqs, 1);
	assert_int_equal(r.plat.devices[dev].irqs[0].intid, 34);
	done(&r);
}

/* ---- GIC and interrupts ---- */

static void test_no_gic(void **state)
{
	struct run r;
	int dev;

	(void)state;
	run(&r, "err_no_gic");
	expect_only_error(&r, "dt-no-gic", "/", NULL, "no interrupt controller with a GICv2 or GICv3 compatible");
	assert_int_equal(r.plat.gic.version, GIC_NONE);
	/* Without a GIC the UART is an ordinary device, not part of one. */
	dev = platform_find_device(&r.plat, "/pl011@9000000");
	assert_true(dev >= 0);
	assert_int_equal(r.plat.devices[dev].role, DEV_ROLE_OTHER);
	assert_int_equal(r.plat.devices[dev].n_irqs, 0);
	done(&r);
}

static void test_gic_redist_regions(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_gic_redist_regions");
	expect_only_error(&r, "dt-bad-gic", "/interrupt-controller@8000000", "#redistributor-regions",
			  "2 regions but reg holds 1");
	done(&r);
}

static void test_gic_one_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_gic_one_reg");
	expect_only_error(&r, "dt-missing-property", "/interrupt-controller@8000000", "reg",
			  "GIC needs distributor and redistributor regions");
	done(&r);
}

static void test_gic_outside_ranges(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_gic_ranges");
	expect_only_error(&r, "dt-bad-gic", "/soc/interrupt-controller@0", "reg",
			  "region 1 at bus address 0xa0000 is outside its parents' ranges");
	done(&r);
}

static void test_interrupts_truncated(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_interrupts_truncated");
	expect_only_error(&r, "dt-truncated-property", "/pl011@9000000", "interrupts",
			  "length 8 is not a multiple of 3 cells");
	done(&r);
}

static void test_interrupts_extended(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_interrupts_extended");
	/* Entries count from 0: the first (<&gic 0 1 4>) is fine, the second is short. */
	expect_only_error(&r, "dt-bad-interrupts", "/pl011@9000000", "interrupts-extended",
			  "entry 1 (cell 4) names no interrupt controller or is truncated");
	done(&r);
}

/* ---- IOMMUs ---- */

static void test_iommus_not_an_iommu(void **state)
{
	struct run r;
	const struct plat_device *d;
	int dev;

	(void)state;
	run(&r, "err_iommus_not_iommu");
	expect_only_error(&r, "dt-bad-iommus", "/dma@9100000", "iommus",
			  "entry 1 references phandle 0x31, a node without #iommu-cells");
	dev = platform_find_device(&r.plat, "/dma@9100000");
	assert_true(dev >= 0);
	d = &r.plat.devices[dev];
	/* The good first entry stays, and the device stays a DMA master. */
	assert_true(d->dma_capable);
	assert_int_equal(d->n_streams, 1);
	assert_int_equal(d->streams[0].smmu, 0);
	assert_int_equal(d->streams[0].sid, 1);
	done(&r);
}

static void test_iommus_truncated(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_iommus_truncated");
	expect_only_error(&r, "dt-truncated-property", "/dma@9100000", "iommus",
			  "entry 0 needs 2 cells after the phandle (#iommu-cells of /iommu@12000000)");
	done(&r);
}

static void test_iommus_phandle_zero(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_iommus_phandle_zero");
	expect_only_error(&r, "dt-bad-iommus", "/dma@9100000", "iommus",
			  "entry 0 references phandle 0x0, which names no node");
	/* The SMMU itself is fine; it just has no phandle. */
	assert_int_equal(r.plat.n_smmus, 1);
	assert_int_equal(r.plat.smmus[0].phandle, 0);
	assert_int_equal(platform_find_smmu_by_phandle(&r.plat, 0), -1);
	done(&r);
}

static void test_smmu_without_iommu_cells(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_smmu_no_iommu_cells");
	expect_only_error(&r, "dt-missing-property", "/smmuv3@9050000", "#iommu-cells",
			  "IOMMU must say how many cells a stream has");
	done(&r);
}

static void test_smmuv3_two_cells(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_smmuv3_cells");
	expect_only_error(&r, "dt-bad-cells", "/smmuv3@9050000", "#iommu-cells", "2 cells: SMMUv3 takes 1");
	done(&r);
}

static void test_smmu_without_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_smmu_no_reg");
	expect_only_error(&r, "dt-missing-property", "/iommu@12000000", "reg", "IOMMU without a register window");
	done(&r);
}

static void test_smmu_instances_unequal(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_smmu_instances_unequal");
	expect_only_error(&r, "dt-bad-smmu", "/iommu@12000000", "reg",
			  "instance 1 is 0x400000 bytes, instance 0 0x800000: they must be identical");
	done(&r);
}

static void test_smmu_too_many_instances(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_smmu_instances_four");
	expect_only_error(&r, "dt-bad-smmu", "/iommu@12000000", "reg", "more than 3 instances behind one node");
	done(&r);
}

/* ---- PCI ---- */

static void test_iommu_map_bad_phandle(void **state)
{
	struct run r;
	const struct plat_pci_host *h;

	(void)state;
	run(&r, "err_iommu_map");
	expect_only_error(&r, "dt-bad-iommu-map", "/pcie@10000000", "iommu-map",
			  "entry 1 references phandle 0x2, which is no IOMMU bulkhead knows");
	assert_int_equal(r.plat.n_pci_hosts, 1);
	h = &r.plat.pci_hosts[0];
	assert_int_equal(h->n_iommu_map, 1);
	assert_int_equal(h->iommu_map[0].phandle, 0x30);
	assert_int_equal(h->iommu_map[0].target, 0);
	done(&r);
}

static void test_iommu_map_truncated(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_iommu_map_truncated");
	expect_only_error(&r, "dt-truncated-property", "/pcie@10000000", "iommu-map",
			  "length 12 is not a multiple of 4 cells");
	done(&r);
}

static void test_bad_bus_range(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_bus_range");
	expect_only_error(&r, "dt-bad-bus-range", "/pcie@3f000000", "bus-range",
			  "buses 0-31 do not fit the 0x1000000-byte ECAM window");
	/* The window's own 16 buses stand. */
	assert_int_equal(r.plat.pci_hosts[0].bus_start, 0);
	assert_int_equal(r.plat.pci_hosts[0].bus_end, 15);
	done(&r);
}

static void test_pci_without_reg(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_pci_no_reg");
	expect_only_error(&r, "dt-missing-property", "/pcie@10000000", "reg",
			  "ECAM host bridge without a config window");
	done(&r);
}

static void test_interrupt_map_not_gic(void **state)
{
	struct run r;

	(void)state;
	run(&r, "warn_interrupt_map");
	expect_counts(&r, true, 0, 1);
	expect_diag(&r, DIAG_WARNING, "dt-bad-interrupt-map", "/pcie@10000000", "interrupt-map",
		    "entry at cell 0 is not a GIC entry bulkhead can decode; INTx not listed");
	assert_int_equal(r.plat.pci_hosts[0].n_irqs, 0);
	done(&r);
}

/* ---- PSCI and console ---- */

static void test_bad_psci_method(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_psci_method");
	expect_only_error(&r, "dt-bad-psci", "/psci", "method", "\"svc\" is neither \"smc\" nor \"hvc\"");
	assert_int_equal(r.plat.psci, PSCI_NONE);
	done(&r);
}

static void test_psci_cpu_on_two_cells(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_psci_cpu_on");
	expect_only_error(&r, "dt-truncated-property", "/psci", "cpu_on", "expected one 32-bit cell");
	assert_int_equal(r.plat.psci, PSCI_HVC);
	assert_int_equal(r.plat.psci_cpu_on_fid, 0xc4000003);
	done(&r);
}

static void test_stdout_path_names_no_node(void **state)
{
	struct run r;

	(void)state;
	run(&r, "warn_stdout_path");
	expect_counts(&r, true, 0, 1);
	expect_diag(&r, DIAG_WARNING, "dt-bad-stdout-path", "/chosen", "stdout-path",
		    "\"/serial@9000000\" names no node");
	assert_int_equal(r.plat.console, -1);
	assert_int_equal(r.plat.console_base, 0);
	assert_string_equal(r.plat.stdout_path, "/serial@9000000:115200n8");
	done(&r);
}

/* ---- the report of a board that failed ---- */

static void test_report_after_errors(void **state)
{
	struct run r;
	const char *out;

	(void)state;
	run(&r, "err_no_cpus");
	console_clear();
	platform_report(&r.plat);
	out = console_captured();
	assert_non_null(strstr(out, "\ncpus: 0 (mpidr)\n"));
	assert_non_null(strstr(out, "\nconsole: none found from /chosen/stdout-path\n"));
	assert_non_null(strstr(out, "\npsci: none\n"));
	assert_non_null(strstr(out, "\nsmmu: none: DMA-capable devices cannot be isolated\n"));
	assert_null(strstr(out, "timer:"));
	console_clear();
	done(&r);
}

static void test_diag_print_format(void **state)
{
	struct run r;

	(void)state;
	run(&r, "err_truncated_reg");
	console_clear();
	diag_print(&r.dl);
	assert_string_equal(console_captured(), "error: /pl011@9000000: reg: length 12 is not a multiple of 4 cells "
						"(read with #address-cells = 2 and #size-cells = 2 of /) "
						"[dt-truncated-property]\n");
	console_clear();
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_minimal_is_fine),
		cmocka_unit_test(test_bad_header),
		cmocka_unit_test(test_bad_string),
		cmocka_unit_test(test_too_deep),
		cmocka_unit_test(test_no_memory),
		cmocka_unit_test(test_memory_empty_reg),
		cmocka_unit_test(test_memory_unmapped),
		cmocka_unit_test(test_no_cpus),
		cmocka_unit_test(test_no_cpu_child),
		cmocka_unit_test(test_cpu_without_reg),
		cmocka_unit_test(test_cpu_reg_cells_mismatch),
		cmocka_unit_test(test_truncated_reg),
		cmocka_unit_test(test_address_cells_four),
		cmocka_unit_test(test_address_cells_zero),
		cmocka_unit_test(test_size_cells_malformed),
		cmocka_unit_test(test_wide_bus_parent),
		cmocka_unit_test(test_quiet_malformed),
		cmocka_unit_test(test_no_gic),
		cmocka_unit_test(test_gic_redist_regions),
		cmocka_unit_test(test_gic_one_reg),
		cmocka_unit_test(test_gic_outside_ranges),
		cmocka_unit_test(test_interrupts_truncated),
		cmocka_unit_test(test_interrupts_extended),
		cmocka_unit_test(test_iommus_not_an_iommu),
		cmocka_unit_test(test_iommus_truncated),
		cmocka_unit_test(test_iommus_phandle_zero),
		cmocka_unit_test(test_smmu_without_iommu_cells),
		cmocka_unit_test(test_smmuv3_two_cells),
		cmocka_unit_test(test_smmu_without_reg),
		cmocka_unit_test(test_smmu_instances_unequal),
		cmocka_unit_test(test_smmu_too_many_instances),
		cmocka_unit_test(test_iommu_map_bad_phandle),
		cmocka_unit_test(test_iommu_map_truncated),
		cmocka_unit_test(test_bad_bus_range),
		cmocka_unit_test(test_pci_without_reg),
		cmocka_unit_test(test_interrupt_map_not_gic),
		cmocka_unit_test(test_bad_psci_method),
		cmocka_unit_test(test_psci_cpu_on_two_cells),
		cmocka_unit_test(test_stdout_path_names_no_node),
		cmocka_unit_test(test_report_after_errors),
		cmocka_unit_test(test_diag_print_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

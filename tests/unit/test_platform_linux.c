/* Board device trees read as Linux reads them (tests/unit/fixtures/platform/linux_reading.dts):
 * interrupt parents as of_irq_find_parent() finds them, interrupt-map nexuses, vendor GIC
 * compatibles, 3-cell buses, DMA engines as DMA masters, and IOMMUs bulkhead cannot use reported as
 * warnings, never errors.
 * The expected INTIDs are SPI number + 32 of the GIC specifier each node ends at. */
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

static int setup(void **state)
{
	struct run *r = calloc(1, sizeof(*r));

	assert_non_null(r);
	r->fdt = fixture_load("platform/linux_reading.dtb", NULL);
	diag_init(&r->dl);
	r->ok = platform_discover(r->fdt, &r->plat, &r->dl);
	*state = r;
	return 0;
}

static int teardown(void **state)
{
	struct run *r = *state;

	platform_free(&r->plat);
	diag_free(&r->dl);
	free(r->fdt);
	free(r);
	return 0;
}

static const struct plat_device *dev(const struct run *r, const char *path)
{
	int i = platform_find_device(&r->plat, path);

	if (i < 0)
		fail_msg("no device %s", path);
	return &r->plat.devices[i];
}

static const struct diag *nth_with_code(const struct diag_list *dl, const char *code, size_t n)
{
	for (size_t i = 0; i < dl->count; i++)
		if (strcmp(dl->items[i].code, code) == 0 && n-- == 0)
			return &dl->items[i];
	return NULL;
}

static void test_no_error_three_warnings(void **state)
{
	struct run *r = *state;

	if (!r->ok || r->dl.errors != 0 || r->dl.warnings != 3) {
		console_clear();
		diag_print(&r->dl);
		fail_msg("expected 0 errors, 3 warnings:\n%s", console_captured());
	}
	assert_int_equal(r->plat.gic.version, GIC_V2);
	assert_string_equal(r->plat.gic.path, "/interrupt-controller@8000000");
}

static void test_interrupt_parents(void **state)
{
	struct run *r = *state;
	const struct plat_device *d;

	/* The PMIC's child: its parent is the PMIC (has #interrupt-cells), not /'s GIC. */
	assert_int_equal(platform_find_device(&r->plat, "/soc/pmic@100000/rtc"), -1);
	d = dev(r, "/soc/pmic@100000");
	assert_int_equal(d->n_irqs, 1);
	assert_int_equal(d->irqs[0].intid, 32 + 9);
	d = dev(r, "/soc/serial@200000");
	assert_int_equal(d->n_irqs, 1);
	assert_int_equal(d->irqs[0].intid, 32 + 5);
	/* <3> through the nexus: entry <0x0 0x3 &gic 0 0 0 20 4> (unit address 0x1000 masked to 0). */
	d = dev(r, "/soc/motherboard@300000/ethernet@1000");
	assert_int_equal(d->n_irqs, 1);
	assert_int_equal(d->irqs[0].intid, 32 + 20);
	assert_int_equal(d->irqs[0].flags, 4);
	/* interrupts-extended: the PMIC entry is not the GIC's, the second is. */
	d = dev(r, "/soc/keys@400000");
	assert_int_equal(d->n_irqs, 1);
	assert_int_equal(d->irqs[0].intid, 32 + 7);
}

static void test_foreign_iommu(void **state)
{
	struct run *r = *state;
	const struct diag *w = diag_find(&r->dl, "dt-iommu-unsupported");
	const struct plat_device *d;

	assert_non_null(w);
	assert_int_equal(w->severity, DIAG_WARNING);
	assert_string_equal(w->path, "/iommu@9090000");
	assert_string_equal(w->message, "\"vendor,media-iommu\" is no IOMMU bulkhead can program: the DMA of 2 devices "
					"behind it "
					"(/soc/media@500000, /soc/video@600000) cannot be isolated; a config giving "
					"one to a "
					"partition is refused");
	assert_null(nth_with_code(&r->dl, "dt-iommu-unsupported", 1));
	d = dev(r, "/soc/video@600000");
	assert_true(d->dma_capable);
	assert_int_equal(d->n_streams, 0);
	assert_string_equal(d->foreign_iommu, "/iommu@9090000");
	assert_string_equal(d->foreign_iommu_compatible, "vendor,media-iommu");
}

static void test_disabled_iommu(void **state)
{
	struct run *r = *state;
	const struct diag *w = diag_find(&r->dl, "dt-iommu-disabled");
	const struct plat_device *d = dev(r, "/soc/gpu@700000");

	assert_non_null(w);
	assert_string_equal(w->path, "/iommu@9070000");
	assert_string_equal(w->property, "status");
	/* Never silently "not a DMA master": it is one, without IOMMU. */
	assert_true(d->dma_capable);
	assert_int_equal(d->n_streams, 0);
	assert_null(d->foreign_iommu);
	d = dev(r, "/soc/dma@800000");
	assert_int_equal(d->n_streams, 1);
	assert_int_equal(d->streams[0].sid, 8);
}

static void test_three_cell_bus(void **state)
{
	struct run *r = *state;
	const struct diag *w = diag_find(&r->dl, "dt-iommu-map-unscanned");

	assert_non_null(w);
	assert_string_equal(w->path, "/fsl-mc@80c000000");
	assert_non_null(strstr(w->message, "bus \"fsl,qoriq-mc\" is not one bulkhead scans"));
	/* The bus itself is a device at its CPU address; the DPMAC's reg is on no memory bus. */
	assert_int_equal(dev(r, "/fsl-mc@80c000000")->regs[0].base, 0x80c000000ull);
	assert_int_equal(dev(r, "/fsl-mc@80c000000/dpmacs/ethernet@1")->n_regs, 0);
}

static void test_dma_engines(void **state)
{
	struct run *r = *state;

	assert_true(dev(r, "/soc/dma@a00000")->dma_capable);
	assert_int_equal(dev(r, "/soc/dma@a00000")->n_streams, 0);
	assert_true(dev(r, "/soc/dma-controller@b00000")->dma_capable);
	assert_false(dev(r, "/soc/dma-router@c00000")->dma_capable);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_error_three_warnings), cmocka_unit_test(test_interrupt_parents),
		cmocka_unit_test(test_foreign_iommu),           cmocka_unit_test(test_disabled_iommu),
		cmocka_unit_test(test_three_cell_bus),          cmocka_unit_test(test_dma_engines),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SMMU recognition (core/platform/platform_smmu.c) on tests/unit/fixtures/platform/smmu_family.dts:
 * which compatibles are the Arm SMMU family, model and vendor integration, instances behind one
 * node, #global-interrupts, and which of them bulkhead can program. Expected values are read off
 * the fixture and Linux 6.1's match tables by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libfdt.h>

#include "core/base/diag.h"
#include "core/platform/platform.h"
#include "tests/unit/fixture.h"
#include "tests/unit/host_console.h"

struct board {
	void *fdt;
	struct platform plat;
	struct diag_list dl;
	bool ok;
};

static int setup(void **state)
{
	struct board *b = calloc(1, sizeof(*b));

	assert_non_null(b);
	b->fdt = fixture_load("platform/smmu_family.dtb", NULL);
	diag_init(&b->dl);
	b->ok = platform_discover(b->fdt, &b->plat, &b->dl);
	*state = b;
	return 0;
}

static int teardown(void **state)
{
	struct board *b = *state;

	platform_free(&b->plat);
	diag_free(&b->dl);
	free(b->fdt);
	free(b);
	return 0;
}

static const struct plat_smmu *smmu_at(const struct platform *p, const char *path)
{
	for (size_t i = 0; i < p->n_smmus; i++)
		if (strcmp(p->smmus[i].path, path) == 0)
			return &p->smmus[i];
	return NULL;
}

struct expect {
	const char *path;
	enum smmu_model model;
	enum smmu_impl impl;
	unsigned n_inst;
	bool programmable;
};

/* SMMUv2 and MMU-500 (generic, nvidia, marvell): drivers/smmu/smmuv2.c programs them. */
#define V2_WIRED true

static const struct expect family[] = {
	{ "/iommu@1000000", SMMU_MODEL_V1, SMMU_IMPL_GENERIC, 1, false },
	{ "/iommu@1100000", SMMU_MODEL_V2, SMMU_IMPL_GENERIC, 1, V2_WIRED },
	{ "/iommu@1200000", SMMU_MODEL_MMU400, SMMU_IMPL_GENERIC, 1, false },
	{ "/iommu@1300000", SMMU_MODEL_MMU401, SMMU_IMPL_GENERIC, 1, false },
	{ "/iommu@1400000", SMMU_MODEL_MMU500, SMMU_IMPL_GENERIC, 1, V2_WIRED },
	{ "/iommu@1500000", SMMU_MODEL_V2, SMMU_IMPL_CAVIUM, 1, false },
	{ "/iommu@1600000", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA, 2, V2_WIRED },
	{ "/iommu@1700000", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA, 1, V2_WIRED },
	{ "/iommu@1800000", SMMU_MODEL_MMU500, SMMU_IMPL_QCOM, 1, false },
	{ "/iommu@1900000", SMMU_MODEL_MMU500, SMMU_IMPL_QCOM, 1, false },
	{ "/iommu@1a00000", SMMU_MODEL_V2, SMMU_IMPL_QCOM, 1, false },
	{ "/iommu@1b00000", SMMU_MODEL_MMU500, SMMU_IMPL_MARVELL, 1, V2_WIRED },
	{ "/iommu@1c00000", SMMU_MODEL_V1, SMMU_IMPL_CALXEDA, 1, false },
	{ "/iommu@1f00000", SMMU_MODEL_V3, SMMU_IMPL_GENERIC, 1, true },
};

static void test_every_family_member_recognised(void **state)
{
	struct board *b = *state;

	assert_true(b->ok);
	assert_int_equal(b->dl.count, 0);
	assert_int_equal(b->plat.n_smmus, sizeof(family) / sizeof(family[0]));
	for (size_t i = 0; i < sizeof(family) / sizeof(family[0]); i++) {
		const struct plat_smmu *s = smmu_at(&b->plat, family[i].path);
		const char *why = "unset";

		if (!s)
			fail_msg("%s not recognised", family[i].path);
		if (s->model != family[i].model || s->impl != family[i].impl || s->n_inst != family[i].n_inst)
			fail_msg("%s: model %s impl %s, %u instances; expected %s %s %u", family[i].path,
				 smmu_model_name(s->model), smmu_impl_name(s->impl), s->n_inst,
				 smmu_model_name(family[i].model), smmu_impl_name(family[i].impl), family[i].n_inst);
		if (smmu_programmable(s, &why) != family[i].programmable)
			fail_msg("%s: programmable should be %d", family[i].path, family[i].programmable);
		if (family[i].programmable)
			assert_null(why);
		else
			assert_non_null(why);
	}
}

static void test_lookalikes_are_not_smmus(void **state)
{
	struct board *b = *state;

	/* Tegra30's own SMMU and Qualcomm's msm IOMMU are other drivers' hardware. */
	assert_null(smmu_at(&b->plat, "/iommu@1d00000"));
	assert_null(smmu_at(&b->plat, "/iommu@1e00000"));
	assert_true(platform_find_device(&b->plat, "/iommu@1d00000") >= 0);
}

static void test_instances_and_interrupts(void **state)
{
	struct board *b = *state;
	const struct plat_smmu *nv = smmu_at(&b->plat, "/iommu@1600000");
	const struct plat_smmu *arm = smmu_at(&b->plat, "/iommu@1400000");
	const struct plat_smmu *v3 = smmu_at(&b->plat, "/iommu@1f00000");

	assert_int_equal(nv->inst[0].base, 0x1600000);
	assert_int_equal(nv->inst[1].base, 0x1680000);
	assert_int_equal(nv->inst[1].size, 0x10000);
	assert_int_equal(nv->reg.base, 0x1600000);
	/* A generic MMU-500's second window is not an instance. */
	assert_int_equal(arm->n_inst, 1);
	assert_int_equal(arm->inst[0].base, 0x1400000);
	/* SPI 0x16 is global, SPI 0x16 + 64 the context interrupt. */
	assert_int_equal(nv->n_global_irqs, 1);
	assert_int_equal(nv->n_irqs, 2);
	assert_int_equal(nv->irqs[0].intid, 32 + 0x16);
	assert_int_equal(nv->irqs[1].intid, 32 + 0x16 + 64);
	assert_int_equal(v3->n_global_irqs, 0);
}

static void test_reasons_name_the_obstacle(void **state)
{
	struct board *b = *state;
	const char *why = NULL;

	assert_false(smmu_programmable(smmu_at(&b->plat, "/iommu@1800000"), &why));
	assert_non_null(strstr(why, "Qualcomm"));
	assert_false(smmu_programmable(smmu_at(&b->plat, "/iommu@1000000"), &why));
	assert_non_null(strstr(why, "SMMUv1"));
	assert_false(smmu_programmable(smmu_at(&b->plat, "/iommu@1500000"), &why));
	assert_non_null(strstr(why, "Cavium"));
	assert_false(smmu_programmable(smmu_at(&b->plat, "/iommu@1c00000"), &why));
	/* A NULL `why` is allowed. */
	assert_true(smmu_programmable(smmu_at(&b->plat, "/iommu@1f00000"), NULL));
}

static void test_pages_only_for_tegra(void **state)
{
	struct board *b = *state;

	assert_true(smmu_needs_pages_only(smmu_at(&b->plat, "/iommu@1600000")));
	assert_true(smmu_needs_pages_only(smmu_at(&b->plat, "/iommu@1700000")));
	assert_false(smmu_needs_pages_only(smmu_at(&b->plat, "/iommu@1400000")));
	assert_false(smmu_needs_pages_only(smmu_at(&b->plat, "/iommu@1f00000")));
}

static void test_report_names_instances_and_refusal(void **state)
{
	struct board *b = *state;
	const char *out;

	console_clear();
	platform_report(&b->plat);
	out = console_captured();
	assert_non_null(strstr(out, "smmu: /iommu@1600000 MMU-500 nvidia at 0x1600000 + 0x1680000 #iommu-cells 1 irqs "
				    "global=54 context=118\n"));
	assert_non_null(strstr(out, "smmu: /iommu@1600000: 2 instances, programmed as one\n"));
	assert_non_null(strstr(out, "smmu: /iommu@1800000: not programmable (a Qualcomm SMMU's registers"));
	assert_null(strstr(out, "smmu: /iommu@1f00000: not programmable"));
	console_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_every_family_member_recognised, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lookalikes_are_not_smmus, setup, teardown),
		cmocka_unit_test_setup_teardown(test_instances_and_interrupts, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reasons_name_the_obstacle, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pages_only_for_tegra, setup, teardown),
		cmocka_unit_test_setup_teardown(test_report_names_instances_and_refusal, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

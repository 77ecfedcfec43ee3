/* Platform discovery: SMMU nodes. Which compatibles are an Arm SMMU, which vendor integration,
 * how many identically programmed instances sit behind one node, and whether bulkhead can
 * program it at all.
 *
 * The family is what Linux 6.1's arm-smmu driver binds to (its of_match table: arm,smmu-v1,
 * arm,smmu-v2, arm,mmu-400, arm,mmu-401, arm,mmu-500, cavium,smmu-v2, nvidia,smmu-500,
 * qcom,smmu-v2), plus the SoC-specific strings that precede those fallbacks in real DTs
 * (nvidia,tegra186/194/234-smmu, qcom,SOC-smmu-500 and -smmu-v2, qcom,smmu-500,
 * marvell,ap806-smmu-500), so that a node is recognised by whichever string comes first. The
 * older Tegra SMMU (nvidia,tegra30-smmu and kin) is a different IOMMU and is not matched. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

/* An MMU-500 has up to 128 context banks, each with its own interrupt, plus the global ones. */
#define MAX_SMMU_IRQS 160

struct smmu_rule {
	const char *compatible;
	size_t len; /* strlen(compatible): every device's every compatible string is tried */
	enum smmu_model model;
	enum smmu_impl impl;
};

#define RULE(compatible, model, impl)                           \
	{                                                       \
		compatible, sizeof(compatible) - 1, model, impl \
	}

static const struct smmu_rule exact_rules[] = {
	RULE("arm,smmu-v3", SMMU_MODEL_V3, SMMU_IMPL_GENERIC),
	RULE("nvidia,smmu-500", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA),
	RULE("nvidia,tegra186-smmu", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA),
	RULE("nvidia,tegra194-smmu", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA),
	RULE("nvidia,tegra234-smmu", SMMU_MODEL_MMU500, SMMU_IMPL_NVIDIA),
	RULE("marvell,ap806-smmu-500", SMMU_MODEL_MMU500, SMMU_IMPL_MARVELL),
	RULE("qcom,smmu-500", SMMU_MODEL_MMU500, SMMU_IMPL_QCOM),
	RULE("qcom,smmu-v2", SMMU_MODEL_V2, SMMU_IMPL_QCOM),
	RULE("cavium,smmu-v2", SMMU_MODEL_V2, SMMU_IMPL_CAVIUM),
	RULE("arm,mmu-500", SMMU_MODEL_MMU500, SMMU_IMPL_GENERIC),
	RULE("arm,smmu-v2", SMMU_MODEL_V2, SMMU_IMPL_GENERIC),
	RULE("arm,mmu-401", SMMU_MODEL_MMU401, SMMU_IMPL_GENERIC),
	RULE("arm,mmu-400", SMMU_MODEL_MMU400, SMMU_IMPL_GENERIC),
	RULE("arm,smmu-v1", SMMU_MODEL_V1, SMMU_IMPL_GENERIC),
};

static bool ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* One compatible string: an exact rule, or Qualcomm's per-SoC "qcom,SOC-smmu-500"/"-smmu-v2". */
static bool match_string(const char *s, size_t len, enum smmu_model *model, enum smmu_impl *impl)
{
	for (size_t i = 0; i < sizeof(exact_rules) / sizeof(exact_rules[0]); i++) {
		if (exact_rules[i].len == len && memcmp(exact_rules[i].compatible, s, len) == 0) {
			*model = exact_rules[i].model;
			*impl = exact_rules[i].impl;
			return true;
		}
	}
	if (len > 5 && memcmp(s, "qcom,", 5) == 0) {
		if (ends_with(s, len, "-smmu-500")) {
			*model = SMMU_MODEL_MMU500;
			*impl = SMMU_IMPL_QCOM;
			return true;
		}
		if (ends_with(s, len, "-smmu-v2")) {
			*model = SMMU_MODEL_V2;
			*impl = SMMU_IMPL_QCOM;
			return true;
		}
	}
	return false;
}

bool plat_smmu_match(const void *fdt, int node, enum smmu_model *model, enum smmu_impl *impl)
{
	int len;
	const char *list = fdtp_getprop(fdt, node, "compatible", &len);

	if (!list || len <= 0)
		return false;
	/* The first string that names the family decides, as the DT's most-specific-first order says. */
	for (int off = 0; off < len;) {
		const char *s = list + off;
		size_t n = strnlen(s, (size_t)(len - off));

		if (match_string(s, n, model, impl)) {
			/* Calxeda's SMMUv1 only answers on its secure register aliases (Linux's calxeda impl). */
			if (*model != SMMU_MODEL_V3 &&
			    fdtp_getprop(fdt, node, "calxeda,smmu-secure-config-access", NULL))
				*impl = SMMU_IMPL_CALXEDA;
			return true;
		}
		off += (int)n + 1;
	}
	return false;
}

/* Every `reg` window, translated. For nvidia,smmu-500 each is an instance programmed in lockstep
 * (Tegra194/234: two per node); any other SMMU is its first window only, as in Linux. */
static void discover_windows(const void *fdt, int node, struct plat_smmu *s, struct diag_list *dl)
{
	struct fdtp_reg regs[PLAT_SMMU_MAX_INSTANCES + 1];
	int n = fdtp_reg(fdt, node, regs, PLAT_SMMU_MAX_INSTANCES + 1, dl);

	if (n <= 0) {
		if (n == 0)
			diag_error(dl, "dt-missing-property", s->path, "reg", "IOMMU without a register window");
		return;
	}
	if (s->impl != SMMU_IMPL_NVIDIA)
		n = 1;
	if (n > PLAT_SMMU_MAX_INSTANCES) {
		diag_error(dl, "dt-bad-smmu", s->path, "reg", "more than %d instances behind one node",
			   PLAT_SMMU_MAX_INSTANCES);
		return;
	}
	for (int i = 0; i < n; i++) {
		if (!plat_translate(fdt, node, regs[i].base, &regs[i].base)) {
			diag_error(dl, "dt-missing-property", s->path, "reg",
				   "window %d at bus address 0x%llx is outside its parents' ranges", i,
				   (unsigned long long)regs[i].base);
			return;
		}
		if (regs[i].size != regs[0].size) {
			diag_error(dl, "dt-bad-smmu", s->path, "reg",
				   "instance %d is 0x%llx bytes, instance 0 0x%llx: they must be identical", i,
				   (unsigned long long)regs[i].size, (unsigned long long)regs[0].size);
			return;
		}
		s->inst[i] = (struct mem_range){ regs[i].base, regs[i].size };
	}
	s->n_inst = (unsigned)n;
	s->reg = s->inst[0];
}

static void discover_irqs(const void *fdt, int node, struct platform *plat, struct plat_smmu *s, struct diag_list *dl)
{
	struct plat_irq *irqs = malloc(MAX_SMMU_IRQS * sizeof(*irqs));
	int nirq, ncount;

	if (!irqs) {
		dl->out_of_memory = true;
		return;
	}
	nirq = plat_decode_irqs(fdt, node, plat, irqs, MAX_SMMU_IRQS, dl);
	if (nirq <= 0) {
		free(irqs);
		return;
	}
	ncount = fdt_stringlist_count(fdt, node, "interrupt-names");
	s->irqs = irqs;
	s->irq_names = calloc((size_t)nirq, sizeof(*s->irq_names));
	if (!s->irq_names) {
		dl->out_of_memory = true;
		return;
	}
	for (int i = 0; i < nirq; i++)
		if (i < ncount)
			s->irq_names[i] = strdup(fdt_stringlist_get(fdt, node, "interrupt-names", i, NULL));
	s->n_irqs = (size_t)nirq;
}

static void discover_one_smmu(const void *fdt, int node, enum smmu_model model, enum smmu_impl impl,
			      struct platform *plat, struct diag_list *dl)
{
	struct plat_smmu *s;
	uint32_t cells = 1;

	if (!PLAT_PUSH(plat->smmus, plat->n_smmus)) {
		dl->out_of_memory = true;
		return;
	}
	s = &plat->smmus[plat->n_smmus - 1];
	s->model = model;
	s->impl = impl;
	s->node = node;
	s->path = fdtp_path_dup(fdt, node);
	s->phandle = fdtp_get_phandle(fdt, node);
	discover_windows(fdt, node, s, dl);
	if (fdtp_u32(fdt, node, "#iommu-cells", &cells, dl) == FDTP_ABSENT)
		diag_error(dl, "dt-missing-property", s->path, "#iommu-cells",
			   "IOMMU must say how many cells a stream has");
	if (cells < 1 || cells > 2 || (model == SMMU_MODEL_V3 && cells != 1))
		diag_error(dl, "dt-bad-cells", s->path, "#iommu-cells", "%u cells: %s takes %s", cells,
			   smmu_model_name(model), model == SMMU_MODEL_V3 ? "1" : "1 or 2");
	s->iommu_cells = cells;
	fdtp_u32(fdt, node, "stream-match-mask", &s->stream_match_mask, dl);
	if (model != SMMU_MODEL_V3)
		fdtp_u32(fdt, node, "#global-interrupts", &s->n_global_irqs, dl);
	discover_irqs(fdt, node, plat, s, dl);
}

void plat_discover_smmus(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	int node, depth = 0;

	for (node = fdtp_next_node(fdt, -1, &depth); node >= 0; node = fdtp_next_node(fdt, node, &depth)) {
		enum smmu_model model;
		enum smmu_impl impl;

		if (plat_smmu_match(fdt, node, &model, &impl) && plat_node_enabled(fdt, node))
			discover_one_smmu(fdt, node, model, impl, plat, dl);
	}
}

const char *smmu_model_name(enum smmu_model m)
{
	switch (m) {
	case SMMU_MODEL_V3:
		return "SMMUv3";
	case SMMU_MODEL_V2:
		return "SMMUv2";
	case SMMU_MODEL_MMU500:
		return "MMU-500";
	case SMMU_MODEL_MMU400:
		return "MMU-400";
	case SMMU_MODEL_V1:
		return "SMMUv1";
	case SMMU_MODEL_MMU401:
		return "MMU-401";
	}
	return "SMMU?";
}

const char *smmu_impl_name(enum smmu_impl impl)
{
	switch (impl) {
	case SMMU_IMPL_GENERIC:
		return "arm";
	case SMMU_IMPL_NVIDIA:
		return "nvidia";
	case SMMU_IMPL_QCOM:
		return "qcom";
	case SMMU_IMPL_CAVIUM:
		return "cavium";
	case SMMU_IMPL_MARVELL:
		return "marvell";
	case SMMU_IMPL_CALXEDA:
		return "calxeda";
	}
	return "?";
}

bool smmu_programmable(const struct plat_smmu *s, const char **why)
{
	const char *reason = NULL;

	if (s->model == SMMU_MODEL_V3)
		reason = NULL;
	else if (s->model == SMMU_MODEL_V1 || s->model == SMMU_MODEL_MMU400 || s->model == SMMU_MODEL_MMU401)
		reason = "SMMUv1 has no AArch64 stage-2 context bank; bulkhead programs SMMUv2 and SMMUv3 only";
	else if (s->impl == SMMU_IMPL_QCOM)
		reason = "a Qualcomm SMMU's registers are mediated by the firmware's hypervisor, which bulkhead "
			 "does not speak to";
	else if (s->impl == SMMU_IMPL_CAVIUM)
		reason = "Cavium's SMMUv2 shares context-bank and VMID numbers across SMMUs, which bulkhead does "
			 "not allocate";
	else if (s->impl == SMMU_IMPL_CALXEDA)
		reason = "Calxeda's SMMU answers only on its secure register aliases";
	if (why)
		*why = reason;
	return reason == NULL;
}

bool smmu_needs_pages_only(const struct plat_smmu *s)
{
	return s->impl == SMMU_IMPL_NVIDIA;
}

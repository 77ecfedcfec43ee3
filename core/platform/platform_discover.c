/* Platform discovery: the top-level pieces of the board (memory, reservations, CPUs, GIC,
 * console, PSCI, timer). Devices, SMMUs and PCI hosts are in platform_devices.c and
 * platform_pci.c. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/fdt/fdt_check.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/mm/hyp_map.h"
#include "core/platform/platform.h"
#include "core/platform/platform_internal.h"

#define MAX_REGS 16

static char *path_of(const void *fdt, int node)
{
	return fdtp_path_dup(fdt, node);
}

/* RAM the hypervisor maps (core/mm/hyp_map.h): the first HYP_MAP_MAX_RAM banks, below
 * HYP_MAP_VA_LIMIT. What it does not map is left out of the platform, said as a warning, so that
 * validation places nothing there (a partition's memory in it would crash EL2 at its scrub). A
 * bank that crosses the limit is cut at it. */
static bool mappable_ram(const void *fdt, int node, const struct platform *plat, struct fdtp_reg *r,
			 struct diag_list *dl)
{
	bool past_banks = plat->n_mem == HYP_MAP_MAX_RAM;
	bool past_limit = r->base >= HYP_MAP_VA_LIMIT || r->base + r->size < r->base;
	char path[256];

	if (!past_banks && !past_limit && r->base + r->size <= HYP_MAP_VA_LIMIT)
		return true;
	fdtp_path(fdt, node, path, sizeof(path));
	if (past_banks) {
		diag_warn(dl, "dt-memory-unused", path, "reg",
			  "RAM 0x%llx+0x%llx is past the first %u banks bulkhead maps: it is left unused",
			  (unsigned long long)r->base, (unsigned long long)r->size, HYP_MAP_MAX_RAM);
		return false;
	}
	if (past_limit) {
		diag_warn(dl, "dt-memory-unused", path, "reg",
			  "RAM 0x%llx+0x%llx is at or past 512 GiB, which bulkhead does not map: it is left unused",
			  (unsigned long long)r->base, (unsigned long long)r->size);
		return false;
	}
	diag_warn(dl, "dt-memory-unused", path, "reg",
		  "RAM 0x%llx+0x%llx crosses 512 GiB, which bulkhead does not map: only 0x%llx+0x%llx is used",
		  (unsigned long long)r->base, (unsigned long long)r->size, (unsigned long long)r->base,
		  (unsigned long long)(HYP_MAP_VA_LIMIT - r->base));
	r->size = HYP_MAP_VA_LIMIT - r->base;
	return true;
}

static bool discover_memory(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	struct fdtp_reg regs[MAX_REGS];
	int node;

	for (node = fdtp_node_offset_by_prop_value(fdt, -1, "device_type", "memory", sizeof("memory")); node >= 0;
	     node = fdtp_node_offset_by_prop_value(fdt, node, "device_type", "memory", sizeof("memory"))) {
		int n = fdtp_reg(fdt, node, regs, MAX_REGS, dl);
		const char *status;

		if (fdtp_string(fdt, node, "status", &status, NULL) == FDTP_OK && strcmp(status, "okay") != 0 &&
		    strcmp(status, "ok") != 0)
			continue;
		for (int i = 0; i < n; i++) {
			if (regs[i].size == 0 || !mappable_ram(fdt, node, plat, &regs[i], dl))
				continue;
			if (!PLAT_PUSH(plat->mem, plat->n_mem)) {
				dl->out_of_memory = true;
				return false;
			}
			plat->mem[plat->n_mem - 1] = (struct mem_range){ regs[i].base, regs[i].size };
		}
	}
	if (plat->n_mem == 0) {
		diag_error(dl, "dt-no-memory", "/", "device_type",
			   "no memory node with a non-empty reg: nothing to partition (a bootloader fills /memory at "
			   "boot; for bulkhead-check, give the RAM with --memory BASE:SIZE)");
		return false;
	}
	return true;
}

static bool add_reserved(struct platform *plat, uint64_t base, uint64_t size, char *path)
{
	if (!path || !PLAT_PUSH(plat->reserved, plat->n_reserved)) {
		free(path);
		return false;
	}
	plat->reserved[plat->n_reserved - 1] = (struct plat_reserved){ { base, size }, path };
	return true;
}

static bool discover_reserved(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	int n = fdt_num_mem_rsv(fdt);
	int rm, child;

	for (int i = 0; i < n; i++) {
		uint64_t base, size;

		if (fdt_get_mem_rsv(fdt, i, &base, &size) < 0)
			break;
		if (size && !add_reserved(plat, base, size, strdup("/memreserve/")))
			return false;
	}

	rm = fdtp_path_offset(fdt, "/reserved-memory");
	if (rm < 0)
		return true;
	fdtp_for_each_subnode(child, fdt, rm)
	{
		struct fdtp_reg regs[MAX_REGS];
		int nr = fdtp_reg(fdt, child, regs, MAX_REGS, dl);

		for (int i = 0; i < nr; i++)
			if (regs[i].size && !add_reserved(plat, regs[i].base, regs[i].size, path_of(fdt, child)))
				return false;
	}
	return true;
}

/* A CPU's reg is exactly one MPIDR of /cpus' #address-cells: a longer one means the two
 * disagree, and guessing which cells are the MPIDR would start the wrong CPU. */
static bool cpu_reg_is_one_entry(const void *fdt, int cpus, int node, struct diag_list *dl)
{
	uint32_t ac;
	int len;

	if (fdtp_child_addr_cells(fdt, cpus, &ac, dl) != FDTP_OK || !fdtp_getprop(fdt, node, "reg", &len))
		return false;
	if ((uint32_t)len != ac * 4) {
		char p[256];

		diag_error(dl, "dt-cells-mismatch", fdtp_path(fdt, node, p, sizeof(p)), "reg",
			   "%d bytes, but #address-cells of /cpus is %u (one MPIDR of %u bytes expected)", len, ac,
			   ac * 4);
		return false;
	}
	return true;
}

static bool discover_cpus(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	int cpus = fdtp_path_offset(fdt, "/cpus");
	int node;

	if (cpus < 0) {
		diag_error(dl, "dt-no-cpu", "/cpus", NULL, "node missing: no CPUs to run partitions on");
		return false;
	}
	fdtp_for_each_subnode(node, fdt, cpus)
	{
		const char *type;
		struct fdtp_reg reg;
		int n;

		if (fdtp_string(fdt, node, "device_type", &type, dl) != FDTP_OK || strcmp(type, "cpu") != 0)
			continue;
		n = fdtp_reg(fdt, node, &reg, 1, dl);
		if (n < 0)
			return false;
		if (n == 0) {
			char p[256];

			diag_error(dl, "dt-missing-property", fdtp_path(fdt, node, p, sizeof(p)), "reg",
				   "CPU node without reg (MPIDR)");
			return false;
		}
		if (!cpu_reg_is_one_entry(fdt, cpus, node, dl))
			return false;
		if (!PLAT_PUSH(plat->cpus, plat->n_cpus)) {
			dl->out_of_memory = true;
			return false;
		}
		plat->cpus[plat->n_cpus - 1] = (struct plat_cpu){ reg.base, path_of(fdt, node), node };
	}
	if (plat->n_cpus == 0) {
		diag_error(dl, "dt-no-cpu", "/cpus", NULL, "no child with device_type = \"cpu\"");
		return false;
	}
	return true;
}

/* The compatibles Linux 6.1's GIC drivers match (irq-gic-v3.c, irq-gic.c), vendor ones included. */
static const char *const gic_v3_compat[] = { "arm,gic-v3", NULL };
static const char *const gic_v2_compat[] = { "arm,gic-400",       "arm,cortex-a15-gic",
					     "arm,cortex-a9-gic", "arm,cortex-a7-gic",
					     "arm,arm11mp-gic",   "arm,arm1176jzf-devchip-gic",
					     "arm,pl390",         "qcom,msm-8660-qgic",
					     "qcom,msm-qgic2",    NULL };

/* The first enabled node, in DT order, with one of `compat`; -1 if none. */
static int find_enabled_compatible(const void *fdt, const char *const *compat)
{
	int node, depth = 0;

	for (node = fdtp_next_node(fdt, -1, &depth); node >= 0; node = fdtp_next_node(fdt, node, &depth))
		for (const char *const *c = compat; *c; c++)
			if (fdtp_node_check_compatible(fdt, node, *c) == 0 && plat_node_enabled(fdt, node))
				return node;
	return -1;
}

static bool discover_gic(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	struct plat_gic *g = &plat->gic;
	struct fdtp_reg regs[MAX_REGS];
	int node, n;
	uint32_t nredist = 1;

	node = find_enabled_compatible(fdt, gic_v3_compat);
	if (node >= 0) {
		g->version = GIC_V3;
	} else {
		node = find_enabled_compatible(fdt, gic_v2_compat);
		if (node < 0) {
			diag_error(dl, "dt-no-gic", "/", NULL,
				   "no interrupt controller with a GICv2 or GICv3 compatible");
			return false;
		}
		g->version = GIC_V2;
	}
	g->node = node;
	g->path = path_of(fdt, node);
	g->phandle = fdtp_get_phandle(fdt, node);
	n = fdtp_reg(fdt, node, regs, MAX_REGS, dl);
	if (n < 2) {
		if (n >= 0)
			diag_error(dl, "dt-missing-property", g->path, "reg", "GIC needs distributor and %s regions",
				   g->version == GIC_V3 ? "redistributor" : "CPU interface");
		return false;
	}
	/* Like every other device, the GIC may sit on a bus whose `ranges` moves it: record where
	 * the CPU sees the registers, not the bus address. */
	for (int i = 0; i < n; i++) {
		if (!plat_translate(fdt, node, regs[i].base, &regs[i].base)) {
			diag_error(dl, "dt-bad-gic", g->path, "reg",
				   "region %d at bus address 0x%llx is outside its parents' ranges", i,
				   (unsigned long long)regs[i].base);
			return false;
		}
	}
	g->dist = (struct mem_range){ regs[0].base, regs[0].size };
	if (g->version == GIC_V3) {
		if (fdtp_u32(fdt, node, "#redistributor-regions", &nredist, dl) == FDTP_BAD)
			return false;
		if (nredist < 1 || nredist > PLAT_GIC_MAX_REDIST || (int)nredist > n - 1) {
			diag_error(dl, "dt-bad-gic", g->path, "#redistributor-regions", "%u regions but reg holds %d",
				   nredist, n - 1);
			return false;
		}
		for (uint32_t i = 0; i < nredist; i++)
			g->redist[i] = (struct mem_range){ regs[1 + i].base, regs[1 + i].size };
		g->n_redist = nredist;
		int its = fdtp_node_offset_by_compatible(fdt, -1, "arm,gic-v3-its");

		if (its >= 0 && fdtp_reg(fdt, its, regs, 1, dl) == 1 &&
		    plat_translate(fdt, its, regs[0].base, &regs[0].base)) {
			g->its = (struct mem_range){ regs[0].base, regs[0].size };
			g->its_path = path_of(fdt, its);
			g->its_phandle = fdtp_get_phandle(fdt, its);
		}
	} else {
		g->cpu_if = (struct mem_range){ regs[1].base, regs[1].size };
		if (n >= 4) {
			g->hyp_if = (struct mem_range){ regs[2].base, regs[2].size };
			g->vcpu_if = (struct mem_range){ regs[3].base, regs[3].size };
		}
	}
	/* The maintenance interrupt is the GIC node's own `interrupts` (a PPI). */
	{
		struct plat_irq irq;

		if (plat_decode_irqs(fdt, node, plat, &irq, 1, dl) == 1)
			g->maintenance_intid = irq.intid;
	}
	return true;
}

static void discover_psci(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	static const char *const psci_compat[] = { "arm,psci-1.0", "arm,psci-0.2", "arm,psci", NULL };
	int node = -1;
	const char *method;

	plat->psci = PSCI_NONE;
	plat->psci_cpu_on_fid = 0xc4000003;
	for (const char *const *c = psci_compat; *c && node < 0; c++)
		node = fdtp_node_offset_by_compatible(fdt, -1, *c);
	if (node < 0)
		return;
	if (fdtp_string(fdt, node, "method", &method, dl) == FDTP_OK) {
		if (strcmp(method, "smc") == 0)
			plat->psci = PSCI_SMC;
		else if (strcmp(method, "hvc") == 0)
			plat->psci = PSCI_HVC;
		else {
			char p[256];

			diag_error(dl, "dt-bad-psci", fdtp_path(fdt, node, p, sizeof(p)), "method",
				   "\"%s\" is neither \"smc\" nor \"hvc\"", method);
		}
	}
	/* PSCI 0.2+ has fixed function IDs; a 0.1 node names its own. */
	if (fdtp_node_check_compatible(fdt, node, "arm,psci-0.2") != 0 &&
	    fdtp_node_check_compatible(fdt, node, "arm,psci-1.0") != 0)
		fdtp_u32(fdt, node, "cpu_on", &plat->psci_cpu_on_fid, dl);
}

static void discover_timer(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	int node = fdtp_node_offset_by_compatible(fdt, -1, "arm,armv8-timer");

	if (node < 0)
		return;
	{
		int n = plat_decode_irqs(fdt, node, plat, plat->timer_irqs, 4, dl);

		plat->n_timer_irqs = n > 0 ? (size_t)n : 0;
	}
}

static void discover_console(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	int chosen = fdtp_path_offset(fdt, "/chosen");
	const char *sp;
	char path[256];
	size_t len;
	int node;

	plat->console = -1;
	if (chosen < 0 || fdtp_string(fdt, chosen, "stdout-path", &sp, dl) != FDTP_OK)
		return;
	plat->stdout_path = strdup(sp);
	len = strcspn(sp, ":");
	if (len >= sizeof(path))
		return;
	memcpy(path, sp, len);
	path[len] = '\0';
	node = fdtp_path_offset(fdt, path); /* resolves aliases too */
	if (node < 0) {
		diag_warn(dl, "dt-bad-stdout-path", "/chosen", "stdout-path", "\"%s\" names no node", path);
		return;
	}
	for (size_t i = 0; i < plat->n_devices; i++) {
		if (plat->devices[i].node == node) {
			plat->console = (int)i;
			plat->devices[i].role = DEV_ROLE_CONSOLE;
			if (plat->devices[i].n_regs)
				plat->console_base = plat->devices[i].regs[0].base;
			return;
		}
	}
}

static bool discover(const void *fdt, struct platform *plat, struct diag_list *dl);

/* A caller that indexed the blob itself (the hypervisor, for the rest of its boot) keeps its index;
 * otherwise discovery indexes the blob once it is checked and releases the index at the end. */
static bool own_index;

bool platform_discover(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	bool ok;

	own_index = !fdt_index_covers(fdt);
	ok = discover(fdt, plat, dl);
	if (own_index)
		fdt_index_release();
	return ok;
}

static bool discover(const void *fdt, struct platform *plat, struct diag_list *dl)
{
	size_t errors_before = dl->errors;
	int root;
	const char *s;

	memset(plat, 0, sizeof(*plat));
	plat->console = -1;
	if (fdt_check_header(fdt) != 0) {
		diag_error(dl, "dt-bad-header", "/", NULL,
			   "not a valid flattened device tree (bad magic, version or size)");
		return false;
	}
	/* libfdt's readers trust the structure block once the header checks out, and libfdt's own
	 * fdt_check_full() can crash or hang on hostile input (found by fuzz/): walk the whole blob
	 * with core/fdt/fdt_check.c first, within totalsize, which every caller has checked fits.
	 * Indexing checks it so (an indexed blob was checked); the check alone answers when the
	 * index cannot be built, and says why. */
	if (own_index)
		fdt_index_build(fdt); /* lookups fall back to libfdt without it */
	{
		int err = fdt_index_covers(fdt) ? 0 : fdt_check_blob(fdt, fdt_totalsize(fdt));

		if (err != 0) {
			diag_error(dl, "dt-bad-header", "/", NULL, "malformed device tree: %s", fdt_strerror(err));
			return false;
		}
	}
	root = fdtp_path_offset(fdt, "/");
	if (root < 0) {
		diag_error(dl, "dt-bad-header", "/", NULL, "no root node: %s", fdt_strerror(root));
		return false;
	}
	if (fdtp_string(fdt, root, "model", &s, dl) == FDTP_OK)
		plat->model = strdup(s);
	if (fdtp_string(fdt, root, "compatible", &s, dl) == FDTP_OK)
		plat->compatible = strdup(s);

	/* Each step records its own diagnostics; carry on so one run reports as much as it can. */
	discover_memory(fdt, plat, dl);
	if (!discover_reserved(fdt, plat, dl))
		goto oom;
	discover_cpus(fdt, plat, dl);
	discover_gic(fdt, plat, dl);
	discover_psci(fdt, plat, dl);
	discover_timer(fdt, plat, dl);
	plat_discover_smmus(fdt, plat, dl);
	plat_discover_pci_hosts(fdt, plat, dl);
	plat_discover_devices(fdt, plat, dl);
	plat_report_unusable_iommus(fdt, plat, dl);
	discover_console(fdt, plat, dl);
	return dl->errors == errors_before && !dl->out_of_memory;
oom:
	dl->out_of_memory = true;
	return false;
}

uint64_t platform_ram_size(const struct platform *plat)
{
	uint64_t total = 0;

	for (size_t i = 0; i < plat->n_mem; i++)
		total += plat->mem[i].size;
	return total;
}

int platform_find_device(const struct platform *plat, const char *path)
{
	for (size_t i = 0; i < plat->n_devices; i++)
		if (strcmp(plat->devices[i].path, path) == 0)
			return (int)i;
	return -1;
}

int platform_find_smmu_by_phandle(const struct platform *plat, uint32_t phandle)
{
	if (phandle == 0) /* never valid; an SMMU without a phandle has 0 here */
		return -1;
	for (size_t i = 0; i < plat->n_smmus; i++)
		if (plat->smmus[i].phandle == phandle)
			return (int)i;
	return -1;
}

/* Each partition's device tree, built by the code creation builds it with (partition_plan_resources,
 * partition_plan_vpci, guest_dt_create) and measured: a tree creation could not build, such as one
 * over the arm64 boot protocol's 2 MiB (long bootargs, many devices), is refused here, so the
 * checker never calls valid a config whose partition would fail at boot. Needs the board DTB
 * (the tree copies its device nodes): without one (cfg_board.fdt NULL) nothing is measured. */
#include <stdlib.h>
#include <string.h>

#include "core/config/validate_internal.h"
#include "core/partition/guest_dt.h"
#include "core/partition/partition_plan.h"
#include "core/pci/vpci.h"

/* The initrd properties' presence is all the layout changes in the tree (fixed-size values):
 * present when the partition names an initrd, unless the images show it empty. */
static bool has_initrd(const struct pmap_partition *p, const struct config_blobs *images)
{
	const struct cfg_image *rd;

	if (!p->initrd)
		return false;
	if (!images)
		return true;
	rd = config_find_image(images, p->initrd);
	return rd && rd->size;
}

static void measure(struct vctx *v, size_t i, const void *fdt, const struct config_blobs *images,
		    struct partition_plan *plan, struct vpci_bus *bus)
{
	const struct pmap_partition *p = &v->map->parts[i];
	const struct cfg_partition *c = &v->cfg->parts[i];
	struct plan_inputs in = { v->plat, v->pci, v->gs, NULL };
	struct guest_layout lay = { 0 };
	struct diag_list dl;
	size_t size = 0;

	diag_init(&dl);
	/* A partition the plan refuses is over a limit validate_limits() reported already. */
	if (!partition_plan_resources(p, &in, plan, &dl) || !partition_plan_vpci(p, &in, bus, &plan->spec, &dl)) {
		diag_free(&dl);
		return;
	}
	if (has_initrd(p, images))
		lay.initrd_ipa = lay.initrd_end = 1;
	free(guest_dt_create(&plan->spec, fdt, v->plat, &lay, &size, &dl));
	for (size_t k = 0; k < dl.count; k++)
		if (dl.items[k].severity == DIAG_ERROR)
			diag_error(v->dl,
				   strcmp(dl.items[k].code, "part-dt-too-big") == 0 ? "cfg-dt-too-big" : "cfg-dt-build",
				   c->path, NULL, "partition '%s': %s", c->name, dl.items[k].message);
	diag_free(&dl);
}

void validate_guest_dt(struct vctx *v, const void *board_fdt, const struct config_blobs *images)
{
	struct partition_plan *plan;
	struct vpci_bus *bus;

	if (!board_fdt)
		return;
	plan = malloc(sizeof(*plan));
	bus = malloc(sizeof(*bus));
	if (!plan || !bus) {
		v->dl->out_of_memory = true;
	} else {
		for (size_t i = 0; i < v->map->n_parts; i++)
			measure(v, i, board_fdt, images, plan, bus);
	}
	free(plan);
	free(bus);
}

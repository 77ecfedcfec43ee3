/* `check --dot`: a Graphviz digraph. Each partition (and the hypervisor) is a box; each isolation
 * group a cluster holding its member devices; other platform devices are plain nodes. An edge
 * goes from the partition that holds a device to the device. Split groups, DMA without an IOMMU
 * and the edges that break a rule are red. Render with `dot -Tsvg`. */
#include <stdio.h>
#include <string.h>

#include "tools/check.h"

static void dstr(FILE *out, const char *s)
{
	fputc('"', out);
	for (; s && *s; s++) {
		if (*s == '"' || *s == '\\')
			fputc('\\', out);
		if (*s == '\n')
			fputs("\\n", out);
		else
			fputc(*s, out);
	}
	fputc('"', out);
}

static bool group_split(const struct check_run *run, const struct iso_group *g)
{
	for (size_t k = 1; k < g->n_members; k++)
		if (run->map.master_owner[g->members[k]] != run->map.master_owner[g->members[0]])
			return true;
	return false;
}

static void partition_node(FILE *out, const struct check_run *run, size_t i)
{
	const struct pmap_partition *p = &run->map.parts[i];
	uint64_t mem = 0;
	char label[256];

	for (size_t k = 0; k < p->n_mem; k++)
		mem += p->mem[k].size;
	snprintf(label, sizeof(label), "%s%s\n%zu CPU%s, %llu MiB", p->name, p->host ? " (host)" : "", p->n_cpus,
		 p->n_cpus == 1 ? "" : "s", (unsigned long long)(mem >> 20));
	fprintf(out, "  p%zu [shape=box, style=\"rounded,filled\", fillcolor=%s, label=", i,
		p->host ? "lightblue" : "palegreen");
	dstr(out, label);
	fputs("];\n", out);
}

void check_print_dot(FILE *out, const struct check_run *run)
{
	const struct group_set *gs = &run->gs;
	const struct partition_map *map = &run->map;

	fputs("digraph bulkhead {\n  rankdir=LR;\n  node [fontname=\"Helvetica\", fontsize=10];\n", out);
	fputs("  label=", out);
	dstr(out, run->config_path);
	fputs(";\n  hyp [shape=box, style=filled, fillcolor=lightgrey, label=\"hypervisor\"];\n", out);
	for (size_t i = 0; i < map->n_parts; i++)
		partition_node(out, run, i);

	/* Groups as clusters of their members. */
	for (size_t g = 0; g < gs->n_groups && map->master_owner; g++) {
		const struct iso_group *grp = &gs->groups[g];
		bool split = group_split(run, grp);
		char label[300];

		snprintf(label, sizeof(label), "group %u%s%s%s", grp->id, grp->reason && grp->reason[0] ? ": " : "",
			 grp->reason ? grp->reason : "", split ? " (SPLIT)" : "");
		fprintf(out, "  subgraph cluster_g%zu {\n    label=", g);
		dstr(out, label);
		fprintf(out, ";\n    color=%s;\n", split || grp->no_iommu ? "red" : "black");
		for (size_t k = 0; k < grp->n_members; k++) {
			size_t m = grp->members[k];

			fprintf(out, "    m%zu [shape=ellipse%s, label=", m,
				gs->masters[m].no_iommu ? ", color=red" : "");
			dstr(out, gs->masters[m].name);
			fputs("];\n", out);
		}
		fputs("  }\n", out);
	}
	for (size_t m = 0; m < gs->n_masters && map->master_owner; m++) {
		int o = map->master_owner[m];
		size_t g = gs->masters[m].group;
		bool bad = g < gs->n_groups && group_split(run, &gs->groups[g]);

		if (o >= 0)
			fprintf(out, "  p%d -> m%zu%s;\n", o, m, bad ? " [color=red, penwidth=2]" : "");
	}

	/* Platform devices that are not DMA masters. */
	for (size_t d = 0; d < run->plat.n_devices && map->device_owner; d++) {
		const struct plat_device *dev = &run->plat.devices[d];
		int o = map->device_owner[d];
		bool master = false;

		for (size_t i = 0; o >= 0 && i < map->parts[o].n_devices; i++)
			if (map->parts[o].devices[i].device == d)
				master = map->parts[o].devices[i].master >= 0;
		if (master)
			continue;
		fprintf(out, "  d%zu [shape=note, label=", d);
		dstr(out, dev->path);
		fputs("];\n", out);
		if (o == PMAP_HYPERVISOR)
			fprintf(out, "  hyp -> d%zu;\n", d);
		else if (o >= 0)
			fprintf(out, "  p%d -> d%zu;\n", o, d);
	}
	fputs("}\n", out);
}

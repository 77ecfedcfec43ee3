/* `check --json`: one JSON object on stdout (schema in docs/config.md, "bulkhead-check").
 * Addresses and sizes are strings ("0x40000000"): JSON numbers lose 64-bit precision in many
 * readers. */
#include <stdio.h>
#include <string.h>

#include "tools/check.h"

static void jstr(FILE *out, const char *s)
{
	if (!s) {
		fputs("null", out);
		return;
	}
	fputc('"', out);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			fprintf(out, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", out);
		else if (c < 0x20 || c >= 0x7f)
			fprintf(out, "\\u%04x", c);
		else
			fputc(c, out);
	}
	fputc('"', out);
}

static void jhex(FILE *out, uint64_t v)
{
	fprintf(out, "\"0x%llx\"", (unsigned long long)v);
}

static const char *owner_name(const struct check_run *run, int owner)
{
	if (owner == PMAP_HYPERVISOR)
		return "hypervisor";
	if (owner < 0 || (size_t)owner >= run->map.n_parts)
		return NULL;
	return run->map.parts[owner].name;
}

static void print_groups(FILE *out, const struct check_run *run)
{
	const struct group_set *gs = &run->gs;

	fputs("  \"groups\": [", out);
	for (size_t g = 0; g < gs->n_groups; g++) {
		const struct iso_group *grp = &gs->groups[g];

		fprintf(out, "%s\n    {\"id\": %u, \"members\": [", g ? "," : "", grp->id);
		for (size_t k = 0; k < grp->n_members; k++) {
			fputs(k ? ", " : "", out);
			jstr(out, grp->members[k] < gs->n_masters ? gs->masters[grp->members[k]].name : NULL);
		}
		fprintf(out, "], \"no_iommu\": %s, \"reason\": ", grp->no_iommu ? "true" : "false");
		jstr(out, grp->reason);
		fputs(", \"owner\": ", out);
		jstr(out,
		     g < run->map.n_groups && run->map.group_owner ? owner_name(run, run->map.group_owner[g]) : NULL);
		fputc('}', out);
	}
	fputs(gs->n_groups ? "\n  ],\n" : "],\n", out);
}

static void print_partition(FILE *out, const struct check_run *run, const struct pmap_partition *p)
{
	fputs("    {\"name\": ", out);
	jstr(out, p->name);
	fprintf(out, ", \"host\": %s, \"cpus\": [", p->host ? "true" : "false");
	for (size_t i = 0; i < p->n_cpus; i++) {
		fputs(i ? ", " : "", out);
		jhex(out, p->cpus[i] < run->plat.n_cpus ? run->plat.cpus[p->cpus[i]].mpidr : 0);
	}
	fputs("],\n     \"memory\": [", out);
	for (size_t i = 0; i < p->n_mem; i++) {
		fputs(i ? ", " : "", out);
		fputs("{\"ipa\": ", out);
		jhex(out, ipa_val(p->mem[i].ipa));
		fputs(", \"pa\": ", out);
		if (p->mem[i].allocated)
			jhex(out, pa_val(p->mem[i].pa));
		else
			fputs("null", out);
		fputs(", \"size\": ", out);
		jhex(out, p->mem[i].size);
		fprintf(out, ", \"fixed\": %s}", p->mem[i].fixed ? "true" : "false");
	}
	fputs("],\n     \"groups\": [", out);
	for (size_t i = 0; i < p->n_groups; i++)
		fprintf(out, "%s%u", i ? ", " : "",
			p->groups[i] < run->gs.n_groups ? run->gs.groups[p->groups[i]].id : 0);
	fputs("],\n     \"masters\": [", out);
	for (size_t i = 0; i < p->n_masters; i++) {
		fputs(i ? ", " : "", out);
		jstr(out, p->masters[i] < run->gs.n_masters ? run->gs.masters[p->masters[i]].name : NULL);
	}
	fputs("],\n     \"devices\": [", out);
	for (size_t i = 0; i < p->n_devices; i++) {
		fputs(i ? ", " : "", out);
		jstr(out, run->plat.devices[p->devices[i].device].path);
	}
	fputs("],\n     \"spis\": [", out);
	for (size_t i = 0; i < p->n_spis; i++)
		fprintf(out, "%s%u", i ? ", " : "", p->spis[i]);
	fputs("],\n     \"pci\": [", out);
	for (size_t i = 0; i < p->n_pci; i++) {
		fputs(i ? ", " : "", out);
		fputs("{\"function\": ", out);
		jstr(out, p->pci[i].name);
		fprintf(out, ", \"virtual\": \"00:%02x.%x\", \"irq\": ", PCI_SLOT(p->pci[i].vdevfn),
			PCI_FUNC(p->pci[i].vdevfn));
		if (p->pci[i].intx)
			fprintf(out, "%u}", p->pci[i].intx);
		else
			fputs("null}", out);
	}
	fputs("],\n     \"channels\": [", out);
	for (size_t i = 0; i < p->n_channels; i++) {
		const struct pmap_part_channel *c = &p->channels[i];

		fputs(i ? ", " : "", out);
		fputs("{\"name\": ", out);
		jstr(out, c->name);
		fputs(", \"ipa\": ", out);
		jhex(out, ipa_val(c->ipa));
		fputs(", \"pa\": ", out);
		jhex(out, pa_val(c->pa));
		fputs(", \"size\": ", out);
		jhex(out, c->size);
		fprintf(out, ", \"access\": \"%s\", \"doorbell\": %u, \"dma\": %s}",
			c->read_only ? "read-only" : "read-write", c->doorbell, c->dma ? "true" : "false");
	}
	fputs("],\n     \"kernel\": ", out);
	jstr(out, p->kernel);
	fputs(", \"initrd\": ", out);
	jstr(out, p->initrd);
	fputs(", \"dtb\": ", out);
	jstr(out, p->dtb);
	fputs(", \"bootargs\": ", out);
	jstr(out, p->bootargs);
	fputs(", \"console\": ", out);
	jstr(out, cfg_console_name(p->console));
	fputc('}', out);
}

void check_print_json(FILE *out, const struct check_run *run)
{
	const struct diag_list *dl = &run->dl;

	fputs("{\n  \"board\": ", out);
	jstr(out, run->board_path);
	fputs(",\n  \"config\": ", out);
	jstr(out, run->config_path);
	fprintf(out, ",\n  \"valid\": %s,\n  \"errors\": %zu,\n  \"warnings\": %zu,\n  \"images_checked\": %s,\n",
		diag_has_errors(dl) || !run->board_ok ? "false" : "true", dl->errors, dl->warnings,
		run->images_checked ? "true" : "false");
	fputs("  \"hypervisor\": {\"base\": ", out);
	jhex(out, run->map.hyp.base);
	fputs(", \"size\": ", out);
	jhex(out, run->map.hyp.size);
	fputs("},\n", out);
	print_groups(out, run);
	fputs("  \"partitions\": [", out);
	for (size_t i = 0; i < run->map.n_parts; i++) {
		fputs(i ? ",\n" : "\n", out);
		print_partition(out, run, &run->map.parts[i]);
	}
	fputs(run->map.n_parts ? "\n  ],\n" : "],\n", out);
	fputs("  \"diagnostics\": [", out);
	for (size_t i = 0; i < dl->count; i++) {
		const struct diag *d = &dl->items[i];

		fprintf(out, "%s\n    {\"severity\": \"%s\", \"code\": ", i ? "," : "",
			d->severity == DIAG_ERROR ? "error" : "warning");
		jstr(out, d->code);
		fputs(", \"path\": ", out);
		jstr(out, d->path);
		fputs(", \"property\": ", out);
		jstr(out, d->property);
		fputs(", \"message\": ", out);
		jstr(out, d->message);
		fputc('}', out);
	}
	fputs(dl->count ? "\n  ]\n}\n" : "]\n}\n", out);
}

/* The reverse of pci_dt.c: print a topology as DTS text in the same encoding, so that the board
 * DTS plus this text gives bulkhead-check the topology the hypervisor scanned (and therefore the
 * same groups). Each host bridge becomes one `&{/path} { ... };` block of nested function nodes;
 * dtc merges it into the host bridge node. Nothing recurses: bridges nest up to 256 deep. */
#include <stdlib.h>

#include "core/base/log.h"
#include "core/pci/pci.h"

#define MAX_INDENT 16

static const char tabs[MAX_INDENT + 1] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

static const char *indent(unsigned depth)
{
	return tabs + MAX_INDENT - (depth > MAX_INDENT ? MAX_INDENT : depth);
}

static void print_bars(const struct pci_function *f, const char *in)
{
	unsigned nbars = 0, done = 0;

	for (unsigned i = 0; i < PCI_MAX_BARS; i++)
		nbars += f->bars[i].size != 0;
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		const struct pci_bar *b = &f->bars[i];
		uint32_t hi;

		if (!b->size)
			continue;
		hi = (uint32_t)(b->prefetch ? 1u << 30 : 0) |
		     (uint32_t)(b->io      ? 1
				: b->mem64 ? 3
					   : 2)
			     << 24 |
		     (uint32_t)f->bus << 16 | (uint32_t)PCI_DEVFN(f->dev, f->fn) << 8 | (0x10 + 4 * i);
		log_printf("%s%s<0x%x 0x%x 0x%x 0x%x 0x%x>%s\n", in, done ? "\t" : "assigned-addresses = ", hi,
			   (uint32_t)(b->addr >> 32), (uint32_t)b->addr, (uint32_t)(b->size >> 32), (uint32_t)b->size,
			   done + 1 == nbars ? ";" : ",");
		done++;
	}
}

static void open_node(const struct pci_function *f, unsigned depth)
{
	const char *in = indent(depth), *in1 = indent(depth + 1);

	if (f->fn)
		log_printf("%spci@%x,%x {\n", in, f->dev, f->fn);
	else
		log_printf("%spci@%x {\n", in, f->dev);
	log_printf("%sreg = <0x%x 0x0 0x0 0x0 0x0>;\n", in1,
		   (uint32_t)f->bus << 16 | (uint32_t)PCI_DEVFN(f->dev, f->fn) << 8);
	log_printf("%svendor-id = <0x%x>;\n%sdevice-id = <0x%x>;\n%sclass-code = <0x%x>;\n", in1, f->vendor, in1,
		   f->device, in1, f->class_code);
	if (f->is_pcie || f->is_bridge)
		log_printf("%sbulkhead,pcie-type = \"%s\";\n", in1, pci_type_name(f));
	if (f->multifunction)
		log_printf("%sbulkhead,multifunction;\n", in1);
	if (f->int_pin)
		log_printf("%sinterrupts = <%u>;\n", in1, f->int_pin);
	if (f->acs_cap_offset)
		log_printf("%sbulkhead,acs = <0x%x 0x%x 0x%x>;\n", in1, f->acs_cap, f->acs_ctrl, f->acs_cap_offset);
	if (f->is_bridge) {
		log_printf("%sdevice_type = \"pci\";\n%s#address-cells = <3>;\n%s#size-cells = <2>;\n%sranges;\n", in1,
			   in1, in1, in1);
		/* An unnumbered bridge (no bus was left for it) has nothing below: no bus-range. */
		if (f->secondary)
			log_printf("%sbus-range = <0x%x 0x%x>;\n", in1, f->secondary, f->subordinate);
	}
	print_bars(f, in1);
}

void pci_dt_export(const struct pci_topology *topo, const struct platform *plat)
{
	size_t n = topo->n_fns;
	int *first = malloc((n + 1) * sizeof(int)), *next = malloc((n + 1) * sizeof(int));
	int *stack = malloc((n + 1) * sizeof(int));

	if (!first || !next || !stack) {
		log_printf("/* pci export: out of memory */\n");
		goto out;
	}
	/* Child lists in canonical order: walk backwards and prepend. */
	for (size_t i = 0; i < n; i++)
		first[i] = -1;
	for (size_t i = n; i-- > 0;) {
		int p = topo->fns[i].parent;

		next[i] = -1;
		if (p >= 0) {
			next[i] = first[p];
			first[p] = (int)i;
		}
	}
	log_printf("/* PCI functions found by bulkhead's ECAM scan (docs/groups.md) */\n");
	for (size_t h = 0; h < plat->n_pci_hosts; h++) {
		int root = -1, prev = -1, cur;
		size_t sp = 0;
		unsigned depth = 1;

		for (size_t i = 0; i < n; i++) {
			if (topo->fns[i].host != (int)h || topo->fns[i].parent >= 0)
				continue;
			if (prev < 0)
				root = (int)i;
			else
				next[prev] = (int)i;
			prev = (int)i;
		}
		if (root < 0)
			continue;
		log_printf("&{%s} {\n", plat->pci_hosts[h].path);
		cur = root;
		while (cur >= 0 || sp > 0) {
			if (cur < 0) {
				cur = stack[--sp];
				depth--;
				log_printf("%s};\n", indent(depth));
				cur = next[cur];
				continue;
			}
			open_node(&topo->fns[cur], depth);
			if (first[cur] >= 0) {
				stack[sp++] = cur;
				depth++;
				cur = first[cur];
			} else {
				log_printf("%s};\n", indent(depth));
				cur = next[cur];
			}
		}
		log_printf("};\n");
	}
out:
	free(first);
	free(next);
	free(stack);
}

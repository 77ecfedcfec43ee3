/* The PCI section of the boot report: how each host was enumerated, then one line per function
 * (format in docs/groups.md). */
#include "core/base/format.h"
#include "core/base/log.h"
#include "core/pci/pci.h"

static void report_fn(const struct pci_function *f)
{
	char line[LOG_LINE_MAX], name[PCI_NAME_LEN];
	size_t len = 0;

#define APPEND(...)                                                                               \
	do {                                                                                      \
		if (len < sizeof(line))                                                           \
			len += (size_t)fmt_snprintf(line + len, sizeof(line) - len, __VA_ARGS__); \
	} while (0)

	pci_fn_name(f, name, sizeof(name));
	APPEND("pci: %s %04x:%04x class 0x%06x %s", name, f->vendor, f->device, f->class_code, pci_type_name(f));
	if (f->multifunction)
		APPEND(" multifunction");
	if (f->acs_cap_offset)
		APPEND(" acs 0x%x/0x%x", f->acs_cap, f->acs_ctrl);
	if (f->is_bridge)
		APPEND(" buses %02x-%02x", f->secondary, f->subordinate);
	for (unsigned i = 0; i < PCI_MAX_BARS; i++) {
		const struct pci_bar *b = &f->bars[i];

		if (!b->size)
			continue;
		APPEND(" bar%u %s%s 0x%llx+0x%llx", i,
		       b->io      ? "io"
		       : b->mem64 ? "mem64"
				  : "mem32",
		       b->prefetch ? "-pref" : "", (unsigned long long)b->addr, (unsigned long long)b->size);
	}
#undef APPEND
	if (len >= sizeof(line) - 1)
		len = sizeof(line) - 2;
	line[len] = '\n';
	log_detail_write(line, len + 1);
}

void pci_report(const struct pci_topology *topo, const struct platform *plat)
{
	for (size_t h = 0; h < topo->n_hosts && h < plat->n_pci_hosts; h++) {
		size_t n = 0;

		if (!(topo->host_flags[h] & PCI_HOST_SCANNED))
			continue;
		for (size_t i = 0; i < topo->n_fns; i++)
			n += topo->fns[i].host == (int)h;
		log_printf("pci: host %s: %zu function%s, bridge bus numbers %s\n", plat->pci_hosts[h].path, n,
			   n == 1 ? "" : "s",
			   topo->host_flags[h] & PCI_HOST_RENUMBERED ? "assigned by bulkhead" : "kept from firmware");
	}
	for (size_t i = 0; i < topo->n_fns; i++)
		report_fn(&topo->fns[i]);
}

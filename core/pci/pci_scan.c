/* PCI enumeration through a config-space accessor (ECAM on the hypervisor, a fake in tests).
 *
 * Two phases. Phase 1 walks every bus reachable through bridges, depth-first in devfn order,
 * and records each function (IDs, header, capabilities, bridge bus numbers). Bus numbers
 * matter beyond routing config cycles: QEMU's SMMU derives a stream ID from the bus number a
 * bridge is programmed with at the time of the DMA. Firmware (U-Boot) may or may not have
 * numbered the bridges, so the walk first trusts what it finds and checks it is consistent
 * (each secondary bus above its parent's, ranges nested and disjoint, inside the host's
 * bus-range); at the first inconsistency the host is walked again and every bridge is numbered
 * depth-first, the order U-Boot and Linux use, so a fully numbered tree and a renumbered one
 * agree. Phase 2, once the tree is final, enables ACS wherever it is advertised and sizes
 * BARs. Nothing recurses: the walk keeps an explicit stack of at most 256 buses. */
#include <stdlib.h>
#include <string.h>

#include "core/pci/pci.h"

/* Type 0/1 configuration header. */
#define CFG_VENDOR_DEVICE 0x00
#define CFG_COMMAND 0x04 /* command (15:0), status (31:16) */
#define CFG_CLASS_REV 0x08
#define CFG_HEADER 0x0c /* header type is byte 2 */
#define CFG_BAR0 0x10
#define CFG_BUS_NUMBERS 0x18 /* type 1: primary, secondary, subordinate, latency */
#define CFG_CAP_PTR 0x34
#define CFG_INTERRUPT 0x3c /* line (7:0), pin (15:8) */

#define CMD_IO 0x0001
#define CMD_MEMORY 0x0002
#define STATUS_CAP_LIST 0x0010

#define CAP_ID_EXP 0x10
#define EXT_CAP_START 0x100
#define EXT_CAP_ID_ACS 0x000d

#define BAR_IO 0x1
#define BAR_MEM_TYPE_64 0x4
#define BAR_MEM_PREFETCH 0x8

#define HEADER_TYPE_MASK 0x7f
#define HEADER_MULTI_FN 0x80
#define HEADER_TYPE_BRIDGE 1

struct scan {
	const struct pci_cfg_ops *ops;
	const struct platform *plat;
	struct pci_topology *topo;
	struct diag_list *dl;
	unsigned host;
	bool assign; /* number bridges ourselves rather than trusting firmware */
};

static uint32_t rd(const struct scan *s, uint8_t bus, uint8_t devfn, uint16_t off)
{
	return s->ops->read32(s->ops->ctx, s->host, bus, devfn, off);
}

static void wr(const struct scan *s, uint8_t bus, uint8_t devfn, uint16_t off, uint32_t v)
{
	s->ops->write32(s->ops->ctx, s->host, bus, devfn, off, v);
}

static struct pci_function *push_fn(struct scan *s)
{
	return pci_topology_add(s->topo, s->dl);
}

/* Standard capability list (PCIe capability) and extended list (ACS). Both walks are bounded:
 * a malformed list must not spin. */
static void read_caps(const struct scan *s, uint8_t bus, uint8_t devfn, struct pci_function *f)
{
	uint32_t off;

	if (!((rd(s, bus, devfn, CFG_COMMAND) >> 16) & STATUS_CAP_LIST))
		return;
	off = rd(s, bus, devfn, CFG_CAP_PTR) & 0xfc;
	for (int n = 0; off >= 0x40 && n < 48; n++) {
		uint32_t hdr = rd(s, bus, devfn, (uint16_t)off);

		if ((hdr & 0xff) == CAP_ID_EXP) {
			f->is_pcie = true;
			f->pcie_type = (uint8_t)((hdr >> 20) & 0xf); /* flags register, bits 7:4 */
			break;
		}
		off = (hdr >> 8) & 0xfc;
	}
	if (!f->is_pcie)
		return;
	off = EXT_CAP_START;
	for (int n = 0; off >= EXT_CAP_START && off < 0x1000 && n < (0x1000 - EXT_CAP_START) / 8; n++) {
		uint32_t hdr = rd(s, bus, devfn, (uint16_t)off);

		if (hdr == 0 || hdr == 0xffffffffu)
			break;
		if ((hdr & 0xffff) == EXT_CAP_ID_ACS) {
			uint32_t v = rd(s, bus, devfn, (uint16_t)(off + 4));

			f->acs_cap_offset = (uint16_t)off;
			f->acs_cap = (uint16_t)v;
			f->acs_ctrl = (uint16_t)(v >> 16);
			break;
		}
		off = (hdr >> 20) & 0xffc;
	}
}

static bool present(uint32_t id)
{
	return id != 0xffffffffu && id != 0 && (id & 0xffff) != 0xffff && (id & 0xffff) != 0;
}

/* Record the function at (bus, devfn) if present; returns it, or NULL if absent or OOM. */
static struct pci_function *probe_fn(struct scan *s, uint8_t bus, uint8_t devfn, int parent)
{
	uint32_t id = rd(s, bus, devfn, CFG_VENDOR_DEVICE);
	struct pci_function *f;
	uint32_t hdr;

	if (!present(id))
		return NULL;
	f = push_fn(s);
	if (!f)
		return NULL;
	f->bus = bus;
	f->dev = PCI_SLOT(devfn);
	f->fn = PCI_FUNC(devfn);
	f->vendor = (uint16_t)id;
	f->device = (uint16_t)(id >> 16);
	f->class_code = rd(s, bus, devfn, CFG_CLASS_REV) >> 8;
	hdr = rd(s, bus, devfn, CFG_HEADER);
	f->header_type = (uint8_t)(hdr >> 16);
	f->multifunction = (f->header_type & HEADER_MULTI_FN) || f->fn > 0;
	f->is_bridge = (f->header_type & HEADER_TYPE_MASK) == HEADER_TYPE_BRIDGE;
	f->parent = parent;
	f->host = (int)s->host;
	f->int_pin = (uint8_t)(rd(s, bus, devfn, CFG_INTERRUPT) >> 8);
	if (f->int_pin > 4)
		f->int_pin = 0; /* not a pin: no INTx */
	read_caps(s, bus, devfn, f);
	if (f->is_bridge) {
		uint32_t b = rd(s, bus, devfn, CFG_BUS_NUMBERS);

		f->secondary = (uint8_t)(b >> 8);
		f->subordinate = (uint8_t)(b >> 16);
	}
	return f;
}

/* Below a PCIe downstream-facing port the link holds device 0 only (Linux's only_one_child()). */
static bool only_device_zero(const struct scan *s, int parent)
{
	const struct pci_function *p;

	if (parent < 0)
		return false;
	p = &s->topo->fns[parent];
	return p->is_pcie && (p->pcie_type == PCI_EXP_TYPE_ROOT_PORT || p->pcie_type == PCI_EXP_TYPE_DOWNSTREAM ||
			      p->pcie_type == PCI_EXP_TYPE_PCIE_BRIDGE);
}

static void set_bus_numbers(const struct scan *s, const struct pci_function *f, uint8_t pri, uint8_t sec, uint8_t sub)
{
	uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
	uint32_t v = rd(s, f->bus, devfn, CFG_BUS_NUMBERS);

	v = (v & 0xff000000u) | (uint32_t)sub << 16 | (uint32_t)sec << 8 | pri;
	wr(s, f->bus, devfn, CFG_BUS_NUMBERS, v);
}

/* Every function on `bus`, appended to the topology. Like Linux's pci_scan_slot(): function 0
 * must exist, and only a multi-function function 0 has siblings. When numbering ourselves, every
 * bridge found is first closed (bus numbers 0) so that a stale range left by firmware cannot
 * claim the numbers we hand out. Returns false on OOM. */
static bool scan_bus(struct scan *s, uint8_t bus, int parent)
{
	unsigned ndev = only_device_zero(s, parent) ? 1 : 32;

	for (unsigned dev = 0; dev < ndev; dev++) {
		size_t before = s->topo->n_fns;
		struct pci_function *f0 = probe_fn(s, bus, PCI_DEVFN(dev, 0), parent);
		bool multi;

		if (!f0) {
			if (s->dl->out_of_memory)
				return false;
			continue;
		}
		multi = f0->header_type & HEADER_MULTI_FN;
		for (unsigned fn = 1; multi && fn < 8; fn++) {
			if (!probe_fn(s, bus, PCI_DEVFN(dev, fn), parent) && s->dl->out_of_memory)
				return false;
		}
		if (s->assign) {
			for (size_t i = before; i < s->topo->n_fns; i++) {
				struct pci_function *f = &s->topo->fns[i];

				if (f->is_bridge) {
					set_bus_numbers(s, f, 0, 0, 0);
					f->secondary = f->subordinate = 0;
				}
			}
		}
	}
	return true;
}

struct frame {
	size_t cursor, end; /* functions of this bus still to visit: [cursor, end) */
	int self;           /* the bridge leading here, -1 for the root bus */
	uint8_t hi;         /* last bus number this subtree may use */
};

enum walk_result { WALK_OK, WALK_INCONSISTENT, WALK_OOM };

/* Phase 1 for one host. */
static enum walk_result walk_host(struct scan *s)
{
	const struct plat_pci_host *h = &s->plat->pci_hosts[s->host];
	struct frame *stack = malloc(257 * sizeof(*stack));
	size_t sp = 0;
	unsigned max_bus = h->bus_start; /* highest bus number used so far */
	enum walk_result res = WALK_OK;

	size_t first = s->topo->n_fns;

	if (!stack)
		return WALK_OOM;
	if (!scan_bus(s, h->bus_start, -1)) {
		free(stack);
		return WALK_OOM;
	}
	stack[sp++] = (struct frame){ first, s->topo->n_fns, -1, h->bus_end };

	while (sp > 0) {
		struct frame *fr = &stack[sp - 1];
		struct pci_function *f;
		size_t idx, before;
		unsigned sec, sub;

		if (fr->cursor == fr->end) {
			if (fr->self >= 0) {
				struct pci_function *b = &s->topo->fns[fr->self];

				if (s->assign) {
					b->subordinate = (uint8_t)max_bus;
					set_bus_numbers(s, b, b->bus, b->secondary, b->subordinate);
				} else {
					max_bus = b->subordinate; /* firmware reserved the whole range */
				}
			}
			sp--;
			continue;
		}
		idx = fr->cursor++;
		f = &s->topo->fns[idx];
		if (!f->is_bridge)
			continue;
		if (s->assign) {
			if (max_bus >= fr->hi) {
				char name[PCI_NAME_LEN];

				f->segment = h->segment;
				diag_warn(s->dl, "pci-bus-exhausted", pci_fn_name(f, name, sizeof(name)), NULL,
					  "no bus number left below this bridge in %s (buses %u-%u); its "
					  "subtree is not scanned",
					  h->path, h->bus_start, h->bus_end);
				continue;
			}
			sec = ++max_bus;
			sub = fr->hi;
			f->secondary = (uint8_t)sec;
			f->subordinate = (uint8_t)sub;
			set_bus_numbers(s, f, f->bus, (uint8_t)sec, (uint8_t)sub);
		} else {
			sec = f->secondary;
			sub = f->subordinate;
			if (sec <= f->bus || sec <= max_bus || sub < sec || sub > fr->hi) {
				res = WALK_INCONSISTENT;
				break;
			}
			max_bus = sec;
		}
		if (sp >= 257) { /* cannot happen: every level has a larger bus number */
			res = WALK_INCONSISTENT;
			break;
		}
		before = s->topo->n_fns;
		if (!scan_bus(s, (uint8_t)sec, (int)idx)) {
			res = WALK_OOM;
			break;
		}
		stack[sp++] = (struct frame){ before, s->topo->n_fns, (int)idx, (uint8_t)sub };
	}
	free(stack);
	return res;
}

/* Phase 2: ACS as Linux sets it once an IOMMU driver has requested it (pci_std_enable_acs() on
 * every function with the capability): source validation, request and completion redirect,
 * upstream forwarding, as far as the capability advertises them. Root and downstream ports are
 * where it decides isolation; multi-function endpoints and upstream ports are consulted too. */
static void enable_acs(const struct scan *s, struct pci_function *f)
{
	uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
	uint16_t want;
	uint32_t v;

	if (!f->is_pcie || !f->acs_cap_offset)
		return;
	want = f->acs_cap & PCI_ACS_ISOLATION;
	if ((f->acs_ctrl & want) == want)
		return;
	/* The capability half of this dword is read-only. */
	wr(s, f->bus, devfn, (uint16_t)(f->acs_cap_offset + 4), (uint32_t)(f->acs_ctrl | want) << 16 | f->acs_cap);
	v = rd(s, f->bus, devfn, (uint16_t)(f->acs_cap_offset + 4));
	f->acs_ctrl = (uint16_t)(v >> 16);
}

static uint64_t size_of(uint64_t mask)
{
	return mask ? (~mask + 1) : 0;
}

/* Size one BAR (and its upper half for a 64-bit one); returns how many registers it used. */
static unsigned size_bar(const struct scan *s, struct pci_function *f, unsigned i, unsigned nbars)
{
	uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
	uint16_t off = (uint16_t)(CFG_BAR0 + 4 * i);
	uint32_t lo = rd(s, f->bus, devfn, off), lo_mask, hi = 0, hi_mask = 0;
	struct pci_bar *b = &f->bars[i];

	wr(s, f->bus, devfn, off, 0xffffffffu);
	lo_mask = rd(s, f->bus, devfn, off);
	wr(s, f->bus, devfn, off, lo);
	if (lo_mask == 0 || lo_mask == 0xffffffffu)
		return 1; /* not implemented (all ones: the function vanished) */
	if (lo & BAR_IO) {
		uint32_t m = lo_mask & ~3u;

		if (!(m & 0xffff0000u))
			m |= 0xffff0000u; /* 16-bit I/O decoder */
		b->io = true;
		b->addr = lo & ~3u;
		b->size = (uint32_t)(~m + 1);
		return 1;
	}
	b->prefetch = lo & BAR_MEM_PREFETCH;
	b->mem64 = (lo & 0x6) == BAR_MEM_TYPE_64 && i + 1 < nbars;
	if (b->mem64) {
		uint16_t hoff = (uint16_t)(off + 4);

		hi = rd(s, f->bus, devfn, hoff);
		wr(s, f->bus, devfn, hoff, 0xffffffffu);
		hi_mask = rd(s, f->bus, devfn, hoff);
		wr(s, f->bus, devfn, hoff, hi);
	} else {
		hi_mask = 0xffffffffu;
	}
	b->addr = ((uint64_t)hi << 32) | (lo & ~0xfu);
	b->size = size_of(((uint64_t)hi_mask << 32) | (lo_mask & ~0xfu));
	return b->mem64 ? 2 : 1;
}

static void size_bars(const struct scan *s, struct pci_function *f)
{
	uint8_t devfn = PCI_DEVFN(f->dev, f->fn);
	unsigned type = f->header_type & HEADER_TYPE_MASK;
	unsigned nbars = type == 0 ? 6 : type == HEADER_TYPE_BRIDGE ? 2 : 0;
	uint32_t cmd;

	if (!nbars)
		return;
	/* Decoding off while a BAR holds all ones, or the function would answer at a garbage
	 * address. Status bits are write-one-to-clear: write zeros there. */
	cmd = rd(s, f->bus, devfn, CFG_COMMAND) & 0xffff;
	if (cmd & (CMD_IO | CMD_MEMORY))
		wr(s, f->bus, devfn, CFG_COMMAND, cmd & ~(uint32_t)(CMD_IO | CMD_MEMORY));
	for (unsigned i = 0; i < nbars;)
		i += size_bar(s, f, i, nbars);
	if (cmd & (CMD_IO | CMD_MEMORY))
		wr(s, f->bus, devfn, CFG_COMMAND, cmd);
}

bool pci_scan(const struct platform *plat, const struct pci_cfg_ops *ops, struct pci_topology *topo,
	      struct diag_list *dl)
{
	struct scan s = { .ops = ops, .plat = plat, .topo = topo, .dl = dl };
	size_t errors_before = dl->errors;

	if (!pci_topology_begin(topo, plat->n_pci_hosts, dl))
		return false;
	for (unsigned h = 0; h < plat->n_pci_hosts; h++) {
		size_t first = topo->n_fns;
		enum walk_result r;

		if (plat->pci_hosts[h].ecam.size == 0)
			continue; /* discovery already reported it */
		s.host = h;
		s.assign = false;
		r = walk_host(&s);
		if (r == WALK_INCONSISTENT) {
			topo->n_fns = first;
			s.assign = true;
			r = walk_host(&s);
			topo->host_flags[h] |= PCI_HOST_RENUMBERED;
		}
		if (r == WALK_OOM) {
			dl->out_of_memory = true;
			return false;
		}
		topo->host_flags[h] |= PCI_HOST_SCANNED;
	}
	for (size_t i = 0; i < topo->n_fns; i++) {
		s.host = (unsigned)topo->fns[i].host;
		enable_acs(&s, &topo->fns[i]);
		size_bars(&s, &topo->fns[i]);
	}
	if (!pci_topology_finish(topo, plat, dl))
		return false;
	return dl->errors == errors_before && !dl->out_of_memory;
}

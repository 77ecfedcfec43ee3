/* `edu`, `edu-write=`, `edu-read=`, `edu-bench=` and `canary=`: DMA through QEMU's `edu` PCI
 * device (1234:11e8, hw/misc/edu.c) and a guard pattern that the heartbeats watch.
 *
 * Under bulkhead every PCI function assigned to the partition is a root node
 * compatible = "bulkhead,pci-function" whose reg gives the CPU addresses of its memory BARs
 * (bulkhead,bars names the BAR of each entry). Decoding is on, and the device's DMA addresses
 * are the partition's own IPAs (the SMMU translates them). Bus mastering is off, as after a
 * reset: probe sets it itself, through the partition's virtual ECAM (the pci-host-ecam-generic
 * node; the function there whose BAR0 is the node's), when it starts a DMA of its own, never
 * before, so that a transfer an earlier instance left queued in the edu (it has no reset) is
 * dropped. Only when the DT has no bulkhead,pci-function node at all (bare QEMU) does probe scan
 * bus 0 of the pci-host-ecam-generic node itself and give BAR0 an address; it sets Memory Space
 * at once and Bus Master at the first DMA, as under bulkhead; IOVA = PA there.
 *
 * The edu registers below 0x80 take 32-bit accesses, the DMA registers 64-bit ones. A DMA runs
 * 100 ms of virtual time after the command write; a count outside 1..4095 or a device-side
 * range outside 0x40000..0x40fff makes QEMU 7.2 abort, so every transfer here stays inside. */
#include <errno.h>
#include <libfdt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hvc.h"
#include "probe.h"
#include "probe_mmio.h"

#define EDU_VENDOR 0x1234
#define EDU_DEVICE 0x11e8
#define EDU_REG_ID 0x00
#define EDU_ID_VALUE 0x010000edu
#define EDU_REG_LIVENESS 0x04
#define EDU_REG_DMA_SRC 0x80
#define EDU_REG_DMA_DST 0x88
#define EDU_REG_DMA_COUNT 0x90
#define EDU_REG_DMA_CMD 0x98
#define EDU_DMA_RUN 1u
#define EDU_DMA_TO_RAM 2u /* direction: edu buffer -> RAM */
#define EDU_BUF 0x40000u  /* the device-side buffer, 4096 bytes */
#define EDU_BUF_MAX 4095u /* largest count QEMU 7.2 accepts */
#define EDU_DMA_TIMEOUT_US 3000000
#define EDU_TEST_BYTES 64
#define MAX_EDUS 8

/* ---- device access ---- */

static inline void dsb_sy(void)
{
	__asm__ volatile("dsb sy" : : : "memory");
}

static inline uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

static uint64_t ticks_to_us(uint64_t ticks)
{
	return (uint64_t)((unsigned __int128)ticks * 1000000u / rt_counter_hz());
}

/* ---- finding the devices ---- */

struct edu {
	uint64_t bar0;   /* CPU address of BAR0 */
	uint64_t cfg;    /* CPU address of its configuration space (an ECAM window) */
	const char *err; /* why it is unusable, or NULL */
	char bdf[16];
};

static struct edu edus[MAX_EDUS];
static unsigned n_edus;
static bool discovered;

static bool parse_hex(const char *s, uint64_t *v)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtoull(s, &end, 16);
	return errno == 0 && *end == '\0';
}

static uint64_t cells(const fdt32_t *p, int n)
{
	uint64_t v = 0;

	for (int i = 0; i < n; i++)
		v = (v << 32) | fdt32_to_cpu(p[i]);
	return v;
}

static bool prop_u32(const void *fdt, int node, const char *name, uint32_t *v)
{
	int len;
	const fdt32_t *p = fdt_getprop(fdt, node, name, &len);

	if (!p || len != 4)
		return false;
	*v = fdt32_to_cpu(*p);
	return true;
}

/* The address of reg entry `idx` of `node`, with its parent's cell counts. */
static bool reg_addr(const void *fdt, int node, int idx, uint64_t *addr, int *count)
{
	int parent = fdt_parent_offset(fdt, node);
	int ac = parent >= 0 ? fdt_address_cells(fdt, parent) : -1;
	int sc = parent >= 0 ? fdt_size_cells(fdt, parent) : -1;
	int len;
	const fdt32_t *reg = fdt_getprop(fdt, node, "reg", &len);

	if (!reg || ac < 1 || ac > 2 || sc < 0 || sc > 2 || len % ((ac + sc) * 4))
		return false;
	*count = len / ((ac + sc) * 4);
	if (idx >= *count)
		return false;
	*addr = cells(reg + idx * (ac + sc), ac);
	return true;
}

/* The bulkhead,pci-function nodes of the hypervisor. Returns whether there is any at all. */
static bool discover_dt(const void *fdt)
{
	bool any = false;

	for (int node = fdt_node_offset_by_compatible(fdt, -1, "bulkhead,pci-function"); node >= 0;
	     node = fdt_node_offset_by_compatible(fdt, node, "bulkhead,pci-function")) {
		const char *name = fdt_get_name(fdt, node, NULL);
		uint32_t vendor, device;
		const fdt32_t *bars;
		const char *bdf;
		int len, n_reg = 0;
		struct edu *e;

		any = true;
		if (!prop_u32(fdt, node, "vendor-id", &vendor) || !prop_u32(fdt, node, "device-id", &device)) {
			con_printf("probe: FAIL %s has no vendor-id/device-id\n", name);
			continue;
		}
		if (vendor != EDU_VENDOR || device != EDU_DEVICE)
			continue;
		if (n_edus >= MAX_EDUS) {
			con_printf("probe: FAIL more than %u edu nodes, %s ignored\n", MAX_EDUS, name);
			continue;
		}
		e = &edus[n_edus++];
		bdf = fdt_getprop(fdt, node, "bulkhead,bdf", &len);
		if (bdf && len > 0 && len <= (int)sizeof(e->bdf) && bdf[len - 1] == '\0')
			memcpy(e->bdf, bdf, (size_t)len);
		else
			strcpy(e->bdf, "?");

		bars = fdt_getprop(fdt, node, "bulkhead,bars", &len);
		if (!bars || len <= 0 || len % 4) {
			e->err = "has no bulkhead,bars in the DT";
			continue;
		}
		for (int i = 0; i < len / 4; i++) {
			uint64_t a;

			if (fdt32_to_cpu(bars[i]) != 0)
				continue;
			if (reg_addr(fdt, node, i, &a, &n_reg))
				e->bar0 = a;
			break;
		}
		if (!e->bar0)
			e->err = "has no reg entry for BAR0 in the DT";
	}
	return any;
}

/* ---- bare QEMU: the ECAM fallback ---- */

#define PCI_VENDOR 0x00
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MEM 0x2
#define PCI_COMMAND_BME 0x4
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define MAX_USED 32

struct span {
	uint64_t start, end;
};

struct ecam {
	uint64_t base;
	unsigned bus;
	uint32_t domain;
	struct {
		uint64_t pci, cpu, size;
		bool mem32;
	} win[4];
	unsigned n_win;
};

static uint64_t cfg(const struct ecam *ec, unsigned dev, unsigned fn, unsigned off)
{
	return ec->base + ((uint64_t)dev << 15) + ((uint64_t)fn << 12) + off;
}

/* Size of the memory BAR at `off` (64-bit aware), decoding off while probing. */
static uint64_t bar_size(const struct ecam *ec, unsigned dev, unsigned fn, unsigned off, bool *is64)
{
	uint32_t cmd = mmio_rd32(cfg(ec, dev, fn, PCI_COMMAND));
	uint32_t lo = mmio_rd32(cfg(ec, dev, fn, off)), hi = 0, mlo, mhi = 0xffffffffu;
	uint64_t mask;

	*is64 = ((lo >> 1) & 3) == 2;
	mmio_wr32(cfg(ec, dev, fn, PCI_COMMAND), cmd & ~(uint32_t)PCI_COMMAND_MEM);
	mmio_wr32(cfg(ec, dev, fn, off), 0xffffffffu);
	mlo = mmio_rd32(cfg(ec, dev, fn, off));
	mmio_wr32(cfg(ec, dev, fn, off), lo);
	if (*is64) {
		hi = mmio_rd32(cfg(ec, dev, fn, off + 4));
		mmio_wr32(cfg(ec, dev, fn, off + 4), 0xffffffffu);
		mhi = mmio_rd32(cfg(ec, dev, fn, off + 4));
		mmio_wr32(cfg(ec, dev, fn, off + 4), hi);
	}
	mmio_wr32(cfg(ec, dev, fn, PCI_COMMAND), cmd);
	mask = ((uint64_t)mhi << 32) | (mlo & ~0xfu);
	return mask ? ~mask + 1 : 0;
}

static uint64_t bar_addr(const struct ecam *ec, unsigned dev, unsigned fn, unsigned off, bool is64)
{
	uint64_t a = mmio_rd32(cfg(ec, dev, fn, off)) & ~0xfu;

	if (is64)
		a |= (uint64_t)mmio_rd32(cfg(ec, dev, fn, off + 4)) << 32;
	return a;
}

/* Every assigned memory BAR on the bus, as PCI address spans. */
static unsigned used_spans(const struct ecam *ec, struct span *used)
{
	unsigned n = 0;

	for (unsigned dev = 0; dev < 32; dev++)
		for (unsigned fn = 0; fn < 8; fn++) {
			uint32_t id = mmio_rd32(cfg(ec, dev, fn, PCI_VENDOR));
			uint8_t type;
			unsigned n_bars;

			if ((id & 0xffff) == 0xffff) {
				if (fn == 0)
					break;
				continue;
			}
			type = (uint8_t)(mmio_rd32(cfg(ec, dev, fn, PCI_HEADER_TYPE & ~3u)) >> 16);
			n_bars = (type & 0x7f) == 0 ? 6 : (type & 0x7f) == 1 ? 2 : 0;
			for (unsigned b = 0; b < n_bars; b++) {
				unsigned off = PCI_BAR0 + 4 * b;
				uint32_t lo = mmio_rd32(cfg(ec, dev, fn, off));
				bool is64 = false;
				uint64_t a, s;

				if (lo & 1) /* I/O */
					continue;
				s = bar_size(ec, dev, fn, off, &is64);
				a = bar_addr(ec, dev, fn, off, is64);
				if (a && s && n < MAX_USED)
					used[n++] = (struct span){ a, a + s };
				if (is64)
					b++;
			}
			if (fn == 0 && !(type & 0x80))
				break;
		}
	return n;
}

/* A free, naturally aligned PCI address of `size` bytes in the 32-bit memory window. */
static bool free_mem32(const struct ecam *ec, uint64_t size, uint64_t *out)
{
	struct span used[MAX_USED];
	unsigned n = used_spans(ec, used);

	for (unsigned w = 0; w < ec->n_win; w++) {
		uint64_t start = ec->win[w].pci, end = start + ec->win[w].size;
		uint64_t a = (start + size - 1) & ~(size - 1);
		bool moved = true;

		if (!ec->win[w].mem32)
			continue;
		while (moved && a + size <= end) {
			moved = false;
			for (unsigned i = 0; i < n; i++)
				if (a < used[i].end && used[i].start < a + size) {
					a = (used[i].end + size - 1) & ~(size - 1);
					moved = true;
				}
		}
		if (a + size <= end) {
			*out = a;
			return true;
		}
	}
	return false;
}

static bool pci_to_cpu(const struct ecam *ec, uint64_t pci, uint64_t *cpu)
{
	for (unsigned w = 0; w < ec->n_win; w++)
		if (pci >= ec->win[w].pci && pci - ec->win[w].pci < ec->win[w].size) {
			*cpu = ec->win[w].cpu + (pci - ec->win[w].pci);
			return true;
		}
	return false;
}

static bool read_ecam_node(const void *fdt, int node, struct ecam *ec)
{
	int parent = fdt_parent_offset(fdt, node);
	int pac = parent >= 0 ? fdt_address_cells(fdt, parent) : -1;
	int cac = fdt_address_cells(fdt, node), csc = fdt_size_cells(fdt, node);
	int n_reg, len, stride;
	const fdt32_t *p;

	memset(ec, 0, sizeof(*ec));
	if (!reg_addr(fdt, node, 0, &ec->base, &n_reg))
		return false;
	p = fdt_getprop(fdt, node, "bus-range", &len);
	if (p && len == 8)
		ec->bus = fdt32_to_cpu(p[0]);
	prop_u32(fdt, node, "linux,pci-domain", &ec->domain);
	if (cac != 3 || pac < 1 || pac > 2 || csc < 1 || csc > 2)
		return false;
	p = fdt_getprop(fdt, node, "ranges", &len);
	stride = cac + pac + csc;
	if (!p || len % (stride * 4))
		return false;
	for (int i = 0; i < len / (stride * 4) && ec->n_win < 4; i++) {
		const fdt32_t *e = p + i * stride;
		uint32_t space = (fdt32_to_cpu(e[0]) >> 24) & 3;

		if (space != 2 && space != 3) /* 32-bit and 64-bit memory */
			continue;
		ec->win[ec->n_win].pci = cells(e + 1, 2);
		ec->win[ec->n_win].cpu = cells(e + cac, pac);
		ec->win[ec->n_win].size = cells(e + cac + pac, csc);
		ec->win[ec->n_win].mem32 = space == 2;
		ec->n_win++;
	}
	return true;
}

static void discover_ecam(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	struct ecam ec;

	if (node < 0 || !read_ecam_node(fdt, node, &ec))
		return;
	for (unsigned dev = 0; dev < 32 && n_edus < MAX_EDUS; dev++) {
		uint32_t id = mmio_rd32(cfg(&ec, dev, 0, PCI_VENDOR));
		struct edu *e;
		uint64_t size, pci;
		bool is64;

		if (id != ((uint32_t)EDU_DEVICE << 16 | EDU_VENDOR))
			continue;
		e = &edus[n_edus++];
		snprintf(e->bdf, sizeof(e->bdf), "%04x:%02x:%02x.0", (unsigned)(ec.domain & 0xffff), ec.bus & 0xff,
			 dev);
		size = bar_size(&ec, dev, 0, PCI_BAR0, &is64);
		pci = bar_addr(&ec, dev, 0, PCI_BAR0, is64);
		if (!size || (size & (size - 1))) {
			e->err = "has no memory BAR0";
			continue;
		}
		if (pci == 0) {
			if (!free_mem32(&ec, size, &pci)) {
				e->err = "has no room for BAR0 in the 32-bit memory window";
				continue;
			}
			mmio_wr32(cfg(&ec, dev, 0, PCI_BAR0), (uint32_t)pci);
			if (is64)
				mmio_wr32(cfg(&ec, dev, 0, PCI_BAR0 + 4), (uint32_t)(pci >> 32));
		}
		if (!pci_to_cpu(&ec, pci, &e->bar0)) {
			e->err = "has BAR0 outside the host bridge's windows";
			continue;
		}
		e->cfg = cfg(&ec, dev, 0, 0);
		mmio_wr32(e->cfg + PCI_COMMAND, (mmio_rd32(e->cfg + PCI_COMMAND) & 0xffff) | PCI_COMMAND_MEM);
	}
	if (n_edus)
		con_printf("probe: edu found by ECAM scan (no hypervisor)\n");
}

/* Under bulkhead: each edu's function behind the partition's virtual host bridge, the one whose
 * BAR0 is at the edu's BAR0 (the bridge's ranges are 1:1). */
static void find_virtual_functions(const void *fdt)
{
	int node = fdt_node_offset_by_compatible(fdt, -1, "pci-host-ecam-generic");
	struct ecam ec;

	if (node >= 0 && read_ecam_node(fdt, node, &ec))
		for (unsigned dev = 0; dev < 32; dev++)
			for (unsigned fn = 0; fn < 8; fn++) {
				uint32_t id = mmio_rd32(cfg(&ec, dev, fn, PCI_VENDOR));
				uint64_t pci, cpu;
				bool is64;

				if ((id & 0xffff) == 0xffff) {
					if (fn == 0)
						break;
					continue;
				}
				if (id != ((uint32_t)EDU_DEVICE << 16 | EDU_VENDOR))
					continue;
				is64 = ((mmio_rd32(cfg(&ec, dev, fn, PCI_BAR0)) >> 1) & 3) == 2;
				pci = bar_addr(&ec, dev, fn, PCI_BAR0, is64);
				for (unsigned i = 0; i < n_edus; i++)
					if (pci_to_cpu(&ec, pci, &cpu) && cpu == edus[i].bar0)
						edus[i].cfg = cfg(&ec, dev, fn, 0);
			}
	for (unsigned i = 0; i < n_edus; i++)
		if (!edus[i].err && !edus[i].cfg)
			edus[i].err = "is behind no virtual host bridge in the DT (no way to enable bus mastering)";
}

/* The n-th edu, or NULL after a FAIL line. */
static const struct edu *edu_get(unsigned n)
{
	if (!discovered) {
		discovered = true;
		if (discover_dt(probe_boot->fdt))
			find_virtual_functions(probe_boot->fdt);
		else
			discover_ecam(probe_boot->fdt);
	}
	if (n >= n_edus) {
		con_printf("probe: FAIL no edu %u (%u found)\n", n, n_edus);
		return NULL;
	}
	if (edus[n].err) {
		con_printf("probe: FAIL edu %u (%s) %s\n", n, edus[n].bdf, edus[n].err);
		return NULL;
	}
	return &edus[n];
}

/* ---- DMA ---- */

static uint8_t dma_out[EDU_TEST_BYTES] __attribute__((aligned(64)));
static uint8_t dma_in[EDU_TEST_BYTES] __attribute__((aligned(64)));
static uint8_t bench_out[4096] __attribute__((aligned(64)));
static uint8_t bench_in[4096] __attribute__((aligned(64)));

static uint64_t ipa(const void *p)
{
	return (uint64_t)(uintptr_t)p; /* the payload's map is the identity */
}

/* Wait for RUN to clear; false after EDU_DMA_TIMEOUT_US. */
static bool edu_idle(uint64_t bar)
{
	uint64_t start = counter(), limit = EDU_DMA_TIMEOUT_US * (rt_counter_hz() / 1000) / 1000;

	while (mmio_rd64(bar + EDU_REG_DMA_CMD) & EDU_DMA_RUN) {
		if (counter() - start > limit)
			return false;
		__asm__ volatile("yield");
	}
	return true;
}

uint64_t probe_edu_bar(unsigned n)
{
	const struct edu *e = edu_get(n);

	return e ? e->bar0 : 0;
}

bool probe_edu_busy(uint64_t bar)
{
	return mmio_rd64(bar + EDU_REG_DMA_CMD) & EDU_DMA_RUN;
}

bool probe_edu_wait(uint64_t bar)
{
	bool idle = edu_idle(bar);

	dsb_sy();
	return idle;
}

/* Bus mastering on for the edu at `bar`, as a driver does when it starts its first DMA. */
static void master_on(uint64_t bar)
{
	for (unsigned i = 0; i < n_edus; i++) {
		uint64_t reg = edus[i].cfg + PCI_COMMAND;
		uint32_t cmd;

		if (edus[i].bar0 != bar || !edus[i].cfg)
			continue;
		cmd = mmio_rd32(reg) & 0xffff;
		if (!(cmd & PCI_COMMAND_BME))
			mmio_wr32(reg, cmd | PCI_COMMAND_BME);
	}
}

void probe_edu_start(uint64_t bar, uint64_t src, uint64_t dst, uint64_t count, bool to_ram)
{
	master_on(bar);
	dsb_sy();
	mmio_wr64(bar + EDU_REG_DMA_SRC, src);
	mmio_wr64(bar + EDU_REG_DMA_DST, dst);
	mmio_wr64(bar + EDU_REG_DMA_COUNT, count);
	mmio_wr64(bar + EDU_REG_DMA_CMD, EDU_DMA_RUN | (to_ram ? EDU_DMA_TO_RAM : 0));
}

/* The liveness register keeps the complement of what was written, and nothing resets it. */
uint32_t probe_edu_scratch(uint64_t bar)
{
	return ~mmio_rd32(bar + EDU_REG_LIVENESS);
}

void probe_edu_set_scratch(uint64_t bar, uint32_t v)
{
	mmio_wr32(bar + EDU_REG_LIVENESS, v);
}

/* One transfer, waited for. Prints a FAIL line and returns false on a timeout. */
static bool edu_dma(unsigned n, uint64_t bar, uint64_t src, uint64_t dst, uint64_t count, bool to_ram)
{
	if (!edu_idle(bar)) {
		con_printf("probe: FAIL edu %u dma still running from before (cmd 0x%lx)\n", n,
			   (unsigned long)mmio_rd64(bar + EDU_REG_DMA_CMD));
		return false;
	}
	probe_edu_start(bar, src, dst, count, to_ram);
	if (!edu_idle(bar)) {
		con_printf("probe: FAIL edu %u dma 0x%lx -> 0x%lx (%lu bytes) did not finish in %u ms\n", n,
			   (unsigned long)src, (unsigned long)dst, (unsigned long)count, EDU_DMA_TIMEOUT_US / 1000);
		return false;
	}
	dsb_sy();
	return true;
}

static bool edu_regs_ok(unsigned n, uint64_t bar)
{
	uint32_t id = mmio_rd32(bar + EDU_REG_ID), v = 0x5ca1ab1eu ^ n, live;

	if (id != EDU_ID_VALUE) {
		con_printf("probe: FAIL edu %u id 0x%08x, expected 0x%08x\n", n, id, EDU_ID_VALUE);
		return false;
	}
	mmio_wr32(bar + EDU_REG_LIVENESS, v);
	live = mmio_rd32(bar + EDU_REG_LIVENESS);
	if (live != (uint32_t)~v) {
		con_printf("probe: FAIL edu %u liveness 0x%08x after writing 0x%08x, expected 0x%08x\n", n, live, v,
			   ~v);
		return false;
	}
	return true;
}

void probe_edu(unsigned n)
{
	static unsigned runs;
	const struct edu *e = edu_get(n);
	uint64_t bar;

	if (!e)
		return;
	bar = e->bar0;
	con_printf("probe: edu %u is %s at 0x%lx\n", n, e->bdf, (unsigned long)bar);
	if (!edu_regs_ok(n, bar))
		return;

	runs++;
	for (unsigned i = 0; i < EDU_TEST_BYTES; i++)
		dma_out[i] = (uint8_t)(0x41 + i * 7 + runs * 29 + n * 3) | 1; /* never 0 */
	memset(dma_in, 0, sizeof(dma_in));
	if (!edu_dma(n, bar, ipa(dma_out), EDU_BUF, EDU_TEST_BYTES, false) ||
	    !edu_dma(n, bar, EDU_BUF, ipa(dma_in), EDU_TEST_BYTES, true))
		return;
	for (unsigned i = 0; i < EDU_TEST_BYTES; i++)
		if (dma_in[i] != dma_out[i]) {
			con_printf("probe: FAIL edu %u dma data differs at byte %u: got 0x%02x, expected 0x%02x "
				   "(IOVA 0x%lx -> edu -> IOVA 0x%lx)\n",
				   n, i, dma_in[i], dma_out[i], (unsigned long)ipa(dma_out),
				   (unsigned long)ipa(dma_in));
			return;
		}
	con_printf("probe: edu %u dma ok: %u bytes out and back through IOVA 0x%lx\n", n, EDU_TEST_BYTES,
		   (unsigned long)ipa(dma_out));
}

/* What edu-write= stores: "EDU-DMA!" eight times. */
static void write_pattern(uint8_t *p)
{
	static const char word[8] = { 'E', 'D', 'U', '-', 'D', 'M', 'A', '!' };

	for (unsigned i = 0; i < EDU_TEST_BYTES; i++)
		p[i] = (uint8_t)word[i % 8];
}

void probe_edu_write(const char *arg)
{
	const struct edu *e;
	uint64_t a;

	if (!parse_hex(arg, &a)) {
		con_printf("probe: FAIL bad address in edu-write=%s\n", arg);
		return;
	}
	if (!(e = edu_get(0)))
		return;
	write_pattern(dma_out);
	if (!edu_dma(0, e->bar0, ipa(dma_out), EDU_BUF, EDU_TEST_BYTES, false) ||
	    !edu_dma(0, e->bar0, EDU_BUF, a, EDU_TEST_BYTES, true))
		return;
	con_printf("probe: edu dma write of %u bytes to IOVA 0x%lx done\n", EDU_TEST_BYTES, (unsigned long)a);
}

void probe_edu_read(const char *arg)
{
	const struct edu *e;
	unsigned nonzero = 0;
	uint64_t a;

	if (!parse_hex(arg, &a)) {
		con_printf("probe: FAIL bad address in edu-read=%s\n", arg);
		return;
	}
	if (!(e = edu_get(0)))
		return;
	memset(dma_out, 0, sizeof(dma_out));
	memset(dma_in, 0, sizeof(dma_in));
	if (!edu_dma(0, e->bar0, ipa(dma_out), EDU_BUF, EDU_TEST_BYTES, false) ||
	    !edu_dma(0, e->bar0, a, EDU_BUF, EDU_TEST_BYTES, false) ||
	    !edu_dma(0, e->bar0, EDU_BUF, ipa(dma_in), EDU_TEST_BYTES, true))
		return;
	for (unsigned i = 0; i < EDU_TEST_BYTES; i++)
		nonzero += dma_in[i] != 0;
	con_printf("probe: edu dma read of %u bytes from IOVA 0x%lx: %u nonzero bytes\n", EDU_TEST_BYTES,
		   (unsigned long)a, nonzero);
}

void probe_edu_bench(uint64_t n)
{
	const struct edu *e = edu_get(0);
	uint64_t t0, ticks, us, rate;

	if (!e)
		return;
	for (unsigned i = 0; i < EDU_BUF_MAX; i++)
		bench_out[i] = (uint8_t)(i * 31 + (i >> 8) + 0x5b);
	memset(bench_in, 0, sizeof(bench_in));
	t0 = counter();
	for (uint64_t i = 0; i < n; i++)
		if (!edu_dma(0, e->bar0, ipa(bench_out), EDU_BUF, EDU_BUF_MAX, false))
			return;
	ticks = counter() - t0;
	us = ticks_to_us(ticks);
	rate = ticks ? (uint64_t)((unsigned __int128)n * EDU_BUF_MAX * rt_counter_hz() / ticks) : 0;
	con_printf("probe: edu bench: %lu DMAs of %u bytes in %lu us, %lu bytes/s\n", (unsigned long)n, EDU_BUF_MAX,
		   (unsigned long)us, (unsigned long)rate);
	if (!edu_dma(0, e->bar0, EDU_BUF, ipa(bench_in), EDU_BUF_MAX, true))
		return;
	for (unsigned i = 0; i < EDU_BUF_MAX; i++)
		if (bench_in[i] != bench_out[i]) {
			con_printf("probe: FAIL edu bench data differs at byte %u: got 0x%02x, expected 0x%02x\n", i,
				   bench_in[i], bench_out[i]);
			return;
		}
}

/* ---- canaries ---- */

#define MAX_CANARIES 4
#define CANARY_BYTES 64

struct canary {
	uint64_t addr;
	bool reported; /* its change has been reported: stay quiet */
};

static struct canary canaries[MAX_CANARIES];
static unsigned n_canaries;

/* "CANARY<>" eight times. */
static uint8_t canary_byte(unsigned i)
{
	static const char word[8] = { 'C', 'A', 'N', 'A', 'R', 'Y', '<', '>' };

	return (uint8_t)word[i % 8];
}

static bool overlaps(uint64_t a, uint64_t len, uint64_t start, uint64_t end)
{
	return a < end && start < a + len;
}

void probe_canary(const char *arg)
{
	const struct rt_boot *b = probe_boot;
	const char *why = NULL;
	bool in_ram = false;
	struct canary *c = NULL;
	uint64_t a;

	if (!parse_hex(arg, &a)) {
		con_printf("probe: FAIL bad address in canary=%s\n", arg);
		return;
	}
	for (unsigned i = 0; i < b->n_ram; i++)
		if (a >= b->ram[i].base && a - b->ram[i].base <= b->ram[i].size - CANARY_BYTES &&
		    b->ram[i].size >= CANARY_BYTES)
			in_ram = true;
	if (!in_ram)
		why = "is not in this partition's RAM";
	else if (overlaps(a, CANARY_BYTES, rt_image_base(), rt_image_end()))
		why = "overlaps the probe image";
	else if (overlaps(a, CANARY_BYTES, ipa(b->fdt), ipa(b->fdt) + b->fdt_size))
		why = "overlaps the DTB";
	else if (b->initrd &&
		 overlaps(a, CANARY_BYTES, b->initrd_range.base, b->initrd_range.base + b->initrd_range.size))
		why = "overlaps the initrd";
	if (why) {
		con_printf("probe: FAIL canary=%s %s\n", arg, why);
		return;
	}
	for (unsigned i = 0; i < n_canaries; i++)
		if (canaries[i].addr == a)
			c = &canaries[i];
	if (!c) {
		if (n_canaries >= MAX_CANARIES) {
			con_printf("probe: FAIL canary=%s: at most %u canaries\n", arg, MAX_CANARIES);
			return;
		}
		c = &canaries[n_canaries];
	}
	for (unsigned i = 0; i < CANARY_BYTES; i++)
		((volatile uint8_t *)(uintptr_t)a)[i] = canary_byte(i);
	dsb_sy();
	c->addr = a;
	c->reported = false;
	if (c == &canaries[n_canaries])
		n_canaries++;
	con_printf("probe: canary set at 0x%lx\n", (unsigned long)a);
}

void probe_canary_check(uint64_t beat)
{
	for (unsigned i = 0; i < n_canaries; i++) {
		struct canary *c = &canaries[i];
		const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)c->addr;

		if (c->reported)
			continue;
		for (unsigned j = 0; j < CANARY_BYTES; j++) {
			uint8_t v = p[j];

			if (v != canary_byte(j)) {
				con_printf("probe: FAIL canary at 0x%lx changed (byte %u: got 0x%02x)\n",
					   (unsigned long)c->addr, j, v);
				c->reported = true;
				break;
			}
		}
		if (!c->reported && beat % 10 == 0)
			con_printf("probe: canary at 0x%lx intact\n", (unsigned long)c->addr);
	}
}

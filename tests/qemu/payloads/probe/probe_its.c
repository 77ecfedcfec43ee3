/* `its-hostile=FRAME`: what a partition may not make its virtual ITS (at FRAME, docs/msi.md) do,
 * tried command by command; bulkhead refuses each one with a console line (the scenario asserts
 * them) and the payload goes on. Commands are written here from the GICv3 spec's layout (IHI
 * 0069, "ITS commands": DW0 [7:0] number, [63:32] DeviceID; DW1 [31:0] EventID, [63:32]
 * pINTID, [4:0] Size; DW2 [63] V, [51:8] ITT address, [51:16] RDbase, [15:0] ICID), not with
 * bulkhead's encoder. The partition owns one PCI function (an edu at virtual 00:00.0: DeviceID
 * 0) and two vCPUs (processor numbers 0 and 1). The batch, in queue order:
 *   0 MAPD DeviceID 0x99 (not the partition's)           refused: vits-foreign-device
 *   1 MAPC ICID 0 -> processor 5 (no such vCPU)          refused: vits-target
 *   2 MAPD DeviceID 0, Size 32 bits                      refused: vits-size
 *   3 MAPD DeviceID 0, ITT at 0x1000 (not its RAM)       refused: vits-itt-address
 *   4 MAPD DeviceID 0, 5 bits, ITT in its RAM            done
 *   5 MAPC ICID 0 -> processor 1                         done
 *   6 MAPTI DeviceID 0 EventID 64                        refused: vits-event-range
 *   7 MAPTI DeviceID 0 EventID 1 INTID 0x20000           refused: vits-vlpi-range
 *   8 MAPTI DeviceID 0 EventID 1 INTID 8200 ICID 0       done
 *   9 SYNC processor 7                                   refused: vits-target
 * then a flood: the whole queue but one slot (FLOOD commands) of command number 0xff.
 * `its-translater=FRAME`: a CPU store to GITS_TRANSLATER (a separate command, so that a scenario
 * can let bulkhead's per-partition message budget refill after the flood's lines). */
#include <stdint.h>
#include <stdlib.h>

#include "hvc.h"
#include "probe.h"
#include "probe_its.h"
#include "probe_mmio.h"

#define GITS_CTLR 0x0000
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_TRANSLATER 0x10040
#define QUEUE_PAGES 16 /* GITS_CBASER.Size + 1, 4 KiB each */
#define QUEUE_CMDS (QUEUE_PAGES * 4096 / 32)
#define FLOOD (QUEUE_CMDS - 1)
#define POLL_LIMIT 100000

static uint64_t queue[QUEUE_CMDS][4] __attribute__((aligned(65536)));
static uint8_t itt[256] __attribute__((aligned(256)));

static void cmd(unsigned slot, uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	queue[slot][0] = dw0;
	queue[slot][1] = dw1;
	queue[slot][2] = dw2;
	queue[slot][3] = 0;
}

/* Publish CWRITER = slot and poll CREADR until it gets there; each poll is a trapped access that
 * lets bulkhead consume a bounded batch. Returns the number of polls, 0 if it never got there. */
static unsigned run_to(uint64_t frame, unsigned slot)
{
	uint64_t want = (uint64_t)slot * 32;

	__asm__ volatile("dsb sy" ::: "memory");
	mmio_wr64(frame + GITS_CWRITER, want);
	for (unsigned polls = 1; polls <= POLL_LIMIT; polls++)
		if ((mmio_rd64(frame + GITS_CREADR) & 0xfffe0) == want)
			return polls;
	return 0;
}

void probe_its_hostile(const char *arg)
{
	uint64_t frame = strtoull(arg, NULL, 0);
	uint64_t typer = mmio_rd64(frame + GITS_TYPER);
	uint64_t q = (uint64_t)(uintptr_t)queue, t = (uint64_t)(uintptr_t)itt;
	unsigned polls;

	con_printf("probe: its typer 0x%lx\n", (unsigned long)typer);
	/* Disabled first (its-msi may have run it): CBASER is written only then, which rewinds
	 * CREADR to the queue's start; CWRITER too, or enabling would run the old commands again. */
	mmio_wr32(frame + GITS_CTLR, 0);
	/* Valid, the queue's address, Size = pages - 1; then enable. */
	mmio_wr64(frame + GITS_CBASER, (UINT64_C(1) << 63) | q | (QUEUE_PAGES - 1));
	mmio_wr64(frame + GITS_CWRITER, 0); /* CREADR is 0 now: nothing left to process */
	mmio_wr32(frame + GITS_CTLR, 1);
	cmd(0, 0x08 | (UINT64_C(0x99) << 32), 4, (UINT64_C(1) << 63) | t);
	cmd(1, 0x09, 0, (UINT64_C(1) << 63) | (UINT64_C(5) << 16) | 0);
	cmd(2, 0x08, 31, (UINT64_C(1) << 63) | t);
	cmd(3, 0x08, 4, (UINT64_C(1) << 63) | 0x1000);
	cmd(4, 0x08, 4, (UINT64_C(1) << 63) | t);
	cmd(5, 0x09, 0, (UINT64_C(1) << 63) | (UINT64_C(1) << 16) | 0);
	cmd(6, 0x0a, 64 | (UINT64_C(8200) << 32), 0);
	cmd(7, 0x0a, 1 | (UINT64_C(0x20000) << 32), 0);
	cmd(8, 0x0a, 1 | (UINT64_C(8200) << 32), 0);
	cmd(9, 0x05, 0, UINT64_C(7) << 16);
	polls = run_to(frame, 10);
	con_printf("probe: its batch of 10 %s (%u polls)\n", polls ? "consumed" : "FAIL not consumed", polls);
	/* The flood: from slot 10 round the queue to slot 9, every slot an unknown command. */
	for (unsigned i = 0; i < FLOOD; i++)
		cmd((10 + i) % QUEUE_CMDS, 0xff, 0, 0);
	polls = run_to(frame, (10 + FLOOD) % QUEUE_CMDS);
	con_printf("probe: its flood of %u commands %s (%u polls)\n", FLOOD, polls ? "consumed" : "FAIL not consumed",
		   polls);
}

/* A CPU is none of the partition's devices: its store to the doorbell goes nowhere. */
void probe_its_translater(const char *arg)
{
	mmio_wr32(strtoull(arg, NULL, 0) + GITS_TRANSLATER, 1);
	con_printf("probe: its translater store returned\n");
}

/* ---- `its-msi=FRAME,ECAM`: a device's MSI through the virtual ITS --------------------------- */

/* The edu at virtual 00:00.0 behind the virtual ECAM window at ECAM, device ID 0 at the virtual
 * ITS at FRAME. This vCPU (processor 0) enables LPIs at its redistributor (a property table with
 * LPI 8200 enabled at priority 0xa0), maps event 1 of device 0 to LPI 8200 on collection 0 ->
 * processor 0, points the edu's MSI at its GITS_TRANSLATER with data 1 and has the edu raise its
 * interrupt (bus mastering on first: an MSI is the function's memory write): LPI 8200 must
 * arrive. Then the MSI data becomes 5, an event nothing mapped: the
 * physical ITS drops that write, and nothing may arrive. Offsets from the GICv3 spec (GICR_CTLR
 * 0x0, GICR_PROPBASER 0x70, GICR_PENDBASER 0x78; a property byte: priority [7:2], RES1 [1],
 * Enable [0]), the MSI capability from the PCI spec (6.8.1), the edu's registers from QEMU's
 * docs/specs/edu.txt (0x60 raise interrupt, 0x64 acknowledge). */
#define GICR_CTLR 0x0000
#define GICR_PROPBASER 0x0070
#define GICR_PENDBASER 0x0078
#define LPI 8200u
#define ID_BITS 14 /* PROPBASER.IDbits + 1: INTIDs below 16384 */
#define PCI_CAP_MSI 0x05
#define PCI_COMMAND 0x04
#define PCI_COMMAND_MASTER 0x4
#define EDU_RAISE 0x60
#define EDU_ACK 0x64
#define WAIT_MS 100

static uint8_t lpi_props[(1u << ID_BITS) - 8192] __attribute__((aligned(4096)));
static uint8_t lpi_pending[(1u << ID_BITS) / 8] __attribute__((aligned(65536)));

static uint64_t now_ms(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v / (rt_counter_hz() / 1000);
}

/* Interrupts open for WAIT_MS: the interrupts taken meanwhile (the last one's INTID in *last). */
static uint64_t taken_while_open(uint32_t *last)
{
	uint64_t before = probe_irq_others(), end;

	probe_irq_last_other = 0;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	/* Busy: no timer is armed to end a WFI if nothing comes. */
	for (end = now_ms() + WAIT_MS; now_ms() < end;)
		;
	__asm__ volatile("msr daifset, #2" ::: "memory");
	if (last)
		*last = probe_irq_last_other;
	return probe_irq_others() - before;
}

uint64_t probe_its_raise(const struct probe_its_dev *d, uint32_t *last)
{
	uint64_t got;

	mmio_wr32(d->bar0 + EDU_RAISE, 1);
	got = taken_while_open(last);
	mmio_wr32(d->bar0 + EDU_ACK, 1);
	return got;
}

uint64_t probe_its_quiet(void)
{
	return taken_while_open(NULL);
}

/* One command, then SYNC (processor 0), at the queue's next slots; run until consumed. */
static unsigned next_slot;

bool probe_its_command(uint64_t frame, uint64_t dw0, uint64_t dw1, uint64_t dw2)
{
	cmd(next_slot, dw0, dw1, dw2);
	cmd(next_slot + 1, 0x05, 0, 0);
	next_slot += 2;
	return run_to(frame, next_slot) != 0;
}

void probe_its_lpi_enable(const struct probe_its_dev *d, bool on)
{
	lpi_props[LPI - 8192] = (uint8_t)(0xa0 | 2 | (on ? 1 : 0));
	__asm__ volatile("dsb sy" ::: "memory");
	if (!probe_its_command(d->frame, 0x0c, 1, 0)) /* INV DeviceID 0 EventID 1 */
		con_printf("probe: FAIL its INV not consumed\n");
}

bool probe_its_setup(const char *arg, bool enabled, struct probe_its_dev *d)
{
	char *rest;
	uint64_t rd, q = (uint64_t)(uintptr_t)queue, t = (uint64_t)(uintptr_t)itt, ecam;
	unsigned cap;

	d->frame = strtoull(arg, &rest, 0);
	ecam = *rest == ',' ? strtoull(rest + 1, NULL, 0) : 0;
	if (!ecam || !probe_gic_redist(&rd)) {
		con_printf("probe: FAIL its commands need FRAME,ECAM and a GIC\n");
		return false;
	}
	lpi_props[LPI - 8192] = (uint8_t)(0xa0 | 2 | (enabled ? 1 : 0));
	__asm__ volatile("dsb sy" ::: "memory");
	mmio_wr64(rd + GICR_PROPBASER, (uint64_t)(uintptr_t)lpi_props | (ID_BITS - 1));
	mmio_wr64(rd + GICR_PENDBASER, (uint64_t)(uintptr_t)lpi_pending);
	mmio_wr32(rd + GICR_CTLR, 1);
	mmio_wr64(d->frame + GITS_CBASER, (UINT64_C(1) << 63) | q | (QUEUE_PAGES - 1));
	mmio_wr32(d->frame + GITS_CTLR, 1);
	cmd(0, 0x08, 0, (UINT64_C(1) << 63) | t);   /* MAPD DeviceID 0, 1 event bit */
	cmd(1, 0x09, 0, (UINT64_C(1) << 63) | 0);   /* MAPC ICID 0 -> processor 0 */
	cmd(2, 0x0a, 1 | ((uint64_t)LPI << 32), 0); /* MAPTI 0/1 -> 8200, ICID 0 */
	cmd(3, 0x05, 0, 0);                         /* SYNC processor 0 */
	next_slot = 4;
	if (!run_to(d->frame, next_slot)) {
		con_printf("probe: FAIL its commands not consumed\n");
		return false;
	}
	/* The edu's MSI capability and BAR0, through the virtual ECAM (00:00.0). */
	cap = mmio_rd32(ecam + 0x34) & 0xfc;
	while (cap && (mmio_rd32(ecam + cap) & 0xff) != PCI_CAP_MSI)
		cap = (mmio_rd32(ecam + cap) >> 8) & 0xfc;
	if (!cap) {
		con_printf("probe: FAIL its: the edu presents no MSI capability\n");
		return false;
	}
	d->data_off = ecam + cap + ((mmio_rd32(ecam + cap) & (1u << 23)) ? 0x0c : 0x08);
	d->bar0 = mmio_rd32(ecam + 0x10) & ~0xfu;
	mmio_wr32(ecam + cap + 4, (uint32_t)(d->frame + GITS_TRANSLATER));
	if (d->data_off == ecam + cap + 0x0c)
		mmio_wr32(ecam + cap + 8, (uint32_t)((d->frame + GITS_TRANSLATER) >> 32));
	mmio_wr16(d->data_off, 1);
	mmio_wr16(ecam + cap + 2, (uint16_t)((mmio_rd32(ecam + cap) >> 16) | 1)); /* MSI Enable */
	mmio_wr16(ecam + PCI_COMMAND, (uint16_t)(mmio_rd16(ecam + PCI_COMMAND) | PCI_COMMAND_MASTER));
	return true;
}

void probe_its_msi(const char *arg)
{
	struct probe_its_dev d;
	uint64_t vectors, got;
	uint32_t last;

	if (!probe_its_setup(arg, true, &d))
		return;
	vectors = probe_vectors_install();
	got = probe_its_raise(&d, &last);
	con_printf("probe: its-msi event 1: %lu interrupts, last INTID %u\n", (unsigned long)got, last);
	mmio_wr16(d.data_off, 5);
	got = probe_its_raise(&d, &last);
	con_printf("probe: its-msi event 5 (not mapped): %lu interrupts\n", (unsigned long)got);
	probe_vectors_restore(vectors);
}

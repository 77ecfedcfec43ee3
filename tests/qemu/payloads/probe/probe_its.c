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
	/* Valid, the queue's address, Size = pages - 1; then enable. */
	mmio_wr64(frame + GITS_CBASER, (UINT64_C(1) << 63) | q | (QUEUE_PAGES - 1));
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

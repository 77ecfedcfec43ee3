/* `pci-hostile=ECAM`: what a partition may not do to PCI configuration space, tried through the
 * virtual ECAM window at ECAM (its virtual host bridge, docs/pci-passthrough.md), on the function
 * at virtual 00:00.0 (an edu, whose BAR0 register 0 reads 0x010000ed) and on functions it does
 * not own. Each attempt is made, then read back; bulkhead's counters and the physical Command
 * and BAR0 come from the stats hypercall that follows. The accesses, and so the counts the
 * scenario expects, are fixed:
 *   reads 8 (id, command, BAR0, BAR0 again, command as 16 bits, two absent functions, an 8-byte
 *   load), writes 4 (BAR0 relocation, forbidden Command bits as 16 bits, two writes to an absent
 *   function). A misaligned access cannot be tried: the window is Device memory in the
 *   payload's own stage 1, where it is an alignment fault at EL1 before bulkhead sees it. */
#include <stdint.h>
#include <stdlib.h>

#include "hvc.h"
#include "probe.h"
#include "probe_mmio.h"

#define ECAM_OFF(dev, fn, reg) ((uint64_t)(dev) << 15 | (uint64_t)(fn) << 12 | (uint64_t)(reg))
#define REG_ID 0x00
#define REG_COMMAND 0x04
#define REG_BAR0 0x10
#define CMD_IO 0x0001u
#define CMD_PARITY 0x0040u
#define CMD_SERR 0x0100u
#define EDU_ID_VALUE 0x010000edu

void probe_pci_hostile(const char *arg)
{
	uint64_t ecam, fn0;
	uint32_t id, bar0, bar0_after;
	uint16_t cmd, cmd_after;
	char *end;

	ecam = arg ? strtoull(arg, &end, 0) : 0;
	if (!arg || *end || !ecam) {
		con_printf("probe: FAIL bad ECAM address in pci-hostile=%s\n", arg ? arg : "");
		return;
	}
	fn0 = ecam + ECAM_OFF(0, 0, 0);
	id = mmio_rd32(fn0 + REG_ID);
	cmd = (uint16_t)mmio_rd32(fn0 + REG_COMMAND);
	bar0 = mmio_rd32(fn0 + REG_BAR0) & ~0xfu;
	con_printf("probe: pci 00:00.0 id %04x:%04x command 0x%04x bar0 0x%08x\n", id & 0xffff, id >> 16, cmd, bar0);

	/* Relocate BAR0 by 1 MiB: refused, the function stays where the partition map put it. */
	mmio_wr32(fn0 + REG_BAR0, bar0 + 0x100000);
	bar0_after = mmio_rd32(fn0 + REG_BAR0) & ~0xfu;
	con_printf("probe: pci bar0 after relocation to 0x%08x: 0x%08x\n", bar0 + 0x100000, bar0_after);
	/* Command bits a partition may not set: I/O space, parity and SERR# reporting. */
	mmio_wr16(fn0 + REG_COMMAND, (uint16_t)(cmd | CMD_IO | CMD_PARITY | CMD_SERR));
	cmd_after = mmio_rd16(fn0 + REG_COMMAND);
	con_printf("probe: pci command after writing 0x%04x: 0x%04x\n", cmd | CMD_IO | CMD_PARITY | CMD_SERR,
		   cmd_after);
	/* The device still answers at its one address. */
	con_printf("probe: pci edu id at bar0 0x%08x: 0x%08x\n", bar0, mmio_rd32(bar0));

	/* Functions it does not own: absent, whatever is written. */
	con_printf("probe: pci 00:01.0 id 0x%08x\n", mmio_rd32(ecam + ECAM_OFF(1, 0, REG_ID)));
	mmio_wr32(ecam + ECAM_OFF(1, 0, REG_COMMAND), 0x7);
	mmio_wr32(ecam + ECAM_OFF(1, 0, REG_BAR0), 0x12340000);
	con_printf("probe: pci 00:1f.7 id 0x%08x\n", mmio_rd32(ecam + ECAM_OFF(31, 7, REG_ID)));

	/* Malformed: an 8-byte load (configuration accesses are at most 4 bytes). */
	con_printf("probe: pci 8-byte read 0x%016lx\n", (unsigned long)mmio_rd64(fn0));
	con_printf("probe: pci-hostile done\n");
	if (id == 0xffffffffu || bar0_after != bar0 || (cmd_after & (CMD_IO | CMD_PARITY | CMD_SERR)) ||
	    mmio_rd32(bar0) != EDU_ID_VALUE)
		con_printf("probe: FAIL pci-hostile: the function changed or is gone\n");
}

/* `its-mapi=FRAME,ECAM`: MAPI through the virtual ITS (issue 14). MAPI is MAPTI with the INTID
 * equal to the EventID (IHI 0069, "MAPI"), so a device mapped with MAPI raises LPI n by writing
 * event n: the device needs an ITT of at least 14 EventID bits for any LPI (8192 and up).
 *
 * After probe_its_setup (device 0 with a 1-bit ITT, event 1 -> LPI 8200 enabled, collection 0 ->
 * this vCPU), device 0 is mapped again with a 14-bit ITT (128 KiB of this payload's memory; a
 * remap empties the ITT), MAPI EventID 8200 on collection 0, and the edu's MSI data becomes 8200:
 * LPI 8200 must arrive once. Then two commands the virtual ITS must refuse: MAPI EventID 30 (INTID
 * 30 is not an LPI: vits-mapi-event) and MOVALL from processor 0 to processor 5, which the
 * partition does not have (vits-target). Command layouts as in probe_its.c: DW0 [7:0] command,
 * [63:32] DeviceID; DW1 [31:0] EventID, [4:0] Size - 1 (MAPD); DW2 [63] V, [51:8] ITT address,
 * [51:16] RDbase, [15:0] ICID; MOVALL's RDbase2 is DW3 [51:16], which probe_its_command leaves 0,
 * so MOVALL names processor 5 as its first (source) RDbase here. */
#include <stdint.h>

#include "hvc.h"
#include "probe.h"
#include "probe_its.h"
#include "probe_mmio.h"

#define MAPI_BITS 14
#define MAPI_EVENT 8200u

static uint8_t mapi_itt[(1u << MAPI_BITS) * 8] __attribute__((aligned(256)));

void probe_its_mapi(const char *arg)
{
	struct probe_its_dev d;
	uint64_t vectors, got;
	uint32_t last = 0;

	if (!probe_its_setup(arg, true, &d))
		return;
	if (!probe_its_command(d.frame, 0x08, MAPI_BITS - 1, (UINT64_C(1) << 63) | (uint64_t)(uintptr_t)mapi_itt) ||
	    !probe_its_command(d.frame, 0x0b, MAPI_EVENT, 0)) {
		con_printf("probe: FAIL its-mapi: MAPD/MAPI not consumed\n");
		return;
	}
	mmio_wr16(d.data_off, (uint16_t)MAPI_EVENT);
	vectors = probe_vectors_install();
	got = probe_its_raise(&d, &last);
	probe_vectors_restore(vectors);
	con_printf("probe: its-mapi event %u: %lu interrupts, last INTID %u\n", MAPI_EVENT, (unsigned long)got, last);
	if (!probe_its_command(d.frame, 0x0b, 30, 0) ||              /* MAPI EventID 30 */
	    !probe_its_command(d.frame, 0x0e, 0, (uint64_t)5 << 16)) /* MOVALL 5 -> 0 */
		con_printf("probe: FAIL its-mapi: refused commands not consumed\n");
	con_printf("probe: its-mapi done\n");
}

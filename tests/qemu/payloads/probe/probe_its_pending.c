/* A pending LPI that must never arrive (issue 14; docs/msi.md, "GICv4 direct injection").
 *
 * `its-clear=FRAME,ECAM`: the guest withdraws a pending LPI with CLEAR. LPI 8200 is mapped
 * disabled (its property byte's Enable clear), so the edu's MSI leaves it pending without
 * taking it. Three rounds, each with interrupts open for 100 ms:
 *   1. raised while disabled, then enabled (+ INV): it arrives once on enabling: the pending
 *      state was kept (the control: without it the other rounds prove nothing);
 *   2. disabled (+ INV), raised, CLEAR of device 0 event 1, enabled (+ INV): nothing arrives;
 *   3. raised while enabled: it arrives once (the mapping still works after the CLEAR).
 * Under GICv4 direct injection the pending state of round 2 is in the vPE's pending table, which
 * only a physical CLEAR reaches: were the guest's CLEAR not forwarded, round 2 would count 1.
 *
 * `its-restart=FRAME,ECAM`: a pending LPI across a restart of the partition. Its instance number
 * lives in the edu's liveness register (nothing in the partition's RAM survives a restart). The
 * first instance maps LPI 8200 disabled, has the edu raise it (pending, not taken) and asks for
 * SYSTEM_RESET. The second maps the same event to the same LPI, enabled (+ INV), opens
 * interrupts for 100 ms: nothing may arrive (the previous boot's vLPI was cleared with its vPE),
 * then raises it itself: it arrives once. Offsets and command numbers as in probe_its.c. */
#include <stdint.h>

#include "hvc.h"
#include "probe.h"
#include "probe_its.h"

#define INSTANCE_MAGIC 0xc5u /* the liveness register's top byte while it counts instances */

void probe_its_clear(const char *arg)
{
	struct probe_its_dev d;
	uint64_t vectors, kept, held, cleared, live;

	if (!probe_its_setup(arg, false, &d))
		return;
	vectors = probe_vectors_install();
	held = probe_its_raise(&d, NULL);
	probe_its_lpi_enable(&d, true);
	kept = probe_its_quiet();
	con_printf("probe: its-clear round 1: raised while disabled: %lu interrupts; enabled: %lu interrupts\n",
		   (unsigned long)held, (unsigned long)kept);
	probe_its_lpi_enable(&d, false);
	held = probe_its_raise(&d, NULL);
	if (!probe_its_command(d.frame, 0x04, 1, 0)) /* CLEAR DeviceID 0 EventID 1 */
		con_printf("probe: FAIL its-clear: CLEAR not consumed\n");
	probe_its_lpi_enable(&d, true);
	cleared = probe_its_quiet();
	con_printf("probe: its-clear round 2: raised while disabled: %lu interrupts; CLEAR, enabled: %lu "
		   "interrupts\n",
		   (unsigned long)held, (unsigned long)cleared);
	live = probe_its_raise(&d, NULL);
	con_printf("probe: its-clear round 3: raised while enabled: %lu interrupts\n", (unsigned long)live);
	probe_vectors_restore(vectors);
}

void probe_its_restart(const char *arg)
{
	struct probe_its_dev d;
	uint64_t vectors, got, stale;
	uint32_t state, boot;

	/* The instance is known before anything is mapped: enabled only in the second. */
	if (!probe_its_setup(arg, false, &d))
		return;
	state = probe_edu_scratch(d.bar0);
	boot = (state >> 24 == INSTANCE_MAGIC ? state & 0xffu : 0) + 1;
	probe_edu_set_scratch(d.bar0, INSTANCE_MAGIC << 24 | boot);
	vectors = probe_vectors_install();
	if (boot == 1) {
		got = probe_its_raise(&d, NULL);
		con_printf("probe: its-restart boot 1: LPI 8200 raised while disabled: %lu interrupts; restarting\n",
			   (unsigned long)got);
		probe_vectors_restore(vectors);
		(void)psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
		con_printf("probe: FAIL its-restart: SYSTEM_RESET returned\n");
		return;
	}
	probe_its_lpi_enable(&d, true);
	stale = probe_its_quiet();
	got = probe_its_raise(&d, NULL);
	con_printf("probe: its-restart boot %u: LPI 8200 mapped again and enabled: %lu interrupts from the previous "
		   "boot; raised: %lu interrupts\n",
		   boot, (unsigned long)stale, (unsigned long)got);
	probe_vectors_restore(vectors);
}

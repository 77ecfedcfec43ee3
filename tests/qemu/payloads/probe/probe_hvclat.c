/* HVC round-trip cost (bench/lean-paths.sh): `hvclat=N`.
 *
 * Each sample reads the virtual counter, makes HVC_BATCH back-to-back PSCI_VERSION calls and
 * reads it again; a second series runs the same sequence with a NOP where the HVC was, so the
 * guest's own instructions (the function ID moves, the counter reads) can be subtracted. Under
 * QEMU -icount the counter follows instructions, and the minimum over N samples is the path with
 * no other vCPU's turn in it. A batch of 16 keeps one counter tick (16 ns at 62.5 MHz) from
 * rounding away up to 15 instructions per call under -icount shift=0. */
#include <stdbool.h>
#include <stdint.h>

#include "hvc.h"
#include "probe.h"

#define HVC_BATCH 16

/* x0 = fid; hvc (or nop); the SMCCC caller-saved registers are clobbered either way. */
#define CALL_HVC "movz x0, #0x8400, lsl #16\n\thvc #0\n\t"
#define CALL_NOP "movz x0, #0x8400, lsl #16\n\tnop\n\t"
#define X4(s) s s s s
#define X16(s) X4(s) X4(s) X4(s) X4(s)
#define SMCCC_CLOBBERS                                                                                               \
	"x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15", "x16", \
		"x17", "memory"

_Static_assert(PSCI_VERSION == 0x84000000u, "CALL_HVC loads PSCI_VERSION with one movz");

static uint64_t batch_ticks(bool hvc)
{
	uint64_t t0, t1;

	if (hvc)
		__asm__ volatile("isb\n\tmrs %0, cntvct_el0\n\t" X16(CALL_HVC) "isb\n\tmrs %1, cntvct_el0"
				 : "=&r"(t0), "=&r"(t1)
				 :
				 : SMCCC_CLOBBERS);
	else
		__asm__ volatile("isb\n\tmrs %0, cntvct_el0\n\t" X16(CALL_NOP) "isb\n\tmrs %1, cntvct_el0"
				 : "=&r"(t0), "=&r"(t1)
				 :
				 : SMCCC_CLOBBERS);
	return t1 - t0;
}

static uint64_t min_ticks(uint64_t n, bool hvc)
{
	uint64_t min = UINT64_MAX;

	for (uint64_t i = 0; i < n; i++) {
		uint64_t t = batch_ticks(hvc);

		min = t < min ? t : min;
	}
	return min;
}

void probe_hvclat(const char *arg)
{
	uint64_t n = 0;

	for (const char *p = arg; p && *p; p++) {
		if (*p < '0' || *p > '9' || n > 1000000) {
			n = 0;
			break;
		}
		n = n * 10 + (uint64_t)(*p - '0');
	}
	if (n == 0) {
		con_printf("probe: FAIL bad count in hvclat=%s\n", arg ? arg : "");
		return;
	}
	if (psci_call(PSCI_VERSION, 0, 0, 0) < 0) {
		con_printf("probe: FAIL hvclat: PSCI_VERSION is not answered\n");
		return;
	}
	con_printf("probe: hvclat %lu samples: batch of %u PSCI_VERSION calls min %lu ticks, same batch without hvc "
		   "min %lu ticks, of %lu Hz\n",
		   (unsigned long)n, HVC_BATCH, (unsigned long)min_ticks(n, true), (unsigned long)min_ticks(n, false),
		   (unsigned long)rt_counter_hz());
}

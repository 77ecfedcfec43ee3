/* `dma-restart=N`: a DMA in flight at each of N restarts must never land in the next instance's
 * memory (issue 13 item 6; docs/security.md).
 *
 * Each instance of the partition: checks that its target (64 bytes in its first free page) is
 * still zero; if the edu still runs the previous instance's DMA, waits for it (bus mastering is
 * off, as after a reset, so the device's write is dropped) and checks the target again; only then
 * enables bus mastering (in probe_edu_start(), as a driver does when it starts its own DMA) and
 * starts an edu DMA that writes a nonzero pattern there; and requests PSCI SYSTEM_RESET while
 * that DMA is still in flight. bulkhead zeroes the partition's memory on every
 * restart, so anything nonzero found at the target later is a DMA of an earlier instance that
 * landed after the scrub: a stale landing. QEMU's edu completes a DMA 100 ms (virtual time) after
 * the command and nothing resets it (it has no function-level reset, and its model ignores
 * resets), so when the reset is requested shortly before the DMA is due, the DMA happens while
 * bulkhead is stopping, quiescing, scrubbing and restarting the partition. The lead of the reset
 * over the DMA sweeps 10..58 ms, so the DMA falls at different points of the stop, the quiesce and
 * the scrub (on QEMU a restart takes longer than 100 ms: scrubbing 128 MiB, then the payload's
 * own start); at least 10 ms, so that a vCPU thread the host schedules late does not ask for the
 * reset only after the DMA. `dma-restart=N,late` sweeps the lead over 60..96 ms instead, so that
 * the restart is often over before the DMA is due: the new instance then starts with the old DMA
 * still queued in the edu, and it must be dropped because bulkhead left bus mastering off.
 *
 * What survives a restart is kept in the edu's liveness register (nothing in RAM does): a magic
 * byte, the instances so far, the stale landings seen and how many instances found the previous
 * DMA still in flight at their start (it then landed, or not, in this instance: also checked;
 * bulkhead leaves bus mastering off at a start, so it must not).
 * After N restarts the last instance prints the summary and stops. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hvc.h"
#include "probe.h"

#define STATE_MAGIC 0xd3u
#define TARGET_BYTES 64
#define EDU_BUF 0x40000u        /* the edu's device-side buffer */
#define EDU_DMA_DELAY_US 100000 /* QEMU's edu runs a DMA 100 ms after the command */
#define LEAD_MIN_US 10000
#define LATE_LEAD_MIN_US 60000 /* `dma-restart=N,late` */
#define SWEEP_STEPS 25
#define SWEEP_STEP_US 2000
#define LATE_SWEEP_STEP_US 1500
#define MAX_RESTARTS 250
#define SUMMARY_PAUSE_US 1500000

struct restart_state {
	unsigned boots; /* instances started, this one included */
	unsigned stale; /* stale landings found */
	unsigned late;  /* instances that found the previous DMA still in flight */
};

static struct restart_state load(uint64_t bar)
{
	uint32_t v = probe_edu_scratch(bar);

	if (v >> 24 != STATE_MAGIC)
		return (struct restart_state){ 0, 0, 0 };
	return (struct restart_state){ (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff };
}

static void save(uint64_t bar, const struct restart_state *s)
{
	uint32_t v = STATE_MAGIC << 24 | (s->boots & 0xffu) << 16 | (s->stale & 0xffu) << 8 | (s->late & 0xffu);

	probe_edu_set_scratch(bar, v);
}

static uint64_t cntpct(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntpct_el0" : "=r"(v) : : "memory");
	return v;
}

/* The target: the first free page of the partition's RAM, the same in every instance. */
static uint64_t target_addr(void)
{
	struct probe_span spans[PROBE_MAX_SPANS];
	unsigned n = probe_free_spans(spans);

	for (unsigned i = 0; i < n; i++) {
		uint64_t a = (spans[i].start + 4095) & ~UINT64_C(4095);

		if (a + TARGET_BYTES <= spans[i].end)
			return a;
	}
	return 0;
}

/* The number of nonzero bytes at the target, and the first nonzero 8-byte word in *word. */
static unsigned nonzero_bytes(uint64_t target, uint64_t *word)
{
	const volatile uint8_t *p = (const volatile uint8_t *)(uintptr_t)target;
	unsigned n = 0;

	*word = 0;
	for (unsigned i = 0; i < TARGET_BYTES; i++)
		if (p[i]) {
			if (!n)
				*word = *(const volatile uint64_t *)(uintptr_t)(target + (i & ~7u));
			n++;
		}
	return n;
}

static void check_target(struct restart_state *s, uint64_t target, const char *when)
{
	uint64_t word;
	unsigned n = nonzero_bytes(target, &word);

	if (!n)
		return;
	s->stale++;
	con_printf("probe: FAIL dma-restart boot %u: stale DMA landed %s: %u nonzero bytes at 0x%lx (0x%016lx)\n",
		   s->boots, when, n, (unsigned long)target, (unsigned long)word);
}

/* First instance: put the pattern into the edu's buffer (RAM -> device), waited for. */
static bool load_pattern(uint64_t bar, uint64_t target)
{
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)target;

	for (unsigned i = 0; i < TARGET_BYTES; i++)
		p[i] = (uint8_t)(0xa1 + i * 3) | 1;
	probe_edu_start(bar, target, EDU_BUF, TARGET_BYTES, false);
	if (!probe_edu_wait(bar))
		return false;
	memset((void *)(uintptr_t)target, 0, TARGET_BYTES);
	return true;
}

void probe_dma_restart(const char *arg)
{
	uint64_t restarts, bar = probe_edu_bar(0), target = target_addr(), t0, lead_us;
	char *rest;
	bool late;
	struct restart_state s;

	restarts = strtoull(arg, &rest, 10);
	late = strcmp(rest, ",late") == 0;
	if (restarts == 0 || restarts > MAX_RESTARTS || (*rest && !late)) {
		con_printf("probe: FAIL dma-restart=%s: 1..%u restarts, then ,late or nothing\n", arg, MAX_RESTARTS);
		return;
	}
	if (!bar)
		return;
	if (!target) {
		con_printf("probe: FAIL dma-restart: no free page for the target\n");
		return;
	}
	s = load(bar);
	s.boots++;
	if (s.boots == 1) {
		con_printf("probe: dma-restart: target 0x%lx, %lu restarts with a DMA in flight\n",
			   (unsigned long)target, (unsigned long)restarts);
		if (!load_pattern(bar, target)) {
			con_printf("probe: FAIL dma-restart: the edu did not take the pattern\n");
			return;
		}
	}
	check_target(&s, target, "before this instance ran");
	if (probe_edu_busy(bar)) {
		/* The previous instance's DMA has not happened yet: it does now, while this instance
		 * has not enabled bus mastering, so it must be dropped. */
		t0 = cntpct();
		s.late++;
		probe_edu_wait(bar);
		con_printf("probe: dma-restart boot %u: previous DMA still in flight at start, done %lu us later\n",
			   s.boots, (unsigned long)((cntpct() - t0) * 1000000 / rt_counter_hz()));
		check_target(&s, target, "into the running instance");
	}
	save(bar, &s);
	if (s.boots > restarts) {
		/* A pause first, so that this partition's console budget (docs/console.md) has room
		 * again for the line that matters. */
		rt_delay_us(SUMMARY_PAUSE_US);
		con_printf("probe: dma-restart done: %u restarts, %u stale landings, %u instances started "
			   "before the previous DMA happened\n",
			   s.boots - 1, s.stale, s.late);
		return;
	}
	/* Bus mastering goes on here, in probe_edu_start(), and not before. */
	if (late)
		lead_us = LATE_LEAD_MIN_US + (uint64_t)(s.boots % SWEEP_STEPS) * LATE_SWEEP_STEP_US;
	else
		lead_us = LEAD_MIN_US + (uint64_t)(s.boots % SWEEP_STEPS) * SWEEP_STEP_US;
	probe_edu_start(bar, EDU_BUF, target, TARGET_BYTES, true);
	rt_delay_us(EDU_DMA_DELAY_US - lead_us);
	(void)psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	con_printf("probe: FAIL dma-restart: SYSTEM_RESET returned\n");
}

/* Per-partition console budget for bulkhead's own messages about a partition: a guest that
 * requests statistics, resets or faults in a loop, or whose device floods the SMMU with faults,
 * must not flood the shared console (nor keep the console lock, which every CPU's messages
 * take). Dropped lines are counted and reported with the partition's next line. */
#include "arch/arm64/cpu/part_log.h"

#include <stdarg.h>
#include <stdint.h>

#include "arch/arm64/cpu/sysreg.h"
#include "core/base/log.h"

static uint64_t period_ticks(void)
{
	return read_cntfrq_el0() / 1000 * PART_LOG_PERIOD_MS;
}

void part_log_init(struct part_log *l, const char *name)
{
	l->name = name;
	ratelimit_init(&l->budget, PART_LOG_LINES, period_ticks(), read_cntpct_el0());
}

bool part_log_allow(struct part_log *l)
{
	uint64_t report;
	bool ok;

	spin_lock(&l->lock);
	ok = ratelimit_allow(&l->budget, read_cntpct_el0(), &report);
	spin_unlock(&l->lock);
	if (report)
		log_printf("partition %s: %llu lines suppressed\n", l->name, (unsigned long long)report);
	return ok;
}

void part_log_printf(struct part_log *l, const char *fmt, ...)
{
	va_list ap;

	if (!part_log_allow(l))
		return;
	va_start(ap, fmt);
	log_vprintf(fmt, ap);
	va_end(ap);
}

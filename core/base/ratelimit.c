/* Token bucket in ticks of credit: time since the last line adds credit up to one period, each
 * line spends period / lines. A burst of `lines` lines passes at once, then one line per `cost`
 * ticks. */
#include "core/base/ratelimit.h"

void ratelimit_init(struct ratelimit *r, uint32_t lines, uint64_t period, uint64_t now)
{
	if (lines == 0)
		lines = 1;
	if (period < lines)
		period = lines;
	r->period = period;
	r->cost = period / lines;
	r->credit = period;
	r->last = now;
	r->last_report = now;
	r->reported = false; /* the first report may come at once */
	r->suppressed = 0;
	r->total_suppressed = 0;
}

bool ratelimit_allow(struct ratelimit *r, uint64_t now, uint64_t *report)
{
	bool ok;

	/* A clock that went backwards adds nothing. */
	if (now > r->last) {
		uint64_t gained = now - r->last;

		r->credit = gained >= r->period - r->credit ? r->period : r->credit + gained;
		r->last = now;
	}
	ok = r->credit >= r->cost;
	if (ok)
		r->credit -= r->cost;
	else {
		r->suppressed++;
		r->total_suppressed++;
	}
	*report = 0;
	if (ok && r->suppressed && (!r->reported || (now >= r->last_report && now - r->last_report >= r->period))) {
		*report = r->suppressed;
		r->suppressed = 0;
		r->last_report = now;
		r->reported = true;
	}
	return ok;
}

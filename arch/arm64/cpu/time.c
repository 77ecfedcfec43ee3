/* Time from the generic timer's physical counter. */
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/cpu/time.h"

uint64_t time_now_ns(void)
{
	uint64_t freq = read_cntfrq_el0();
	uint64_t ticks = read_cntpct_el0();

	if (!freq)
		return 0;
	return (ticks / freq) * 1000000000u + (ticks % freq) * 1000000000u / freq;
}

void delay_us(uint64_t us)
{
	uint64_t end = time_now_ns() + us * 1000;

	while (time_now_ns() < end)
		;
}

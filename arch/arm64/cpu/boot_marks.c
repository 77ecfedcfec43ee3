/* Boot-time marks: how long from the hypervisor's first C instruction to each partition's first
 * instruction, from the physical counter. Under QEMU with -icount shift=0 virtual time advances
 * one nanosecond per instruction, so bench/boot-icount.sh reads these lines as instruction
 * counts. */
#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/base/log.h"

static uint64_t entry_ticks;

void boot_mark_entry(void)
{
	entry_ticks = read_cntpct_el0();
}

void boot_mark_first_entry(const char *name)
{
	uint64_t freq = read_cntfrq_el0(), dt = read_cntpct_el0() - entry_ticks;

	if (!freq)
		return;
	log_printf("partition %s: first instruction %llu us after hypervisor entry (%llu counter ticks)\n", name,
		   (unsigned long long)(dt * 1000000 / freq), (unsigned long long)dt);
}

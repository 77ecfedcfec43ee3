/* Boot-time marks: how long from the hypervisor's first C instruction to each partition's first
 * instruction, from the physical counter. Under QEMU with -icount shift=0 virtual time advances
 * one nanosecond per instruction, so bench/boot-icount.sh reads these lines as instruction
 * counts. Bench builds also mark each partition's first exit to EL2 (boot_marks.h). */
#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/base/log.h"

static uint64_t entry_ticks;

void boot_mark_entry(void)
{
	entry_ticks = read_cntpct_el0();
}

static void print_mark(const char *name, const char *what, uint64_t now)
{
	uint64_t freq = read_cntfrq_el0(), dt = now - entry_ticks;

	if (!freq)
		return;
	log_printf("partition %s: %s %llu us after hypervisor entry (%llu counter ticks)\n", name, what,
		   (unsigned long long)(dt * 1000000 / freq), (unsigned long long)dt);
}

/* Out of line so that it keeps its symbol under LTO: bench/boot-profile.sh stops counting at its
 * last call. */
__attribute__((noinline)) void boot_mark_first_entry(const char *name)
{
	print_mark(name, "first instruction", read_cntpct_el0());
}

#ifdef BULKHEAD_BENCH_MARKS
/* vCPU 0 of a partition runs on one CPU: a flag per CPU needs no lock. */
static bool first_trap_seen[MAX_CPUS];

void boot_mark_first_trap(const char *name, unsigned boots, unsigned vcpu, const struct trap_frame *f, bool irq)
{
	uint64_t now = read_cntpct_el0();
	unsigned me = this_cpu()->index;

	if (vcpu != 0 || boots != 1 || first_trap_seen[me])
		return;
	first_trap_seen[me] = true;
	print_mark(name, "first trap", now);
	/* An interrupt's frame holds the ESR_EL2 of an earlier synchronous exception. */
	if (irq)
		log_printf("partition %s: first trap was an interrupt at guest PC 0x%llx\n", name,
			   (unsigned long long)f->elr);
	else
		log_printf("partition %s: first trap was ESR_EL2 0x%llx at guest PC 0x%llx (FAR_EL2 0x%llx)\n", name,
			   (unsigned long long)f->esr, (unsigned long long)f->elr, (unsigned long long)f->far);
}
#endif

/* Exceptions the hypervisor takes: a decoded crash report for the ones it cannot continue from,
 * and the default (weak) handlers for traps from guests until partitions provide their own. */
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/exceptions.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/base/log.h"
#include "core/hw/esr.h"

static const char *const kind_names[] = { "synchronous exception", "IRQ", "FIQ", "SError" };

static void dump_registers(const struct trap_frame *f)
{
	for (unsigned i = 0; i < 30; i += 2)
		log_printf("  x%-2u %016llx  x%-2u %016llx\n", i, (unsigned long long)f->x[i], i + 1,
			   (unsigned long long)f->x[i + 1]);
	log_printf("  x30 %016llx  sp  %016llx\n", (unsigned long long)f->x[30], (unsigned long long)f->sp);
}

void hyp_fatal_exception(struct trap_frame *f, unsigned kind, unsigned lower)
{
	unsigned cpu = this_cpu() ? this_cpu()->index : 0;
	unsigned ec = esr_ec(f->esr);

	log_printf("bulkhead: CRASH on cpu %u: %s taken to EL2 from %s\n", cpu, kind_names[kind & 3],
		   lower ? "a lower EL" : "EL2 (the hypervisor itself)");
	if (kind == 0) {
		log_printf("  EC 0x%02x %s, ESR 0x%08llx\n", ec, esr_class_name(ec), (unsigned long long)f->esr);
		if (esr_is_abort(f->esr))
			log_printf("  %s of address 0x%llx: %s\n", esr_is_write(f->esr) ? "write" : "read",
				   (unsigned long long)f->far,
				   esr_fault_name((unsigned)FIELD_GET(ESR_ELx_FSC, f->esr)));
	}
	log_printf("  ELR 0x%llx SPSR 0x%llx FAR 0x%llx\n", (unsigned long long)f->elr, (unsigned long long)f->spsr,
		   (unsigned long long)f->far);
	dump_registers(f);
	log_printf("bulkhead: cpu %u halted\n", cpu);
	cpu_halt();
}

/* Until partitions exist, nothing may trap from a lower EL: treat it as fatal. */
__attribute__((weak)) void guest_sync_handler(struct trap_frame *f);
__attribute__((weak)) void guest_sync_handler(struct trap_frame *f)
{
	hyp_fatal_exception(f, 0, 1);
}

__attribute__((weak)) void guest_irq_handler(struct trap_frame *f);
__attribute__((weak)) void guest_irq_handler(struct trap_frame *f)
{
	hyp_fatal_exception(f, 1, 1);
}

__attribute__((weak)) void guest_serror_handler(struct trap_frame *f);
__attribute__((weak)) void guest_serror_handler(struct trap_frame *f)
{
	hyp_fatal_exception(f, 3, 1);
}

__attribute__((weak)) void hyp_irq_handler(struct trap_frame *f);
__attribute__((weak)) void hyp_irq_handler(struct trap_frame *f)
{
	hyp_fatal_exception(f, 1, 0);
}

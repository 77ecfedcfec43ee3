/* What picolibc and libfdt expect from the environment. */
#include <stdint.h>
#include <stdlib.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/base/log.h"

/* The stack-protector canary; libfdt is built with -fstack-protector. Seeded at boot. */
extern uintptr_t __stack_chk_guard;

void stack_guard_init(void);
void stack_guard_init(void)
{
	/* The counter's low bits at boot are the only entropy at hand; never leave it zero. */
	__stack_chk_guard = (uintptr_t)(read_cntpct_el0() * UINT64_C(0x9e3779b97f4a7c15)) | 1;
}

__attribute__((noreturn)) void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	log_printf("bulkhead: FATAL: stack corruption detected (canary overwritten) on cpu %u, from 0x%llx\n",
		   this_cpu()->index, (unsigned long long)(uintptr_t)__builtin_return_address(0));
	cpu_halt();
}

__attribute__((noreturn)) void _exit(int status);
void _exit(int status)
{
	log_printf("bulkhead: FATAL: exit(%d) called on cpu %u\n", status, this_cpu()->index);
	cpu_halt();
}

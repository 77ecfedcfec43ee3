/* The C side of the payload runtime: per-CPU stacks and TLS, boot-time DT reading, the final
 * memory map, the exception report, and the small services in rt.h. */
#include <libfdt.h>
#include <stdint.h>
#include <string.h>

#include "dt.h"
#include "hvc.h"
#include "mmu.h"
#include "rt.h"

/* Stacks: the boot vCPU has its own, so any DT CPU number can be a secondary's. */
uint8_t rt_boot_stack[RT_STACK_SIZE] __attribute__((aligned(16)));
uint8_t rt_cpu_stacks[RT_MAX_CPUS][RT_STACK_SIZE] __attribute__((aligned(16)));
uint8_t rt_exc_stacks[RT_MAX_CPUS][RT_EXC_STACK_SIZE] __attribute__((aligned(16)));

/* picolibc's TLS (errno): local-exec accesses are TPIDR_EL0 + 16 + offset (payload.ld). */
#define TLS_TCB 16
#define TLS_BLOCK (TLS_TCB + 256)
static uint8_t tls_blocks[RT_MAX_CPUS + 1][TLS_BLOCK] __attribute__((aligned(64)));
extern char __image_start[], __image_end[], __tls_start[], __tdata_end[], __tls_end[];

static void tls_init(unsigned slot)
{
	uint8_t *block = tls_blocks[slot];
	size_t tdata = (size_t)(__tdata_end - __tls_start);
	size_t total = (size_t)(__tls_end - __tls_start);

	memcpy(block + TLS_TCB, __tls_start, tdata);
	memset(block + TLS_TCB + tdata, 0, total - tdata);
	__asm__ volatile("msr tpidr_el0, %0" : : "r"(block));
}

uint64_t rt_image_base(void)
{
	return (uint64_t)(uintptr_t)__image_start;
}

uint64_t rt_image_end(void)
{
	return (uint64_t)(uintptr_t)__image_end;
}

uint64_t rt_counter_hz(void)
{
	uint64_t f;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(f));
	return f ? f : 62500000; /* QEMU virt's frequency, should firmware have left it 0 */
}

static uint64_t counter(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

void rt_delay_us(uint64_t us)
{
	uint64_t start = counter();
	uint64_t ticks = us * (rt_counter_hz() / 1000) / 1000;

	while (counter() - start < ticks)
		__asm__ volatile("yield");
}

void rt_power_off(void)
{
	psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

int64_t rt_cpu_on(unsigned cpu, uint64_t mpidr)
{
	return psci_call(PSCI_CPU_ON64, mpidr, (uint64_t)(uintptr_t)rt_secondary_entry, cpu);
}

/* ---- stack protector (libfdt is built with it) ---- */

extern uintptr_t __stack_chk_guard;

__attribute__((noreturn)) void __stack_chk_fail(void);
void __stack_chk_fail(void)
{
	con_printf_urgent("%s: FAIL stack corruption detected (canary overwritten), from 0x%lx\n", payload_name,
			  (unsigned long)(uintptr_t)__builtin_return_address(0));
	rt_power_off();
}

/* ---- exceptions ---- */

static int mmu_ready;
static uint32_t exc_depth;

void rt_exception(uint64_t kind, uint64_t esr, uint64_t far, uint64_t elr, uint64_t spsr);
__attribute__((noreturn)) void rt_exception(uint64_t kind, uint64_t esr, uint64_t far, uint64_t elr, uint64_t spsr)
{
	static const char *const from[] = { "EL1t", "EL1h", "EL0 (AArch64)", "EL0 (AArch32)" };
	static const char *const type[] = { "synchronous", "IRQ", "FIQ", "SError" };

	/* Printing needs Normal memory (exclusives, unaligned accesses), and a fault while
	 * reporting must not loop. */
	if (!mmu_ready || __atomic_fetch_add(&exc_depth, 1, __ATOMIC_RELAXED) > 0)
		rt_power_off();
	con_printf_urgent("%s: FAIL exception: %s from %s on vcpu %lu: EC 0x%lx ESR 0x%lx FAR 0x%lx ELR 0x%lx "
			  "SPSR 0x%lx\n",
			  payload_name, type[kind & 3], from[(kind >> 2) & 3], (unsigned long)(rt_read_mpidr() & 0xff),
			  (unsigned long)((esr >> 26) & 0x3f), (unsigned long)esr, (unsigned long)far,
			  (unsigned long)elr, (unsigned long)spsr);
	con_printf_urgent("%s: powering off\n", payload_name);
	rt_power_off();
}

/* ---- entry ---- */

static struct rt_boot boot;

static void read_dt(const void *fdt)
{
	uint64_t uart, self;
	int err;

	if (dt_stdout_pl011(fdt, &uart) == DT_OK)
		con_set_uart(uart);
	psci_use_smc(dt_psci_smc(fdt));

	boot.fdt = fdt;
	boot.fdt_size = fdt_totalsize(fdt);
	err = dt_memory(fdt, boot.ram, RT_MAX_RAM, &boot.n_ram);
	if (err)
		con_printf("%s: FAIL cannot read /memory (error %d)\n", payload_name, err);
	err = dt_cpus(fdt, boot.mpidr, RT_MAX_CPUS, &boot.n_cpus);
	if (err == DT_ERR_TOO_MANY)
		con_printf("%s: FAIL %u CPUs in the DT, only %u supported\n", payload_name, boot.n_cpus, RT_MAX_CPUS);
	else if (err)
		con_printf("%s: FAIL cannot read /cpus (error %d)\n", payload_name, err);
	boot.bootargs = dt_bootargs(fdt);
	boot.initrd = dt_initrd(fdt, &boot.initrd_range) == DT_OK;

	self = rt_read_mpidr();
	for (unsigned i = 0; i < boot.n_cpus && i < RT_MAX_CPUS; i++)
		if (boot.mpidr[i] == self)
			boot.self = i;
}

/* Not instrumented: it changes the canary that instrumented frames would check. */
void rt_primary_main(const void *fdt);
__attribute__((no_stack_protector)) void rt_primary_main(const void *fdt)
{
	uint64_t cnt;

	tls_init(RT_MAX_CPUS);
	__asm__ volatile("mrs %0, cntvct_el0" : "=r"(cnt));
	__stack_chk_guard = (uintptr_t)(cnt * UINT64_C(0x9e3779b97f4a7c15)) | 1;
	mmu_ready = 1;

	if (!fdt || fdt_check_header(fdt) != 0) {
		/* No DT, so no UART: only the hypercall console can say it. */
		con_printf("%s: FAIL no valid DTB at 0x%lx\n", payload_name, (unsigned long)(uintptr_t)fdt);
		rt_power_off();
	}
	read_dt(fdt);
	if (boot.n_ram == 0 || mmu_build(boot.ram, boot.n_ram) != 0) {
		con_printf("%s: FAIL cannot build the memory map, keeping the boot map\n", payload_name);
		mmu_keep_boot_map();
	} else
		mmu_activate();

	payload_main(&boot);
	for (;;)
		__asm__ volatile("wfi");
}

void rt_secondary_main(unsigned cpu);
void rt_secondary_main(unsigned cpu)
{
	tls_init(cpu);
	payload_secondary(cpu);
	for (;;)
		__asm__ volatile("wfe");
}

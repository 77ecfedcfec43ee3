/* The payload runtime: what a test payload gets from tests/qemu/payloads/common/.
 *
 * start.S relocates the image, zeroes bss, turns the MMU on with a coarse map and calls
 * rt_primary_main(), which reads the DTB, installs the final identity map, finds the console
 * and calls the payload's payload_main(). Secondary vCPUs started with rt_cpu_on() enter
 * payload_secondary(). Neither may return in a useful way: returning parks the vCPU. */
#ifndef PAYLOAD_RT_H
#define PAYLOAD_RT_H

#include <stdbool.h>
#include <stdint.h>

#include "rt_config.h"

#define RT_MAX_RAM 8

struct rt_range {
	uint64_t base;
	uint64_t size;
};

struct rt_boot {
	const void *fdt;
	uint64_t fdt_size;
	struct rt_range ram[RT_MAX_RAM]; /* /memory, in DT order */
	unsigned n_ram;
	uint64_t mpidr[RT_MAX_CPUS]; /* /cpus reg values (affinity bits), in DT order */
	unsigned n_cpus;             /* as many as the DT has, even above RT_MAX_CPUS */
	unsigned self;               /* the boot vCPU's index in mpidr[] */
	const char *bootargs;        /* "" when absent */
	bool initrd;                 /* /chosen linux,initrd-start/-end present */
	struct rt_range initrd_range;
};

/* Provided by the payload. */
/* Registers the runtime itself writes, as a vCPU found them at its first instruction (start.S),
 * for tests of what a (re)start resets: the boot vCPU's, and each secondary's at its latest
 * CPU_ON (by CPU number). */
struct rt_entry_regs {
	uint64_t v_or_lo, v_or_hi; /* V0 | V1 | ... | V31, bits 63:0 and 127:64 */
	uint64_t fpcr, fpsr, tpidr_el0;
};
_Static_assert(sizeof(struct rt_entry_regs) == RT_ENTRY_REGS_SIZE, "start.S stores it by that size");
extern struct rt_entry_regs rt_entry_regs;
extern struct rt_entry_regs rt_entry_regs_cpu[RT_MAX_CPUS];

extern const char payload_name[]; /* prefix of the runtime's own messages, e.g. "probe" */
void payload_main(const struct rt_boot *boot);
void payload_secondary(unsigned cpu);

/* The image's footprint in memory (header's image_size included), wherever it was loaded. */
uint64_t rt_image_base(void);
uint64_t rt_image_end(void);

/* PSCI CPU_ON of DT CPU `cpu` at rt_secondary_entry with context ID `cpu`. Returns the PSCI
 * status (0 on success). */
int64_t rt_cpu_on(unsigned cpu, uint64_t mpidr);

/* Busy-wait on the virtual counter. */
void rt_delay_us(uint64_t us);
uint64_t rt_counter_hz(void);

/* Power the partition off (PSCI SYSTEM_OFF); never returns. */
__attribute__((noreturn)) void rt_power_off(void);

/* Assembly entry points and vector tables. */
void rt_secondary_entry(void);
extern char rt_vectors[], rt_vectors_alt[];

static inline uint64_t rt_read_mpidr(void)
{
	uint64_t v;

	__asm__ volatile("mrs %0, mpidr_el1" : "=r"(v));
	return v & 0xff00ffffffULL; /* Aff3..Aff0 */
}

#endif

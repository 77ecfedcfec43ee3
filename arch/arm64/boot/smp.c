/* Secondary CPUs: started through the firmware's PSCI CPU_ON, each reports itself online. */
#include <stdlib.h>

#include "arch/arm64/boot/psci.h"
#include "arch/arm64/boot/smp.h"
#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/cpu/time.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/mm/cache.h"
#include "arch/arm64/vm/partition_run.h"
#include "core/base/log.h"

#define CPU_ONLINE_TIMEOUT_US 2000000

/* Validation refuses a partition on a CPU past PLAT_MAX_CPUS: the same bound as percpu_data's. */
_Static_assert(MAX_CPUS == PLAT_MAX_CPUS, "MAX_CPUS is the validated PLAT_MAX_CPUS");

static const struct platform *smp_plat;

void secondary_main(unsigned index);
void secondary_main(unsigned index)
{
	percpu_init(index, read_mpidr_el1() & MPIDR_AFFINITY_MASK);
	log_detail("cpu %u online (mpidr 0x%llx)\n", index,
		   (unsigned long long)(read_mpidr_el1() & MPIDR_AFFINITY_MASK));
	percpu_data[index].no_gic = !gic_init_cpu(index, read_mpidr_el1() & MPIDR_AFFINITY_MASK);
	__atomic_store_n(&percpu_data[index].online, true, __ATOMIC_RELEASE);
	sev();
	/* Wait for a vCPU assigned to this CPU to become runnable. */
	cpu_run_loop();
}

/* CPU i's stack from the heap. It starts on it with its MMU off, writing past any cache: no line of
 * this CPU's may hold those addresses (a dirty one would later land over what it wrote). */
static bool give_stack(size_t i)
{
	uint8_t *stack = aligned_alloc(64, CPU_STACK_SIZE);

	if (!stack) {
		log_printf("cpu %zu: no memory for its stack: not started\n", i);
		return false;
	}
	dcache_clean_inval_poc(stack, CPU_STACK_SIZE);
	cpu_stack_top[i] = (uint64_t)stack + CPU_STACK_SIZE;
	dcache_clean_poc(&cpu_stack_top[i], sizeof(cpu_stack_top[i]));
	return true;
}

unsigned smp_start_secondaries(const struct platform *plat, unsigned boot_index)
{
	unsigned online = 1;

	smp_plat = plat;
	for (size_t i = 0; i < plat->n_cpus && i < MAX_CPUS; i++) {
		uint64_t mpidr = plat->cpus[i].mpidr & MPIDR_AFFINITY_MASK;
		int64_t rc;
		uint64_t deadline;

		if (i == boot_index)
			continue;
		if (!give_stack(i))
			continue;
		/* Only the affinity bits: QEMU's PSCI rejects an MPIDR with the RES1 bit 31 set. */
		rc = psci_call(plat->psci, plat->psci_cpu_on_fid, mpidr, (uint64_t)secondary_entry, i);
		if (rc != 0) {
			log_printf("cpu %zu: PSCI CPU_ON(mpidr 0x%llx) failed: %lld\n", i, (unsigned long long)mpidr,
				   (long long)rc);
			continue;
		}
		deadline = time_now_ns() + (uint64_t)CPU_ONLINE_TIMEOUT_US * 1000;
		while (!__atomic_load_n(&percpu_data[i].online, __ATOMIC_ACQUIRE) && time_now_ns() < deadline)
			;
		if (percpu_data[i].online)
			online++;
		else
			log_printf("cpu %zu: did not come online within %u ms\n", i, CPU_ONLINE_TIMEOUT_US / 1000);
	}
	if (plat->n_cpus > MAX_CPUS)
		log_printf("cpus: only the first %u of %zu CPUs are used (MAX_CPUS)\n", MAX_CPUS, plat->n_cpus);
	return online;
}

bool smp_partition_cpus_online(const struct partition_map *map, const struct platform *plat)
{
	bool all = true;

	for (size_t i = 0; i < map->n_parts; i++)
		for (size_t k = 0; k < map->parts[i].n_cpus; k++) {
			size_t c = map->parts[i].cpus[k];

			if (c < MAX_CPUS && __atomic_load_n(&percpu_data[c].online, __ATOMIC_ACQUIRE) &&
			    !percpu_data[c].no_gic)
				continue;
			log_printf("partition %s: CPU 0x%llx (%s) %s: no vCPU can run on it\n", map->parts[i].name,
				   (unsigned long long)plat->cpus[c].mpidr, plat->cpus[c].path,
				   c < MAX_CPUS && percpu_data[c].online ? "has no GIC redistributor"
									 : "is not online");
			all = false;
		}
	return all;
}

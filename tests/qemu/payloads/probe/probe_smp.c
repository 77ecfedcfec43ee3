/* `smp`: start every other vCPU with PSCI CPU_ON, then check what PSCI reports about them and
 * about itself against the PSCI 1.0 specification and docs/guest-abi.md. */
#include <stdbool.h>

#include "hvc.h"
#include "probe.h"

#define ONLINE_TIMEOUT_US 5000000

static uint32_t online[RT_MAX_CPUS];

void payload_secondary(unsigned cpu)
{
	probe_secondary_job(cpu); /* returns unless cpu-on-reset started this vCPU */
	con_printf("probe: vcpu %u online\n", cpu);
	__atomic_store_n(&online[cpu], 1, __ATOMIC_RELEASE);
	if (probe_secondary_heartbeats)
		probe_heartbeats((int)cpu, probe_secondary_heartbeats);
	for (;;)
		__asm__ volatile("wfe");
}

static bool is_online(unsigned cpu)
{
	return __atomic_load_n(&online[cpu], __ATOMIC_ACQUIRE) != 0;
}

/* One PSCI expectation; prints a FAIL line when it does not hold. */
static bool expect(const char *what, int64_t got, int64_t want)
{
	if (got == want)
		return true;
	con_printf("probe: FAIL psci %s: got %ld, expected %ld\n", what, (long)got, (long)want);
	return false;
}

static bool wait_online(unsigned cpu)
{
	uint64_t waited = 0;

	while (!is_online(cpu)) {
		if (waited >= ONLINE_TIMEOUT_US)
			return false;
		rt_delay_us(1000);
		waited += 1000;
	}
	return true;
}

static bool dt_has_mpidr(const struct rt_boot *b, uint64_t mpidr)
{
	for (unsigned i = 0; i < b->n_cpus && i < RT_MAX_CPUS; i++)
		if (b->mpidr[i] == mpidr)
			return true;
	return false;
}

static bool check_features(void)
{
	static const struct {
		const char *name;
		uint32_t fid;
		int64_t want;
	} features[] = {
		{ "FEATURES(PSCI_VERSION)", PSCI_VERSION, PSCI_RET_SUCCESS },
		{ "FEATURES(CPU_ON64)", PSCI_CPU_ON64, PSCI_RET_SUCCESS },
		{ "FEATURES(CPU_OFF)", PSCI_CPU_OFF, PSCI_RET_SUCCESS },
		{ "FEATURES(AFFINITY_INFO64)", PSCI_AFFINITY_INFO64, PSCI_RET_SUCCESS },
		{ "FEATURES(MIGRATE_INFO_TYPE)", PSCI_MIGRATE_INFO_TYPE, PSCI_RET_SUCCESS },
		{ "FEATURES(SYSTEM_OFF)", PSCI_SYSTEM_OFF, PSCI_RET_SUCCESS },
		{ "FEATURES(SYSTEM_RESET)", PSCI_SYSTEM_RESET, PSCI_RET_SUCCESS },
		{ "FEATURES(PSCI_FEATURES)", PSCI_FEATURES, PSCI_RET_SUCCESS },
		{ "FEATURES(0x86000001, not PSCI)", HVC_CONSOLE_WRITE, PSCI_RET_NOT_SUPPORTED },
	};
	bool ok = true;

	for (unsigned i = 0; i < sizeof(features) / sizeof(features[0]); i++)
		ok &= expect(features[i].name, psci_call(PSCI_FEATURES, features[i].fid, 0, 0), features[i].want);
	return ok;
}

void probe_smp(void)
{
	const struct rt_boot *b = probe_boot;
	unsigned n = b->n_cpus < RT_MAX_CPUS ? b->n_cpus : RT_MAX_CPUS;
	bool started[RT_MAX_CPUS] = { false };
	bool ok = true;
	uint64_t bogus = 0xfe;
	int64_t v;

	if (b->n_cpus > RT_MAX_CPUS) {
		con_printf("probe: FAIL only the first %u of %u vCPUs can be started\n", RT_MAX_CPUS, b->n_cpus);
		ok = false;
	}
	for (unsigned k = 0; k < n; k++) {
		int64_t r;

		if (k == b->self || is_online(k))
			continue;
		r = rt_cpu_on(k, b->mpidr[k]);
		started[k] = r == PSCI_RET_SUCCESS;
		if (!started[k]) {
			con_printf("probe: FAIL psci CPU_ON vcpu %u (mpidr 0x%lx) returned %ld\n", k,
				   (unsigned long)b->mpidr[k], (long)r);
			ok = false;
		}
	}
	for (unsigned k = 0; k < n; k++) {
		if (started[k] && !wait_online(k)) {
			con_printf("probe: FAIL vcpu %u did not come online within %u ms\n", k,
				   ONLINE_TIMEOUT_US / 1000);
			ok = false;
		}
	}

	/* Every vCPU that is up, the caller included, is ON; a second CPU_ON is ALREADY_ON. */
	for (unsigned k = 0; k < n; k++) {
		if (k != b->self && !is_online(k))
			continue;
		ok &= expect("AFFINITY_INFO of an online vcpu", psci_call(PSCI_AFFINITY_INFO64, b->mpidr[k], 0, 0),
			     PSCI_AFFINITY_ON);
		ok &= expect("CPU_ON of an online vcpu", rt_cpu_on(k, b->mpidr[k]), PSCI_RET_ALREADY_ON);
	}
	/* A target that is not in the DT. */
	while (dt_has_mpidr(b, bogus))
		bogus--;
	ok &= expect("CPU_ON of a vcpu not in the DT", rt_cpu_on(RT_MAX_CPUS, bogus), PSCI_RET_INVALID_PARAMETERS);
	ok &= expect("AFFINITY_INFO of a vcpu not in the DT", psci_call(PSCI_AFFINITY_INFO64, bogus, 0, 0),
		     PSCI_RET_INVALID_PARAMETERS);

	v = psci_call(PSCI_VERSION, 0, 0, 0);
	con_printf("probe: psci version %lu.%lu\n", (unsigned long)((uint64_t)v >> 16) & 0x7fff,
		   (unsigned long)v & 0xffff);
	if (v < 0 || (v >> 16) != 1) {
		con_printf("probe: FAIL psci PSCI_VERSION: got 0x%lx, expected major version 1\n", (unsigned long)v);
		ok = false;
	}
	ok &= check_features();
	ok &= expect("MIGRATE_INFO_TYPE (2: no Trusted OS)", psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
	if (ok)
		con_printf("probe: psci ok\n");
}

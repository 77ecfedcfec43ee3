/* probe: run the commands of /chosen/bootargs in order. Everything printed starts with
 * "probe: "; every failure line contains "FAIL". */
#include "probe.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "hvc.h"

const char payload_name[] = "probe";
const struct rt_boot *probe_boot;
uint64_t probe_secondary_heartbeats;

/* In .data, not .bss: only a fresh copy of the image resets it, which is what `boots`
 * shows after a PSCI SYSTEM_RESET. */
static volatile uint32_t boot_count __attribute__((section(".data.probe_boot_count"))) = 0;

static bool parse_u64(const char *s, int base, uint64_t *v)
{
	char *end;

	if (!s || !*s)
		return false;
	errno = 0;
	*v = strtoull(s, &end, base);
	return errno == 0 && *end == '\0';
}

/* N, or "forever". */
static bool parse_count(const char *s, uint64_t *n)
{
	if (s && strcmp(s, "forever") == 0) {
		*n = PROBE_FOREVER;
		return true;
	}
	return parse_u64(s, 10, n);
}

void probe_heartbeats(int cpu, uint64_t n)
{
	for (uint64_t i = 1; n == PROBE_FOREVER || i <= n; i++) {
		if (cpu < 0) {
			con_printf("probe: heartbeat %lu\n", (unsigned long)i);
			probe_canary_check(i);
		} else
			con_printf("probe: vcpu %d heartbeat %lu\n", cpu, (unsigned long)i);
		if (i != n)
			rt_delay_us(PROBE_HEARTBEAT_US);
	}
}

static void cmd_hello(const char *arg)
{
	const struct rt_boot *b = probe_boot;
	uint64_t total = 0;

	(void)arg;
	for (unsigned i = 0; i < b->n_ram; i++)
		total += b->ram[i].size;
	con_printf("probe: hello from partition with %u vCPUs and %lu MiB at 0x%lx\n", b->n_cpus,
		   (unsigned long)(total >> 20), (unsigned long)(b->n_ram ? b->ram[0].base : 0));
}

static void cmd_smp(const char *arg)
{
	(void)arg;
	probe_smp();
}

static void cmd_memcheck(const char *arg)
{
	(void)arg;
	probe_memcheck();
}

static void cmd_heartbeat(const char *arg)
{
	uint64_t n;

	if (!parse_count(arg, &n)) {
		con_printf("probe: FAIL bad count in heartbeat=%s\n", arg);
		return;
	}
	probe_heartbeats(-1, n);
}

static void touch(const char *arg, bool write)
{
	const char *what = write ? "write" : "read";
	uint64_t a;

	if (!parse_u64(arg, 16, &a)) {
		con_printf("probe: FAIL bad address in %s=%s\n", what, arg);
		return;
	}
	if (a & 7) {
		con_printf("probe: FAIL %s=%s is not 8-byte aligned\n", what, arg);
		return;
	}
	con_printf("probe: touching 0x%lx (%s)\n", (unsigned long)a, what);
	if (write)
		*(volatile uint64_t *)(uintptr_t)a = UINT64_C(0x70726f6265212121);
	else
		(void)*(volatile uint64_t *)(uintptr_t)a;
	__asm__ volatile("dsb sy" : : : "memory");
	con_printf("probe: FAIL access to 0x%lx was not stopped\n", (unsigned long)a);
}

static void cmd_read(const char *arg)
{
	touch(arg, false);
}

static void cmd_write(const char *arg)
{
	touch(arg, true);
}

static void cmd_fpsimd(const char *arg)
{
	uint64_t n;

	if (!parse_u64(arg, 10, &n)) {
		con_printf("probe: FAIL bad count in fpsimd=%s\n", arg);
		return;
	}
	probe_fpsimd(n);
}

static void cmd_sysregs(const char *arg)
{
	uint64_t n;

	if (!parse_u64(arg, 10, &n)) {
		con_printf("probe: FAIL bad count in sysregs=%s\n", arg);
		return;
	}
	probe_sysregs(n);
}

static void cmd_edu(const char *arg)
{
	uint64_t n = 0;

	if (arg && (!parse_u64(arg, 10, &n) || n >= 256)) {
		con_printf("probe: FAIL bad index in edu=%s\n", arg);
		return;
	}
	probe_edu((unsigned)n);
}

static void cmd_edu_bench(const char *arg)
{
	uint64_t n;

	if (!parse_u64(arg, 10, &n) || n == 0) {
		con_printf("probe: FAIL bad count in edu-bench=%s\n", arg);
		return;
	}
	probe_edu_bench(n);
}

static void cmd_boots(const char *arg)
{
	(void)arg;
	boot_count = boot_count + 1;
	con_printf("probe: boot count %u\n", (unsigned)boot_count);
}

static void cmd_reset(const char *arg)
{
	(void)arg;
	con_printf("probe: resetting\n");
	int64_t r = psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);
	con_printf("probe: FAIL SYSTEM_RESET returned %ld\n", (long)r);
}

static void cmd_off(const char *arg)
{
	(void)arg;
	con_printf("probe: powering off\n");
	int64_t r = psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);
	con_printf("probe: FAIL SYSTEM_OFF returned %ld\n", (long)r);
}

static void cmd_done(const char *arg)
{
	(void)arg;
	con_printf("probe: done\n");
}

struct command {
	const char *name;
	bool takes_arg; /* written name=ARG */
	void (*run)(const char *arg);
};

static const struct command commands[] = {
	{ "hello", false, cmd_hello },
	{ "smp", false, cmd_smp },
	{ "memcheck", false, cmd_memcheck },
	{ "heartbeat", true, cmd_heartbeat },
	{ "read", true, cmd_read },
	{ "write", true, cmd_write },
	{ "fpsimd", true, cmd_fpsimd },
	{ "sysregs", true, cmd_sysregs },
	{ "boots", false, cmd_boots },
	{ "reset", false, cmd_reset },
	{ "off", false, cmd_off },
	{ "done", false, cmd_done },
	{ "edu", false, cmd_edu },
	{ "edu", true, cmd_edu },
	{ "edu-write", true, probe_edu_write },
	{ "edu-read", true, probe_edu_read },
	{ "edu-bench", true, cmd_edu_bench },
	{ "canary", true, probe_canary },
	{ "dma-restart", true, probe_dma_restart },
	{ "fwcfg-dma", true, probe_fwcfg_dma },
	{ "scan", true, probe_scan },
	{ "note", true, probe_note },
	{ "stats", false, probe_stats },
	{ "stats-flood", true, probe_stats_flood },
	{ "pci-hostile", true, probe_pci_hostile },
	{ "its-hostile", true, probe_its_hostile },
	{ "its-translater", true, probe_its_translater },
	{ "its-msi", true, probe_its_msi },
	{ "its-clear", true, probe_its_clear },
	{ "its-restart", true, probe_its_restart },
	{ "its-mapi", true, probe_its_mapi },
	{ "busy", true, probe_busy },
	{ "idle", true, probe_idle },
	{ "timerlat", true, probe_timerlat },
	{ "pmu-el2", false, probe_pmu_el2 },
	{ "regs-dirty", false, probe_regs_dirty },
	{ "regs-show", false, probe_regs_show },
	{ "cpu-on-reset", false, probe_cpu_on_reset },
	{ "setway", false, probe_setway },
	{ "manage", true, probe_manage },
	{ "chan-write", true, probe_chan_write },
	{ "chan-read", true, probe_chan_read },
	{ "chan-zero", true, probe_chan_zero },
	{ "nonzero", true, probe_nonzero },
	{ "chan-wait", true, probe_chan_wait },
	{ "hvclat", true, probe_hvclat },
};

static void run_command(char *word)
{
	char *eq = strchr(word, '=');
	const char *arg = NULL;

	if (eq) {
		*eq = '\0';
		arg = eq + 1;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		const struct command *c = &commands[i];

		if (strcmp(c->name, word) != 0 || c->takes_arg != (arg != NULL))
			continue;
		c->run(arg);
		return;
	}
	if (eq)
		*eq = '=';
	con_printf("probe: FAIL unknown command %s\n", word);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* The first heartbeat=N, so secondaries started by an earlier `smp` know it. */
static void prescan_heartbeat(const char *args)
{
	const char *p = args;

	while ((p = strstr(p, "heartbeat=")) != NULL) {
		char word[32];
		size_t len = 0;

		if (p != args && !is_space(p[-1])) {
			p++;
			continue;
		}
		p += strlen("heartbeat=");
		while (p[len] && !is_space(p[len]) && len < sizeof(word) - 1) {
			word[len] = p[len];
			len++;
		}
		word[len] = '\0';
		if (parse_count(word, &probe_secondary_heartbeats))
			return;
		probe_secondary_heartbeats = 0;
	}
}

void payload_main(const struct rt_boot *boot)
{
	static char args[1024];
	char *p;

	probe_boot = boot;
	con_printf("probe: start on vcpu %u, image 0x%lx-0x%lx, bootargs \"%s\"\n", boot->self,
		   (unsigned long)rt_image_base(), (unsigned long)rt_image_end(), boot->bootargs);
	if (strlen(boot->bootargs) >= sizeof(args))
		con_printf("probe: FAIL bootargs longer than %lu characters, truncated\n",
			   (unsigned long)(sizeof(args) - 1));
	strncpy(args, boot->bootargs, sizeof(args) - 1);
	prescan_heartbeat(args);

	p = args;
	for (;;) {
		char *word;

		while (is_space(*p))
			p++;
		if (!*p)
			break;
		word = p;
		while (*p && !is_space(*p))
			p++;
		if (*p)
			*p++ = '\0';
		run_command(word);
	}
}

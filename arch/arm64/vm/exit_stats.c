/* Exits of each partition by reason (exit_stats.h), and their report for BULKHEAD_HVC_STATS. */
#include "arch/arm64/vm/exit_stats.h"

#include <string.h>

#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/vm/partition.h"
#include "core/base/format.h"
#include "core/base/log.h"

const char *const exit_reason_names[EXIT_NR] = {
	[EXIT_PSCI] = "psci",
	[EXIT_HVC_CONSOLE] = "hvc-console",
	[EXIT_HVC_STATS] = "hvc-stats",
	[EXIT_HVC_MANAGE] = "hvc-manage",
	[EXIT_HVC_OTHER] = "hvc-other",
	[EXIT_MMIO_GICD] = "gicd",
	[EXIT_MMIO_GICR] = "gicr",
	[EXIT_MMIO_UART] = "uart",
	[EXIT_MMIO_PCI] = "pci-cfg",
	[EXIT_MMIO_MGMT] = "mgmt-window",
	[EXIT_MMIO_ITS] = "its",
	[EXIT_MMIO_GPIO] = "doorbell-gpio",
	[EXIT_SYSREG_SGI] = "sgi1r",
	[EXIT_SYSREG_SETWAY] = "setway",
	[EXIT_SYSREG_PMU] = "pmu",
	[EXIT_FAULT] = "fault",
	[EXIT_MEM_FIRST_TOUCH] = "mem-first-touch",
	[EXIT_IRQ_PASSTHROUGH] = "irq-passthrough",
	[EXIT_IRQ_KICK] = "irq-kick",
	[EXIT_IRQ_MAINTENANCE] = "irq-maintenance",
	[EXIT_IRQ_VTIMER] = "irq-vtimer",
	[EXIT_IRQ_STOP] = "irq-stop",
	[EXIT_IRQ_HYPTIMER] = "irq-hyptimer",
	[EXIT_IRQ_MSI] = "irq-msi",
	[EXIT_IRQ_OTHER] = "irq-other",
};

void exit_stats_start(struct exit_stats *s)
{
	spin_lock(&s->lock);
	memset(s->n, 0, sizeof(s->n));
	memset(s->last, 0, sizeof(s->last));
	s->last_count = read_cntpct_el0();
	spin_unlock(&s->lock);
}

enum exit_reason exit_irq_reason(const struct partition_rt *p, uint32_t intid)
{
	switch (intid) {
	case IPI_VCPU_KICK:
		return EXIT_IRQ_KICK;
	case IPI_PARTITION_STOP:
		return EXIT_IRQ_STOP;
	case GIC_INTID_MAINTENANCE:
		return EXIT_IRQ_MAINTENANCE;
	case GIC_INTID_VTIMER:
		return EXIT_IRQ_VTIMER;
	case GIC_INTID_HYP_TIMER:
		return EXIT_IRQ_HYPTIMER;
	default:
		break;
	}
	if (intid >= 8192 && intid < 1u << 24)
		return EXIT_IRQ_MSI;
	for (unsigned i = 0; i < p->spec.n_spis; i++)
		if (p->spec.spis[i].intid == intid)
			return EXIT_IRQ_PASSTHROUGH;
	return EXIT_IRQ_OTHER;
}

void exit_stats_sums(const struct partition_rt *p, uint64_t sum[EXIT_NR])
{
	memset(sum, 0, EXIT_NR * sizeof(sum[0]));
	for (unsigned v = 0; v < p->spec.n_vcpus && v < PART_MAX_VCPUS; v++)
		for (unsigned r = 0; r < EXIT_NR; r++)
			sum[r] += p->exits.n[v][r];
}

/* Appends " name=value" to buf at *len (kept within size). */
static void append(char *buf, size_t size, size_t *len, const char *name, uint64_t value)
{
	int n;

	if (*len >= size)
		return;
	n = fmt_snprintf(buf + *len, size - *len, " %s=%llu", name, (unsigned long long)value);
	if (n > 0)
		*len += (size_t)n;
	if (*len >= size)
		*len = size - 1;
}

uint64_t exit_stats_report(struct partition_rt *p)
{
	struct exit_stats *s = &p->exits;
	uint64_t sum[EXIT_NR] = { 0 }, total = 0, delta = 0, now, ticks, hz, ms, per_s10;
	char all[LOG_LINE_MAX - 80], recent[LOG_LINE_MAX - 120];
	size_t la = 0, lr = 0;

	spin_lock(&s->lock);
	now = read_cntpct_el0();
	for (unsigned v = 0; v < p->spec.n_vcpus && v < PART_MAX_VCPUS; v++)
		for (unsigned r = 0; r < EXIT_NR; r++)
			sum[r] += s->n[v][r];
	all[0] = recent[0] = '\0';
	for (unsigned r = 0; r < EXIT_NR; r++) {
		uint64_t d = sum[r] - s->last[r];

		total += sum[r];
		delta += d;
		append(all, sizeof(all), &la, exit_reason_names[r], sum[r]);
		if (d)
			append(recent, sizeof(recent), &lr, exit_reason_names[r], d);
		s->last[r] = sum[r];
	}
	ticks = now - s->last_count;
	s->last_count = now;
	hz = read_cntfrq_el0();
	ms = hz >= 1000 ? ticks / (hz / 1000) : 0;
	/* Exits per second, one decimal: delta * 10 * hz fits 64 bits for any plausible delta. */
	per_s10 = ticks ? delta * 10 * hz / ticks : 0;
	part_log_printf(&p->log, "stats: partition %s: %llu exits since start:%s\n", p->spec.name,
			(unsigned long long)total, all);
	part_log_printf(&p->log,
			"stats: partition %s: %llu exits in %llu ms since the last request, %llu.%llu exits/s:%s\n",
			p->spec.name, (unsigned long long)delta, (unsigned long long)ms,
			(unsigned long long)(per_s10 / 10), (unsigned long long)(per_s10 % 10), lr ? recent : " none");
	spin_unlock(&s->lock);
	part_log_printf(&p->log,
			"stats: partition %s: vgic gicd=%llu gicr=%llu sgi=%llu forwarded=%llu undeliverable=%llu, "
			"vuart accesses=%llu tx=%llu rx=%llu\n",
			p->spec.name, (unsigned long long)p->vgic.count.gicd, (unsigned long long)p->vgic.count.gicr,
			(unsigned long long)p->vgic.count.sgi, (unsigned long long)p->vgic.count.forwarded,
			(unsigned long long)p->vgic.count.undeliverable, (unsigned long long)p->vuart.count.accesses,
			(unsigned long long)p->vuart.count.tx, (unsigned long long)p->vuart.count.rx);
	vpci_ecam_report(&p->vpci, p->spec.name, &p->log);
	vits_part_report(&p->vits);
	return total;
}

/* The trap dispatcher: synchronous exceptions from guests. PSCI and the hypercall console, the
 * emulated devices (virtual GIC distributor and redistributors, virtual PL011, virtual PCI ECAM;
 * each answers an outcome, core/vdev/vdev.h), SGIs, set/way cache maintenance, the PMU, and
 * everything else, which is a
 * fault: reported on the console and the partition stopped. Only this file stops partitions or
 * parks vCPUs on a guest's behalf; a guest can never stop the hypervisor or another partition
 * from here. Every return to a guest passes vgic_vcpu_sync(), which refills the vCPU's list
 * registers. */
#include <string.h>

#include "arch/arm64/cpu/exceptions.h"
#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vm/channels.h"
#include "arch/arm64/vm/manage_call.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/setway_emul.h"
#include "core/base/format.h"
#include "core/base/log.h"
#include "core/hw/esr.h"
#include "core/hw/sysreg_trap.h"

#define HVC_BULKHEAD_CONSOLE_WRITE 0x86000001u
#define HVC_BULKHEAD_STATS 0x86000002u
#define HVC_CONSOLE_MAX 24

#define HPFAR_FIPA GENMASK64(43, 4)

/* Out of line (like the other rare paths below): its buffer would give the PSCI path a stack
 * canary to set and check. */
static __attribute__((noinline)) int64_t console_hypercall(struct partition_rt *p, const struct trap_frame *f)
{
	uint64_t n = f->x[1];
	char bytes[HVC_CONSOLE_MAX];

	if (n == 0 || n > HVC_CONSOLE_MAX)
		return -2;
	for (uint64_t i = 0; i < n; i++)
		bytes[i] = (char)(f->x[2 + i / 8] >> (8 * (i % 8)));
	vuart_console_write(&p->vuart, bytes, n);
	return 0;
}

static bool entry_in_partition(void *ctx, uint64_t ipa_addr)
{
	const struct partition_rt *p = ctx;
	uint64_t pa_unused;

	return part_ipa_to_pa(&p->spec, ipa_addr, 4, &pa_unused);
}

/* HVC or SMC from the guest: x0 = function ID. */
static void service_call(struct partition_rt *p, unsigned v, struct trap_frame *f)
{
	struct psci_result r;

	if (f->x[0] == HVC_BULKHEAD_CONSOLE_WRITE) {
		exit_count(&p->exits, v, EXIT_HVC_CONSOLE);
		f->x[0] = (uint64_t)console_hypercall(p, f);
		return;
	}
	if (f->x[0] == HVC_BULKHEAD_STATS) {
		exit_count(&p->exits, v, EXIT_HVC_STATS);
		f->x[1] = exit_stats_report(p);
		f->x[0] = 0;
		return;
	}
	if (f->x[0] == HVC_BULKHEAD_MANAGE) {
		exit_count(&p->exits, v, EXIT_HVC_MANAGE);
		manage_hypercall(p, f);
		return;
	}
	if (!psci_is_psci_fid(f->x[0])) {
		exit_count(&p->exits, v, EXIT_HVC_OTHER);
		f->x[0] = (uint64_t)(int64_t)PSCI_RET_NOT_SUPPORTED;
		return;
	}
	exit_count(&p->exits, v, EXIT_PSCI);
	spin_lock(&p->lock);
	r = psci_handle(&p->psci, v, f->x[0], f->x[1], f->x[2], f->x[3], entry_in_partition, p);
	f->x[0] = (uint64_t)r.ret;
	switch (r.action) {
	case PSCI_ACT_NONE:
		break;
	case PSCI_ACT_WAKE:
		spin_unlock(&p->lock);
		partition_wake_cpus(p);
		return;
	case PSCI_ACT_CPU_OFF:
		vcpu_park(p, v);
	case PSCI_ACT_SYSTEM_OFF:
		part_log_printf(&p->log, "partition %s: SYSTEM_OFF from vcpu %u\n", p->spec.name, v);
		p->last_stop = MGMT_STOP_SYSTEM_OFF;
		partition_stop_from_vcpu(p, v, false);
	case PSCI_ACT_SYSTEM_RESET:
		part_log_printf(&p->log, "partition %s: SYSTEM_RESET from vcpu %u\n", p->spec.name, v);
		p->last_stop = MGMT_STOP_SYSTEM_RESET;
		partition_stop_from_vcpu(p, v, true);
	}
	spin_unlock(&p->lock);
}

/* Report a guest fault and stop the partition; from a trap of vCPU `v`. */
static __attribute__((noreturn)) void partition_fault(struct partition_rt *p, unsigned v, const struct trap_frame *f,
						      const char *what)
{
	part_log_printf(&p->log, "fault: partition %s vcpu %u: %s at ELR 0x%llx (ESR 0x%llx, EC 0x%02x %s)\n",
			p->spec.name, v, what, (unsigned long long)f->elr, (unsigned long long)f->esr, esr_ec(f->esr),
			esr_class_name(esr_ec(f->esr)));
	exit_count(&p->exits, v, EXIT_FAULT);
	spin_lock(&p->lock);
	if (p->state == PART_RUNNING)
		p->last_stop = MGMT_STOP_FAULT;
	partition_stop_from_vcpu(p, v, false);
}

/* The emulated devices of a partition, asked in turn about a data abort at an address not
 * mapped at stage 2; each exit is counted under its device's reason. */
struct mmio_device {
	vdev_mmio_fn access;
	void *dev;
	enum exit_reason exit;
};

/* VDEV_NOT_MINE if no device claims the address; a handled access is complete on return. */
static enum vdev_outcome emulate_mmio(struct partition_rt *p, unsigned v, struct trap_frame *f, struct vdev_access *a)
{
	const struct mmio_device devices[] = {
		{ vgic_gicd_mmio, &p->vgic, EXIT_MMIO_GICD }, { vgic_gicr_mmio, &p->vgic, EXIT_MMIO_GICR },
		{ vuart_mmio, &p->vuart, EXIT_MMIO_UART },    { vpci_ecam_mmio, &p->vpci, EXIT_MMIO_PCI },
		{ manage_window_mmio, p, EXIT_MMIO_MGMT },    { vits_part_mmio, &p->vits, EXIT_MMIO_ITS },
		{ channel_gpio_mmio, p, EXIT_MMIO_GPIO },
	};

	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++) {
		enum vdev_outcome o = devices[i].access(devices[i].dev, v, a);

		if (o == VDEV_NOT_MINE)
			continue;
		exit_count(&p->exits, v, devices[i].exit);
		if (o == VDEV_HANDLED) {
			if (a->kind == VDEV_LOAD_STORE && !a->write && a->rt != 31)
				f->x[a->rt] = vdev_load_result(a);
			f->elr += 4;
		}
		return o;
	}
	return VDEV_NOT_MINE;
}

/* Returns only when the access was to an emulated device, which handled it. */
static __attribute__((noinline)) void stage2_abort(struct partition_rt *p, unsigned v, struct trap_frame *f)
{
	uint64_t ipa_addr = (FIELD_GET(HPFAR_FIPA, read_hpfar_el2()) << 12) | (f->far & 0xfff);
	bool insn = esr_ec(f->esr) == EC_IABT_LOW;
	char what[160], chan_where[48];
	const struct part_channel *chan;
	uint64_t pa_unused;
	const char *where;

	/* RAM of the partition not prepared yet: prepared and mapped, the access retried. */
	if (esr_fsc_is_translation((unsigned)FIELD_GET(ESR_ELx_FSC, f->esr)) &&
	    guest_mem_first_touch(&p->mem, ipa_addr)) {
		exit_count(&p->exits, v, EXIT_MEM_FIRST_TOUCH);
		return;
	}
	if (!insn) {
		struct vdev_access a;
		unsigned rt = (unsigned)FIELD_GET(ESR_ELx_SRT, f->esr);

		vdev_access_decode(f->esr, ipa_addr, rt < 31 ? f->x[rt] : 0, &a);
		switch (emulate_mmio(p, v, f, &a)) {
		case VDEV_HANDLED:
			return;
		case VDEV_FAULT:
			vdev_fault_describe(&a, what, sizeof(what));
			partition_fault(p, v, f, what);
		case VDEV_NOT_MINE:
			break;
		}
	}
	where = part_ipa_to_pa(&p->spec, ipa_addr, 1, &pa_unused) ? "not permitted" : "outside the partition";
	chan = part_channel_at(&p->spec, ipa_addr);
	if (chan) {
		fmt_snprintf(chan_where, sizeof(chan_where), "%s channel '%s'",
			     chan->read_only ? "read-only" : "read-write", chan->name);
		where = chan_where;
	}

	fmt_snprintf(what, sizeof(what), "stage-2 %s: %s IPA 0x%llx (FAR 0x%llx, %s): %s",
		     insn ? "instruction abort" : "data abort",
		     insn                   ? "fetch from"
		     : esr_is_write(f->esr) ? "write to"
					    : "read from",
		     (unsigned long long)ipa_addr, (unsigned long long)f->far,
		     esr_fault_name((unsigned)FIELD_GET(ESR_ELx_FSC, f->esr)), where);
	partition_fault(p, v, f, what);
}

/* The value of the register a trapped MSR names (xzr: 0). */
static uint64_t sysreg_value(const struct trap_frame *f, uint64_t iss)
{
	unsigned rt = (unsigned)FIELD_GET(ESR_ISS_SYS_RT, iss);

	return rt == 31 ? 0 : f->x[rt];
}

/* The registers bulkhead answers itself: the PMU (MDCR_EL2.TPM), which no partition may use
 * (read as zero, writes ignored: vcpu_reset.c), and set/way maintenance, done by address over the
 * partition's own memory (setway_emul.c). False for anything else. */
static bool emulate_sysreg(struct partition_rt *p, unsigned v, struct trap_frame *f, uint64_t iss)
{
	unsigned rt = (unsigned)FIELD_GET(ESR_ISS_SYS_RT, iss);

	switch (sysreg_trap_classify(iss)) {
	case SYSREG_TRAP_PMU:
		if ((iss & ESR_ISS_SYS_READ) && rt != 31)
			f->x[rt] = 0;
		exit_count(&p->exits, v, EXIT_SYSREG_PMU);
		return true;
	case SYSREG_TRAP_SETWAY:
		setway_emulate(p, sysreg_value(f, iss));
		exit_count(&p->exits, v, EXIT_SYSREG_SETWAY);
		return true;
	case SYSREG_TRAP_OTHER:
		break;
	}
	return false;
}

/* A system register access nothing emulates: a fault of the partition. */
static __attribute__((noreturn, noinline)) void sysreg_fault(struct partition_rt *p, unsigned v,
							     const struct trap_frame *f, uint64_t iss)
{
	char what[96];

	fmt_snprintf(what, sizeof(what),
		     "forbidden system register access (op0 %llu op1 %llu CRn %llu CRm %llu op2 %llu)",
		     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP0, iss),
		     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP1, iss),
		     (unsigned long long)FIELD_GET(ESR_ISS_SYS_CRN, iss),
		     (unsigned long long)FIELD_GET(ESR_ISS_SYS_CRM, iss),
		     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP2, iss));
	partition_fault(p, v, f, what);
}

static void guest_sync(struct partition_rt *p, unsigned v, struct trap_frame *f)
{
	uint64_t iss = FIELD_GET(ESR_ELx_ISS, f->esr);

	switch (esr_ec(f->esr)) {
	case EC_HVC64:
		service_call(p, v, f);
		return;
	case EC_SMC64:
		f->elr += 4; /* a trapped SMC reports the SMC itself */
		service_call(p, v, f);
		return;
	case EC_DABT_LOW:
	case EC_IABT_LOW:
		stage2_abort(p, v, f);
		return;
	case EC_SYS64:
		if (vgic_sysreg(&p->vgic, v, iss, sysreg_value(f, iss)) == VDEV_HANDLED) {
			exit_count(&p->exits, v, EXIT_SYSREG_SGI);
			f->elr += 4;
			return;
		}
		if (emulate_sysreg(p, v, f, iss)) {
			f->elr += 4;
			return;
		}
		sysreg_fault(p, v, f, iss);
	default:
		partition_fault(p, v, f, "unexpected trap");
	}
}

void guest_sync_handler(struct trap_frame *f);
void guest_sync_handler(struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	if (!cur.part)
		hyp_fatal_exception(f, 0, 1);
	boot_mark_first_trap(cur.part->spec.name, cur.part->boots, cur.vcpu, f, false);
	guest_sync(cur.part, cur.vcpu, f);
	vgic_vcpu_sync(&cur.part->vgic, cur.vcpu);
}

void guest_serror_handler(struct trap_frame *f);
void guest_serror_handler(struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	if (!cur.part)
		hyp_fatal_exception(f, 3, 1);
	partition_fault(cur.part, cur.vcpu, f, "SError (asynchronous external abort)");
}

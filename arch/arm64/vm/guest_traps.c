/* Traps from guests: PSCI and the hypercall console, the emulated devices (virtual GIC
 * distributor and redistributors, virtual PL011), SGIs, set/way cache maintenance, and everything
 * else, which is a fault: reported on the console and the partition stopped. A guest can never
 * stop the hypervisor or another partition from here. Every return to a guest passes
 * vgic_vcpu_sync(), which refills the vCPU's list registers. */
#include <string.h>

#include "arch/arm64/boot/boot_marks.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/hyp.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vm/partition.h"
#include "arch/arm64/cpu/sysreg.h"
#include "core/hw/esr.h"
#include "core/base/format.h"
#include "core/base/log.h"

#define HVC_BULKHEAD_CONSOLE_WRITE 0x86000001u
#define HVC_BULKHEAD_STATS 0x86000002u
#define HVC_CONSOLE_MAX 24

#define HPFAR_FIPA GENMASK64(43, 4)

static struct vcpu_ref current_vcpu(void)
{
	return cpu_vcpu[this_cpu()->index];
}

static int64_t console_hypercall(struct partition_rt *p, const struct trap_frame *f)
{
	uint64_t n = f->x[1];
	char bytes[HVC_CONSOLE_MAX];

	if (n == 0 || n > HVC_CONSOLE_MAX)
		return -2;
	for (uint64_t i = 0; i < n; i++)
		bytes[i] = (char)(f->x[2 + i / 8] >> (8 * (i % 8)));
	vuart_console_write(p, bytes, n);
	return 0;
}

static bool entry_in_partition(void *ctx, uint64_t ipa_addr)
{
	uint64_t pa_unused;

	return partition_ipa_to_pa(ctx, ipa_addr, 4, &pa_unused);
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
		log_printf("partition %s: SYSTEM_OFF from vcpu %u\n", p->spec.name, v);
		partition_stop_from_vcpu(p, v, false);
	case PSCI_ACT_SYSTEM_RESET:
		log_printf("partition %s: SYSTEM_RESET from vcpu %u\n", p->spec.name, v);
		partition_stop_from_vcpu(p, v, true);
	}
	spin_unlock(&p->lock);
}

void partition_fault(struct partition_rt *p, unsigned v, const struct trap_frame *f, const char *what)
{
	log_printf("fault: partition %s vcpu %u: %s at ELR 0x%llx (ESR 0x%llx, EC 0x%02x %s)\n", p->spec.name, v, what,
		   (unsigned long long)f->elr, (unsigned long long)f->esr, esr_ec(f->esr),
		   esr_class_name(esr_ec(f->esr)));
	exit_count(&p->exits, v, EXIT_FAULT);
	spin_lock(&p->lock);
	partition_stop_from_vcpu(p, v, false);
}

/* Returns only when the access was to an emulated device. */
static void stage2_abort(struct partition_rt *p, unsigned v, struct trap_frame *f)
{
	uint64_t ipa_addr = (FIELD_GET(HPFAR_FIPA, read_hpfar_el2()) << 12) | (f->far & 0xfff);
	bool insn = esr_ec(f->esr) == EC_IABT_LOW;
	char what[160];
	uint64_t pa_unused;
	const char *where;

	if (!insn && (vgic_mmio(p, v, f, ipa_addr) || vuart_mmio(p, v, f, ipa_addr)))
		return; /* emulated */
	where = partition_ipa_to_pa(p, ipa_addr, 1, &pa_unused) ? "not permitted" : "outside the partition";

	fmt_snprintf(what, sizeof(what), "stage-2 %s: %s IPA 0x%llx (FAR 0x%llx, %s): %s",
		     insn ? "instruction abort" : "data abort",
		     insn                   ? "fetch from"
		     : esr_is_write(f->esr) ? "write to"
					    : "read from",
		     (unsigned long long)ipa_addr, (unsigned long long)f->far,
		     esr_fault_name((unsigned)FIELD_GET(ESR_ELx_FSC, f->esr)), where);
	partition_fault(p, v, f, what);
}

/* DC ISW/CSW/CISW act on shared caches: performing them as clean+invalidate never loses
 * another partition's data, unlike a bare invalidate. */
static bool emulate_set_way(struct trap_frame *f)
{
	uint64_t iss = FIELD_GET(ESR_ELx_ISS, f->esr);
	unsigned rt = (unsigned)FIELD_GET(ESR_ISS_SYS_RT, iss);
	uint64_t val = rt == 31 ? 0 : f->x[rt];

	if (FIELD_GET(ESR_ISS_SYS_OP0, iss) != 1 || FIELD_GET(ESR_ISS_SYS_OP1, iss) != 0 ||
	    FIELD_GET(ESR_ISS_SYS_CRN, iss) != 7 || FIELD_GET(ESR_ISS_SYS_OP2, iss) != 2)
		return false;
	switch (FIELD_GET(ESR_ISS_SYS_CRM, iss)) {
	case 6:  /* DC ISW */
	case 10: /* DC CSW */
	case 14: /* DC CISW */
		__asm__ volatile("dc cisw, %0" : : "r"(val) : "memory");
		return true;
	default:
		return false;
	}
}

static void guest_sync(struct partition_rt *p, unsigned v, struct trap_frame *f)
{
	char what[96];
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
		if (vgic_sysreg(p, v, f))
			return;
		if (emulate_set_way(f)) {
			exit_count(&p->exits, v, EXIT_SYSREG_SETWAY);
			f->elr += 4;
			return;
		}
		fmt_snprintf(what, sizeof(what),
			     "forbidden system register access (op0 %llu op1 %llu CRn %llu CRm %llu op2 %llu)",
			     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP0, iss),
			     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP1, iss),
			     (unsigned long long)FIELD_GET(ESR_ISS_SYS_CRN, iss),
			     (unsigned long long)FIELD_GET(ESR_ISS_SYS_CRM, iss),
			     (unsigned long long)FIELD_GET(ESR_ISS_SYS_OP2, iss));
		partition_fault(p, v, f, what);
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
	boot_mark_first_trap(cur.part, cur.vcpu);
	guest_sync(cur.part, cur.vcpu, f);
	vgic_vcpu_sync(cur.part, cur.vcpu);
}

void guest_irq_handler(struct trap_frame *f);
void guest_irq_handler(struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();
	uint32_t intid;

	if (cur.part)
		boot_mark_first_trap(cur.part, cur.vcpu);
	intid = irq_ack();
	/* Counted first: the partition-stop IPI's handler does not return. */
	if (cur.part)
		exit_count(&cur.part->exits, cur.vcpu, exit_irq_reason(cur.part, intid));
	irq_dispatch(intid, f);
	cur = current_vcpu();
	if (cur.part)
		vgic_vcpu_sync(cur.part, cur.vcpu);
}

/* An interrupt while the hypervisor itself ran: only in the run loop's idle wait (EL2 otherwise
 * runs with interrupts masked), so no guest frame goes with it. */
void hyp_irq_handler(struct trap_frame *f);
void hyp_irq_handler(struct trap_frame *f)
{
	(void)f;
	irq_handle_one(NULL);
}

/* IPI_PARTITION_STOP: the partition this CPU runs is stopping or restarting. */
static void stop_ipi(uint32_t intid, void *ctx, struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	(void)intid;
	(void)ctx;
	/* In the run loop (no frame) the CPU is not in guest code: nothing to park. */
	if (cur.part && f)
		partition_check_stop(cur.part, cur.vcpu);
}

/* IPI_VCPU_KICK: new virtual interrupts for the vCPU here (refilled on the way back into the
 * guest), or new work for an idle CPU's run loop. Nothing to do in the handler itself. */
static void kick_ipi(uint32_t intid, void *ctx, struct trap_frame *f)
{
	(void)intid;
	(void)ctx;
	(void)f;
}

void guest_traps_init(void)
{
	irq_register(IPI_PARTITION_STOP, stop_ipi, NULL, false);
	irq_register(IPI_VCPU_KICK, kick_ipi, NULL, false);
	vtimer_init();
}

void guest_serror_handler(struct trap_frame *f);
void guest_serror_handler(struct trap_frame *f)
{
	struct vcpu_ref cur = current_vcpu();

	if (!cur.part)
		hyp_fatal_exception(f, 3, 1);
	partition_fault(cur.part, cur.vcpu, f, "SError (asynchronous external abort)");
}

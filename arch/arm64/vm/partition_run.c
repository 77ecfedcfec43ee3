/* The per-CPU run loop, and stopping or restarting a partition while its other vCPUs run.
 *
 * Each physical CPU runs at most one vCPU (static assignment). A CPU with nothing to run waits in
 * WFI with interrupts masked and takes them when it wakes (the console's input, a forwarded
 * interrupt for its parked vCPU); every state change that could give it work ends with an
 * IPI_VCPU_KICK to the CPUs concerned (partition_wake_cpus). To stop a partition, the vCPU
 * that caused it marks the partition STOPPING (or RESETTING) and sends IPI_PARTITION_STOP to the
 * CPUs of its other vCPUs that are executing guest code; each parks when the IPI traps it to
 * EL2. The last vCPU to park finishes the stop; for a restart, vCPU 0's CPU reloads the images
 * and starts the partition again. Other partitions are never touched. */
#include <string.h>

#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/cpu/switch_stack.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/mm/cache.h"
#include "arch/arm64/vdev/vtimer.h"
#include "arch/arm64/vm/channels.h"
#include "arch/arm64/vm/partition_pci.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/smmu.h"
#include "arch/arm64/vm/vcpu_entry.h"
#include "core/base/log.h"

struct vcpu_ref cpu_vcpu[MAX_CPUS];

static bool any_in_guest(const struct partition_rt *p)
{
	for (unsigned i = 0; i < p->spec.n_vcpus; i++)
		if (p->in_guest[i])
			return true;
	return false;
}

void partition_wake_cpus(const struct partition_rt *p)
{
	unsigned me = this_cpu()->index;

	sev();
	for (unsigned i = 0; i < p->spec.n_vcpus; i++)
		if (p->spec.pcpu[i] != me && p->spec.pcpu[i] < MAX_CPUS)
			gic_send_sgi(IPI_VCPU_KICK, percpu_data[p->spec.pcpu[i]].mpidr);
}

/* The images every (re)start writes into the partition's memory, in this order. */
static const char *const image_names[GUEST_MEM_IMAGES] = { "kernel", "initrd", "device tree" };

static void partition_images(const struct partition_rt *p, struct lazy_image out[GUEST_MEM_IMAGES])
{
	out[0] = (struct lazy_image){ p->layout.kernel_ipa, p->spec.kernel.data, p->spec.kernel.size };
	out[1] = (struct lazy_image){ p->layout.initrd_ipa, p->spec.initrd.data, p->spec.initrd.size };
	out[2] = (struct lazy_image){ p->layout.dtb_ipa, p->dtb, p->dtb_size };
}

/* Where image i lands (*dst), or false, said, when it does not fit the partition's memory. */
static bool image_dest(const struct partition_rt *p, const struct lazy_image *img, size_t i, uint64_t *dst)
{
	if (part_ipa_to_pa(&p->spec, img->ipa, img->size, dst))
		return true;
	log_printf("partition %s: %s does not fit its memory\n", p->spec.name, image_names[i]);
	return false;
}

struct span {
	uint64_t pa, len;
};

/* Where partition_load() copies the kernel, initrd and DT (those that fit), by address. */
static size_t image_spans(const struct partition_rt *p, struct span out[GUEST_MEM_IMAGES])
{
	struct lazy_image img[GUEST_MEM_IMAGES];
	size_t n = 0;

	partition_images(p, img);
	for (size_t i = 0; i < GUEST_MEM_IMAGES; i++) {
		uint64_t where;

		if (img[i].size && part_ipa_to_pa(&p->spec, img[i].ipa, img[i].size, &where)) {
			size_t k = n++;

			for (; k > 0 && out[k - 1].pa > where; k--)
				out[k] = out[k - 1];
			out[k] = (struct span){ where, img[i].size };
		}
	}
	return n;
}

/* Every byte of the partition's memory zeroed, except where its images are copied next (all of
 * it written there, in the same start, before any vCPU runs): each byte is written once. */
void partition_scrub(struct partition_rt *p)
{
	struct span img[GUEST_MEM_IMAGES];
	size_t n;

	if (guest_mem_is_lazy(&p->mem))
		return; /* each block is zeroed when first touched */
	n = image_spans(p, img);

	for (unsigned i = 0; i < p->spec.n_mem; i++) {
		uint64_t cur = p->spec.mem[i].pa, end = cur + p->spec.mem[i].size;

		for (size_t k = 0; k < n && cur < end; k++) {
			if (img[k].pa + img[k].len <= cur || img[k].pa >= end)
				continue;
			if (img[k].pa > cur)
				mem_zero_to_poc(cur, img[k].pa - cur);
			cur = img[k].pa + img[k].len;
		}
		if (cur < end)
			mem_zero_to_poc(cur, end - cur);
	}
	p->memory_zeroed = true;
}

/* A lazy partition's (re)start: its RAM unmapped and unprepared, the images recorded for the
 * blocks they fall into; each block is zeroed and loaded on its first touch (guest_mem.h). */
static void partition_load_lazy(struct partition_rt *p)
{
	struct lazy_image at[GUEST_MEM_IMAGES], img[GUEST_MEM_IMAGES];
	size_t n = 0;

	partition_images(p, at);
	for (size_t i = 0; i < GUEST_MEM_IMAGES; i++) {
		uint64_t dst;

		if (at[i].size && image_dest(p, &at[i], i, &dst))
			img[n++] = at[i];
	}
	guest_mem_restart(&p->mem, p->vttbr, img, n);
	p->boots++;
}

/* Every (re)start begins from zeroed memory (or its images, written over every byte of theirs):
 * nothing of firmware, the board DTB, the staging copies or the partition's previous life survives
 * into the new one (docs/security.md). Where the memory is prepared on first touch, that happens
 * block by block before the partition or its devices can see it. */
static void partition_load(struct partition_rt *p)
{
	struct lazy_image img[GUEST_MEM_IMAGES];

	if (guest_mem_is_lazy(&p->mem)) {
		partition_load_lazy(p);
		return;
	}
	if (!p->memory_zeroed)
		partition_scrub(p);
	p->memory_zeroed = false;
	partition_images(p, img);
	for (size_t i = 0; i < GUEST_MEM_IMAGES; i++) {
		uint64_t dst;

		if (!img[i].size || !image_dest(p, &img[i], i, &dst))
			continue;
		/* Guests start with caches off: what we wrote must be in memory, not only in our cache. */
		mem_copy_to_poc((void *)dst, img[i].data, img[i].size);
	}
	/* The new instance's code was written as data, maybe over the old instance's code. */
	icache_inval_all();
	p->boots++;
}

/* What every start and restart does once the partition is quiet: fresh memory contents (or none
 * mapped yet, each block prepared on first touch), its
 * DMA streams translating again and its PCI functions enabled (only now: no DMA of the previous
 * run may land after the scrub), PSCI and timers from reset, counters from zero. Lock held. */
static void begin_run(struct partition_rt *p)
{
	partition_load(p);
	/* DMA the virtual Command register does not gate (guest_mem.h): everything prepared now. */
	if (p->mem_eager || (p->spec.n_pci && partition_pci_master_kept()))
		guest_mem_prepare_all(&p->mem);
	smmu_partition_resume(p);
	partition_pci_start(p);
	psci_state_reset(&p->psci, p->spec.n_vcpus, p->layout.kernel_ipa, p->layout.dtb_ipa);
	p->cntvoff = vtimer_partition_offset();
	exit_stats_start(&p->exits);
	p->state = PART_RUNNING;
}

void partition_start(struct partition_rt *p)
{
	spin_lock(&p->lock);
	begin_run(p);
	spin_unlock(&p->lock);
	vuart_announce();
	partition_wake_cpus(p);
}

/* Called with the lock held when the last vCPU has left guest code. */
static void finish_stop(struct partition_rt *p)
{
	if (p->state == PART_STOPPING) {
		/* Its devices quiet (no DMA into its memory any more: their streams abort, then bus
		 * mastering off) and their interrupts disabled, its console line ended, its input
		 * dropped. */
		smmu_partition_quiesce(p);
		partition_pci_quiesce(p);
		vgic_partition_reset(&p->vgic);
		vuart_reset(&p->vuart);
		channel_gpio_reset(p);
		p->state = PART_STOPPED;
		log_printf("partition %s: stopped\n", p->spec.name);
		return;
	}
	/* PART_RESETTING: vCPU 0's CPU notices in its run loop and restarts the partition. */
	partition_wake_cpus(p);
}

void vcpu_park(struct partition_rt *p, unsigned vcpu)
{
	uint64_t top = cpu_stack_top[this_cpu()->index];

	/* This CPU's share of the vCPU: its timer off, its virtual CPU interface emptied. */
	vtimer_vcpu_stop();
	vgic_vcpu_stop(&p->vgic, vcpu);
	vuart_flush(&p->vuart);
	p->in_guest[vcpu] = false;
	if (p->psci.vcpu[vcpu].power == VCPU_ON && p->state != PART_RUNNING)
		p->psci.vcpu[vcpu].power = VCPU_OFF;
	if (p->state != PART_RUNNING && !any_in_guest(p))
		finish_stop(p);
	spin_unlock(&p->lock);
	sev();
	switch_stack_and_run(top, cpu_run_loop);
}

void partition_stop_from_vcpu(struct partition_rt *p, unsigned vcpu, bool restart)
{
	if (p->state == PART_RUNNING) {
		p->state = restart ? PART_RESETTING : PART_STOPPING;
		for (unsigned i = 0; i < p->spec.n_vcpus; i++)
			if (i != vcpu && p->in_guest[i])
				gic_send_sgi(IPI_PARTITION_STOP, percpu_data[p->spec.pcpu[i]].mpidr);
	}
	vcpu_park(p, vcpu);
}

void partition_stop_remote(struct partition_rt *p, bool restart)
{
	if (p->state == PART_RUNNING) {
		p->state = restart ? PART_RESETTING : PART_STOPPING;
		for (unsigned i = 0; i < p->spec.n_vcpus; i++)
			if (p->in_guest[i])
				gic_send_sgi(IPI_PARTITION_STOP, percpu_data[p->spec.pcpu[i]].mpidr);
		if (!any_in_guest(p))
			finish_stop(p);
	} else if (p->state == PART_STOPPED && restart) {
		p->state = PART_RESETTING;
		partition_wake_cpus(p); /* vCPU 0's CPU reloads and boots it (cpu_run_loop) */
	}
}

void partition_check_stop(struct partition_rt *p, unsigned vcpu)
{
	spin_lock(&p->lock);
	if (p->state != PART_RUNNING)
		vcpu_park(p, vcpu); /* releases the lock, never returns */
	spin_unlock(&p->lock);
}

static void restart(struct partition_rt *p)
{
	vgic_partition_reset(&p->vgic);
	vuart_reset(&p->vuart);
	channel_gpio_reset(p);
	part_log_printf(&p->log, "partition %s: restarting (boot %u)\n", p->spec.name, p->boots + 1);
	/* Before its memory is reused: its streams abort, then its devices stop mastering. */
	smmu_partition_quiesce(p);
	partition_pci_quiesce(p);
	begin_run(p);
}

/* Wait for work: WFI wakes on any pending interrupt even while they are masked, so a kick sent
 * after the state was checked is never missed; then take whatever is pending (interrupts are
 * routed to EL2 from the CPU's start, percpu_init, so the kick is acknowledged and WFI sleeps
 * again next time). Without a GIC there are no kicks: WFE and the SEVs that go with every state
 * change. */
static void cpu_idle(void)
{
	if (!gic_available()) {
		wfe();
		return;
	}
	wfi();
	__asm__ volatile("msr daifclr, #2\n\tisb\n\tmsr daifset, #2" : : : "memory");
}

void cpu_run_loop(void)
{
	unsigned me = this_cpu()->index;
	struct partition_rt *p = cpu_vcpu[me].part;
	unsigned v = cpu_vcpu[me].vcpu;

	for (;;) {
		if (p) {
			spin_lock(&p->lock);
			if (p->state == PART_RESETTING && v == 0 && !any_in_guest(p))
				restart(p);
			if (p->state == PART_RUNNING && p->psci.vcpu[v].power == VCPU_ON_PENDING) {
				uint64_t entry = p->psci.vcpu[v].entry, ctx = p->psci.vcpu[v].context;

				p->psci.vcpu[v].power = VCPU_ON;
				p->in_guest[v] = true;
				spin_unlock(&p->lock);
				if (v == 0 && p->boots == 1)
					boot_mark_first_entry(p->spec.name);
				vcpu_enter(p, v, entry, ctx);
			}
			spin_unlock(&p->lock);
		}
		cpu_idle();
		/* Our own partition may have been assigned after we started waiting. */
		p = cpu_vcpu[me].part;
		v = cpu_vcpu[me].vcpu;
	}
}

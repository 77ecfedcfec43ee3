/* The boot CPU's path from U-Boot to running partitions. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "arch/arm64/boot/console.h"
#include "arch/arm64/boot/smp.h"
#include "arch/arm64/cpu/boot_marks.h"
#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/image.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/mm/mmu.h"
#include "arch/arm64/vdev/vits_glue.h"
#include "arch/arm64/vm/boot_partitions.h"
#include "arch/arm64/vm/guest_irqs.h"
#include "arch/arm64/vm/partition_pci.h"
#include "arch/arm64/vm/partition_run.h"
#include "arch/arm64/vm/smmu.h"
#include "arch/arm64/mm/cache.h"
#include "core/config/config.h"
#include "core/fdt/fdt_check.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/base/diag.h"
#include "core/base/log.h"
#include "core/config/config.h"
#include "core/groups/groups.h"
#include "core/pci/pci.h"
#include "core/platform/platform.h"
#include "drivers/platform/pci_ecam.h"

#define BULKHEAD_VERSION "0.1"

void hyp_main(void *fdt, unsigned el);
void stack_guard_init(void);

static struct platform plat;

static unsigned boot_cpu_index(void)
{
	uint64_t me = read_mpidr_el1() & MPIDR_AFFINITY_MASK;

	for (size_t i = 0; i < plat.n_cpus; i++)
		if ((plat.cpus[i].mpidr & MPIDR_AFFINITY_MASK) == me)
			return (unsigned)i;
	return 0;
}

/* The DTB U-Boot hands over lives in memory a partition may later own: keep our own copy, up to
 * the end of its last block (QEMU pads the blob to 1 MiB; nothing adds to the copy). Checked, then
 * indexed for the whole boot (core/fdt/fdt_index.h): the board DT never changes, and every later
 * lookup in it (discovery, groups, config, guest DTs) answers from the index. */
static void *copy_fdt(const void *fdt)
{
	size_t size = fdt_off_mem_rsvmap(fdt) + (size_t)(fdt_num_mem_rsv(fdt) + 1) * sizeof(struct fdt_reserve_entry);
	void *copy;

	if (fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt) > size)
		size = fdt_off_dt_struct(fdt) + fdt_size_dt_struct(fdt);
	if (fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt) > size)
		size = fdt_off_dt_strings(fdt) + fdt_size_dt_strings(fdt);
	if (fdt_version(fdt) < 17 || size > fdt_totalsize(fdt))
		size = fdt_totalsize(fdt); /* no struct size before v17: all of it */
	copy = malloc(size);
	if (!copy)
		return NULL;
	memcpy(copy, fdt, size);
	fdt_set_totalsize(copy, (uint32_t)size);
	fdt_index_build(copy); /* checks it first; a malformed board is refused by discovery */
	return copy;
}

/* Test hooks, only acted on when the boot script sets /chosen/bulkhead,selftest. */
static void run_selftest(const void *fdt)
{
	int chosen = fdtp_path_offset(fdt, "/chosen");
	const char *what = NULL;

	/* Compared with strcmp below: only a NUL-terminated value is acted on. */
	if (chosen < 0 || fdtp_string(fdt, chosen, "bulkhead,selftest", &what, NULL) != FDTP_OK)
		return;
	log_printf("bulkhead: selftest \"%s\" requested by /chosen/bulkhead,selftest\n", what);
	if (strcmp(what, "el2-crash") == 0) {
		/* Beyond the 512 GiB identity map: a level-0 translation fault at EL2. */
		volatile uint64_t *bad = (volatile uint64_t *)UINT64_C(0x0000ff0000000000);

		*bad = 0xdead;
	}
	if (strcmp(what, "el2-write-text") == 0) {
		/* W^X: text is read-only, so this store (of the word already there) is a permission
		 * fault. */
		volatile uint32_t *text = (volatile uint32_t *)(uintptr_t)&run_selftest;
		uint32_t insn = *text;

		*text = insn;
		log_printf("bulkhead: selftest: FAIL the write to text at 0x%llx was not stopped\n",
			   (unsigned long long)(uintptr_t)text);
	}
	if (strcmp(what, "gic-timeout") == 0)
		log_printf("bulkhead: selftest: a GIC wait on bits that never clear %s\n",
			   gic_selftest_wait_timeout() ? "FAIL returned success" : "gave up");
	if (strcmp(what, "el2-exec-data") == 0) {
		/* W^X: writable memory is execute-never, so jumping to a `ret` in .data is a permission
		 * fault on the fetch. */
		static uint32_t ret_insn[1] = { 0xd65f03c0 };
		void (*fn)(void) = (void (*)(void))(uintptr_t)ret_insn;

		__asm__ volatile("dsb ish\n\tic iallu\n\tdsb ish\n\tisb" : : : "memory");
		fn();
		log_printf("bulkhead: selftest: FAIL the jump to data at 0x%llx was not stopped\n",
			   (unsigned long long)(uintptr_t)ret_insn);
	}
	if (strcmp(what, "fail-last-creation") == 0)
		boot_partitions_fail_last_creation();
	if (strcmp(what, "its-no-memory") == 0)
		vits_selftest_no_memory();
	/* One layer of a stopped partition's DMA quiescing, or both, left out
	 * (tests/qemu/scenarios/dma-restart-*.sh): each alone must still stop a DMA in flight. */
	if (strcmp(what, "quiesce-bus-master-only") == 0 || strcmp(what, "quiesce-none") == 0)
		smmu_selftest_keep_streams();
	if (strcmp(what, "quiesce-streams-only") == 0 || strcmp(what, "quiesce-none") == 0)
		partition_pci_selftest_keep_master();
}

/* /chosen/bulkhead,report: "full" (the default) or "summary", which leaves the boot report's
 * per-device, per-function, per-group, per-assignment and per-stream lines out (core/base/log.h). */
static void choose_report(const void *fdt)
{
	int chosen = fdtp_path_offset(fdt, "/chosen");
	const char *mode = NULL;

	if (chosen < 0 || fdtp_string(fdt, chosen, "bulkhead,report", &mode, NULL) == FDTP_ABSENT ||
	    (mode && strcmp(mode, "full") == 0))
		return;
	if (!mode || strcmp(mode, "summary") != 0) {
		log_printf("bulkhead: /chosen/bulkhead,report is \"%.32s\", not \"full\" or \"summary\": the full "
			   "report follows\n",
			   mode ? mode : "(not a string)");
		return;
	}
	log_set_summary(true);
	log_printf("bulkhead: boot report: summary (/chosen/bulkhead,report): no line per device, PCI function, "
		   "group or assignment; bulkhead-check prints them\n");
}

static struct pci_topology pci;
static struct group_set groups;

/* Enumerate PCI (enabling ACS where it exists) and compute the isolation groups. */
static void discover_groups(struct diag_list *dl)
{
	struct pci_cfg_ops ops;

	pci_topology_init(&pci);
	pci_ecam_ops(&ops, &plat);
	pci_scan(&plat, &ops, &pci, dl);
	pci_report(&pci, &plat);
	groups_build(&plat, &pci, &groups, dl);
	groups_report(&groups, &plat);
}

/* On request (/chosen/bulkhead,export-pci), print the PCI topology found by scanning as DTS that
 * bulkhead-check reads: the offline tool then computes the same groups from it. */
static void export_pci(const void *fdt)
{
	int chosen = fdtp_path_offset(fdt, "/chosen");

	if (chosen < 0 || !fdtp_bool(fdt, chosen, "bulkhead,export-pci"))
		return;
	log_printf("--- bulkhead pci topology (DTS) ---\n");
	pci_dt_export(&pci, &plat);
	log_printf("--- end of pci topology ---\n");
}

static __attribute__((noreturn)) void refuse(const char *why);

static bool names(const char *a, const char *b)
{
	return a && strcmp(a, b) == 0;
}

/* Is staged image `img` one a partition is built from (its kernel and initrd are copied again on
 * every restart)? */
static bool image_kept(const struct cfg_image *img, const struct partition_map *map)
{
	for (size_t i = 0; i < map->n_parts; i++)
		if (names(map->parts[i].kernel, img->name) || names(map->parts[i].initrd, img->name) ||
		    names(map->parts[i].dtb, img->name))
			return true;
	return false;
}

/* [cur, end) zeroed except where a kept image lies (an image listed twice, once unused, stays);
 * returns the bytes zeroed. */
static uint64_t zero_unkept(uint64_t cur, uint64_t end, const struct config_blobs *blobs,
			    const struct partition_map *map)
{
	uint64_t wiped = 0;

	while (cur < end) {
		const struct cfg_image *next = NULL;

		/* The lowest kept image at or above cur (few images: a scan each time is fine). */
		for (size_t i = 0; i < blobs->n_images; i++) {
			const struct cfg_image *img = &blobs->images[i];

			if (img->pa + img->size > cur && image_kept(img, map) && (!next || img->pa < next->pa))
				next = img;
		}
		if (!next || next->pa >= end) {
			mem_zero(cur, end - cur);
			return wiped + (end - cur);
		}
		if (next->pa > cur) {
			mem_zero(cur, next->pa - cur);
			wiped += next->pa - cur;
		}
		cur = next->pa + next->size > cur ? next->pa + next->size : cur;
	}
	return wiped;
}

/* Once the config is parsed, zero what U-Boot loaded into the staging area except the images
 * partitions are built from: the config blob (every partition's bootargs) and unused files go. The
 * rest of the area holds nothing of this boot, and no partition can map the hypervisor's region,
 * so this only keeps secrets from lingering: only the loaded files need it (zeroing all 64 MiB was
 * a third of the boot once partition memory stopped being zeroed up front). Only the hypervisor
 * reads the area, with its caches on, so zeros in the cache are enough (no clean to the point of
 * coherency). */
static void wipe_staging(const struct cfg_window *staging, const struct config_blobs *blobs,
			 const struct partition_map *map)
{
	uint64_t end = staging->pa + staging->size;
	uint64_t wiped = zero_unkept(blobs->config_pa, blobs->config_pa + blobs->config_size, blobs, map);

	for (size_t i = 0; i < blobs->n_images; i++)
		if (!image_kept(&blobs->images[i], map))
			wiped += zero_unkept(blobs->images[i].pa, blobs->images[i].pa + blobs->images[i].size, blobs,
					     map);
	log_printf("bulkhead: staging area 0x%llx-0x%llx wiped (%llu KiB), the config included\n",
		   (unsigned long long)staging->pa, (unsigned long long)(end - 1),
		   (unsigned long long)((wiped + 1023) >> 10));
}

/* Find the config U-Boot loaded, validate it against the board and its groups, and start the
 * partitions. A config with any error starts nothing. */
static void run_config(const void *board)
{
	/* The map and the blobs stay in use after boot (fault reports, restarts): not on a stack. */
	static struct config_blobs blobs;
	static struct config cfg;
	static struct partition_map map;
	struct cfg_board cb = { .plat = &plat, .pci = &pci, .gs = &groups, .fdt = board };
	struct cfg_window staging;
	struct diag_list dl;

	if (fdtp_path_offset(board, "/chosen") < 0 ||
	    !fdtp_getprop(board, fdtp_path_offset(board, "/chosen"), "bulkhead,config", NULL)) {
		log_printf("bulkhead: no partition config (/chosen/bulkhead,config): nothing to run\n");
		return;
	}
	diag_init(&dl);
	cfg_limits_default(&plat, &cb.lim);
	cfg_limits_for_cpu(&cb.lim, read_id_aa64mmfr0_el1(), read_id_aa64mmfr1_el1());
	staging = (struct cfg_window){ cb.lim.hyp.base + CFG_HYP_STAGING_OFFSET,
				       cb.lim.hyp.size - CFG_HYP_STAGING_OFFSET,
				       (const void *)(uintptr_t)(cb.lim.hyp.base + CFG_HYP_STAGING_OFFSET) };
	if (!config_locate(board, &plat, &staging, &blobs, &dl)) {
		diag_print(&dl);
		refuse("the partition config could not be loaded (above)");
	}
	cb.images = &blobs;
	memset(&map, 0, sizeof(map));
	cfg_check(blobs.config, blobs.config_size, &cb, &cfg, &map, &dl);
	pmap_report(&map, &plat, &groups);
	diag_print(&dl);
	if (diag_has_errors(&dl)) {
		log_printf("bulkhead: config rejected: %zu error%s\n", dl.errors, dl.errors == 1 ? "" : "s");
		refuse("no partition was started");
	}
	diag_free(&dl);
	{
		struct boot_inputs in = { board, &plat, &pci, &groups, &map, &blobs };

		/* Not a verdict the checker can give: a CPU the board lists that failed to start. */
		if (!smp_partition_cpus_online(&map, &plat))
			refuse("a partition's CPU cannot run it (above): none was started");
		/* The config is parsed: only the images partitions boot are needed from here on. */
		wipe_staging(&staging, &blobs, &map);
		if (!boot_partitions(&in))
			refuse("a partition could not be created (above): none was started");
	}
	log_printf("bulkhead: %zu of %zu partitions started\n", map.n_parts, map.n_parts);
}

static __attribute__((noreturn)) void refuse(const char *why)
{
	log_printf("bulkhead: %s\n", why);
	log_printf("bulkhead: halted: nothing was started\n");
	cpu_halt();
}

void hyp_main(void *fdt, unsigned el)
{
	struct diag_list dl;
	unsigned boot, online;
	void *board;

	boot_mark_entry();
	/* Only what works at any EL until we know we are at EL2: TPIDR_EL2 does not exist below. */
	tls_init(0);
	stack_guard_init();
	if (!fdt || fdt_check_header(fdt) != 0) {
		/* Without a DTB there is no console to say so on; a debugger sees this symbol. */
		cpu_halt();
	}
	board = copy_fdt(fdt);
	console_early_init(board ? board : fdt);
	log_printf("\nbulkhead %s: static partitioning hypervisor for arm64\n", BULKHEAD_VERSION);
	if (el != 2) {
		log_printf("bulkhead: entered at EL%u, not EL2: the boot loader must start bulkhead in EL2\n", el);
		refuse("(on QEMU: -machine virt,virtualization=on)");
	}
	percpu_init(0, read_mpidr_el1() & MPIDR_AFFINITY_MASK);
	log_printf("bulkhead: running at EL2, image 0x%llx-0x%llx, DTB at 0x%llx\n",
		   (unsigned long long)(uintptr_t)__image_start, (unsigned long long)(uintptr_t)__image_end - 1,
		   (unsigned long long)(uintptr_t)fdt);

	if (!board)
		refuse("out of memory copying the device tree");
	choose_report(board);

	diag_init(&dl);
	if (!platform_discover(board, &plat, &dl)) {
		diag_print(&dl);
		refuse("the board device tree has errors (above); refusing to boot");
	}
	if (plat.console >= 0 && plat.console_base)
		console_use_uart((uintptr_t)plat.console_base);
	mmu_map_platform(&plat);
	platform_report(&plat);
	diag_print(&dl);
	diag_free(&dl);

	boot = boot_cpu_index();
	if (boot >= MAX_CPUS) {
		log_printf("bulkhead: the boot CPU (mpidr 0x%llx) is number %u of /cpus (from 0); bulkhead runs "
			   "only numbers 0-%u\n",
			   (unsigned long long)(read_mpidr_el1() & MPIDR_AFFINITY_MASK), boot, MAX_CPUS - 1);
		refuse("boot on one of those CPUs");
	}
	cpu_stack_top[boot] = (uint64_t)(uintptr_t)boot_stack + CPU_STACK_SIZE;
	percpu_data[0].index = boot;
	if (boot != 0) {
		/* percpu slots are indexed by DT position; move ourselves to ours. */
		percpu_init(boot, read_mpidr_el1() & MPIDR_AFFINITY_MASK);
		stack_guard_init();
	}
	gic_init_boot(&plat);
	if (!irq_slots_init(gic_n_intids()))
		refuse("out of memory for the interrupt handler slots");
	guest_irqs_init();
	percpu_data[boot].no_gic = !gic_init_cpu(boot, read_mpidr_el1() & MPIDR_AFFINITY_MASK);
	percpu_data[boot].online = true;
	log_detail("cpu %u online (mpidr 0x%llx, boot CPU)\n", boot,
		   (unsigned long long)(read_mpidr_el1() & MPIDR_AFFINITY_MASK));
	online = smp_start_secondaries(&plat, boot);
	log_printf("cpus: %u of %zu online\n", online, plat.n_cpus);

	{
		struct diag_list gdl;

		diag_init(&gdl);
		discover_groups(&gdl);
		diag_print(&gdl);
		diag_free(&gdl);
	}
	export_pci(board);
	run_selftest(board);
	run_config(board);

	if (log_detail_left_out())
		log_printf("bulkhead: boot report: %zu detail lines left out\n", log_detail_left_out());
	log_printf("bulkhead: boot complete\n");
	cpu_run_loop();
}

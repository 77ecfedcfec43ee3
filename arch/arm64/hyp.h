/* Declarations shared by the arch/arm64 files of the hypervisor. */
#ifndef BULKHEAD_ARCH_HYP_H
#define BULKHEAD_ARCH_HYP_H

#include <stdbool.h>
#include <stdint.h>

#include "core/platform/platform.h"

struct trap_frame;

#define BULKHEAD_VERSION "0.1"

/* Linker symbols */
extern char __image_start[], __image_end[], __text_end[], __bss_start[], __bss_end[];
extern char __heap_start[], __heap_end[];

bool console_early_init(const void *fdt);
void console_use_uart(uintptr_t base);

/* MMU */
void early_mmu_enable(const void *fdt, unsigned el);
void secondary_mmu_enable(void);
void mmu_map_platform(const struct platform *plat);

/* PSCI calls to the firmware, through the conduit the DT names. */
int64_t psci_call(enum psci_conduit conduit, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3);
#define PSCI_0_2_FN_VERSION 0x84000000u
#define PSCI_0_2_FN64_CPU_ON 0xc4000003u
#define PSCI_0_2_FN_SYSTEM_OFF 0x84000008u

/* SMP */
unsigned smp_start_secondaries(const struct platform *plat, unsigned boot_index);
extern void secondary_entry(void);

__attribute__((noreturn)) void hyp_fatal_exception(struct trap_frame *f, unsigned kind, unsigned lower);

/* What the boot CPU hands the partition runtime once the config is validated. */
struct partition_map;
struct config_blobs;
struct group_set;
struct pci_topology;
struct boot_inputs {
	const void *board_fdt;
	const struct platform *plat;
	const struct pci_topology *pci;
	const struct group_set *groups;
	const struct partition_map *map;
	const struct config_blobs *blobs;
};

/* Partitions from a validated map (boot_partitions.c); returns how many were started. */
unsigned boot_partitions(const struct boot_inputs *in);

/* Boot marks (boot_marks.c) */
struct partition_rt;
void boot_mark_entry(void);
void boot_mark_first_entry(const struct partition_rt *p, unsigned vcpu);

/* Translation-table pages from the heap (heap_pages.c). */
struct pgtable_alloc;
extern const struct pgtable_alloc heap_page_alloc;

/* Time */
uint64_t time_now_ns(void);
void delay_us(uint64_t us);

#endif

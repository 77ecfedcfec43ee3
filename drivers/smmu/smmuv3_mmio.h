/* Register access and barriers for the SMMUv3 driver (hypervisor only).
 *
 * Accesses are single ldr/str instructions on a Device mapping: the SMMU accepts only 32- and
 * 64-bit accesses (QEMU answers anything else with a bus error), so the compiler must neither
 * split, merge nor elide them. The asm "memory" clobber also stops the compiler from moving
 * ordinary memory accesses across a register access; ordering as seen by the SMMU is the job of
 * the barriers below, placed by the caller where the protocol needs them.
 *
 * The SMMU is a separate observer that reads our memory (stream table, CDs, command queue) and
 * writes it (event queue). It sits in the outer-shareable domain, hence the "osh" barriers:
 *
 *  - smmu_publish(): DSB ST. Every store before it (an STE word, a queued command) has
 *    completed, and is visible to the SMMU, before any access after it; in particular before the
 *    register write that tells the SMMU to go and read that memory (CMDQ_PROD, CR0). DMB OSHST
 *    is architecturally enough when the next access is a Device write, which Linux relies on; a
 *    DSB costs nothing measurable at our command rates and also covers the other uses below.
 *  - smmu_order_stores(): DMB OSHST. Two ordinary stores reach the SMMU in program order. Used
 *    between filling an STE's other words and writing the word that holds V/Config: the SMMU may
 *    fetch the entry at any time, and must never see the new Config with old words.
 *  - smmu_rmb(): DMB OSHLD. A register read (EVENTQ_PROD) is ordered before the memory reads
 *    that follow it, so we do not read an event record older than the index that announced it.
 *  - smmu_mb(): DMB OSH. Our reads of a queue slot are complete before the register write
 *    (EVENTQ_CONS) that hands the slot back to the SMMU for reuse.
 *
 * Queue and table memory is Normal Write-Back RAM that the SMMU snoops (IDR0.COHACC, and CR1 is
 * set accordingly), so no cache maintenance is needed, only ordering. */
#ifndef BULKHEAD_DRIVERS_SMMU_SMMUV3_MMIO_H
#define BULKHEAD_DRIVERS_SMMU_SMMUV3_MMIO_H

#include <stdint.h>

static inline uint32_t smmu_read32(uintptr_t addr)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline uint64_t smmu_read64(uintptr_t addr)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(addr) : "memory");
	return v;
}

static inline void smmu_write32(uintptr_t addr, uint32_t v)
{
	__asm__ volatile("str %w0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void smmu_write64(uintptr_t addr, uint64_t v)
{
	__asm__ volatile("str %x0, [%1]" : : "rZ"(v), "r"(addr) : "memory");
}

static inline void smmu_publish(void)
{
	__asm__ volatile("dsb st" : : : "memory");
}

static inline void smmu_order_stores(void)
{
	__asm__ volatile("dmb oshst" : : : "memory");
}

static inline void smmu_rmb(void)
{
	__asm__ volatile("dmb oshld" : : : "memory");
}

static inline void smmu_mb(void)
{
	__asm__ volatile("dmb osh" : : : "memory");
}

#endif

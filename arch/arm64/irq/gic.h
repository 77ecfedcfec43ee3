/* The physical GIC, as far as the hypervisor itself uses it: SGIs between physical CPUs. */
#ifndef BULKHEAD_ARCH_GIC_H
#define BULKHEAD_ARCH_GIC_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "core/platform/platform.h"
#include "drivers/irqchip/gicv3_its.h"

#define IPI_PARTITION_STOP 8     /* SGI: a partition this CPU runs is stopping or restarting */
#define IPI_VCPU_KICK 9          /* SGI: look again (new virtual interrupts, a vCPU to start) */
#define GIC_INTID_MAINTENANCE 25 /* PPI: the virtual CPU interface needs the hypervisor */
#define GIC_INTID_HYP_TIMER 26   /* PPI: the EL2 physical timer (CNTHP), bulkhead's own */
#define GIC_INTID_VTIMER 27      /* PPI: the EL1 virtual timer, forwarded to the vCPU */
#define GIC_MAX_INTID 1020
/* Physical priority of interrupts forwarded to guests (passthrough SPIs, the virtual timer):
 * below bulkhead's own. The guest sees the priority it programmed, carried by the list register. */
#define GIC_PRIO_FORWARDED 0xa0

bool gic_init_boot(const struct platform *plat);
/* INTIDs below 1020 the distributor implements (GICD_TYPER.ITLinesNumber), 0 without a usable GIC. */
uint32_t gic_n_intids(void);
/* This CPU's redistributor and CPU interface; false (said) if the GIC node describes no
 * redistributor for it: it takes no interrupt, so no vCPU may run on it. */
bool gic_init_cpu(unsigned cpu_index, uint64_t mpidr);
void gic_send_sgi(unsigned intid, uint64_t target_mpidr);
/* Acknowledge the highest-priority pending interrupt; 1023 if none. */
uint32_t gic_ack(void);
/* Priority drop (and, while EOImode is 0, deactivation). */
void gic_eoi(uint32_t intid);
/* Deactivation (ICC_DIR_EL1): every CPU runs with EOImode 1, split drop/deactivate. */
void gic_deactivate(uint32_t intid);
/* CPU index cpu's redistributor (once gic_init_cpu ran there): GICR_TYPER.Processor_Number and
 * its physical address, which ITS commands name it by. False if it has none. */
bool gic_redist_info(unsigned cpu, uint32_t *proc_num, uint64_t *pa);
/* Its GICR_TYPER (0 if it has none). */
uint64_t gic_redist_typer(unsigned cpu);

/* LPIs at EL2 (gic_lpi.c): bulkhead's property table and per-CPU pending tables, allocated at
 * boot from GICD_TYPER (false: the GIC has no LPIs, or too few INTID bits), then programmed into
 * each CPU's redistributor rd with EnableLPIs set. */
bool gic_lpi_init_boot(uint32_t gicd_typer);
void gic_lpi_init_cpu(unsigned cpu, uintptr_t rd);
bool gic_lpi_available(void);
/* The physical ITS's registers, for drivers/irqchip/gicv3_its.c (gic_its.c). */
extern const struct gicv3_its_ops gic_its_mmio_ops;

/* The GICv3 is usable (gic_init_boot succeeded): SGIs can wake CPUs. */
bool gic_available(void);
/* Test hook (selftest "gic-timeout"): wait for read-only GICD_TYPER bits that never clear; must
 * give up after the bound every GIC wait has, report it and return false. */
bool gic_selftest_wait_timeout(void);
/* Route an SPI to one physical CPU, set its trigger and priority, and enable it. */
void gic_spi_enable(uint32_t intid, bool edge, uint64_t target_mpidr, uint8_t priority);
/* Route an SPI to another physical CPU, changing nothing else. */
void gic_spi_set_target(uint32_t intid, uint64_t target_mpidr);

/* For the vGIC's hardware-backed interrupts. An SPI is global (cpu unused); a PPI (16-31) is
 * programmed in the redistributor of CPU index `cpu`, from any CPU. */
/* Disable, set priority, trigger (SPIs only: a PPI's is fixed) and route (SPIs: to
 * target_mpidr), then enable if asked. */
void gic_irq_config(uint32_t intid, unsigned cpu, uint64_t target_mpidr, bool enable, bool edge, uint8_t priority);
/* Set or clear the pending (active = false) or active state. */
void gic_irq_set_state(uint32_t intid, unsigned cpu, bool active, bool set);
/* GICD_ISPENDR/ISACTIVER-style word of INTIDs base..base+31 (base a multiple of 32). */
uint32_t gic_irq_read_state(uint32_t base, unsigned cpu, bool active);

#endif

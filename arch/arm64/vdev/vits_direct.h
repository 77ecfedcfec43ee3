/* GICv4.0 direct injection of partitions' MSIs (docs/msi.md, "GICv4 direct injection"): one vPE
 * per physical CPU, vPE ID = CPU index (vCPUs are pinned, one per CPU, so a vPE never moves; it
 * is resident while the CPU's vCPU is started, made non-resident when it stops, and scrubbed
 * between two boots of its partition). Its virtual pending table and its property table are
 * bulkhead's (heap), never a partition's memory: the GIC writes the first and reads the second whenever it likes,
 * so the property table holds copies of the guest's own bytes, taken when an event is mapped and
 * on the guest's INV/INVALL.
 *
 * Callers hold the lock that serialises the physical ITS driver (vits_glue.c's its_lock) around
 * vits_direct_map and vits_direct_set_prop. */
#ifndef BULKHEAD_ARCH_VITS_DIRECT_H
#define BULKHEAD_ARCH_VITS_DIRECT_H

#include <stdbool.h>
#include <stdint.h>

#include "drivers/irqchip/gicv3_its.h"

/* Once, after the ITS is up and GICv4.0 was found complete: the tables of n_cpus vPEs. False
 * (and *why says so) when they cannot be allocated; the emulated path is used then. */
bool vits_direct_init(unsigned n_cpus, const char **why);
bool vits_direct_enabled(void);
/* On this CPU, at every start of its vCPU: GICR_VPROPBASER, then GICR_VPENDBASER.Valid
 * (PendingLast clear after a scrub, set otherwise). The vPE's own CPU writes its redistributor's
 * VLPI registers, as its vCPU starts and stops there, so residency never races the vCPU. */
void vits_direct_load_here(void);
/* On this CPU, when its vCPU stops: GICR_VPENDBASER.Valid cleared, then Dirty waited for
 * (bounded; a timeout is logged, and the vPE is not scrubbed until a later stop saves it). */
void vits_direct_unload_here(void);
/* Between two boots of a partition, for the vPE of each of its vCPUs' CPUs (non-resident: all
 * vCPUs parked), after its events were discarded: VSYNC, pending table and property copy zeroed,
 * VINVALL. Caller holds its_lock. False if the vPE is still resident or its save did not finish
 * (nothing zeroed), or a command failed. */
bool vits_direct_scrub(struct gicv3_its *its, unsigned pcpu);
/* VMAPP of CPU pcpu's vPE if not yet mapped, the guest's property byte of vlpi copied in, then
 * VMAPTI devid/eventid -> vlpi without doorbell (a pinned vPE is resident whenever its
 * vCPU is started). */
enum its_status vits_direct_map(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned pcpu,
				uint8_t prop);
/* The same event, already mapped to vlpi, to CPU pcpu's vPE (VMAPP of it first if needed, the
 * property byte copied there): VMOVI. */
enum its_status vits_direct_move(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned pcpu,
				 uint8_t prop);
/* The guest's CLEAR of an event mapped to a vLPI of CPU pcpu's vPE: a physical CLEAR, then VSYNC
 * of that vPE (the vLPI's pending state is in the vPE's table). */
enum its_status vits_direct_clear(struct gicv3_its *its, uint32_t pdevid, uint32_t eventid, unsigned pcpu);
/* MOVALL from the vCPU on CPU pcpu: up to max vLPIs pending in its vPE's table, taken out of it
 * (written to vlpi[]) for the caller to make pending elsewhere. Only while the vPE is
 * non-resident and saved (its vCPU is parked: a CPU taken offline, when a guest issues MOVALL);
 * a resident vPE's pending state is in its redistributor, out of reach, and stays (its vCPU runs:
 * it takes them). Caller holds its_lock. */
unsigned vits_direct_take_pending(unsigned pcpu, uint32_t *vlpi, unsigned max);
/* A new copy of vlpi's property byte for CPU pcpu's vPE; then VINVALL, once the copies are in. */
void vits_direct_copy_prop(unsigned pcpu, uint32_t vlpi, uint8_t prop);
enum its_status vits_direct_invall(struct gicv3_its *its, unsigned pcpu);

#endif

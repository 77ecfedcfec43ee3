/* The emulated GICv3 distributor of one partition, and the per-interrupt model it shares with
 * the redistributors (core/vdev/vgicr.h).
 *
 * Guests never reach the physical GICD: its page is not mapped at stage 2, every access traps as
 * a data abort and the arch hands (offset, size, direction, value) to vgicd_access(). The model
 * presents a GICv3 with affinity routing always on (ARE RAO/WI), a single Security state
 * (DS = 1, as QEMU's virt board with secure=off), Group 1 only (IGROUPR RAO/WI, EnableGrp0
 * RAZ/WI), no LPIs or ITS, no extended SPIs, no 1-of-N routing (No1N = 1, IRM RAZ/WI), 10-bit
 * INTIDs, and as many SPI lines as the partition's highest SPI needs (ITLinesNumber). Writes
 * take effect at once, so GICD_CTLR.RWP always reads 0.
 *
 * Only SPIs the partition owns are writable; the others read as zero and ignore writes, and
 * such writes are counted in vgicd.stats for the arch to report. An access of a size or
 * alignment the GICv3 architecture does not allow for that register (IHI 0069 "GIC
 * memory-mapped register access": 32-bit registers take 32-bit accesses, IPRIORITYR, ITARGETSR,
 * CPENDSGIR and SPENDSGIR also bytes, 64-bit registers 64-bit accesses or 32-bit accesses to
 * either half), or outside the 64 KiB frame, returns false: the arch treats it as a guest fault.
 * Reserved offsets inside the frame are RAZ/WI as the architecture says, and counted.
 *
 * Per interrupt, a bank of 32 keeps the guest-visible state. Every interrupt of a bank is one of
 * three kinds:
 *  - not owned: the partition has no such interrupt; its bits read as zero, writes are ignored;
 *  - hardware-backed (hw): a physical interrupt with the same INTID belongs to the partition
 *    (passthrough device, virtual timer PPI). The physical GIC keeps its pending and active
 *    state; configuration written by the guest is mirrored onto the physical GIC through
 *    VGIC_FX_HW_* effects, and the arch delivers it with a HW=1 list register so that the
 *    guest's deactivation deactivates the physical interrupt;
 *  - emulated (software): nothing physical behind it (SGIs, the virtual UART's SPI). Its input
 *    is a line level or an edge event from bulkhead; delivery is a VGIC_FX_SW_* effect that the
 *    arch turns into a call on the target vCPU's list-register queue (core/vdev/vgic_queue.h).
 *
 * Effects are reported through a callback, one call per interrupt whose outcome changed, in the
 * order the changes happen. They are computed from the whole state (enable, group enable,
 * priority, trigger, target, line), so a write that changes nothing reports nothing. The model
 * takes no locks: the arch serialises calls per partition. */
#ifndef BULKHEAD_CORE_VGICD_H
#define BULKHEAD_CORE_VGICD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"
#include "core/hw/gic_regs.h"

/* ---- Interrupt banks (shared with core/vdev/vgicr.c) -------------------------------------- */

#define VGIC_NO_VCPU 0xffu  /* no valid target */
#define VGIC_NR_PRIVATE 32u /* SGIs 0-15 and PPIs 16-31 */
#define VGIC_MAX_VCPUS 16u  /* SGI target lists address Aff0 0..15 */

enum vgic_fx_kind {
	/* A hardware-backed interrupt's configuration changed: make the physical GIC match
	 * (fx.enable: physical enable, fx.priority, fx.edge, fx.vcpu: route to the physical CPU
	 * running that vCPU; enable is false whenever the target is VGIC_NO_VCPU). */
	VGIC_FX_HW_SYNC,
	/* The guest wrote ISPENDR/ICPENDR/ISACTIVER/ICACTIVER for a hardware-backed interrupt:
	 * write the same bit to the physical GIC (fx.vcpu: whose redistributor, for PPIs). */
	VGIC_FX_HW_SET_PENDING,
	VGIC_FX_HW_CLEAR_PENDING,
	VGIC_FX_HW_SET_ACTIVE,
	VGIC_FX_HW_CLEAR_ACTIVE,
	/* Emulated level-sensitive interrupt: vgic_queue_set_level(queue of fx.vcpu, intid,
	 * fx.priority, fx.enable). A move to another vCPU is a "false" to the old one first. */
	VGIC_FX_SW_LEVEL,
	/* Emulated edge (or a pending latch set by ISPENDR): vgic_queue_inject(queue of fx.vcpu,
	 * intid, false, 0, fx.priority). */
	VGIC_FX_SW_EDGE,
	/* ICPENDR cleared an emulated interrupt's pending latch: vgic_queue_retract(queue of fx.vcpu,
	 * intid). */
	VGIC_FX_SW_RETRACT,
};

struct vgic_effect {
	enum vgic_fx_kind kind;
	uint32_t intid;
	unsigned vcpu;
	uint8_t priority;
	bool enable; /* HW_SYNC: physical enable; SW_LEVEL: line level */
	bool edge;   /* HW_SYNC: edge-triggered */
};

struct vgic_ops {
	void (*effect)(void *ctx, const struct vgic_effect *fx); /* NULL: effects are dropped */
	/* Physical pending (active = false) or active state of INTIDs base..base+31 as a
	 * GICD_ISPENDR-style mask, read from the redistributor of vcpu's CPU for base 0 and from
	 * the distributor otherwise (vcpu VGIC_NO_VCPU). Only hardware-backed bits are used. NULL
	 * reads as zero. */
	uint32_t (*hw_state)(void *ctx, unsigned vcpu, bool active, uint32_t base);
	void *ctx;
};

/* The register a bank access addresses. Set/clear pairs read the same state. */
enum vgic_bank_reg {
	VGIC_REG_IGROUPR,
	VGIC_REG_ISENABLER,
	VGIC_REG_ICENABLER,
	VGIC_REG_ISPENDR,
	VGIC_REG_ICPENDR,
	VGIC_REG_ISACTIVER,
	VGIC_REG_ICACTIVER,
};

struct vgic_bank {
	uint32_t base; /* INTID of bit 0 */
	uint32_t owned;
	uint32_t hw;
	uint32_t fixed_cfg;  /* trigger not writable by the guest (SGIs, hardware PPIs) */
	uint32_t reset_edge; /* trigger after reset (device tree, or fixed) */
	uint32_t enabled;
	uint32_t edge;      /* 1: edge-triggered (ICFGR 0b10), 0: level-sensitive */
	uint32_t latch;     /* emulated: pending latch not yet handed to a vCPU */
	uint32_t line;      /* emulated: input line level */
	uint32_t active;    /* emulated: active state as last written through ISACTIVER/ICACTIVER */
	uint32_t out_on;    /* last effect: SW level asserted / HW physical enable */
	uint32_t out_edge;  /* last HW_SYNC trigger */
	uint32_t out_valid; /* HW: a HW_SYNC was reported since the last reset */
	uint8_t prio[32];
	uint8_t target[32]; /* vCPU the interrupt is delivered to, or VGIC_NO_VCPU */
	uint8_t out_prio[32];
	uint8_t out_target[32];
};

/* Everything an evaluation needs besides the bank. */
struct vgic_env {
	const struct vgic_ops *ops;
	bool grp1;        /* GICD_CTLR.EnableGrp1: forward Group 1 interrupts at all */
	unsigned hw_vcpu; /* for hw_state(): the owning vCPU (private banks) or VGIC_NO_VCPU */
	uint8_t pri_mask; /* implemented priority bits */
};

/* Reset state: nothing owned, everything disabled, level-sensitive, priority 0, target
 * VGIC_NO_VCPU. No effects. */
void vgic_bank_init(struct vgic_bank *b, uint32_t base);
/* Back to the reset values of the guest-visible state (disabled, priority 0, trigger
 * reset_edge, nothing latched or active), keeping ownership, the hw set, targets and input
 * lines; effects report whatever changed (physical lines disabled, levels withdrawn). */
void vgic_bank_reset(struct vgic_bank *b, const struct vgic_env *env);

/* 32-bit register access. Writes return the mask of bits that addressed interrupts the
 * partition does not own and were set in the value (the caller counts them). */
uint32_t vgic_bank_read(const struct vgic_bank *b, enum vgic_bank_reg reg, const struct vgic_env *env);
uint32_t vgic_bank_write(struct vgic_bank *b, enum vgic_bank_reg reg, uint32_t val, const struct vgic_env *env);

/* IPRIORITYR byte i (0..31); writes to unowned interrupts return false. */
uint8_t vgic_bank_prio_read(const struct vgic_bank *b, unsigned i);
bool vgic_bank_prio_write(struct vgic_bank *b, unsigned i, uint8_t prio, const struct vgic_env *env);
/* ICFGR word half (0: interrupts 0-15 of the bank, 1: 16-31); the returned mask on writes is
 * of interrupts (bit per interrupt) that were not owned or whose trigger is fixed and that the
 * value tried to change. */
uint32_t vgic_bank_cfg_read(const struct vgic_bank *b, unsigned half);
uint32_t vgic_bank_cfg_write(struct vgic_bank *b, unsigned half, uint32_t val, const struct vgic_env *env);

/* A new target for interrupt i (routing register written, or the set of vCPUs changed). */
void vgic_bank_set_target(struct vgic_bank *b, unsigned i, unsigned vcpu, const struct vgic_env *env);
/* Emulated input: a line level, or one edge event (sets the latch). Ignored for interrupts that
 * are not owned or are hardware-backed; false then. */
bool vgic_bank_set_line(struct vgic_bank *b, unsigned i, bool level, const struct vgic_env *env);
bool vgic_bank_raise(struct vgic_bank *b, unsigned i, const struct vgic_env *env);
/* Re-evaluate every interrupt (after env.grp1 changed). */
void vgic_bank_eval_all(struct vgic_bank *b, const struct vgic_env *env);
/* Report HW_SYNC for every hardware-backed interrupt, changed or not (partition start). */
void vgic_bank_resync(struct vgic_bank *b, const struct vgic_env *env);

/* What the arch may ask about one interrupt. pending/active are the model's view of emulated
 * interrupts (a pending event already handed to a vCPU is held by its queue, not here). */
struct vgic_irq_info {
	bool owned;
	bool hw;
	bool enabled;
	bool deliverable; /* enabled, Group 1 enabled and a valid target */
	bool edge;
	uint8_t priority;
	unsigned target; /* vCPU, or VGIC_NO_VCPU */
	bool pending;
	bool active;
};

void vgic_bank_info(const struct vgic_bank *b, unsigned i, bool grp1, struct vgic_irq_info *out);

/* ---- GICD register map (offsets in the 64 KiB distributor frame) --------------------- */

#define GICD_FRAME_SIZE 0x10000
#define GICD_CTLR 0x0000
#define GICD_TYPER 0x0004
#define GICD_IIDR 0x0008
#define GICD_TYPER2 0x000c
#define GICD_STATUSR 0x0010
#define GICD_IGROUPR 0x0080
#define GICD_ISENABLER 0x0100
#define GICD_ICENABLER 0x0180
#define GICD_ISPENDR 0x0200
#define GICD_ICPENDR 0x0280
#define GICD_ISACTIVER 0x0300
#define GICD_ICACTIVER 0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR 0x0800
#define GICD_ICFGR 0x0c00
#define GICD_IGRPMODR 0x0d00
#define GICD_NSACR 0x0e00
#define GICD_SGIR 0x0f00
#define GICD_CPENDSGIR 0x0f10
#define GICD_SPENDSGIR 0x0f20
#define GICD_IROUTER 0x6000
#define GICD_IDREGS 0xffd0
#define GICD_PIDR2 0xffe8

/* GICD_CTLR with a single Security state (DS = 1) */
#define GICD_CTLR_ENABLE_G0 BIT64(0)
#define GICD_CTLR_ENABLE_G1NS BIT64(1) /* EnableGrp1 */
#define GICD_CTLR_ARE_NS BIT64(4)      /* ARE */
#define GICD_CTLR_DS BIT64(6)
#define GICD_CTLR_E1NWF BIT64(7)
#define GICD_CTLR_RWP BIT64(31)

#define GICD_TYPER_ITLINES GENMASK64(4, 0)
#define GICD_TYPER_CPUNUMBER GENMASK64(7, 5)
#define GICD_TYPER_ESPI BIT64(8)
#define GICD_TYPER_SECURITYEXTN BIT64(10)
#define GICD_TYPER_MBIS BIT64(16)
#define GICD_TYPER_LPIS BIT64(17)
#define GICD_TYPER_IDBITS GENMASK64(23, 19) /* INTID bits - 1 */
#define GICD_TYPER_A3V BIT64(24)
#define GICD_TYPER_NO1N BIT64(25)
#define GICD_TYPER_RSS BIT64(26)

/* GICD_IROUTER<n> fields: core/hw/gic_regs.h */

#define GIC_PIDR2_ARCHREV GENMASK64(7, 4)

/* Identification shared by GICD_IIDR and GICR_IIDR: ProductID 0x42 ('B'ulkhead), variant and
 * revision 0, implementer JEP106 0x43b (Arm, as the architecture's owner; KVM does the same).
 * The product ID matches none of the IIDR quirk entries Linux keys on. */
#define VGIC_IIDR 0x4200043bu
/* PIDR2: ArchRev 3 (GICv3) in [7:4], JEDEC-assigned flag and the JEP106 bits as on Arm GICs. */
#define VGIC_PIDR2 0x3bu

/* SPIs the model can hold: INTIDs 32..VGICD_MAX_INTIDS-1, every SPI of GICv3's range (1020-1023
 * are special; the extended SPI range is not modelled). QEMU virt uses up to 287; boards use up
 * to the top (TI J7200: INTID 977, Qualcomm SC8280XP: 944). The last bank's 1020-1023 are never
 * owned. */
#define VGICD_MAX_INTIDS 1020u
#define VGICD_NR_BANKS ((VGICD_MAX_INTIDS - VGIC_NR_PRIVATE + 31u) / 32u)

struct vgicd_stats {
	/* writes that tried to enable, set pending or active, or route (IROUTER != 0) an SPI the
	 * partition does not own; clear, priority and trigger writes to those are ignored silently
	 * (Linux writes them for every line at boot) */
	uint64_t unowned;
	uint64_t reserved;           /* accesses to reserved or unimplemented offsets (RAZ/WI) */
	uint64_t invalid;            /* accesses refused (vgicd_access returned false) */
	uint32_t last_unowned_intid; /* the first such INTID of the latest unowned write */
};

struct vgicd {
	unsigned n_vcpus;
	uint8_t pri_mask;
	bool grp1;            /* GICD_CTLR.EnableGrp1 */
	uint32_t max_spi;     /* highest owned SPI INTID, 0 if none */
	unsigned lpi_id_bits; /* the partition's LPIs: GICD_TYPER.LPIS and IDbits; 0 if none */
	struct vgic_ops ops;
	struct vgic_bank *priv[VGIC_MAX_VCPUS]; /* the redistributors' banks, for EnableGrp1 */
	struct vgic_bank spi[VGICD_NR_BANKS];
	uint64_t irouter[VGICD_MAX_INTIDS - VGIC_NR_PRIVATE];
	struct vgicd_stats stats;
};

/* A distributor for a partition with n_vcpus vCPUs (1..VGIC_MAX_VCPUS) whose virtual CPU
 * interface implements pri_bits priority bits (ICH_VTR_EL2.PRIbits + 1: 5 on QEMU). ops is
 * copied; it may be NULL. False for an out-of-range argument. */
bool vgicd_init(struct vgicd *d, unsigned n_vcpus, unsigned pri_bits, const struct vgic_ops *ops);
/* The partition owns SPI intid (32..VGICD_MAX_INTIDS-1); hw: it is the physical SPI of an
 * assigned device, delivered with HW=1 list registers; edge: its trigger before the guest
 * programs GICD_ICFGR (from the device tree). False if out of range. */
bool vgicd_add_spi(struct vgicd *d, uint32_t intid, bool hw, bool edge);
/* Guest-visible state back to reset values (partition restart): CTLR 0x50, SPIs disabled,
 * priority 0, routed to vCPU 0, triggers as added; emulated input lines are kept, the stats
 * cleared. Effects report what changes. */
void vgicd_reset(struct vgicd *d);
/* Report VGIC_FX_HW_SYNC for every hardware-backed SPI, changed or not (partition start). */
void vgicd_resync(struct vgicd *d);

/* One trapped access. offset: within the distributor frame; size: 1, 2, 4 or 8 bytes; val: the
 * value to write (low size bytes used) or where the value read goes (zero-extended). False: an
 * access the architecture does not allow, to be treated as a fault; *val is then 0 on reads. */
bool vgicd_access(struct vgicd *d, uint64_t offset, unsigned size, bool write, uint64_t *val);

/* Emulated SPI inputs from bulkhead's device models (the virtual UART): a level, or one edge
 * event. False for an SPI that is not owned or is hardware-backed. */
bool vgicd_spi_set_line(struct vgicd *d, uint32_t intid, bool level);
bool vgicd_spi_raise(struct vgicd *d, uint32_t intid);

/* Queries. vgicd_spi_info returns false (and owned = false) for an INTID outside 32..1019. */
bool vgicd_spi_info(const struct vgicd *d, uint32_t intid, struct vgic_irq_info *out);
static inline bool vgicd_grp1_enabled(const struct vgicd *d)
{
	return d->grp1;
}
/* GICD_TYPER as the guest reads it. */
uint32_t vgicd_typer(const struct vgicd *d);

/* For core/vdev/vgicr.c: attach a redistributor's bank so GICD_CTLR.EnableGrp1 reaches it, and the
 * environment its evaluations use. */
void vgicd_attach_private(struct vgicd *d, unsigned vcpu, struct vgic_bank *b);
struct vgic_env vgicd_env(const struct vgicd *d, unsigned hw_vcpu);

#endif

/* The virtual ITS of one partition: the GITS_* registers its Linux probes and drives, the
 * command queue read from the partition's memory, and bulkhead's own translation tables (which
 * device, event and collection map to which vCPU and virtual LPI), checked command by command.
 *
 * The guest sees a GICv3 ITS with physical LPIs only (GITS_TYPER.Physical = 1, Virtual = 0,
 * PTA = 0: a collection's target is a processor number, which here is the vCPU number its
 * GICR_TYPER.Processor_Number shows). Its 128 KiB frame is trapped entirely: the control page at
 * +0 and the translation page at +0x10000. The partition's devices raise their MSIs by writing
 * GITS_TRANSLATER at +0x10040 with DMA, which their SMMU translation sends to the physical ITS's
 * doorbell (the arch's business); a CPU's store to it traps here and is refused (the device ID
 * of a CPU write is IMPLEMENTATION DEFINED, and none of the partition's devices is a CPU).
 *
 * Commands. A write to GITS_CWRITER (or GITS_CTLR.Enabled, or a read of GITS_CREADR) processes
 * the commands between CREADR and CWRITER, at most VITS_CMDS_PER_EXIT per trapped access, and
 * no new one once those made VITS_PHYS_PER_EXIT calls that reach the physical ITS (map, unmap,
 * move: one command can make up to max_events_per_device of them, a MAPC that retargets a
 * collection up to VITS_MAX_ITES); the rest wait for the next access, and Linux polls CREADR until its commands are consumed, so
 * every poll moves the queue on. Each command is decoded (core/hw/its_cmd.h) and checked before
 * anything reaches the physical ITS:
 *   - a DeviceID not in the partition's list              vits-foreign-device
 *   - a partition device not mapped by MAPD               vits-device-unmapped
 *   - MAPD Size above GITS_TYPER.ID_bits (lpi_id_bits)    vits-size
 *   - MAPD ITT address range not in the partition's RAM   vits-itt-address
 *   - an EventID beyond the device's MAPD size            vits-event-range
 *   - an event with no translation (INT, MOVI, ...)       vits-event-unmapped
 *   - MAPTI INTID outside [8192, 2^lpi_id_bits)           vits-vlpi-range
 *   - MAPI EventID (its INTID) outside the same range     vits-mapi-event
 *   - a new translation beyond max_events_per_device      vits-ite-full
 *   - MAPD past VITS_ITT_EVENTS_MAX events of mapped ITTs vits-itt-budget
 *   - an ICID not mapped by MAPC                          vits-collection-unmapped
 *   - MAPC/SYNC/MOVALL target that is not a vCPU          vits-target
 *   - more distinct collections than VITS_MAX_COLLECTIONS vits-collection-full
 *   - MAPC V=0 of a collection events still use           vits-collection-busy
 *   - a GICv4 command (the ITS has no Virtual support)    vits-gicv4-command
 *   - an unknown command number                           vits-unknown-command
 *   - a command slot not in the partition's RAM           vits-queue-unreadable
 *   - GITS_CWRITER beyond the queue's size                vits-cwriter-range
 *   - a CPU store to GITS_TRANSLATER                      vits-translater-cpu-write
 *   - the physical side failed (its error in the record)  vits-phys-failed
 * A refused command changes nothing and is skipped: CREADR moves past it and GITS_CREADR.Stalled
 * is never set (Linux has no recovery from a stalled queue: it would time out on every later
 * command). Refusals are recorded (the last VITS_LOG_MAX, with a count of those dropped) for the
 * arch to drain and print with the partition's message budget.
 *
 * Translation state lives here, bounded, and never in guest memory: GITS_BASER<n> (a Device
 * table and a Collection table, flat, 8-byte entries) and the ITT addresses are accepted and kept
 * as written, but nothing is ever read from those tables. EventIDs span lpi_id_bits bits (so a
 * MAPI, whose INTID is its EventID, can name any LPI of the partition), but a device holds at
 * most max_events_per_device translations at once: each partition device has a slice of that
 * many slots, each naming its EventID, taken by MAPTI/MAPI and given back by DISCARD, MAPD
 * (V=0 or a remap) and reset. The ITTs the physical ITS needs (2^Size entries of the guest's
 * MAPD) are bounded per partition: VITS_ITT_EVENTS_MAX events over its mapped devices.
 * Collections are a small associative table.
 *
 * MOVALL moves the vLPIs pending at the first vCPU to the second (move_pending); translations
 * stay, as on an ITS (the guest moves its collections with MAPC).
 *
 * Not emulated: the guest's LPI pending tables (see vlpi.h); GICv4 (direct injection would need a vPE per vCPU,
 * VMAPP per collection target and VMAPTI in place of map_event: a phys op taking the vPE, and
 * MOVI / MAPC retargeting becoming VMOVI / VMOVP).
 *
 * Pure: no system registers, no locks. The arch serialises calls per partition and implements
 * the physical side through struct vits_phys_ops. */
#ifndef BULKHEAD_CORE_VITS_H
#define BULKHEAD_CORE_VITS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/base/bitfield.h"
#include "core/hw/its_cmd.h"
#include "core/vdev/vdev.h"
#include "core/vdev/vlpi.h"

#define VITS_FRAME_SIZE 0x20000u /* control page + translation page */
#define VITS_TRANSLATION_PAGE 0x10000u

#define VITS_MAX_DEVICES 16u
#define VITS_MAX_ITES 1024u         /* translations of all devices of a partition */
#define VITS_ITT_EVENTS_MAX 131072u /* sum of 2^Size over a partition's mapped devices: two full ones */
#define VITS_MAX_COLLECTIONS 16u    /* distinct ICIDs mapped at once */
#define VITS_MAX_VCPUS 16u
#define VITS_CMDS_PER_EXIT 64u    /* commands processed per trapped access */
#define VITS_PHYS_PER_EXIT 128u   /* ... stopping early once they made this many physical ITS calls */
#define VITS_LOG_MAX 8u           /* refusals kept until the arch drains them */
#define VITS_ITT_ENTRY_BYTES 8u   /* GITS_TYPER.ITT_entry_size + 1 */
#define VITS_TABLE_ENTRY_BYTES 8u /* GITS_BASER<n>.Entry_Size + 1 */
#define VITS_ALL_VLPIS VLPI_ALL   /* invalidate(): every vLPI of the vCPU (INVALL) */

/* Register offsets in the frame (IHI 0069, "The ITS register map"). */
#define GITS_CTLR 0x0000
#define GITS_IIDR 0x0004
#define GITS_TYPER 0x0008
#define GITS_CBASER 0x0080
#define GITS_CWRITER 0x0088
#define GITS_CREADR 0x0090
#define GITS_BASER(n) (0x0100 + 8 * (n))
#define GITS_BASER_COUNT 8u
#define GITS_IDREGS 0xffd0
#define GITS_PIDR2 0xffe8
#define GITS_TRANSLATER (VITS_TRANSLATION_PAGE + 0x0040)

#define GITS_CTLR_ENABLED BIT64(0)
#define GITS_CTLR_QUIESCENT BIT64(31)

#define GITS_TYPER_PHYSICAL BIT64(0)
#define GITS_TYPER_VIRTUAL BIT64(1)
#define GITS_TYPER_ITT_ENTRY_SIZE GENMASK64(7, 4) /* bytes - 1 */
#define GITS_TYPER_ID_BITS GENMASK64(12, 8)       /* EventID bits - 1 */
#define GITS_TYPER_DEVBITS GENMASK64(17, 13)      /* DeviceID bits - 1 */
#define GITS_TYPER_SEIS BIT64(18)
#define GITS_TYPER_PTA BIT64(19)
#define GITS_TYPER_HCC GENMASK64(31, 24)
#define GITS_TYPER_CIDBITS GENMASK64(35, 32)
#define GITS_TYPER_CIL BIT64(36)

#define GITS_CBASER_VALID BIT64(63)
#define GITS_CBASER_INNER_CACHE GENMASK64(61, 59)
#define GITS_CBASER_OUTER_CACHE GENMASK64(55, 53)
#define GITS_CBASER_PA GENMASK64(51, 12)
#define GITS_CBASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_CBASER_SIZE GENMASK64(7, 0) /* 4 KiB pages - 1 */

#define GITS_CWRITER_RETRY BIT64(0)
#define GITS_CQUEUE_OFFSET GENMASK64(19, 5) /* CWRITER.Offset, CREADR.Offset */
#define GITS_CREADR_STALLED BIT64(0)

#define GITS_BASER_VALID BIT64(63)
#define GITS_BASER_INDIRECT BIT64(62)
#define GITS_BASER_INNER_CACHE GENMASK64(61, 59)
#define GITS_BASER_TYPE GENMASK64(58, 56)
#define GITS_BASER_OUTER_CACHE GENMASK64(55, 53)
#define GITS_BASER_ENTRY_SIZE GENMASK64(52, 48) /* bytes - 1 */
#define GITS_BASER_PA GENMASK64(47, 12)
#define GITS_BASER_SHAREABILITY GENMASK64(11, 10)
#define GITS_BASER_PAGE_SIZE GENMASK64(9, 8)
#define GITS_BASER_SIZE GENMASK64(7, 0)
#define GITS_BASER_TYPE_NONE 0u
#define GITS_BASER_TYPE_DEVICE 1u
#define GITS_BASER_TYPE_COLLECTION 4u

#define GITS_PIDR2_ARCHREV GENMASK64(7, 4)

/* A device the partition owns: the DeviceID its guest uses (the virtual requester ID its
 * msi-map names) and the physical DeviceID the physical ITS knows it by. */
struct vits_device {
	uint32_t vdevid;
	uint32_t pdevid;
};

struct vits_config {
	uint64_t frame_ipa; /* VITS_FRAME_SIZE bytes, 64 KiB aligned */
	const struct vits_device *devices;
	unsigned n_devices;             /* 0..VITS_MAX_DEVICES, distinct vdevids and pdevids */
	unsigned n_vcpus;               /* 1..VITS_MAX_VCPUS */
	unsigned lpi_id_bits;           /* the guest's INTID bits: VLPI_MIN_ID_BITS..VLPI_MAX_ID_BITS */
	unsigned max_events_per_device; /* a power of two >= 2; n_devices * it <= VITS_MAX_ITES */
};

/* What the arch does on the physical ITS for the partition: 0 or a negative error (every op is
 * required; the ones without a result cannot fail). Every call names a physical DeviceID of the
 * partition's own list, an EventID below the device's mapped size, a vLPI in range and a vCPU of
 * the partition; it completes before returning (the arch issues its own physical SYNC), so the
 * guest's SYNC has nothing left to wait for. */
struct vits_phys_ops {
	/* MAPD: give pdevid an ITT of 2^event_bits events. */
	int (*map_device)(void *ctx, uint32_t pdevid, unsigned event_bits);
	/* MAPD V=0; called after unmap_event for each event still mapped. */
	int (*unmap_device)(void *ctx, uint32_t pdevid);
	/* MAPTI/MAPI: allocate a physical LPI, MAPTI it to the vCPU's physical CPU, record
	 * pLPI -> (partition, vcpu, vlpi). */
	int (*map_event)(void *ctx, uint32_t pdevid, uint32_t eventid, uint32_t vlpi, unsigned vcpu);
	/* DISCARD (and remapping, MAPD V=0, reset): drop the physical LPI and its record. */
	int (*unmap_event)(void *ctx, uint32_t pdevid, uint32_t eventid);
	/* MOVI, MAPC to another vCPU: deliver the event to vcpu from now on. */
	int (*move_event)(void *ctx, uint32_t pdevid, uint32_t eventid, unsigned vcpu);
	/* INT: make vlpi pending at vcpu (the arch checks the guest's property table on delivery). */
	void (*inject)(void *ctx, unsigned vcpu, uint32_t vlpi);
	/* CLEAR, DISCARD: withdraw a pending vlpi at vcpu. The event (physical device and event ID)
	 * too: where the physical ITS delivers the event itself (GICv4 direct injection), the
	 * pending state is in the vPE's table and only a physical CLEAR of the event reaches it. */
	void (*clear)(void *ctx, uint32_t pdevid, uint32_t eventid, unsigned vcpu, uint32_t vlpi);
	/* INV (one vLPI) and INVALL (vlpi VITS_ALL_VLPIS): the guest changed its property table. */
	void (*invalidate)(void *ctx, unsigned vcpu, uint32_t vlpi);
	/* MOVALL: every vLPI pending at vCPU from becomes pending at vCPU to instead (from != to).
	 * Translations stay as they are: the guest moves its collections with MAPC. */
	void (*move_pending)(void *ctx, unsigned from, unsigned to);
};

enum vits_refusal_code {
	VITS_REFUSE_FOREIGN_DEVICE,
	VITS_REFUSE_DEVICE_UNMAPPED,
	VITS_REFUSE_SIZE,
	VITS_REFUSE_ITT_ADDRESS,
	VITS_REFUSE_EVENT_RANGE,
	VITS_REFUSE_EVENT_UNMAPPED,
	VITS_REFUSE_VLPI_RANGE,
	VITS_REFUSE_COLLECTION_UNMAPPED,
	VITS_REFUSE_TARGET,
	VITS_REFUSE_COLLECTION_FULL,
	VITS_REFUSE_COLLECTION_BUSY,
	VITS_REFUSE_GICV4_COMMAND,
	VITS_REFUSE_UNKNOWN_COMMAND,
	VITS_REFUSE_QUEUE_UNREADABLE,
	VITS_REFUSE_CWRITER_RANGE,
	VITS_REFUSE_TRANSLATER_CPU_WRITE,
	VITS_REFUSE_PHYS_FAILED,
	VITS_REFUSE_MAPI_EVENT,
	VITS_REFUSE_ITE_FULL,
	VITS_REFUSE_ITT_BUDGET,
};

/* One refusal: the command (op; 0 for a register access) and the values that were refused. */
struct vits_refusal {
	enum vits_refusal_code code;
	uint8_t op;
	uint32_t devid;
	uint32_t eventid;
	uint64_t value; /* the offending value: ICID, target, vLPI, size, address, offset; or the
			   physical error for vits-phys-failed */
};

struct vits_stats {
	uint64_t commands;  /* commands consumed (done or refused) */
	uint64_t refused;   /* of which refused */
	uint64_t deferred;  /* accesses that left commands for the next one (the per-exit bounds) */
	uint64_t reserved;  /* accesses to reserved offsets (RAZ/WI) */
	uint64_t log_drops; /* refusals not kept because the log was full */
};

/* One translation slot of a device (16 bytes). */
struct vits_ite {
	uint32_t eventid;
	uint32_t vlpi; /* 0: no translation (yet) */
	uint32_t phys; /* the arch's own value for this event (vits_set_phys) */
	uint16_t icid;
	bool used; /* taken for eventid (a translation, or one map_event is making) */
};

struct vits_dev_state {
	bool mapped;
	uint8_t event_bits;
	uint16_t n_ites; /* slots used */
	uint64_t itt_addr;
};

struct vits_collection {
	bool valid;
	uint16_t icid;
	uint16_t vcpu;
};

struct vits {
	struct vits_config cfg; /* devices points at dev_ids below */
	struct vits_device dev_ids[VITS_MAX_DEVICES];
	struct vits_dev_state dev[VITS_MAX_DEVICES];
	struct vits_ite ite[VITS_MAX_ITES]; /* device i's slots: [i * max_events_per_device, ...) */
	uint64_t itt_events;                /* sum of 2^event_bits over the mapped devices */
	struct vits_collection coll[VITS_MAX_COLLECTIONS];
	unsigned device_bits; /* GITS_TYPER.Devbits + 1 */
	unsigned event_bits;  /* GITS_TYPER.ID_bits + 1: lpi_id_bits */
	/* registers */
	bool enabled;
	uint64_t cbaser;
	uint64_t cwriter;    /* byte offset */
	uint64_t creadr;     /* byte offset */
	unsigned phys_calls; /* physical ITS calls made by the current batch */
	uint64_t baser[GITS_BASER_COUNT];
	struct vits_refusal log[VITS_LOG_MAX];
	unsigned n_log;
	struct vits_stats stats;
};

/* The partition's vITS with nothing mapped, from cfg (copied, devices included). 0, or -1 for a
 * configuration outside the limits above. */
int vits_init(struct vits *its, const struct vits_config *cfg);
/* Partition restart: every translation the physical side holds is unmapped (unmap_event for
 * each event, then unmap_device for each device), the registers return to their reset values and
 * the refusal log and statistics are cleared. */
void vits_reset(struct vits *its, const struct vits_phys_ops *phys, void *ctx);

/* One trapped access at offset (from frame_ipa) of size bytes. VDEV_NOT_MINE beyond the frame;
 * VDEV_FAULT for a size or alignment the register does not take (32-bit registers take 4 bytes,
 * 64-bit ones 4 or 8, GITS_TRANSLATER 2 or 4); otherwise VDEV_HANDLED, with a load's value in
 * *value. Commands are processed as described above. */
enum vdev_outcome vits_mmio(struct vits *its, uint64_t offset, bool is_write, unsigned size, uint64_t *value,
			    const struct vits_mem_ops *mem, const struct vits_phys_ops *phys, void *ctx);

/* The access falls in the vITS frame. */
static inline bool vits_in_frame(const struct vits *its, uint64_t ipa)
{
	return ipa >= its->cfg.frame_ipa && ipa - its->cfg.frame_ipa < VITS_FRAME_SIZE;
}

/* Moves up to max recorded refusals (oldest first) into out and forgets them; *dropped (may be
 * NULL) gets the number not kept since the last call. Returns the number moved. */
unsigned vits_take_refusals(struct vits *its, struct vits_refusal *out, unsigned max, uint64_t *dropped);
/* "vits-foreign-device" */
const char *vits_refusal_code_name(enum vits_refusal_code code);
/* One console line (NUL-terminated in buf): "MAPD DeviceID 0x99: device not assigned to the
 * partition [vits-foreign-device]". */
void vits_refusal_describe(const struct vits_refusal *r, char *buf, size_t size);

/* Commands waiting between CREADR and CWRITER (0 when the queue is not running). */
unsigned vits_pending(const struct vits *its);
/* The vCPU and vLPI guest DeviceID vdevid's event translates to: false when there is none. */
bool vits_lookup(const struct vits *its, uint32_t vdevid, uint32_t eventid, unsigned *vcpu, uint32_t *vlpi);

/* INVALL's scope, one vLPI at a time: the vLPIs of the events whose collection targets vCPU
 * vcpu (a vLPI two events share comes twice). Start with *cursor = 0; false when there are no
 * more. */
bool vits_next_vlpi_of(const struct vits *its, unsigned vcpu, unsigned *cursor, uint32_t *vlpi);

/* One value the arch keeps with each event of a physical device of the partition (the physical
 * LPI it allocated in map_event, say), so it needs no table of its own to find it again in
 * unmap_event and move_event. Set it from map_event (the event's slot is taken before map_event
 * is called, and 0); it reads back until the next set or until the slot is given back (after
 * unmap_event). False for a pdevid not in the partition's list or an event without a slot. */
bool vits_set_phys(struct vits *its, uint32_t pdevid, uint32_t eventid, uint32_t value);
bool vits_phys(const struct vits *its, uint32_t pdevid, uint32_t eventid, uint32_t *value);
/* Translation slots in use over all the partition's devices (0 after reset). */
unsigned vits_translations(const struct vits *its);
/* GITS_TYPER as the guest reads it. */
uint64_t vits_typer(const struct vits *its);

#endif

/* Physical GICv3 ITS driver: the half that talks to the ITS. Every register access and every
 * barrier goes through a struct gicv3_its_ops: the hypervisor passes MMIO accessors
 * (arch/arm64/irq/gic_its.c), and host tests pass a model that records each command, so the command
 * sequences below are tested on the host (tests/unit/test_gicv3_its.c).
 *
 * Mechanism, no policy: bring one ITS up (tables and command queue from bulkhead's own heap,
 * one collection per physical CPU, ICID = CPU index), then map devices, map events to physical
 * LPIs on a collection, move, discard, trigger and clear them. Which device and event belong to
 * which partition is decided by the caller (the virtual ITS glue in arch/arm64/vdev/).
 *
 * Commands are 32-byte packets built by core/hw/its_cmd.h. Each call queues its commands, then a
 * SYNC, writes GITS_CWRITER and waits, bounded, until GITS_CREADR has passed them: a stuck ITS
 * is reported (GITS_CREADR.Stalled or a timeout), never waited on forever. The driver is not
 * reentrant: callers serialise calls on one struct gicv3_its. */
#ifndef BULKHEAD_DRIVERS_GICV3_ITS_H
#define BULKHEAD_DRIVERS_GICV3_ITS_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/addr.h"

/* How the GIC is told to access the tables bulkhead gives it (GITS_BASER<n>, GITS_CBASER,
 * GICR_PROPBASER, GICR_PENDBASER): Normal inner write-back read/write-allocate (outer "same as
 * inner"), inner shareable, which is what bulkhead's own heap is mapped as. */
#define GIC_MEM_CACHE_WAWB 7u
#define GIC_MEM_INNER_SHAREABLE 1u

enum its_status {
	ITS_OK = 0,
	ITS_E_NODEV,       /* no physical LPIs (GITS_TYPER.Physical clear) */
	ITS_E_UNSUPPORTED, /* a table type or size this driver cannot set up (see the log line) */
	ITS_E_NOMEM,       /* the allocator said no */
	ITS_E_TIMEOUT,     /* GITS_CREADR did not pass our commands in time */
	ITS_E_STALLED,     /* the ITS stalled on a command (GITS_CREADR.Stalled) */
	ITS_E_RANGE,       /* a device ID, event ID, LPI or CPU outside what the ITS was set up for */
};
const char *its_status_name(enum its_status st);

struct gicv3_its_ops {
	uint64_t (*read64)(void *ctx, uintptr_t addr);
	void (*write64)(void *ctx, uintptr_t addr, uint64_t v);
	uint32_t (*read32)(void *ctx, uintptr_t addr);
	void (*write32)(void *ctx, uintptr_t addr, uint32_t v);
	/* Commands and tables written to memory are visible to the ITS before the next register
	 * write (DSB ST; a cache clean as well where the ITS is not coherent). */
	void (*publish)(void *ctx);
	uint64_t (*now_ns)(void *ctx);
	void *ctx;
};

/* size bytes aligned to align (powers of two) of identity-mapped RAM, zeroed. */
typedef bool (*its_alloc_fn)(void *ctx, uint64_t size, uint64_t align, pa_t *out);
/* Gives back what its_alloc_fn returned at p (size bytes). Only ITTs are given back, once the
 * ITS no longer reads them. */
typedef void (*its_free_fn)(void *ctx, pa_t p, uint64_t size);

#define ITS_MAX_CPUS 64
#define ITS_MAX_DEVICES 64 /* devices with an ITT at once (without a free function, kept for reuse) */
#define ITS_CMDQ_PAGES 16  /* 64 KiB: 2048 commands */
#define ITS_WAIT_NS UINT64_C(10000000)
#define ITS_MAX_VPES 64 /* GICv4 vPE IDs 0..63: the vPE table's entries (one vPE per vCPU) */

struct its_params {
	unsigned n_cpus;
	/* Bit i: CPU i is not up (it failed to start), so its redistributor is unknown: collection i
	 * is left unmapped and commands naming CPU i are refused. The CPUs after it keep theirs. */
	uint64_t absent;
	/* For each CPU index: GICR_TYPER.Processor_Number, and the redistributor's physical
	 * address; which one a command names depends on GITS_TYPER.PTA. */
	uint32_t proc_num[ITS_MAX_CPUS];
	uint64_t redist_pa[ITS_MAX_CPUS];
	its_alloc_fn alloc;
	/* NULL: a device's ITT is kept after unmapping and reused when it is mapped again (as large
	 * as it ever was). Otherwise an unmapped device's ITT is given back, and so is the smaller
	 * one a larger mapping replaces. */
	its_free_fn free;
	void *alloc_ctx;
};

struct its_features {
	unsigned itt_entry_size;
	unsigned event_bits;
	unsigned dev_bits;
	unsigned hcc;
	unsigned cid_bits;
	bool pta;
	/* GICv4.0: GITS_TYPER.Virtual, .VMOVP, and GITS_CTLR.ITS_Number (this ITS's bit in a VMOVP
	 * ITS list). */
	bool virt;
	bool vmovp;
	unsigned its_number;
};

struct its_device {
	uint32_t devid;
	unsigned event_bits; /* of its ITT; 0: slot free */
	pa_t itt;
	bool mapped;
};

struct gicv3_its {
	const struct gicv3_its_ops *ops;
	uintptr_t base;
	const char *path; /* DT node, for log lines */
	struct its_features feat;
	pa_t cmdq;
	uint32_t cwriter; /* byte offset of the next command */
	uint64_t rdbase[ITS_MAX_CPUS];
	unsigned n_cpus;
	uint64_t absent;        /* its_params.absent: CPUs below n_cpus without a collection */
	unsigned sync_first;    /* the first CPU with a collection: where a SYNC goes by default */
	uint32_t dev_table_ids; /* device IDs the flat device table covers */
	struct its_device dev[ITS_MAX_DEVICES];
	uint32_t vpe_table_ids; /* vPE IDs the vPE table covers (0: no GICv4) */
	uint64_t vpe_mapped;    /* bit n: vPE n is mapped (VMAPP V=1) */
	uint8_t vpe_cpu[ITS_MAX_VPES];
	uint8_t vpe_id_bits[ITS_MAX_VPES];
	uint16_t vmovp_seq;
	its_alloc_fn alloc;
	its_free_fn free;
	void *alloc_ctx;
	bool enabled;
	uint64_t commands; /* sent, SYNCs included */
	uint64_t timeouts;
};

/* Read GITS_TYPER through ops; touches no control register. */
enum its_status its_probe(struct gicv3_its *its, uintptr_t base, const char *path, const struct gicv3_its_ops *ops);
/* Disable, wait for quiescence, allocate the device and collection tables (as GITS_BASER<n>
 * types and sizes say) and the command queue, enable, and map collection i to CPU i (MAPC,
 * a SYNC after every eight). */
enum its_status its_init(struct gicv3_its *its, const struct its_params *p);

/* MAPD with an ITT of 2^event_bits entries (allocated once per device and kept); V = 0. */
enum its_status its_map_device(struct gicv3_its *its, uint32_t devid, unsigned event_bits);
enum its_status its_unmap_device(struct gicv3_its *its, uint32_t devid);
/* MAPTI devid/eventid -> physical LPI plpi on CPU cpu's collection. */
enum its_status its_map_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint32_t plpi, unsigned cpu);
enum its_status its_discard(struct gicv3_its *its, uint32_t devid, uint32_t eventid);
enum its_status its_move_event(struct gicv3_its *its, uint32_t devid, uint32_t eventid, unsigned cpu);
/* INT / CLEAR / INV on a mapped event. */
enum its_status its_int(struct gicv3_its *its, uint32_t devid, uint32_t eventid);
enum its_status its_clear(struct gicv3_its *its, uint32_t devid, uint32_t eventid);
enum its_status its_inv(struct gicv3_its *its, uint32_t devid, uint32_t eventid);

/* ---- GICv4.0 direct injection: these fail with ITS_E_RANGE when the ITS has no vPE table
 * (GITS_TYPER.Virtual clear, or no GITS_BASER of type vPE). Each queues its command, then a
 * VSYNC of the vPE (a SYNC on its redistributor for an unmapping), and waits as above. */

/* VMAPP V=1: vPE vpeid resident-capable on CPU cpu's redistributor, its virtual pending table at
 * vpt (64 KiB aligned) covering id_bits vINTID bits (GICV4_MIN_ID_BITS..GICV4_MAX_ID_BITS). */
enum its_status its_vmapp(struct gicv3_its *its, uint16_t vpeid, unsigned cpu, pa_t vpt, unsigned id_bits);
/* VMAPP V=0. */
enum its_status its_vunmapp(struct gicv3_its *its, uint16_t vpeid);
/* VMAPTI devid/eventid -> vINTID vintid of a mapped vPE; doorbell: a physical LPI raised when
 * the vPE is not resident, or ITS_DOORBELL_NONE. */
enum its_status its_vmapti(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid, uint32_t vintid,
			   uint32_t doorbell);
/* VMOVI: a virtual event to another mapped vPE (same doorbell rules as VMAPTI); VSYNC of the new
 * vPE. */
enum its_status its_vmovi(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid, uint32_t doorbell);
/* VMOVP: a mapped vPE now on CPU cpu's redistributor (sequence number and ITS list from this
 * ITS, for an ITS without GITS_TYPER.VMOVP). */
enum its_status its_vmovp(struct gicv3_its *its, uint16_t vpeid, unsigned cpu);
/* CLEAR of an event mapped to a vLPI of vPE vpeid (VMAPTI): withdraws that vLPI's pending state in
 * the vPE's table. Followed by VSYNC of the vPE, not SYNC: a SYNC only waits for the effects on
 * physical LPIs (IHI 0069, VSYNC; Linux sends CLEAR + VSYNC for a forwarded LPI too). */
enum its_status its_vclear(struct gicv3_its *its, uint32_t devid, uint32_t eventid, uint16_t vpeid);
/* VINVALL: the vPE's property table changed. VSYNC alone: wait for its earlier effects. */
enum its_status its_vinvall(struct gicv3_its *its, uint16_t vpeid);
enum its_status its_vsync(struct gicv3_its *its, uint16_t vpeid);

#endif

/* Emulated devices and the trap dispatcher: one access in, one outcome out.
 *
 * The registers of the devices bulkhead emulates are never mapped at stage 2, so a guest's load or
 * store to them is a data abort taken to EL2 with the access described in ESR_EL2's ISS (Arm ARM
 * D17.2.40, "ISS encoding for an exception from a Data Abort"): ISV says the syndrome is valid,
 * SAS the size, SRT the register, WnR the direction, SSE/SF how a load extends into Xt, CM a
 * cache maintenance instruction. Only single-register loads and stores produce a valid syndrome;
 * anything else (a load pair, a write-back addressing mode) is not an access a device driver
 * makes and is a guest fault.
 *
 * The trap dispatcher (arch/arm64/vm/guest_traps.c) decodes the abort into a struct vdev_access
 * and offers it to each emulated device of the partition in turn. A device answers with an
 * outcome and nothing else: it never stops a partition, parks a vCPU or touches the trap frame.
 * The dispatcher completes a handled access (a load's value into the register, the guest past
 * the instruction) or stops the partition with the fault the device describes. A new device is
 * one function of type vdev_mmio_fn and one entry in the dispatcher's table. */
#ifndef BULKHEAD_CORE_VDEV_H
#define BULKHEAD_CORE_VDEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum vdev_outcome {
	VDEV_HANDLED,  /* emulated (a load's value is in val); the guest steps past the instruction */
	VDEV_NOT_MINE, /* not this device's address: the dispatcher asks the next one */
	VDEV_FAULT,    /* this device's address, but an access it refuses: fault and device say why */
};

enum vdev_access_kind {
	VDEV_LOAD_STORE,  /* a single-register load or store: size, write, val are meaningful */
	VDEV_CACHE_OP,    /* cache maintenance (DC CIVAC and the like) on the device: no effect */
	VDEV_NO_SYNDROME, /* ESR.ISV clear or a stage-1 walk: not emulable */
};

enum vdev_fault {
	VDEV_FAULT_NONE,
	VDEV_FAULT_NO_SYNDROME, /* an access that is not a single load or store */
	VDEV_FAULT_REFUSED,     /* a register, size or direction the device does not allow */
};

struct vdev_access {
	uint64_t ipa;
	enum vdev_access_kind kind;
	unsigned size; /* bytes: 1, 2, 4 or 8 */
	bool write;
	uint64_t val; /* the value written (zero-extended from size), or the value a load returns */
	unsigned rt;  /* the register: 31 is xzr */
	bool sse;     /* a load sign-extends */
	bool sf;      /* into Xt (64-bit), else Wt */
	/* Filled in by a device that answers VDEV_FAULT. */
	enum vdev_fault fault;
	const char *device; /* "virtual UART" */
};

/* An emulated device's MMIO entry point: `dev` is its own state, `vcpu` the accessing vCPU. */
typedef enum vdev_outcome (*vdev_mmio_fn)(void *dev, unsigned vcpu, struct vdev_access *a);

/* The access a data abort's ESR describes at `ipa`; `xt` is the value of the register the ISS
 * names (read only for a store). */
void vdev_access_decode(uint64_t esr, uint64_t ipa, uint64_t xt, struct vdev_access *a);
/* The register value a handled load leaves in Xt: val cut to size, sign- or zero-extended as
 * SSE and SF say. */
uint64_t vdev_load_result(const struct vdev_access *a);

/* The access is in the device's register window [base, base + size). */
static inline bool vdev_in_window(const struct vdev_access *a, uint64_t base, uint64_t size)
{
	return a->ipa >= base && a->ipa - base < size;
}

/* For a device whose window the access fell in: a cache maintenance instruction is handled (there
 * is nothing to do), an access without a syndrome is a fault. Call only when kind is not
 * VDEV_LOAD_STORE. */
enum vdev_outcome vdev_not_load_store(struct vdev_access *a, const char *device);
/* The device refuses a load or store. */
enum vdev_outcome vdev_refuse(struct vdev_access *a, const char *device);

/* The fault as the console reports it (the partition_fault reason), NUL-terminated in buf. */
void vdev_fault_describe(const struct vdev_access *a, char *buf, size_t size);

#endif

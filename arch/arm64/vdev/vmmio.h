/* Emulated MMIO: decoding a stage-2 data abort into one register access, and completing it.
 *
 * The registers of the devices bulkhead emulates (the virtual GIC's distributor and
 * redistributors, the virtual PL011) are never mapped at stage 2, so a guest's load or store to
 * them is a data abort taken to EL2 with the access described in ESR_EL2's ISS (Arm ARM
 * D17.2.40, "ISS encoding for an exception from a Data Abort"): ISV says the syndrome is valid,
 * SAS the size, SRT the register, WnR the direction, SSE/SF how a load extends into Xt. Only
 * single-register loads and stores produce a valid syndrome; anything else (a load pair, a
 * write-back addressing mode) is not an access a device driver makes and is a guest fault. */
#ifndef BULKHEAD_ARCH_VMMIO_H
#define BULKHEAD_ARCH_VMMIO_H

#include <stdbool.h>
#include <stdint.h>

#include "arch/arm64/cpu/cpu.h"
#include "core/base/bitfield.h"
#include "core/hw/esr.h"

#define ESR_ISS_SSE BIT64(21) /* the load sign-extends */
#define ESR_ISS_SF BIT64(15)  /* the register is 64-bit (Xt), else 32-bit (Wt) */
#define ESR_ISS_CM BIT64(8)   /* a cache maintenance instruction, not a load or store */

struct vmmio {
	uint64_t ipa;
	unsigned size; /* bytes: 1, 2, 4 or 8 */
	unsigned rt;   /* 31: xzr */
	bool write;
	bool sse, sf;
	uint64_t val; /* the value written (decode), or to return (complete) */
};

/* A cache maintenance instruction (DC CIVAC and the like) on an emulated device's address: it
 * has no effect on registers, and the guest just steps past it. */
static inline bool vmmio_is_cache_op(const struct trap_frame *f)
{
	return (f->esr & ESR_ISS_CM) != 0;
}

/* The access a data abort describes; false when ESR.ISV is clear (not emulable). */
static inline bool vmmio_decode(const struct trap_frame *f, uint64_t ipa, struct vmmio *m)
{
	uint64_t esr = f->esr;

	if (!(esr & ESR_ELx_ISV) || (esr & ESR_ELx_S1PTW))
		return false;
	m->ipa = ipa;
	m->size = 1u << FIELD_GET(ESR_ELx_SAS, esr);
	m->rt = (unsigned)FIELD_GET(ESR_ELx_SRT, esr);
	m->write = (esr & ESR_ELx_WNR) != 0;
	m->sse = (esr & ESR_ISS_SSE) != 0;
	m->sf = (esr & ESR_ISS_SF) != 0;
	m->val = m->write && m->rt != 31 ? f->x[m->rt] : 0;
	if (m->write && m->size < 8)
		m->val &= (UINT64_C(1) << (8 * m->size)) - 1;
	return true;
}

/* Put a load's value into Xt (extended as the instruction says) and step past the instruction;
 * for a store, just step. */
static inline void vmmio_complete(struct trap_frame *f, const struct vmmio *m)
{
	if (!m->write && m->rt != 31) {
		uint64_t v = m->val;

		if (m->size < 8) {
			unsigned bits = 8 * m->size;

			v &= (UINT64_C(1) << bits) - 1;
			if (m->sse && (v >> (bits - 1)) & 1)
				v |= ~UINT64_C(0) << bits;
		}
		if (!m->sf)
			v &= 0xffffffffu;
		f->x[m->rt] = v;
	}
	f->elr += 4;
}

#endif

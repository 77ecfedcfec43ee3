/* Register and descriptor fields as one mask each, with prep/get helpers.
 *
 * Every hardware field in bulkhead is a contiguous mask built with GENMASK64(hi, lo); values go
 * in with FIELD_PREP(mask, v) and come out with FIELD_GET(mask, reg). A constant value that does
 * not fit its field is a compile-time error, so a typo in an encoder cannot silently spill into
 * the neighbouring field. */
#ifndef BULKHEAD_CORE_BITFIELD_H
#define BULKHEAD_CORE_BITFIELD_H

#include <stdint.h>

#define BIT64(n) (UINT64_C(1) << (n))
#define GENMASK64(hi, lo) ((~UINT64_C(0) >> (63 - (hi))) & (~UINT64_C(0) << (lo)))

/* Index of the lowest set bit of a non-zero constant mask. */
#define FIELD_SHIFT(mask) ((unsigned)__builtin_ctzll(mask))

/* A constant value wider than its field fails the build: the call below survives optimisation
 * only in that case, and the error attribute turns it into a compile error. Non-constant values
 * are masked, which is what the hardware would do; callers validate external input before. */
extern void field_value_does_not_fit(void) __attribute__((error("FIELD_PREP: value does not fit its field")));

#define FIELD_PREP(mask, v)                                                                                       \
	(__extension__({                                                                                          \
		_Static_assert(__builtin_constant_p(mask) && (mask) != 0, "FIELD_PREP needs a constant non-zero " \
									  "mask");                                \
		uint64_t field_v_ = (uint64_t)(v);                                                                \
		if (__builtin_constant_p(field_v_) && ((field_v_ << FIELD_SHIFT(mask)) & ~(uint64_t)(mask)) != 0) \
			field_value_does_not_fit();                                                               \
		((field_v_ << FIELD_SHIFT(mask)) & (uint64_t)(mask));                                             \
	}))

#define FIELD_GET(mask, reg)                                                                                           \
	(__extension__({                                                                                               \
		_Static_assert(__builtin_constant_p(mask) && (mask) != 0, "FIELD_GET needs a constant non-zero mask"); \
		((((uint64_t)(reg)) & (uint64_t)(mask)) >> FIELD_SHIFT(mask));                                         \
	}))

/* Replace one field of a register value. */
#define FIELD_SET(reg, mask, v) ((((uint64_t)(reg)) & ~(uint64_t)(mask)) | FIELD_PREP(mask, v))

#endif

/* Opaque address types, so that the compiler rejects a physical address used where an
 * intermediate-physical (guest) address is meant, and the other way round.
 *
 * The hypervisor maps RAM and devices 1:1 at EL2, so a hypervisor-virtual address of RAM equals
 * its physical address. core/ never turns one into the other: whoever hands core/ memory by
 * physical address (the page-table allocator's table_ptr, a driver's ram_ptr) owns that
 * assumption. */
#ifndef BULKHEAD_CORE_ADDR_H
#define BULKHEAD_CORE_ADDR_H

#include <stdbool.h>
#include <stdint.h>

typedef struct {
	uint64_t bits;
} pa_t; /* physical address */
typedef struct {
	uint64_t bits;
} ipa_t; /* intermediate-physical (guest-physical) address */

static inline pa_t pa(uint64_t v)
{
	return (pa_t){ v };
}
static inline ipa_t ipa(uint64_t v)
{
	return (ipa_t){ v };
}
static inline uint64_t pa_val(pa_t a)
{
	return a.bits;
}
static inline uint64_t ipa_val(ipa_t a)
{
	return a.bits;
}
static inline pa_t pa_add(pa_t a, uint64_t off)
{
	return pa(a.bits + off);
}
static inline ipa_t ipa_add(ipa_t a, uint64_t off)
{
	return ipa(a.bits + off);
}

static inline bool is_aligned(uint64_t v, uint64_t align)
{
	return (v & (align - 1)) == 0;
}
static inline uint64_t align_up(uint64_t v, uint64_t align)
{
	return (v + align - 1) & ~(align - 1);
}
static inline uint64_t align_down(uint64_t v, uint64_t align)
{
	return v & ~(align - 1);
}

/* [a, a+an) and [b, b+bn) overlap. Sizes of zero never overlap anything. */
static inline bool ranges_overlap(uint64_t a, uint64_t an, uint64_t b, uint64_t bn)
{
	return an && bn && a < b + bn && b < a + an;
}

/* [inner, inner+in) lies inside [outer, outer+on); handles ranges ending at 2^64. */
static inline bool range_within(uint64_t inner, uint64_t in, uint64_t outer, uint64_t on)
{
	return in && inner >= outer && in <= on && inner - outer <= on - in;
}

#define SZ_4K UINT64_C(0x1000)
#define SZ_64K UINT64_C(0x10000)
#define SZ_2M UINT64_C(0x200000)
#define SZ_1G UINT64_C(0x40000000)

#endif

/* A ticket lock: fair, so a CPU that prints a lot cannot starve the others of the console. */
#ifndef BULKHEAD_ARCH_SPINLOCK_H
#define BULKHEAD_ARCH_SPINLOCK_H

#include <stdint.h>

struct spinlock {
	volatile uint32_t next;
	volatile uint32_t owner;
};

static inline void spin_lock(struct spinlock *l)
{
	uint32_t ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_ACQUIRE);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		__asm__ volatile("wfe" : : : "memory");
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
	/* Waiters sleep in WFE; the store-release does not wake them on every implementation. */
	__asm__ volatile("dsb ishst\n\tsev" : : : "memory");
}

#endif

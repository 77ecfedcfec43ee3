/* Per-partition consoles: the emulated PL011 each partition sees (core/vpl011) and the physical
 * console they share (drivers/platform/pl011, bulkhead's own). The policy (filter, lines, typed
 * input, focus) is core/vdev/vconsole's; this file moves the bytes.
 *
 * Output: every byte a partition transmits (or writes with the console hypercall) is filtered
 * (escape sequences and control characters dropped) and line-buffered; a complete line is
 * printed as "[NAME] text". A partial line (a shell prompt, the echo of typed characters) is
 * printed after VUART_FLUSH_MS without more output, and continues on the same physical line as
 * long as nothing else was printed meanwhile (pl011_write's open lines).
 *
 * Input: the physical UART's receive interrupt feeds the partition that has the input focus.
 * Ctrl-] (0x1d) followed by a digit N gives the focus to the partition with index N (config
 * order); Ctrl-] Ctrl-] sends one Ctrl-]; Ctrl-] followed by anything else prints the list. */
#ifndef BULKHEAD_ARCH_VUART_H
#define BULKHEAD_ARCH_VUART_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arch/arm64/cpu/spinlock.h"
#include "core/partition/partition.h"
#include "core/platform/platform.h"
#include "core/vdev/vconsole.h"
#include "core/vdev/vdev.h"
#include "core/vdev/vpl011.h"

struct vgic_part;

#define VUART_TAG_MAX 36
#define VUART_FLUSH_MS 100

struct vuart_counters {
	uint64_t accesses; /* trapped PL011 register accesses */
	uint64_t tx;       /* bytes transmitted */
	uint64_t rx;       /* bytes received */
};

struct vuart {
	const struct partition_spec *spec; /* its partition: name, index, the PL011's place */
	struct vgic_part *gic;             /* its partition's virtual GIC: the PL011's line */
	struct spinlock lock;              /* everything below; taken before the vGIC lock */
	struct vpl011 u;
	struct vcon_in in;       /* typed for this partition, not yet in its RX FIFO */
	struct vcon_out out;     /* output not yet printed */
	char tag[VUART_TAG_MAX]; /* "[NAME] " */
	unsigned tag_len;
	struct vuart_counters count;
};

/* Once, before partitions start: the physical UART's receive interrupt. */
void vuart_global_init(const struct platform *plat);
/* Partition creation: its output buffer, and its emulated PL011 if spec.vuart.present, whose
 * line is an SPI of `gic`. */
void vuart_init(struct vuart *c, const struct partition_spec *spec, struct vgic_part *gic);
/* Partition stop or restart: print what is buffered, emulated PL011 back to reset, typed input
 * dropped. */
void vuart_reset(struct vuart *c);
/* Print a partial line now (a vCPU parks). */
void vuart_flush(struct vuart *c);
/* The EL2 timer armed for a partial line expired on this CPU: disarm it, and print the partial
 * line of `c` (the console of the vCPU running here; NULL: none). */
void vuart_flush_timer_expired(struct vuart *c);
/* The first partition start: say who has the input focus. */
void vuart_announce(void);

/* Emulated MMIO (vdev_mmio_fn, dev: the struct vuart): the partition's PL011. */
enum vdev_outcome vuart_mmio(void *dev, unsigned vcpu, struct vdev_access *a);
/* The console hypercall: n bytes of output. */
void vuart_console_write(struct vuart *c, const char *s, size_t n);

#endif

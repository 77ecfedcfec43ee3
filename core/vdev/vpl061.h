/* An emulated Arm PL061 GPIO controller (PrimeCell GPIO, TRM DDI 0190B): eight lines, the way
 * bulkhead delivers channel doorbells to a partition's user space. Linux's gpio-pl061 driver
 * (built into Debian's kernel) binds it, and user space waits for a line's edge through the GPIO
 * character device: line k is the partition's channel slot k, and a ring of that channel by a
 * peer is vpl061_pulse(k).
 *
 * Registers (TRM, "Summary of PrimeCell GPIO registers"): GPIODATA at 0x000-0x3fc, where address
 * bits 9:2 are a mask (a read returns only the masked bits, a write changes only them); GPIODIR
 * (1 = output), GPIOIS (1 = level-sensitive), GPIOIBE (1 = both edges), GPIOIEV (1 = rising edge
 * or high level), GPIOIE (unmasked), GPIORIS, GPIOMIS = RIS & IE, GPIOIC (write 1 clears an
 * edge-detected interrupt), GPIOAFSEL, and the PeriphID/PCellID words at 0xfe0-0xffc that
 * Linux's AMBA bus reads (32-bit loads, one byte each) to match the driver: peripheral ID
 * 0x00041061 (part 0x061, designer 0x41 'A', revision 0), cell ID 0xb105f00d. Everything resets
 * to zero: inputs, edge-sensitive, falling edge, masked.
 *
 * Lines: an input line idles low and a pulse takes it high and back low, so an edge-sensitive
 * line latches RIS whichever edge it is set for; a level-sensitive line's RIS is its level
 * compared with GPIOIEV (a level-low input interrupts for as long as it is unmasked, as the
 * hardware's would). An output line's level is its GPIODATA bit, and writing it is detected the
 * same way (the pads are sampled whatever the direction); a pulse does not move an output.
 *
 * The controller's one interrupt output (GPIOINTR) is vpl061_irq_level() = GPIOMIS != 0, which
 * the arch drives onto a level-sensitive SPI after every access and pulse.
 *
 * Accesses: 8, 16 or 32 bits, aligned to their size (Linux's driver uses byte accesses, the AMBA
 * bus 32-bit ones). A register's value is its 8 bits at its word offset; the upper bytes of each
 * word and the reserved offsets read as zero and ignore writes, as do writes to RIS, MIS and the
 * ID words. Anything else (64 bits, misaligned) is refused: a guest fault. */
#ifndef BULKHEAD_CORE_VPL061_H
#define BULKHEAD_CORE_VPL061_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"
#include "core/vdev/vdev.h"

#define VPL061_FRAME_SIZE 0x1000
#define VPL061_LINES 8u

#define GPIODATA 0x000
#define GPIODATA_END 0x3fc
#define GPIODATA_ADDR_MASK GENMASK64(9, 2) /* the address bits that select GPIODATA bits 7:0 */
#define GPIODIR 0x400
#define GPIOIS 0x404
#define GPIOIBE 0x408
#define GPIOIEV 0x40c
#define GPIOIE 0x410
#define GPIORIS 0x414
#define GPIOMIS 0x418
#define GPIOIC 0x41c
#define GPIOAFSEL 0x420
#define GPIOPERIPHID0 0xfe0
#define GPIOPCELLID0 0xff0

#define GPIO_LINE_BITS GENMASK64(7, 0) /* every register holds one bit per line */

struct vpl061 {
	uint8_t data;  /* output latches */
	uint8_t dir;   /* GPIODIR */
	uint8_t is;    /* GPIOIS */
	uint8_t ibe;   /* GPIOIBE */
	uint8_t iev;   /* GPIOIEV */
	uint8_t ie;    /* GPIOIE */
	uint8_t edge;  /* edge-detected interrupts, latched until GPIOIC */
	uint8_t afsel; /* GPIOAFSEL: stored, no hardware control behind it */
};

void vpl061_reset(struct vpl061 *g);

/* An access to the controller at `base` (NOT_MINE outside its 4 KiB frame). */
enum vdev_outcome vpl061_mmio(struct vpl061 *g, uint64_t base, struct vdev_access *a);

/* Input line `line` goes high and back low (a doorbell); no effect on an output or a line
 * beyond VPL061_LINES. */
void vpl061_pulse(struct vpl061 *g, unsigned line);

/* GPIORIS and GPIOMIS as a read returns them. */
uint8_t vpl061_ris(const struct vpl061 *g);
uint8_t vpl061_mis(const struct vpl061 *g);

/* GPIOINTR: some unmasked interrupt is asserted. */
bool vpl061_irq_level(const struct vpl061 *g);

#endif

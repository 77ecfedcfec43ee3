/* The policy of the per-partition consoles, as pure state machines (the hypervisor's wiring is
 * arch/arm64/vdev/vuart.c; what the user sees is in README.md, "The console").
 *
 * Output: every byte a partition sends goes through a filter that drops escape sequences and
 * control characters (no partition can move the cursor or restyle the terminal), applies
 * backspace to what is not printed yet, and cuts lines: vcon_out_byte says when a line is
 * complete (or the buffer full) and is to be printed.
 *
 * Input: bytes typed for a partition wait in a small ring until its PL011's receive FIFO takes
 * them (vcon_in). Which partition gets the keyboard is board-wide (vcon_focus): the host at boot,
 * otherwise the partition with a console that comes first in the config; Ctrl-] then a digit N
 * gives it to partition N, Ctrl-] Ctrl-] sends one Ctrl-], Ctrl-] then anything else asks for
 * the list. */
#ifndef BULKHEAD_CORE_VCONSOLE_H
#define BULKHEAD_CORE_VCONSOLE_H

#include <stdbool.h>
#include <stdint.h>

#include "core/partition/partition.h"
#include "core/vdev/vpl011.h"

#define VCON_LINE_MAX 240
#define VCON_INPUT_MAX 256
#define VCON_ESCAPE 0x1d /* Ctrl-] */

/* ---- Output -------------------------------------------------------------------------------- */

struct vcon_out {
	char line[VCON_LINE_MAX]; /* filtered output not yet printed */
	unsigned len;
	unsigned esc; /* filter state: outside, just after ESC, inside a CSI sequence */
};

enum vcon_emit {
	VCON_KEEP, /* nothing to print yet */
	VCON_LINE, /* a newline: print line[0..len) and a newline, then vcon_out_printed */
	VCON_FULL, /* the buffer is full: print line[0..len) without a newline, then vcon_out_printed */
};

/* One byte of a partition's output. */
enum vcon_emit vcon_out_byte(struct vcon_out *o, uint8_t b);
/* The caller printed line[0..len): start a new one. */
void vcon_out_printed(struct vcon_out *o);
/* The partition restarts: an escape sequence it left open ends (the line is the caller's to
 * print first). */
void vcon_out_reset(struct vcon_out *o);

/* ---- Typed input ----------------------------------------------------------------------------- */

struct vcon_in {
	uint8_t buf[VCON_INPUT_MAX];
	unsigned head, count;
};

/* A byte typed for the partition; dropped when VCON_INPUT_MAX bytes already wait. */
void vcon_in_push(struct vcon_in *in, uint8_t b);
/* Move waiting bytes into the PL011's receive FIFO as far as it takes them; returns how many. */
unsigned vcon_in_drain(struct vcon_in *in, struct vpl011 *u);
/* The partition restarts: what was typed for it is dropped. */
void vcon_in_clear(struct vcon_in *in);

/* ---- Input focus ----------------------------------------------------------------------------- */

struct vcon_focus {
	int focus; /* partition index (config order) that gets typed bytes, -1: none */
	bool escape_pending;
	bool present[PART_MAX_PARTITIONS]; /* has a console */
	bool host[PART_MAX_PARTITIONS];
};

enum vcon_key {
	VCON_KEY_NONE,     /* consumed (the escape key), or nobody has the focus */
	VCON_KEY_DELIVER,  /* give the byte to partition `focus` */
	VCON_KEY_SWITCHED, /* the focus moved to partition `focus`: say so */
	VCON_KEY_LIST,     /* print the partitions and their numbers */
};

void vcon_focus_init(struct vcon_focus *f);
/* Partition `index` has a console; it takes the focus if it is the host (and the focus is not
 * the host's already) or, without a host, if it comes before the partition that has it. */
void vcon_focus_add(struct vcon_focus *f, unsigned index, bool is_host);
/* One byte typed on the physical console. */
enum vcon_key vcon_focus_key(struct vcon_focus *f, uint8_t b);

#endif

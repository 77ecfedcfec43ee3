/* Per-partition console policy (vconsole.h). */
#include "core/vdev/vconsole.h"

#include <string.h>

/* Escape-sequence states of the output filter. */
enum { ESC_NONE, ESC_START, ESC_CSI };

enum vcon_emit vcon_out_byte(struct vcon_out *o, uint8_t b)
{
	switch (o->esc) {
	case ESC_START:
		o->esc = b == '[' ? ESC_CSI : ESC_NONE; /* ESC x: two-byte sequence, dropped */
		return VCON_KEEP;
	case ESC_CSI:
		/* Parameters and intermediates continue it; a final byte (or garbage) ends it. */
		if (b < 0x20 || b > 0x3f)
			o->esc = ESC_NONE;
		return VCON_KEEP;
	default:
		break;
	}
	switch (b) {
	case '\n':
		return VCON_LINE;
	case 0x1b:
		o->esc = ESC_START;
		return VCON_KEEP;
	case '\b':
	case 0x7f:
		if (o->len)
			o->len--; /* line editing: rub out what is not printed yet */
		return VCON_KEEP;
	case '\t':
		b = ' ';
		break;
	default:
		if (b < 0x20 || b > 0x7e)
			return VCON_KEEP;
	}
	o->line[o->len++] = (char)b;
	return o->len == sizeof(o->line) ? VCON_FULL : VCON_KEEP;
}

void vcon_out_printed(struct vcon_out *o)
{
	o->len = 0;
}

void vcon_out_reset(struct vcon_out *o)
{
	o->esc = ESC_NONE;
}

void vcon_in_push(struct vcon_in *in, uint8_t b)
{
	if (in->count < VCON_INPUT_MAX) {
		in->buf[(in->head + in->count) % VCON_INPUT_MAX] = b;
		in->count++;
	}
}

unsigned vcon_in_drain(struct vcon_in *in, struct vpl011 *u)
{
	unsigned moved = 0;

	while (in->count) {
		unsigned chunk = in->count;
		unsigned n;

		if (in->head + chunk > VCON_INPUT_MAX)
			chunk = VCON_INPUT_MAX - in->head; /* up to the end of the ring first */
		n = vpl011_rx_push(u, &in->buf[in->head], chunk);
		in->head = (in->head + n) % VCON_INPUT_MAX;
		in->count -= n;
		moved += n;
		if (n < chunk)
			break;
	}
	return moved;
}

void vcon_in_clear(struct vcon_in *in)
{
	in->head = in->count = 0;
}

void vcon_focus_init(struct vcon_focus *f)
{
	memset(f, 0, sizeof(*f));
	f->focus = -1;
}

void vcon_focus_add(struct vcon_focus *f, unsigned index, bool is_host)
{
	if (index >= PART_MAX_PARTITIONS)
		return;
	f->present[index] = true;
	f->host[index] = is_host;
	if (f->focus < 0 || (is_host && !f->host[f->focus]) || (!f->host[f->focus] && (int)index < f->focus))
		f->focus = (int)index;
}

enum vcon_key vcon_focus_key(struct vcon_focus *f, uint8_t b)
{
	if (f->escape_pending) {
		f->escape_pending = false;
		if (b >= '0' && b <= '9' && b - '0' < PART_MAX_PARTITIONS && f->present[b - '0']) {
			f->focus = b - '0';
			return VCON_KEY_SWITCHED;
		}
		if (b != VCON_ESCAPE)
			return VCON_KEY_LIST;
	} else if (b == VCON_ESCAPE) {
		f->escape_pending = true;
		return VCON_KEY_NONE;
	}
	return f->focus >= 0 ? VCON_KEY_DELIVER : VCON_KEY_NONE;
}

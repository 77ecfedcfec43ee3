/* Per-partition consoles (see vuart.h). Lock order: the input lock, then a partition's vuart
 * lock, then its vGIC lock; the console lock (console_write) is a leaf. */
#include "arch/arm64/vdev/vuart.h"

#include <string.h>

#include "arch/arm64/cpu/cpu.h"
#include "arch/arm64/cpu/sysreg.h"
#include "arch/arm64/irq/gic.h"
#include "arch/arm64/irq/irq.h"
#include "arch/arm64/vdev/vgic.h"
#include "core/base/console.h"
#include "core/base/format.h"
#include "core/base/log.h"
#include "drivers/platform/pl011.h"

#define CNTHP_CTL_ENABLE BIT64(0)

static uintptr_t phys_uart;
static struct spinlock input_lock;
static struct vuart *by_index[PART_MAX_PARTITIONS]; /* partitions with an emulated PL011 */
static struct vcon_focus keys = { .focus = -1 };    /* who gets typed bytes; under input_lock */
static bool announced;

/* ---- Output ----------------------------------------------------------------------------- */

static void print_line(struct vuart *c, bool newline)
{
	char buf[VUART_TAG_MAX + VCON_LINE_MAX + 1];
	size_t n = c->tag_len;

	memcpy(buf, c->tag, c->tag_len);
	memcpy(buf + n, c->out.line, c->out.len);
	n += c->out.len;
	if (newline)
		buf[n++] = '\n';
	if (newline || c->out.len)
		console_write(buf, n);
	vcon_out_printed(&c->out);
}

/* One byte of output, through the filter (core/vdev/vconsole.c). */
static void out_byte(struct vuart *c, uint8_t b)
{
	enum vcon_emit e = vcon_out_byte(&c->out, b);

	if (e != VCON_KEEP)
		print_line(c, e == VCON_LINE);
}

/* A partial line is printed once the partition has been quiet for VUART_FLUSH_MS: arm this CPU's
 * EL2 physical timer (the partition's vCPU on this CPU wrote it). */
static void arm_flush_timer(void)
{
	uint64_t delay = read_cntfrq_el0() / 1000 * VUART_FLUSH_MS;

	__asm__ volatile("msr cnthp_cval_el2, %0\n\tmsr cnthp_ctl_el2, %1\n\tisb"
			 :
			 : "r"(read_cntpct_el0() + delay), "r"((uint64_t)CNTHP_CTL_ENABLE)
			 : "memory");
}

static void tx_byte(void *ctx, uint8_t byte)
{
	struct vuart *c = ctx;

	c->count.tx++;
	out_byte(c, byte);
}

void vuart_console_write(struct vuart *c, const char *s, size_t n)
{
	bool partial;

	spin_lock(&c->lock);
	for (size_t i = 0; i < n; i++)
		out_byte(c, (uint8_t)s[i]);
	partial = c->out.len != 0;
	spin_unlock(&c->lock);
	if (partial)
		arm_flush_timer();
}

void vuart_flush(struct vuart *c)
{
	spin_lock(&c->lock);
	if (c->out.len)
		print_line(c, false);
	spin_unlock(&c->lock);
}

void vuart_flush_timer_expired(struct vuart *c)
{
	__asm__ volatile("msr cnthp_ctl_el2, xzr\n\tisb" : : : "memory");
	if (c)
		vuart_flush(c);
}

/* ---- Input -------------------------------------------------------------------------------- */

/* Move typed bytes into the RX FIFO as far as they fit, and update the UART's interrupt line.
 * Lock held. */
static void rx_refill(struct vuart *c)
{
	c->count.rx += vcon_in_drain(&c->in, &c->u);
	vgic_set_spi_line(c->gic, c->spec->vuart.intid, vpl011_irq_level(&c->u));
}

static void deliver(struct vuart *c, uint8_t b)
{
	spin_lock(&c->lock);
	vcon_in_push(&c->in, b);
	rx_refill(c);
	spin_unlock(&c->lock);
}

static void list_partitions(void)
{
	char buf[256];
	size_t n = 0;

	buf[0] = '\0';
	for (unsigned i = 0; i < PART_MAX_PARTITIONS && n < sizeof(buf); i++)
		if (by_index[i])
			n += (size_t)fmt_snprintf(buf + n, sizeof(buf) - n, " %u=%s%s", i, by_index[i]->spec->name,
						  (int)i == keys.focus ? "*" : "");
	log_printf("bulkhead: console input: Ctrl-] N gives it to partition N:%s; Ctrl-] Ctrl-] sends Ctrl-]\n",
		   n ? buf : " (none)");
}

/* Input lock held. */
static void input_byte(uint8_t b)
{
	switch (vcon_focus_key(&keys, b)) {
	case VCON_KEY_DELIVER:
		deliver(by_index[keys.focus], b);
		return;
	case VCON_KEY_SWITCHED:
		log_printf("bulkhead: console input -> %s\n", by_index[keys.focus]->spec->name);
		return;
	case VCON_KEY_LIST:
		list_partitions();
		return;
	case VCON_KEY_NONE:
		return;
	}
}

static void rx_irq(uint32_t intid, void *ctx, struct trap_frame *f)
{
	uint8_t buf[32];
	size_t n;

	(void)intid;
	(void)ctx;
	(void)f;
	spin_lock(&input_lock);
	do {
		n = pl011_rx_read(phys_uart, buf, sizeof(buf));
		for (size_t i = 0; i < n; i++)
			input_byte(buf[i]);
	} while (n == sizeof(buf));
	spin_unlock(&input_lock);
}

void vuart_global_init(const struct platform *plat)
{
	const struct plat_device *con;
	uint64_t me = read_mpidr_el1() & MPIDR_AFFINITY_MASK;

	if (plat->console < 0 || !plat->console_base)
		return;
	con = &plat->devices[plat->console];
	phys_uart = (uintptr_t)plat->console_base;
	if (!con->n_irqs || con->irqs[0].ppi || !irq_register(con->irqs[0].intid, rx_irq, NULL, false)) {
		log_printf("console: no receive interrupt: console input is not available\n");
		return;
	}
	pl011_rx_enable(phys_uart);
	gic_spi_enable(con->irqs[0].intid, false, me, 0x80);
}

void vuart_announce(void)
{
	if (announced || keys.focus < 0)
		return;
	announced = true;
	log_printf("bulkhead: console input -> %s (Ctrl-] N switches to partition N)\n",
		   by_index[keys.focus]->spec->name);
}

/* ---- Partitions ----------------------------------------------------------------------------- */

void vuart_init(struct vuart *c, const struct partition_spec *spec, struct vgic_part *gic)
{
	int n;

	memset(c, 0, sizeof(*c));
	c->spec = spec;
	c->gic = gic;
	n = fmt_snprintf(c->tag, sizeof(c->tag), "[%s] ", spec->name);
	c->tag_len = n > 0 && (size_t)n < sizeof(c->tag) ? (unsigned)n : 0;
	vpl011_init(&c->u, tx_byte, c);
	if (!spec->vuart.present || spec->index >= PART_MAX_PARTITIONS)
		return;
	spin_lock(&input_lock);
	by_index[spec->index] = c;
	vcon_focus_add(&keys, spec->index, spec->is_host);
	spin_unlock(&input_lock);
}

void vuart_reset(struct vuart *c)
{

	spin_lock(&c->lock);
	if (c->out.len)
		print_line(c, true);
	vcon_out_reset(&c->out);
	vpl011_reset(&c->u);
	vcon_in_clear(&c->in);
	if (c->spec->vuart.present)
		vgic_set_spi_line(c->gic, c->spec->vuart.intid, false);
	spin_unlock(&c->lock);
}

enum vdev_outcome vuart_mmio(void *dev, unsigned vcpu, struct vdev_access *a)
{
	struct vuart *c = dev;
	const struct part_vuart *v = &c->spec->vuart;
	bool ok, partial;

	(void)vcpu;
	if (!v->present || !vdev_in_window(a, v->base, v->size))
		return VDEV_NOT_MINE;
	if (a->kind != VDEV_LOAD_STORE)
		return vdev_not_load_store(a, "virtual UART");
	spin_lock(&c->lock);
	c->count.accesses++;
	ok = vpl011_access(&c->u, a->ipa - v->base, a->size, a->write, &a->val);
	rx_refill(c);
	partial = c->out.len != 0;
	spin_unlock(&c->lock);
	if (!ok)
		return vdev_refuse(a, "virtual UART");
	if (partial && a->write)
		arm_flush_timer();
	return VDEV_HANDLED;
}

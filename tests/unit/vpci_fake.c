/* The fake machine of vpci_fake.h. Every value is written out from the PCI specs and QEMU virt's
 * device tree, not derived from the code under test. */
#include "tests/unit/vpci_fake.h"

#include <stdlib.h>
#include <string.h>

#include "core/base/diag.h"

uint32_t vf_get(const struct vf_fn *fn, unsigned off, unsigned size)
{
	uint32_t v = 0;

	for (unsigned i = 0; i < size; i++)
		v |= (uint32_t)fn->cfg[off + i] << (8 * i);
	return v;
}

void vf_set(struct vf_fn *fn, unsigned off, unsigned size, uint32_t val)
{
	for (unsigned i = 0; i < size; i++)
		fn->cfg[off + i] = (uint8_t)(val >> (8 * i));
}

static void set_mask(uint8_t *m, unsigned off, unsigned size, uint32_t val)
{
	for (unsigned i = 0; i < size; i++)
		m[off + i] = (uint8_t)(val >> (8 * i));
}

static struct vf_fn *find(struct vpci_fake *f, unsigned host, uint16_t bdf)
{
	for (unsigned i = 0; i < VF_N && host == 0; i++)
		if (f->fns[i].bdf == bdf)
			return &f->fns[i];
	return NULL;
}

static uint32_t fake_read(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size)
{
	struct vf_fn *fn = find(ctx, host, bdf);

	if (!fn)
		return 0xffffffffu;
	return vf_get(fn, off, size);
}

static void fake_write(void *ctx, unsigned host, uint16_t bdf, uint16_t off, unsigned size, uint32_t val)
{
	struct vpci_fake *f = ctx;
	struct vf_fn *fn = find(f, host, bdf);

	if (f->n_writes < sizeof(f->writes) / sizeof(f->writes[0]))
		f->writes[f->n_writes++] = (struct vf_write){ bdf, off, size, val };
	if (!fn)
		return;
	for (unsigned i = 0; i < size; i++) {
		uint8_t b = (uint8_t)(val >> (8 * i)), *c = &fn->cfg[off + i];

		*c = (uint8_t)((*c & ~fn->wmask[off + i]) | (b & fn->wmask[off + i]));
		*c = (uint8_t)(*c & ~(b & fn->w1c[off + i]));
	}
}

/* A type 0 header: IDs, class, command (memory, master, INTx disable and I/O writable; parity,
 * SERR too, as on real devices), status RW1C bits, cache line size, pin. */
static void endpoint(struct vf_fn *fn, uint16_t bdf, uint32_t id, uint32_t class_rev, uint8_t hdr, uint8_t pin)
{
	fn->bdf = bdf;
	vf_set(fn, 0x00, 4, id);
	vf_set(fn, 0x04, 4, 0x00100006); /* cap list; memory + master on */
	set_mask(fn->wmask, 0x04, 2, 0x0547);
	set_mask(fn->w1c, 0x06, 2, 0xf900);
	vf_set(fn, 0x08, 4, class_rev);
	vf_set(fn, 0x0c, 4, (uint32_t)hdr << 16);
	set_mask(fn->wmask, 0x0c, 1, 0xff);
	vf_set(fn, 0x2c, 4, 0x11001af4);
	vf_set(fn, 0x3c, 4, (uint32_t)pin << 8 | 0xff);
	set_mask(fn->wmask, 0x3c, 1, 0xff);
}

static void caps_a(struct vf_fn *fn)
{
	vf_set(fn, 0x10, 4, 0x10000000);
	vf_set(fn, 0x18, 4, 0x0000000c); /* 64-bit prefetchable, low half */
	vf_set(fn, 0x1c, 4, 0x00000080); /* 0x80_0000_0000 */
	vf_set(fn, 0x20, 4, 0x00001001); /* I/O at 0x1000 */
	vf_set(fn, 0x30, 4, 0xfffc0000); /* a ROM the partition must not see */
	vf_set(fn, 0x34, 1, 0x40);
	vf_set(fn, 0x40, 4, 0x001f5011); /* MSI-X, next 0x50, 32 vectors */
	vf_set(fn, 0x50, 4, 0x00036001); /* PM, next 0x60, PMC 0x0003 */
	vf_set(fn, 0x54, 4, 0x00000008); /* PMCSR: D0, No_Soft_Reset */
	vf_set(fn, 0x60, 4, 0x00107009); /* vendor, next 0x70, 16 bytes */
	vf_set(fn, 0x64, 4, 0xdeadbeef);
	vf_set(fn, 0x68, 4, 0x01234567);
	vf_set(fn, 0x6c, 4, 0x89abcdef);
	vf_set(fn, 0x70, 4, 0x00808005); /* MSI, next 0x80, 64-bit */
	vf_set(fn, 0x80, 4, 0x00020010); /* PCI Express v2 endpoint, last */
	vf_set(fn, 0x84, 4, 0x10008fc0); /* DevCap: FLR (bit 28) and more */
	vf_set(fn, 0x88, 4, 0x0001201f); /* DevCtl 0x201f, DevSta correctable error detected */
	set_mask(fn->wmask, 0x88, 2, 0xfcff);
	set_mask(fn->w1c, 0x8a, 2, 0x004f);
	vf_set(fn, 0x8c, 4, 0x00437c12); /* LinkCap */
	vf_set(fn, 0x90, 4, 0x10110040); /* LinkCtl common clock, LinkSta */
	set_mask(fn->wmask, 0x90, 2, 0x0ffb);
	vf_set(fn, 0xa4, 4, 0x0000001f);  /* DevCap2 */
	vf_set(fn, 0x100, 4, 0x14020001); /* AER v2, next 0x140 */
}

static void add_fn(struct vpci_fake *f, int which, uint8_t bus, uint8_t dev, uint8_t fnum, bool bridge, int parent)
{
	struct diag_list dl;
	struct pci_function *p;

	diag_init(&dl);
	p = pci_topology_add(&f->topo, &dl);
	p->bus = bus;
	p->dev = dev;
	p->fn = fnum;
	p->vendor = (uint16_t)vf_get(&f->fns[which], 0, 2);
	p->device = (uint16_t)vf_get(&f->fns[which], 2, 2);
	p->class_code = vf_get(&f->fns[which], 8, 4) >> 8;
	p->header_type = f->fns[which].cfg[0x0e];
	p->multifunction = (p->header_type & 0x80) || fnum;
	p->is_bridge = bridge;
	p->secondary = p->subordinate = bridge ? 1 : 0;
	p->parent = parent;
	p->int_pin = f->fns[which].cfg[0x3d];
	diag_free(&dl);
}

static void set_bar(struct pci_topology *t, size_t i, unsigned b, uint64_t addr, uint64_t size, bool m64, bool pf,
		    bool io)
{
	t->fns[i].bars[b] = (struct pci_bar){ .addr = addr, .size = size, .mem64 = m64, .prefetch = pf, .io = io };
}

void vpci_fake_init(struct vpci_fake *f)
{
	struct diag_list dl;
	unsigned n = 0;

	memset(f, 0, sizeof(*f));
	f->ranges[0] = (struct plat_pci_range){ 2, false, 0x10000000, 0x10000000, 0x2eff0000 };
	f->ranges[1] = (struct plat_pci_range){ 3, false, 0x8000000000, 0x8000000000, 0x8000000000 };
	for (uint32_t slot = 0; slot < 4; slot++)
		for (uint32_t pin = 1; pin <= 4; pin++)
			f->intx[n++] = (struct plat_intx_route){ slot << 11,
								 pin,
								 { 32 + 3 + (slot + pin - 1) % 4, 4, false } };
	f->host = (struct plat_pci_host){ .path = (char *)"/pcie@10000000",
					  .ecam = { 0x4010000000, 0x10000000 },
					  .bus_end = 0xff,
					  .ranges = f->ranges,
					  .n_ranges = 2,
					  .intx = f->intx,
					  .n_intx = n,
					  .intx_mask_hi = 0x1800,
					  .intx_mask_pin = 7 };
	f->plat.pci_hosts = &f->host;
	f->plat.n_pci_hosts = 1;

	endpoint(&f->fns[VF_A], 0x0010, 0x11e81234, 0x00ff0010, 0x00, 1);
	caps_a(&f->fns[VF_A]);
	endpoint(&f->fns[VF_RP], 0x0018, 0x000c1b36, 0x06040000, 0x01, 1);
	endpoint(&f->fns[VF_B0], 0x0100, 0x00101b36, 0x01080202, 0x80, 1);
	vf_set(&f->fns[VF_B0], 0x04, 4, 0x00000000); /* no capabilities, decoding off */
	vf_set(&f->fns[VF_B0], 0x10, 4, 0x10200000);
	endpoint(&f->fns[VF_B1], 0x0101, 0x00111b36, 0x01080202, 0x80, 2);
	vf_set(&f->fns[VF_B1], 0x04, 4, 0x00000000);
	endpoint(&f->fns[VF_C], 0x0020, 0x11e81234, 0x00ff0010, 0x00, 1);
	vf_set(&f->fns[VF_C], 0x10, 4, 0x10100000);

	diag_init(&dl);
	pci_topology_begin(&f->topo, 1, &dl);
	add_fn(f, VF_A, 0, 2, 0, false, -1);
	add_fn(f, VF_RP, 0, 3, 0, true, -1);
	add_fn(f, VF_B0, 1, 0, 0, false, 1);
	add_fn(f, VF_B1, 1, 0, 1, false, 1);
	add_fn(f, VF_C, 0, 4, 0, false, -1);
	pci_topology_finish(&f->topo, &f->plat, &dl);
	diag_free(&dl);
	/* canonical order: 00:02.0, 00:03.0, 00:04.0, 01:00.0, 01:00.1 */
	f->idx[VF_A] = 0;
	f->idx[VF_RP] = 1;
	f->idx[VF_C] = 2;
	f->idx[VF_B0] = 3;
	f->idx[VF_B1] = 4;
	set_bar(&f->topo, f->idx[VF_A], 0, 0x10000000, 0x1000, false, false, false);
	set_bar(&f->topo, f->idx[VF_A], 2, 0x8000000000, 0x100000, true, true, false);
	set_bar(&f->topo, f->idx[VF_A], 4, 0x1000, 0x20, false, false, true);
	set_bar(&f->topo, f->idx[VF_B0], 0, 0x10200000, 0x4000, false, false, false);
	set_bar(&f->topo, f->idx[VF_C], 0, 0x10100000, 0x1000, false, false, false);
	f->ops = (struct vpci_phys_ops){ fake_read, fake_write, f };
}

void vpci_fake_free(struct vpci_fake *f)
{
	pci_topology_free(&f->topo);
}

uint32_t vf_guest_read(struct vpci_fake *f, struct vpci_bus *bus, uint8_t devfn, unsigned reg, unsigned size)
{
	return vpci_cfg_read(bus, &f->ops, VPCI_ECAM_OFF(devfn, reg), size);
}

void vf_guest_write(struct vpci_fake *f, struct vpci_bus *bus, uint8_t devfn, unsigned reg, unsigned size, uint32_t val)
{
	vpci_cfg_write(bus, &f->ops, VPCI_ECAM_OFF(devfn, reg), size, val);
}

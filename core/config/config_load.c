/* Finding the config and the images U-Boot loaded, from the board FDT's /chosen (docs/boot.md):
 *
 *   /chosen {
 *       bulkhead,config = <addr-hi addr-lo>;             the config DTB
 *       bulkhead-images {
 *           Image = <addr-hi addr-lo size-hi size-lo>;   one property per file
 *       };
 *   };
 *
 * U-Boot writes these (scripts/gen-bootscr.py makes the script that does). Everything here is
 * external input: each address is checked to lie in RAM and inside the staging window the
 * hypervisor reserved for it, before a single byte is read. */
#include <libfdt.h>
#include <stdlib.h>
#include <string.h>

#include "core/config/config.h"
#include "core/fdt/fdt_check.h"
#include "core/fdt/fdt_index.h"
#include "core/fdt/fdt_props.h"
#include "core/base/format.h"

#define MAX_IMAGES 256

static bool in_ram(const struct platform *plat, uint64_t base, uint64_t size)
{
	for (size_t i = 0; i < plat->n_mem; i++)
		if (range_within(base, size, plat->mem[i].base, plat->mem[i].size))
			return true;
	return false;
}

/* [base, base+size) is RAM inside the staging window: returns the pointer to it, else records
 * `code` and returns NULL. */
static const void *reach(const struct platform *plat, const struct cfg_window *w, uint64_t base, uint64_t size,
			 const char *code, const char *path, const char *prop, const char *what, struct diag_list *dl)
{
	char r[48];

	fmt_snprintf(r, sizeof(r), "0x%llx-0x%llx", (unsigned long long)base,
		     (unsigned long long)(base + (size ? size - 1 : 0)));
	if (!in_ram(plat, base, size ? size : 1)) {
		diag_error(dl, code, path, prop, "%s at %s is not in RAM", what, r);
		return NULL;
	}
	if (!range_within(base, size ? size : 1, w->pa, w->size)) {
		char s[48];

		fmt_snprintf(s, sizeof(s), "0x%llx-0x%llx", (unsigned long long)w->pa,
			     (unsigned long long)(w->pa + (w->size ? w->size - 1 : 0)));
		diag_error(dl, code, path, prop,
			   "%s at %s is outside the hypervisor's staging area %s, where partitions cannot overwrite it",
			   what, r, s);
		return NULL;
	}
	return (const char *)w->ptr + (base - w->pa);
}

static bool locate_config(const void *fdt, int chosen, const struct platform *plat, const struct cfg_window *w,
			  struct config_blobs *out, struct diag_list *dl)
{
	uint64_t addr, total;
	const void *hdr;

	switch (fdtp_u64(fdt, chosen, "bulkhead,config", &addr, dl)) {
	case FDTP_OK:
		break;
	case FDTP_ABSENT:
		diag_error(dl, "cfg-blob-missing", "/chosen", "bulkhead,config",
			   "missing: U-Boot did not say where it loaded the partition config (see docs/boot.md)");
		return false;
	case FDTP_BAD:
		return false;
	}
	hdr = reach(plat, w, addr, sizeof(struct fdt_header), "cfg-blob-outside", "/chosen", "bulkhead,config",
		    "the config", dl);
	if (!hdr)
		return false;
	/* libfdt wants its blob 8-byte aligned (U-Boot loads files page-aligned); found by fuzz/. */
	if ((addr | (uintptr_t)hdr) & 7) {
		diag_error(dl, "cfg-bad-header", "/chosen", "bulkhead,config",
			   "the config at 0x%llx is not 8-byte aligned", (unsigned long long)addr);
		return false;
	}
	if (fdt_magic(hdr) != FDT_MAGIC) {
		diag_error(dl, "cfg-bad-header", "/chosen", "bulkhead,config",
			   "no device tree blob at 0x%llx (bad magic 0x%08x)", (unsigned long long)addr,
			   fdt_magic(hdr));
		return false;
	}
	total = fdt_totalsize(hdr);
	if (total < sizeof(struct fdt_header) || total > CFG_MAX_BLOB_SIZE) {
		diag_error(dl, "cfg-bad-header", "/chosen", "bulkhead,config",
			   "the config at 0x%llx claims %llu bytes: at most %llu", (unsigned long long)addr,
			   (unsigned long long)total, (unsigned long long)CFG_MAX_BLOB_SIZE);
		return false;
	}
	if (!reach(plat, w, addr, total, "cfg-blob-outside", "/chosen", "bulkhead,config", "the config", dl))
		return false;
	if (fdt_check_header(hdr) != 0 || fdt_version(hdr) < 17) {
		diag_error(dl, "cfg-bad-header", "/chosen", "bulkhead,config",
			   "the config at 0x%llx has a bad device tree header", (unsigned long long)addr);
		return false;
	}
	out->config = hdr;
	out->config_pa = addr;
	out->config_size = (size_t)total;
	return true;
}

static bool locate_images(const void *fdt, int chosen, const struct platform *plat, const struct cfg_window *w,
			  struct config_blobs *out, struct diag_list *dl)
{
	int node = fdt_subnode_offset(fdt, chosen, "bulkhead-images");
	size_t errors = dl->errors;
	int off;

	if (node < 0)
		return true; /* no images: each partition's `kernel` will be reported missing */
	fdt_for_each_property_offset(off, fdt, node)
	{
		const char *name;
		int len;
		const fdt32_t *v = fdt_getprop_by_offset(fdt, off, &name, &len);
		uint64_t addr, size;
		const void *data;
		struct cfg_image *q;

		if (!v || !name)
			break;
		if (strcmp(name, "phandle") == 0 || strcmp(name, "name") == 0)
			continue;
		if (len != 16) {
			diag_error(dl, "dt-truncated-property", "/chosen/bulkhead-images", name,
				   "expected <addr-hi addr-lo size-hi size-lo>");
			continue;
		}
		addr = ((uint64_t)fdt32_ld(v) << 32) | fdt32_ld(v + 1);
		size = ((uint64_t)fdt32_ld(v + 2) << 32) | fdt32_ld(v + 3);
		data = reach(plat, w, addr, size, "cfg-image-outside", "/chosen/bulkhead-images", name, "the image",
			     dl);
		if (!data)
			continue;
		if (out->n_images >= MAX_IMAGES) {
			diag_error(dl, "cfg-too-many-images", "/chosen/bulkhead-images", name, "more than %d images",
				   MAX_IMAGES);
			break;
		}
		q = realloc(out->images, (out->n_images + 1) * sizeof(*q));
		if (!q) {
			dl->out_of_memory = true;
			return false;
		}
		out->images = q;
		out->images[out->n_images++] = (struct cfg_image){ name, addr, size, data };
	}
	return dl->errors == errors;
}

bool config_locate(const void *board_fdt, const struct platform *plat, const struct cfg_window *staging,
		   struct config_blobs *out, struct diag_list *dl)
{
	int chosen;
	bool ok;

	memset(out, 0, sizeof(*out));
	/* Normally platform_discover() has checked the board already; this function must not rely
	 * on that (fuzz/ found libfdt looping on a board it had refused), unless the board is the
	 * indexed blob, which was checked when indexed. */
	if (!fdt_index_covers(board_fdt) &&
	    (fdt_check_header(board_fdt) != 0 || fdt_check_blob(board_fdt, fdt_totalsize(board_fdt)) != 0)) {
		diag_error(dl, "cfg-blob-missing", "/chosen", NULL,
			   "the board device tree is malformed: no partition config can be found in it");
		return false;
	}
	chosen = fdtp_path_offset(board_fdt, "/chosen");
	if (chosen < 0) {
		diag_error(dl, "cfg-blob-missing", "/chosen", NULL,
			   "no /chosen node: U-Boot did not say where it loaded the partition config");
		return false;
	}
	ok = locate_config(board_fdt, chosen, plat, staging, out, dl);
	return locate_images(board_fdt, chosen, plat, staging, out, dl) && ok;
}

void config_blobs_free(struct config_blobs *b)
{
	free(b->images);
	memset(b, 0, sizeof(*b));
}

const struct cfg_image *config_find_image(const struct config_blobs *b, const char *name)
{
	for (size_t i = 0; b && i < b->n_images; i++)
		if (strcmp(b->images[i].name, name) == 0)
			return &b->images[i];
	return NULL;
}

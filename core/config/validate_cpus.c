/* CPU rules: every partition has at least one CPU, every CPU named exists on the board (by MPIDR,
 * the `reg` of its /cpus node), and no CPU belongs to two partitions: vCPUs are pinned, one per
 * physical CPU. */
#include <stdlib.h>

#include "core/base/format.h"
#include "core/base/log.h"
#include "core/config/validate_internal.h"

static void list_board_cpus(const struct platform *plat, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < plat->n_cpus && used < len; i++)
		used += (size_t)fmt_snprintf(buf + used, len - used, "%s0x%llx", i ? " " : "",
					     (unsigned long long)plat->cpus[i].mpidr);
}

void validate_cpus(struct vctx *v)
{
	const struct platform *plat = v->plat;
	int *owner = calloc(plat->n_cpus + 1, sizeof(*owner));
	char board[LOG_LINE_MAX / 2];

	if (!owner) {
		v->dl->out_of_memory = true;
		return;
	}
	for (size_t c = 0; c < plat->n_cpus; c++)
		owner[c] = -1;
	list_board_cpus(plat, board, sizeof(board));

	for (size_t i = 0; i < v->cfg->n_parts; i++) {
		const struct cfg_partition *part = &v->cfg->parts[i];
		struct pmap_partition *mp = &v->map->parts[i];

		if (part->n_cpus == 0 && !(part->bad & CFG_BAD_CPUS))
			diag_error(v->dl, "cfg-no-cpu", part->path, "cpus",
				   "partition '%s' has no CPU: name at least one MPIDR from the board's /cpus",
				   part->name);
		for (size_t k = 0; k < part->n_cpus; k++) {
			uint64_t mpidr = part->cpus[k];
			size_t c;

			for (c = 0; c < plat->n_cpus; c++)
				if (plat->cpus[c].mpidr == mpidr)
					break;
			if (c == plat->n_cpus) {
				diag_error(v->dl, "cfg-cpu-missing", part->path, "cpus",
					   "CPU 0x%llx is not on the board (its CPUs: %s)", (unsigned long long)mpidr,
					   board);
				continue;
			}
			if (owner[c] >= 0) {
				if (owner[c] == (int)i)
					diag_error(v->dl, "cfg-cpu-twice", part->path, "cpus",
						   "CPU 0x%llx (%s) is listed twice", (unsigned long long)mpidr,
						   plat->cpus[c].path);
				else
					diag_error(v->dl, "cfg-cpu-twice", part->path, "cpus",
						   "CPU 0x%llx (%s) is already assigned to partition '%s'",
						   (unsigned long long)mpidr, plat->cpus[c].path,
						   v->cfg->parts[owner[c]].name);
				continue;
			}
			owner[c] = (int)i;
			if (!vctx_push_size(v, &mp->cpus, &mp->n_cpus, c))
				break;
		}
	}
	free(owner);
}

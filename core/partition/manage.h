/* The management interface (docs/guest-abi.md, "Management"): which partition may do what to
 * which, what a stop, start or restart does in each run state, and the text a listing returns.
 * Pure: the trap side (arch/arm64/vm/manage_call.c) snapshots the partitions, asks here, and only
 * then touches the run machinery. */
#ifndef BULKHEAD_CORE_MANAGE_H
#define BULKHEAD_CORE_MANAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MGMT_VERSION 1
#define MGMT_NAME_MAX 32 /* bytes of a target name, its NUL included */

enum mgmt_op {
	MGMT_OP_LIST = 1,     /* every partition: state, CPUs, memory, boots, last stop */
	MGMT_OP_GROUPS = 2,   /* every isolation group: owner and members */
	MGMT_OP_STATS = 3,    /* one partition's exit and fault counters */
	MGMT_OP_STOP = 4,     /* needs `manages` */
	MGMT_OP_START = 5,    /* needs `manages` */
	MGMT_OP_RESTART = 6,  /* needs `manages` */
	MGMT_OP_CHANNELS = 7, /* the channels the caller maps, with its doorbell count of each */
	MGMT_OP_RING = 8,     /* ring a channel the caller maps: the doorbell of every other member */
};

/* Results: 0 or one of these (returned in x0, or the window's STATUS, as a signed value). */
#define MGMT_OK 0
#define MGMT_ERR_OP (-1)         /* no such operation */
#define MGMT_ERR_INVALID (-2)    /* malformed name, or a buffer outside the caller's memory */
#define MGMT_ERR_DENIED (-3)     /* the caller's `manages` does not name the target */
#define MGMT_ERR_NO_TARGET (-4)  /* no partition of that name */
#define MGMT_ERR_STATE (-5)      /* not possible in the target's state (stop a stopped one, ...) */
#define MGMT_ERR_TOO_LONG (-6)   /* the result is larger than the buffer: nothing written */
#define MGMT_ERR_NO_CHANNEL (-7) /* ring: the caller maps no channel of that name */

enum mgmt_state { MGMT_RUNNING, MGMT_STOPPING, MGMT_STOPPED, MGMT_RESETTING };

/* Why a partition last stopped (or restarted). */
enum mgmt_stop {
	MGMT_STOP_NONE,
	MGMT_STOP_FAULT,
	MGMT_STOP_SYSTEM_OFF,
	MGMT_STOP_SYSTEM_RESET,
	MGMT_STOP_MANAGED, /* by a management stop */
	MGMT_STOP_MANAGED_RESTART,
};

/* What the run machinery is to do once a call is allowed. */
enum mgmt_action {
	MGMT_ACT_NONE,    /* a read: nothing to change */
	MGMT_ACT_STOP,    /* park every vCPU, the partition stays stopped */
	MGMT_ACT_RESTART, /* park every vCPU, reload pristine images, boot again */
	MGMT_ACT_BOOT,    /* stopped: reload pristine images and boot */
};

/* One of enum mgmt_op. */
bool mgmt_op_known(int op);
/* The op names a target (stats, stop, start, restart: a partition; ring: a channel). */
bool mgmt_op_has_target(int op);

/* May a partition whose `manages` mask is `manages` do `op` to partition `target`, which is in
 * `state`? MGMT_OK with *act set, or the refusal. Reads are allowed to every partition. */
int mgmt_decide(uint32_t manages, unsigned target, int op, enum mgmt_state state, enum mgmt_action *act);

/* The target name of a call: MGMT_NAME_MAX bytes, little-endian in 4 words (x4..x7 of the
 * hypercall, the window's NAME registers). False unless NUL-terminated, non-empty, and made of
 * partition-name characters (a-z 0-9 - _). */
bool mgmt_name_unpack(const uint64_t words[4], char out[MGMT_NAME_MAX]);

const char *mgmt_op_name(int op);
const char *mgmt_err_name(int err);
const char *mgmt_state_name(enum mgmt_state s);
const char *mgmt_stop_name(enum mgmt_stop s);

/* A result being written: text lines, docs/guest-abi.md. Once full, `overflow` stays set and
 * `len` counts what would have been needed. */
struct mgmt_out {
	char *buf;
	size_t cap;
	size_t len;
	bool overflow;
};

void mgmt_out_init(struct mgmt_out *o, char *buf, size_t cap);
void mgmt_printf(struct mgmt_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

struct mgmt_part_info {
	const char *name;
	enum mgmt_state state;
	unsigned n_vcpus;
	uint64_t memory; /* bytes */
	unsigned boots;
	enum mgmt_stop last_stop;
	bool host;
};

/* "partition name=N state=S cpus=C memory=BYTES boots=B last-stop=R host=0|1\n" */
void mgmt_format_partition(struct mgmt_out *o, const struct mgmt_part_info *pi);
struct partition_map;
struct group_set;
/* One line per isolation group, "group id=I owner=NAME members=M1,M2\n" (owner "none" when no
 * partition holds it; members are DT paths or PCI addresses). */
void mgmt_format_groups(struct mgmt_out *o, const struct partition_map *map, const struct group_set *gs);
/* One channel as the calling partition maps it. */
struct mgmt_chan_info {
	const char *name;
	uint64_t size;
	uint64_t ipa;
	bool read_only;
	uint32_t doorbell;
	uint64_t rings;           /* doorbells this partition received on the channel since bulkhead booted */
	const char *const *peers; /* the other partitions on the channel */
	size_t n_peers;
};
/* "channel name=N size=BYTES ipa=0xADDR access=read-write|read-only doorbell=INTID rings=R
 * peers=P1,P2\n" */
void mgmt_format_channel(struct mgmt_out *o, const struct mgmt_chan_info *ci);
/* "stats name=N total=T K1=V1 K2=V2 ...\n" */
void mgmt_format_counters(struct mgmt_out *o, const char *name, const char *const *keys, const uint64_t *vals,
			  size_t n);

#endif

/* The management window: an emulated MMIO device through which a partition's user space (the
 * `bulkhead` tool, via /dev/mem) makes management calls, since EL0 cannot issue HVC. Layout and
 * protocol: docs/guest-abi.md, "Management window". This is the register model; the dispatcher
 * (arch/arm64/vm/manage_call.c) runs the call a COMMAND write asks for and stores its result with
 * mgmt_window_result(). */
#ifndef BULKHEAD_CORE_MGMT_WINDOW_H
#define BULKHEAD_CORE_MGMT_WINDOW_H

#include <stdbool.h>
#include <stdint.h>

#include "core/partition/manage.h"
#include "core/vdev/vdev.h"

#define MGMT_WINDOW_IPA UINT64_C(0x09f00000) /* a hole of QEMU virt's memory map */
#define MGMT_WINDOW_SIZE UINT64_C(0x2000)

#define MGMT_REG_MAGIC 0x000   /* RO: MGMT_MAGIC */
#define MGMT_REG_VERSION 0x004 /* RO: MGMT_VERSION */
#define MGMT_REG_COMMAND 0x008 /* WO: an operation (enum mgmt_op): runs it */
#define MGMT_REG_STATUS 0x00c  /* RO: the last command's result, MGMT_OK or MGMT_ERR_* */
#define MGMT_REG_LENGTH 0x010  /* RO: bytes of result text in DATA */
#define MGMT_REG_NAME 0x020    /* RW: 0x020-0x03f, the target name, NUL-padded */
#define MGMT_REG_DATA 0x1000   /* RO: 0x1000-0x1fff, the result text */
#define MGMT_DATA_SIZE 0x1000
#define MGMT_MAGIC 0x424b4844u /* "BKHD" */

struct mgmt_window {
	uint64_t name[4]; /* the NAME registers, as mgmt_name_unpack() reads them */
	int32_t status;
	uint32_t length;
	char data[MGMT_DATA_SIZE];
};

void mgmt_window_reset(struct mgmt_window *w);

/* An access at `base` + offset. Only aligned 32-bit loads and stores; a store to COMMAND sets
 * *command to the operation (0 otherwise) and leaves the call to the caller. */
enum vdev_outcome mgmt_window_access(struct mgmt_window *w, uint64_t base, struct vdev_access *a, int *command);

/* The result of the command: status, and the text when status is MGMT_OK. */
void mgmt_window_result(struct mgmt_window *w, int status, const char *text, uint32_t len);

#endif

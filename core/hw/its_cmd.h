/* GICv3/v4 ITS commands as pure functions: the 32-byte command layout (four little-endian 64-bit
 * doublewords DW0..DW3), a decoder for what a guest wrote into its command queue and an encoder
 * for what bulkhead writes into the physical ITS's queue.
 *
 * Field positions are those of the GICv3/v4 architecture specification (IHI 0069), chapter "ITS
 * commands" (the command descriptions of MAPD, MAPC, MAPTI, ... and of the GICv4.0 V* commands):
 *
 *   DW0 [7:0]   command number (all commands)
 *       [63:32] DeviceID (commands that name a device: MAPD, MAPTI, MAPI, MOVI, DISCARD, INV,
 *               INT, CLEAR, VMAPTI, VMAPI, VMOVI)
 *       [47:32] Sequence number (VMOVP)
 *   DW1 [31:0]  EventID (the same device commands)
 *       [63:32] pINTID (MAPTI)
 *       [4:0]   Size: EventID bits - 1 (MAPD)
 *       [47:32] vPEID (VMAPP, VMAPTI, VMAPI, VMOVI, VMOVP, VSYNC, VINVALL)
 *       [15:0]  ITS list (VMOVP)
 *   DW2 [63]    V: map (1) or unmap (0) (MAPD, MAPC, VMAPP)
 *       [51:8]  ITT address bits [51:8], 256-byte aligned (MAPD)
 *       [51:16] RDbase (MAPC, SYNC, MOVALL's first, VMAPP, VMOVP)
 *       [15:0]  ICID (MAPC, MAPTI, MAPI, MOVI, INVALL)
 *       [31:0]  vINTID (VMAPTI)
 *       [63:32] doorbell pINTID, 1023 = none (VMAPTI, VMAPI, VMOVI)
 *       [0]     D: the doorbell field is valid (VMOVI)
 *   DW3 [51:16] RDbase2 (MOVALL's second), VPT address bits [51:16] (VMAPP)
 *       [4:0]   VPT size: vINTID bits - 1 (VMAPP)
 *
 * RDbase is a processor number when GITS_TYPER.PTA = 0, and the redistributor's physical address
 * bits [51:16] when PTA = 1. struct its_cmd carries the field value; the caller knows which. */
#ifndef BULKHEAD_CORE_ITS_CMD_H
#define BULKHEAD_CORE_ITS_CMD_H

#include <stdbool.h>
#include <stdint.h>

#include "core/base/bitfield.h"

#define ITS_CMD_BYTES 32u
#define ITS_CMD_WORDS 4u

/* DW0 */
#define ITS_CMD_DW0_OPCODE GENMASK64(7, 0)
#define ITS_CMD_DW0_DEVICEID GENMASK64(63, 32)
#define ITS_CMD_DW0_SEQNUM GENMASK64(47, 32)
/* DW1 */
#define ITS_CMD_DW1_EVENTID GENMASK64(31, 0)
#define ITS_CMD_DW1_PINTID GENMASK64(63, 32)
#define ITS_CMD_DW1_SIZE GENMASK64(4, 0)
#define ITS_CMD_DW1_VPEID GENMASK64(47, 32)
#define ITS_CMD_DW1_ITSLIST GENMASK64(15, 0)
/* DW2 */
#define ITS_CMD_DW2_VALID BIT64(63)
#define ITS_CMD_DW2_ITT_ADDR GENMASK64(51, 8)
#define ITS_CMD_DW2_RDBASE GENMASK64(51, 16)
#define ITS_CMD_DW2_ICID GENMASK64(15, 0)
#define ITS_CMD_DW2_VINTID GENMASK64(31, 0)
#define ITS_CMD_DW2_DOORBELL GENMASK64(63, 32)
#define ITS_CMD_DW2_DB_VALID BIT64(0)
/* DW3 */
#define ITS_CMD_DW3_RDBASE2 GENMASK64(51, 16)
#define ITS_CMD_DW3_VPT_ADDR GENMASK64(51, 16)
#define ITS_CMD_DW3_VPT_SIZE GENMASK64(4, 0)

#define ITS_ITT_ALIGN 256u              /* ITT address granule (MAPD keeps bits [51:8]) */
#define ITS_VPT_ALIGN 0x10000u          /* VPT address granule (VMAPP keeps bits [51:16]) */
#define ITS_CMD_MAX_EVENT_BITS 32u      /* MAPD Size + 1 */
#define ITS_DOORBELL_NONE 1023u         /* VMAPTI/VMAPI/VMOVI: no doorbell */
#define ITS_RDBASE_MAX GENMASK64(35, 0) /* the 36-bit RDbase field */

enum its_cmd_op {
	ITS_CMD_MOVI = 0x01,
	ITS_CMD_INT = 0x03,
	ITS_CMD_CLEAR = 0x04,
	ITS_CMD_SYNC = 0x05,
	ITS_CMD_MAPD = 0x08,
	ITS_CMD_MAPC = 0x09,
	ITS_CMD_MAPTI = 0x0a,
	ITS_CMD_MAPI = 0x0b,
	ITS_CMD_INV = 0x0c,
	ITS_CMD_INVALL = 0x0d,
	ITS_CMD_MOVALL = 0x0e,
	ITS_CMD_DISCARD = 0x0f,
	/* GICv4.0 */
	ITS_CMD_VMOVI = 0x21,
	ITS_CMD_VMOVP = 0x22,
	ITS_CMD_VSYNC = 0x25,
	ITS_CMD_VMAPP = 0x29,
	ITS_CMD_VMAPTI = 0x2a,
	ITS_CMD_VMAPI = 0x2b,
	ITS_CMD_VINVALL = 0x2d,
};

/* A command with its fields decoded. Fields a command does not have are zero after decoding
 * and ignored by encoding. */
struct its_cmd {
	enum its_cmd_op op;
	uint32_t devid;
	uint32_t eventid;
	uint32_t intid;    /* MAPTI: pINTID; VMAPTI: vINTID; MAPI, VMAPI: the EventID (implied) */
	uint16_t icid;     /* MAPC, MAPTI, MAPI, MOVI, INVALL */
	uint64_t itt_addr; /* MAPD: byte address of the ITT (a multiple of ITS_ITT_ALIGN) */
	unsigned size;     /* MAPD: EventID bits (1..32); VMAPP: vINTID bits of the VPT (1..32) */
	bool valid;        /* MAPD, MAPC, VMAPP */
	uint64_t rdbase;   /* MAPC, SYNC, MOVALL (from), VMAPP, VMOVP: the RDbase field */
	uint64_t rdbase2;  /* MOVALL (to) */
	uint16_t vpeid;    /* V* commands */
	uint32_t doorbell; /* VMAPTI, VMAPI, VMOVI: doorbell pINTID (ITS_DOORBELL_NONE: none) */
	bool db_valid;     /* VMOVI: D */
	uint64_t vpt_addr; /* VMAPP: byte address of the vPE's pending table */
	uint16_t seqnum;   /* VMOVP */
	uint16_t its_list; /* VMOVP */
};

/* The command in raw (DW0..DW3, already in host order). False for a command number this
 * decoder does not know (out is then zeroed but for op). Reserved bits are ignored, as an ITS
 * does. */
bool its_cmd_decode(const uint64_t raw[ITS_CMD_WORDS], struct its_cmd *out);
/* The four doublewords of c; unused bits are zero. Values wider than their field are cut to
 * it (callers validate before); size 0 encodes as 1 bit. */
void its_cmd_encode(const struct its_cmd *c, uint64_t raw[ITS_CMD_WORDS]);
/* "MAPTI", or "unknown" for a command number the decoder refuses. */
const char *its_cmd_name(unsigned op);

#endif

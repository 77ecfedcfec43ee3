/* Leaving C for good on this CPU (switch_stack.S). */
#ifndef BULKHEAD_ARCH_SWITCH_STACK_H
#define BULKHEAD_ARCH_SWITCH_STACK_H

#include <stdint.h>

struct trap_frame;

/* Run fn on the given stack; never returns. */
__attribute__((noreturn)) void switch_stack_and_run(uint64_t stack_top, void (*fn)(void));
/* Exception return into a guest with every register from the frame. */
__attribute__((noreturn)) void guest_launch(struct trap_frame *frame);

#endif

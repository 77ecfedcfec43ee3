/* Time from the generic timer's physical counter (time.c). */
#ifndef BULKHEAD_ARCH_TIME_H
#define BULKHEAD_ARCH_TIME_H

#include <stdint.h>

uint64_t time_now_ns(void);
void delay_us(uint64_t us);

#endif

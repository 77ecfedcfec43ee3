#ifndef BULKHEAD_TESTS_HOST_CONSOLE_H
#define BULKHEAD_TESTS_HOST_CONSOLE_H

/* What core/ wrote to the console since the last console_clear(). */
const char *console_captured(void);
void console_clear(void);

#endif

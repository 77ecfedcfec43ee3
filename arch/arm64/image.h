/* Symbols of the image layout (image.ld, docs/boot.md). */
#ifndef BULKHEAD_ARCH_IMAGE_H
#define BULKHEAD_ARCH_IMAGE_H

extern char __image_start[], __image_end[], __text_end[], __bss_start[], __bss_end[];
extern char __heap_start[], __heap_end[];

#endif

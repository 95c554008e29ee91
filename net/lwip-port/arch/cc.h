/*
 * arch/cc.h - lwIP's compiler and platform glue (lwIP doc "Porting"): the
 * core never includes platform headers; diagnostics go to the port.
 */
#ifndef PREFLIGHT_LWIP_ARCH_CC_H
#define PREFLIGHT_LWIP_ARCH_CC_H
#include <stdint.h>
#include <stddef.h>

#define BYTE_ORDER LITTLE_ENDIAN
#ifdef PREFLIGHT_EFI
/* The UEFI libc's unistd.h provides ssize_t (boot/efi/libc/include). */
#include <sys/types.h>
#define SSIZE_MAX 0x7fffffffffffffffLL
#endif

void preflight_lwip_diag(const char *message);
void preflight_lwip_assert(const char *message, const char *file, int line);
uint32_t preflight_lwip_rand(void);

#define LWIP_PLATFORM_DIAG(x) ((void)0)
#define LWIP_PLATFORM_ASSERT(x) preflight_lwip_assert((x), __FILE__, __LINE__)
#define LWIP_RAND() preflight_lwip_rand()

#endif

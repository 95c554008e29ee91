/* assert.h - a failed assertion stops the application with a message (boot/efi/libc/abort.c). */
#ifndef PREFLIGHT_LIBC_ASSERT_H
#define PREFLIGHT_LIBC_ASSERT_H
void preflight_assert_failed(const char *expr, const char *file, int line);
#ifdef NDEBUG
#define assert(e) ((void)0)
#else
#define assert(e) ((e) ? (void)0 : preflight_assert_failed(#e, __FILE__, __LINE__))
#endif
#endif

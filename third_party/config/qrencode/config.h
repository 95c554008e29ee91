/*
 * config.h - libqrencode's build configuration (its config.h.in) for the
 * UEFI application and the Linux command: the library only (no PNG, no
 * iconv), no threads (rsecc.c then keeps its tables unguarded, which suits
 * a single-threaded caller).
 */
#ifndef PREFLIGHT_QRENCODE_CONFIG_H
#define PREFLIGHT_QRENCODE_CONFIG_H
#define MAJOR_VERSION 4
#define MINOR_VERSION 1
#define MICRO_VERSION 1
#define VERSION "4.1.1"
#define STATIC_IN_RELEASE static
#define HAVE_STRDUP 1 /* both C libraries have it (split.c would define its own) */
#endif

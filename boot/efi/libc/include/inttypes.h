/* inttypes.h - format macros for the LLP64 UEFI target (long is 32 bits). */
#ifndef PREFLIGHT_LIBC_INTTYPES_H
#define PREFLIGHT_LIBC_INTTYPES_H
#include <stdint.h>
#define PRId8 "d"
#define PRId16 "d"
#define PRId32 "d"
#define PRId64 "lld"
#define PRIi32 "i"
#define PRIu8 "u"
#define PRIu16 "u"
#define PRIu32 "u"
#define PRIu64 "llu"
#define PRIx8 "x"
#define PRIx16 "x"
#define PRIx32 "x"
#define PRIx64 "llx"
#define PRIX32 "X"
#define PRIX64 "llX"
#define PRIxPTR "llx"
#define SCNx32 "x"
#endif

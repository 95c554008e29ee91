/* limits.h - the integer limits of the UEFI build (x86-64, LLP64: long is 32 bits under the Microsoft ABI). */
#ifndef PREFLIGHT_LIBC_LIMITS_H
#define PREFLIGHT_LIBC_LIMITS_H
#define CHAR_BIT 8
#define INT_MAX 0x7fffffff
#define INT_MIN (-INT_MAX - 1)
#define UINT_MAX 0xffffffffU
#define LONG_MAX 0x7fffffffL
#define LONG_MIN (-LONG_MAX - 1L)
#define ULONG_MAX 0xffffffffUL
#endif

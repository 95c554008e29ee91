#ifndef PREFLIGHT_LIBC_SYS_TYPES_H
#define PREFLIGHT_LIBC_SYS_TYPES_H
#include <stddef.h>
typedef long long ssize_t;
typedef long long off_t;
#endif

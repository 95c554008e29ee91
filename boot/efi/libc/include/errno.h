#ifndef PREFLIGHT_LIBC_ERRNO_H
#define PREFLIGHT_LIBC_ERRNO_H
extern int errno;
#define EINVAL 22
#define ENOMEM 12
#define ERANGE 34
#define EIO 5
#define EAGAIN 11
#define EINTR 4
#define ETIMEDOUT 110
#endif

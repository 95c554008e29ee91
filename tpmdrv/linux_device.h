/* linux_device.h - the Linux kernel's TPM character device (/dev/tpmrm0, /dev/tpm0). */
#ifndef PREFLIGHT_LINUX_DEVICE_H
#define PREFLIGHT_LINUX_DEVICE_H
#include "transport.h"

struct device_transport {
	struct tpm_transport base;
	int fd;
};

/* Opens the device; on failure returns -1 with the reason in base.error. */
int device_transport_open(struct device_transport *d, const char *path);
/* Uses an already open descriptor (tests hand in one end of a socket pair). */
void device_transport_attach(struct device_transport *d, int fd, const char *name);

#endif

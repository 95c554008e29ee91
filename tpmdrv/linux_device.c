/*
 * linux_device.c - one command through the kernel TPM driver: write the whole
 * command, wait (bounded) until the response is readable, read it in one go
 * (the kernel returns a whole response per read, Documentation/security/tpm).
 */
#include "linux_device.h"
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "mmio_bus.h"

static enum transport_status device_exchange(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len,
					     uint8_t *rsp, size_t rsp_cap, size_t *rsp_len)
{
	struct device_transport *d = (struct device_transport *)t;
	ssize_t n = write(d->fd, cmd, cmd_len);
	if (n != (ssize_t)cmd_len)
		return transport_fail(t, TRANSPORT_IO_ERROR, "DEV-WRITE-FAILED", "writing the command to the TPM device "
				      "failed: %s", n < 0 ? strerror(errno) : "a short write");
	struct pollfd p = { .fd = d->fd, .events = POLLIN };
	int ready = poll(&p, 1, TPM_COMMAND_TIMEOUT_MS);
	if (ready == 0)
		return transport_fail(t, TRANSPORT_TIMEOUT, "DEV-TIMEOUT", "the TPM device gave no response within 120 s");
	n = ready < 0 ? -1 : read(d->fd, rsp, rsp_cap);
	if (n < 0)
		return transport_fail(t, TRANSPORT_IO_ERROR, "DEV-READ-FAILED", "reading the response from the TPM device "
				      "failed: %s", strerror(errno));
	if (n < TPM_HEADER_SIZE || tpm_header_size(rsp) != (uint32_t)n)
		return transport_fail(t, TRANSPORT_BAD_RESPONSE, "DEV-RSP-SIZE-INVALID", "the TPM device returned %zd "
				      "bytes, not the size its header gives", n);
	*rsp_len = (size_t)n;
	return TRANSPORT_OK;
}

static void device_close(struct tpm_transport *t)
{
	struct device_transport *d = (struct device_transport *)t;
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

void device_transport_attach(struct device_transport *d, int fd, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->base.name = "device";
	d->base.exchange = device_exchange;
	d->base.close = device_close;
	snprintf(d->base.detail, sizeof(d->base.detail), "%s", name);
	d->fd = fd;
}

/* Why open(2) failed, by cause: no such device, not allowed, in use (the kernel lets one process have
 * /dev/tpm0 at a time), or another reason. */
static const char *open_failure_code(int err)
{
	switch (err) {
	case ENOENT: case ENODEV: case ENXIO: return "DEV-NOT-FOUND";
	case EACCES: case EPERM: return "DEV-ACCESS-DENIED";
	case EBUSY: return "DEV-BUSY";
	default: return "DEV-OPEN-FAILED";
	}
}

int device_transport_open(struct device_transport *d, const char *path)
{
	device_transport_attach(d, open(path, O_RDWR | O_CLOEXEC), path);
	if (d->fd < 0) {
		int err = errno;
		transport_fail(&d->base, TRANSPORT_NO_DEVICE, open_failure_code(err), "cannot open %s: %s", path,
			       strerror(err));
		errno = err; /* the caller tells an absent device from a refused one by it */
		return -1;
	}
	return 0;
}

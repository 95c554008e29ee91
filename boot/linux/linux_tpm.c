/* linux_tpm.c - choose and open the TPM transport for the Linux command. */
#include "linux_tpm.h"
#include "tpmdrv/linux_device.h"
#include "tpmdrv/swtpm_socket.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct device_transport device;
static struct swtpm_transport swtpm;

static int open_device(const char *path, struct tpm_connection *conn, const char *how)
{
	snprintf(conn->transport_name, sizeof(conn->transport_name), "device");
	snprintf(conn->how_chosen, sizeof(conn->how_chosen), "%s", how);
	snprintf(conn->location, sizeof(conn->location), "%s", path);
	if (device_transport_open(&device, path) == 0) {
		conn->transport = &device.base;
		return 0;
	}
	int err = errno;
	snprintf(conn->problem, sizeof(conn->problem), "%s", device.base.error);
	transport_code_set(conn->code, device.base.code);
	if (err == ENOENT || err == ENODEV || err == ENXIO) {
		conn->absence = TPM_ABSENT;
		return 0;
	}
	conn->absence = TPM_NO_ANSWER;
	return -1;
}

static int open_swtpm(struct swtpm_transport *s, int ok, struct tpm_connection *conn, const char *spec)
{
	snprintf(conn->transport_name, sizeof(conn->transport_name), "swtpm");
	snprintf(conn->how_chosen, sizeof(conn->how_chosen), "--tpm %s", spec);
	snprintf(conn->location, sizeof(conn->location), "%s", s->base.detail);
	if (ok != 0) {
		snprintf(conn->problem, sizeof(conn->problem), "%s", s->base.error);
		transport_code_set(conn->code, s->base.code);
		return -1;
	}
	conn->transport = &s->base;
	return 0;
}

int linux_tpm_open(const char *spec, struct tpm_connection *conn)
{
	memset(conn, 0, sizeof(*conn));
	if (!spec) {
		if (access("/dev/tpmrm0", F_OK) == 0 || access("/dev/tpm0", F_OK) != 0)
			return open_device("/dev/tpmrm0", conn, "default: the kernel's resource manager");
		return open_device("/dev/tpm0", conn, "default: /dev/tpm0 (no /dev/tpmrm0)");
	}
	if (strncmp(spec, "device:", 7) == 0) {
		char how[120];
		snprintf(how, sizeof(how), "--tpm %s", spec);
		return open_device(spec + 7, conn, how);
	}
	if (strncmp(spec, "swtpm-unix:", 11) == 0)
		return open_swtpm(&swtpm, swtpm_transport_init_unix(&swtpm, spec + 11), conn, spec);
	if (strncmp(spec, "swtpm:", 6) == 0)
		return open_swtpm(&swtpm, swtpm_transport_init_tcp(&swtpm, spec + 6), conn, spec);
	transport_code_set(conn->code, "TPM-SPEC-INVALID");
	snprintf(conn->problem, sizeof(conn->problem),
		 "--tpm \"%s\": expected device:PATH, swtpm:HOST:PORT or swtpm-unix:PATH", spec);
	return -1;
}

void linux_tpm_close(struct tpm_connection *conn)
{
	if (conn->transport && conn->transport->close)
		conn->transport->close(conn->transport);
	conn->transport = NULL;
}

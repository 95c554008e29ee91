/*
 * test_linux_transports.c - the /dev/tpmrm0 transport against a peer that
 * behaves like the kernel driver (one whole response per read), over a
 * SOCK_SEQPACKET socket pair; and the swtpm spec parser.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include "tpmdrv/posix_io.h"
#include <pthread.h>
#include <string.h>
#include <netinet/in.h>
#include <stdio.h>
#include <sys/socket.h>
#include <unistd.h>
#include "tpm_responses.h"
#include "tpmdrv/linux_device.h"
#include "tpmdrv/swtpm_socket.h"

struct kernel_peer {
	int fd;
	uint8_t answer[4096];
	size_t answer_len;
	uint8_t got[4096];
	ssize_t got_len;
	char code[TRANSPORT_CODE_MAX]; /* the transport's code after the exchange */
};

static void *kernel(void *arg)
{
	struct kernel_peer *k = arg;
	k->got_len = read(k->fd, k->got, sizeof(k->got));
	if (write(k->fd, k->answer, k->answer_len) < 0)
		k->got_len = -1;
	return NULL;
}

static enum transport_status exchange_with(struct kernel_peer *k, uint8_t *rsp, size_t *len)
{
	static const uint8_t cmd[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8 };
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv), 0);
	k->fd = sv[1];
	pthread_t t;
	pthread_create(&t, NULL, kernel, k);
	struct device_transport d;
	device_transport_attach(&d, sv[0], "test");
	enum transport_status s = d.base.exchange(&d.base, cmd, sizeof(cmd), rsp, 4096, len);
	memcpy(k->code, d.base.code, sizeof(k->code));
	pthread_join(t, NULL);
	d.base.close(&d.base);
	close(sv[1]);
	assert_int_equal(k->got_len, sizeof(cmd));
	return s;
}

static void device_round_trip(void **state)
{
	struct kernel_peer k = { 0 };
	uint8_t rsp[4096];
	size_t len = 0;
	k.answer_len = response_properties(k.answer, sizeof(k.answer), swtpm_properties, swtpm_property_count, false);
	assert_int_equal(exchange_with(&k, rsp, &len), TRANSPORT_OK);
	assert_int_equal(len, k.answer_len);
	assert_memory_equal(rsp, k.answer, len);
}

static void device_rejects_size_mismatch(void **state)
{
	struct kernel_peer k = { 0 };
	uint8_t rsp[4096];
	size_t len = 0;
	k.answer_len = response_error(k.answer, 0, false);
	k.answer[5] = 20; /* header says 20 bytes, 10 arrive */
	assert_int_equal(exchange_with(&k, rsp, &len), TRANSPORT_BAD_RESPONSE);
	assert_string_equal(k.code, "DEV-RSP-SIZE-INVALID");
}

static void missing_device_names_the_path(void **state)
{
	struct device_transport d;
	assert_int_equal(device_transport_open(&d, "/nonexistent/tpmrm0"), -1);
	assert_non_null(strstr(d.base.error, "/nonexistent/tpmrm0"));
	assert_string_equal(d.base.code, "DEV-NOT-FOUND");
}

static void swtpm_specs(void **state)
{
	struct swtpm_transport s;
	assert_int_equal(swtpm_transport_init_tcp(&s, "127.0.0.1:2321"), 0);
	assert_string_equal(s.host, "127.0.0.1");
	assert_string_equal(s.port, "2321");
	assert_int_equal(swtpm_transport_init_tcp(&s, "[::1]:2321"), 0);
	assert_string_equal(s.host, "::1");
	assert_int_equal(swtpm_transport_init_tcp(&s, "nohost"), -1);
	assert_string_equal(s.base.code, "SWTPM-BAD-ADDRESS");
	assert_int_equal(swtpm_transport_init_tcp(&s, ":2321"), -1);
	assert_int_equal(swtpm_transport_init_tcp(&s, "host:12x"), -1);
	assert_int_equal(swtpm_transport_init_tcp(&s, "host:123456789"), -1);
	assert_int_equal(swtpm_transport_init_unix(&s, ""), -1);
	char long_path[200];
	memset(long_path, 'a', sizeof(long_path) - 1);
	long_path[sizeof(long_path) - 1] = 0;
	assert_int_equal(swtpm_transport_init_unix(&s, long_path), -1);
	assert_string_equal(s.base.code, "SWTPM-BAD-PATH");
}

/* A one-connection swtpm stand-in on 127.0.0.1: it reads the command, sends `reply` and closes. */
struct swtpm_peer {
	int listener;
	uint8_t reply[64];
	size_t reply_len;
};

static void *swtpm_peer_serve(void *arg)
{
	struct swtpm_peer *p = arg;
	uint8_t cmd[64];
	int fd = accept(p->listener, NULL, NULL);
	if (fd >= 0 && read(fd, cmd, sizeof(cmd)) > 0 && p->reply_len && write(fd, p->reply, p->reply_len) < 0)
		p->reply_len = 0;
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* Listens on a free port of 127.0.0.1 and returns it; the listener is closed at once when `serve` is false. */
static unsigned swtpm_peer_start(struct swtpm_peer *p, bool serve, pthread_t *thread)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(a);
	p->listener = socket(AF_INET, SOCK_STREAM, 0);
	assert_int_equal(bind(p->listener, (struct sockaddr *)&a, sizeof(a)), 0);
	assert_int_equal(listen(p->listener, 1), 0);
	assert_int_equal(getsockname(p->listener, (struct sockaddr *)&a, &len), 0);
	if (serve)
		pthread_create(thread, NULL, swtpm_peer_serve, p);
	else
		close(p->listener);
	return ntohs(a.sin_port);
}

static const char *swtpm_exchange_code(struct swtpm_peer *p, bool serve, enum transport_status want)
{
	static struct swtpm_transport s;
	static const uint8_t cmd[] = { 0x80, 0x01, 0, 0, 0, 12, 0, 0, 0x01, 0x7B, 0, 8 };
	uint8_t rsp[4096];
	size_t len = 0;
	pthread_t thread;
	char spec[32];
	snprintf(spec, sizeof(spec), "127.0.0.1:%u", swtpm_peer_start(p, serve, &thread));
	assert_int_equal(swtpm_transport_init_tcp(&s, spec), 0);
	assert_int_equal(s.base.exchange(&s.base, cmd, sizeof(cmd), rsp, sizeof(rsp), &len), want);
	if (serve) {
		pthread_join(thread, NULL);
		close(p->listener);
	}
	return s.base.code;
}

static void swtpm_failures_have_codes(void **state)
{
	struct swtpm_peer p = { 0 };
	assert_string_equal(swtpm_exchange_code(&p, false, TRANSPORT_NO_DEVICE), "SWTPM-CONNECT-REFUSED");
	assert_string_equal(swtpm_exchange_code(&p, true, TRANSPORT_IO_ERROR), "SWTPM-CONNECTION-CLOSED");
	p.reply_len = response_error(p.reply, 0, false);
	p.reply[5] = 20; /* announces 20 bytes, sends 10 */
	assert_string_equal(swtpm_exchange_code(&p, true, TRANSPORT_BAD_RESPONSE), "SWTPM-RSP-TRUNCATED");
	p.reply[2] = 0x7F; /* announces more than any response */
	assert_string_equal(swtpm_exchange_code(&p, true, TRANSPORT_BAD_RESPONSE), "SWTPM-RSP-SIZE-INVALID");
	struct swtpm_transport s;
	uint8_t rsp[4096];
	size_t len = 0;
	assert_int_equal(swtpm_transport_init_unix(&s, "/nonexistent/swtpm.sock"), 0);
	assert_int_equal(s.base.exchange(&s.base, p.reply, 10, rsp, sizeof(rsp), &len), TRANSPORT_NO_DEVICE);
	assert_string_equal(s.base.code, "SWTPM-SOCKET-MISSING");
}

/* A peer that has gone: the write fails with EPIPE instead of a SIGPIPE that would end the program (and this test). */
static void write_to_a_closed_peer_is_an_error(void **state)
{
	int sv[2];
	static const uint8_t cmd[4096];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(posix_write_all(sv[0], cmd, sizeof(cmd), 1000), -1);
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(device_round_trip),
		cmocka_unit_test(write_to_a_closed_peer_is_an_error),
		cmocka_unit_test(device_rejects_size_mismatch),
		cmocka_unit_test(missing_device_names_the_path),
		cmocka_unit_test(swtpm_specs),
		cmocka_unit_test(swtpm_failures_have_codes),
	};
	return cmocka_run_group_tests_name("linux transports", tests, NULL, NULL);
}

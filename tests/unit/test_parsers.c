/* test_parsers.c - ACPI TPM2 table, INTERFACE_ID, configuration file and command line. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include "checks/config/cmdline.h"
#include "checks/config/config.h"
#include "tpmdrv/acpi_tpm2.h"
#include "tpmdrv/interface_id.h"

/* A TPM2 table as QEMU builds it for tpm-crb (revision 4, with log area). */
static size_t make_tpm2(uint8_t *t, uint32_t start_method, uint64_t control, uint32_t length)
{
	memset(t, 0, 80);
	memcpy(t, "TPM2", 4);
	t[4] = (uint8_t)length;
	t[8] = 4;
	for (int i = 0; i < 8; i++)
		t[40 + i] = (uint8_t)(control >> (8 * i));
	t[48] = (uint8_t)start_method;
	t[64] = 0x00;
	t[65] = 0x00;
	t[66] = 0x01; /* LAML 0x10000 */
	uint8_t sum = 0;
	for (uint32_t i = 0; i < length; i++)
		sum = (uint8_t)(sum + t[i]);
	t[9] = (uint8_t)(0 - sum);
	return length;
}

static void acpi_tpm2_crb_table(void **state)
{
	uint8_t t[80];
	struct acpi_tpm2 out;
	const char *why = NULL;
	size_t n = make_tpm2(t, 7, 0xFED40040, 76);
	assert_int_equal(acpi_tpm2_parse(t, n, &out, &why), 0);
	assert_int_equal(out.start_method, 7);
	assert_int_equal(out.control_area, 0xFED40040);
	assert_int_equal(out.log_length, 0x10000);
	assert_string_equal(acpi_tpm2_start_method_name(out.start_method), "CRB");
	assert_string_equal(acpi_tpm2_start_method_name(6), "FIFO/TIS (MMIO)");
	assert_string_equal(acpi_tpm2_start_method_name(99), "unknown");
}

static void acpi_tpm2_rejects_bad_tables(void **state)
{
	uint8_t t[80];
	struct acpi_tpm2 out;
	const char *why = NULL;
	size_t n = make_tpm2(t, 6, 0, 52);
	assert_int_equal(acpi_tpm2_parse(t, n, &out, &why), 0);
	assert_int_equal(out.log_length, 0); /* revision-3 length: no log fields */
	assert_int_equal(acpi_tpm2_parse(t, 40, &out, &why), -1);
	assert_non_null(strstr(why, "shorter"));
	t[9] ^= 1;
	assert_int_equal(acpi_tpm2_parse(t, n, &out, &why), -1);
	assert_non_null(strstr(why, "checksum"));
	make_tpm2(t, 6, 0, 76);
	assert_int_equal(acpi_tpm2_parse(t, 60, &out, &why), -1); /* Length beyond the bytes we have */
	t[0] = 'X';
	assert_int_equal(acpi_tpm2_parse(t, 76, &out, &why), -1);
}

static void interface_id_types(void **state)
{
	char s[64];
	assert_int_equal(interface_id_type(0x00025811), INTERFACE_CRB);
	assert_int_equal(interface_id_type(0x00002100), INTERFACE_FIFO);
	assert_int_equal(interface_id_type(0xFFFFFFFF), INTERFACE_TIS13);
	assert_int_equal(interface_id_type(0), INTERFACE_NONE);
	interface_id_describe(0x00025811, s, sizeof(s));
	assert_string_equal(s, "CRB (INTERFACE_ID 0x00025811)");
}

static char problems[4096];
static void collect(void *ctx, const char *message)
{
	strcat(problems, message);
	strcat(problems, "|");
}

static void config_reads_keys_and_reports_bad_lines(void **state)
{
	const char text[] = "# comment\r\n[general]\r\ntransport = CRB\rfinish=shutdown\n"
			    "key_timeout = 0\nbogus = 1\nno equals sign\n = x\ntransport = magic\n";
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_int_equal(c.transport, CHOOSE_CRB); /* the bad later value keeps the earlier good one */
	assert_int_equal(c.finish, FINISH_SHUTDOWN);
	assert_int_equal(c.key_timeout_s, 600);
	assert_non_null(strstr(problems, "key_timeout = \"0\""));
	assert_non_null(strstr(problems, "unknown key \"bogus\""));
	assert_non_null(strstr(problems, "line 7 has no '='"));
	assert_non_null(strstr(problems, "line 8 has no key"));
	assert_non_null(strstr(problems, "transport = \"magic\""));
}

static void config_strict_names_checks_or_all(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	assert_false(c.strict[CHECK_CLOCK_SKEW]);
	const char text[] = "strict = clock.skew, AIK.authority.listed\nstrict = tpm.virtual,no.such.check\n";
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_true(c.strict[CHECK_CLOCK_SKEW] && c.strict[CHECK_AIK_AUTHORITY]);
	assert_false(c.strict[CHECK_TPM_VIRTUAL]); /* a line with a bad id is ignored whole */
	assert_non_null(strstr(problems, "strict: \"no.such.check\" is not a check id"));
	config_set(&c, "strict", "all", collect, NULL);
	assert_true(c.strict[CHECK_TPM_PRESENT] && c.strict[CHECK_NET_ENDPOINTS]);
	config_set(&c, "strict", "off", collect, NULL);
	assert_false(c.strict[CHECK_CLOCK_SKEW]);
}

static void config_network_keys(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	assert_int_equal(c.network.mode, NET_MODE_DHCP);
	assert_string_equal(c.network.ntp_server, "time.windows.com");
	assert_true(c.refresh_cab);
	assert_int_equal(c.cab_max_age_days, 90);
	const char text[] = "cab_max_age_days = 30\nnetwork = static\naddress = 192.168.10.50/24\ngateway = 192.168.10.1\ndns = 192.168.10.2, 9.9.9.9\n"
			    "proxy = http://tech:pw@proxy.corp:3128\ndhcp_timeout = 7\nntp_server = ntp.corp:1123\n"
			    "trust_file = \\site\\TrustedTpm.cab\nrefresh_cab = off\n";
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_string_equal(problems, "");
	assert_int_equal(c.network.mode, NET_MODE_STATIC);
	assert_string_equal(c.network.address, "192.168.10.50");
	assert_int_equal(c.network.prefix, 24);
	assert_string_equal(c.network.gateway, "192.168.10.1");
	assert_string_equal(c.network.dns[0], "192.168.10.2");
	assert_string_equal(c.network.dns[1], "9.9.9.9");
	assert_string_equal(c.network.proxy, "http://tech:pw@proxy.corp:3128");
	assert_int_equal(c.network.dhcp_ms, 7000);
	assert_string_equal(c.network.ntp_server, "ntp.corp:1123");
	assert_string_equal(c.trust_file, "\\site\\TrustedTpm.cab");
	assert_false(c.refresh_cab);
	assert_int_equal(c.cab_max_age_days, 30);
	const char bad[] = "cab_max_age_days = 0\ncab_max_age_days = 9999\nnetwork = wifi\naddress = 192.168.10.500/24\naddress = 10.0.0.1\ngateway = 1.2.3\n"
			   "dns = 1.1.1.1, 2.2.2.2, 3.3.3.3\nproxy = https://user:SECRETPW@x:1\ndhcp_timeout = 0\n"
			   "trust_file = TrustedTpm.cab\nnetwork = off\n";
	config_parse(&c, bad, sizeof(bad) - 1, collect, NULL);
	assert_int_equal(c.network.mode, NET_MODE_OFF);
	assert_string_equal(c.network.address, "192.168.10.50"); /* bad values keep the earlier good ones */
	assert_non_null(strstr(problems, "network = \"wifi\""));
	assert_non_null(strstr(problems, "address = \"192.168.10.500/24\""));
	assert_non_null(strstr(problems, "address = \"10.0.0.1\""));
	assert_non_null(strstr(problems, "gateway = \"1.2.3\""));
	assert_non_null(strstr(problems, "one or two IPv4 addresses"));
	assert_non_null(strstr(problems, "config: proxy is not http://"));
	assert_null(strstr(problems, "SECRETPW")); /* a password never reaches a message */
	assert_non_null(strstr(problems, "dhcp_timeout = \"0\""));
	assert_non_null(strstr(problems, "trust_file = \"TrustedTpm.cab\""));
	assert_non_null(strstr(problems, "cab_max_age_days = \"0\""));
	assert_non_null(strstr(problems, "cab_max_age_days = \"9999\""));
	assert_int_equal(c.cab_max_age_days, 30);
}

static void config_survives_nul_and_long_lines(void **state)
{
	char text[2000];
	memset(text, 'a', sizeof(text));
	memcpy(text, "finish = reboot\n", 16);
	text[20] = 0;
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	config_parse(&c, text, sizeof(text), collect, NULL);
	assert_int_equal(c.finish, FINISH_REBOOT);
	assert_non_null(strstr(problems, "NUL"));
}

static void cmdline_overrides_config(void **state)
{
	char line[] = "preflight.efi --transport tis \"--finish=exit\" --key-timeout 30 stray";
	char *argv[CMDLINE_ARGS_MAX];
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	assert_int_equal(argc, 7);
	assert_string_equal(argv[3], "--finish=exit");
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	cmdline_apply(&c, argc, argv, 1, collect, NULL);
	assert_int_equal(c.transport, CHOOSE_TIS);
	assert_int_equal(c.finish, FINISH_EXIT);
	assert_int_equal(c.key_timeout_s, 30);
	assert_non_null(strstr(problems, "argument 6 is not an option"));
}

/* finish_pass and finish_fail: the line's signal by verdict in factory mode; each defaults to finish; "key" is the
 * bench's and refused; "hold" keeps the verdict on the screen. */
static void config_finish_by_verdict(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	const char text[] = "mode = factory\nfinish_fail = hold\nfinish_pass = key\n";
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish, FINISH_SHUTDOWN);
	assert_int_equal(c.finish_fail, FINISH_HOLD);
	assert_int_equal(c.finish_pass, FINISH_SHUTDOWN); /* the bad line kept the default: finish */
	assert_non_null(strstr(problems, "finish_pass = \"key\""));
	assert_string_equal(finish_action_name(FINISH_HOLD), "hold");
	/* the defaults set every field: a struct that held garbage (the UEFI stack) gets finish's value for both */
	memset(&c, 0xAB, sizeof(c));
	config_defaults(&c);
	const char factory[] = "mode = factory\n";
	config_parse(&c, factory, sizeof(factory) - 1, collect, NULL);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish_pass, FINISH_SHUTDOWN);
	assert_int_equal(c.finish_fail, FINISH_SHUTDOWN);
}

/* activation_key: ecc by default, rsa for Windows' own AIK; a bad value keeps the last good one and shows only a
 * prefix that cannot hold a secret. The UEFI shell's --activation-key sets the same key. */
static void config_activation_key(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	assert_int_equal(c.activation_key, AK_ECC_P256);
	const char text[] = "activation_key = RSA\nactivation_key = dsa:S3cretBearer\n";
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_int_equal(c.activation_key, AK_RSA_2048);
	assert_non_null(strstr(problems, "activation_key = \"dsa...\" is not a valid value"));
	assert_null(strstr(problems, "S3cretBearer"));
	assert_int_equal(config_set(&c, "activation_key", "ecc", collect, NULL), 0);
	assert_int_equal(c.activation_key, AK_ECC_P256);
	char line[] = "preflight.efi --activation-key rsa";
	char *argv[CMDLINE_ARGS_MAX];
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	cmdline_apply(&c, argc, argv, 1, collect, NULL);
	assert_int_equal(c.activation_key, AK_RSA_2048);
}

/* aik_enrol: off by default, factory mode too (it sends the EK certificate to Microsoft); on from the file or the
 * UEFI shell's --aik-enrol on; a bad value keeps it off; the report's settings say when it is on. */
static void config_aik_enrol(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	const char factory[] = "mode = factory\naik_enrol = yes\n";
	config_parse(&c, factory, sizeof(factory) - 1, collect, NULL);
	config_finish(&c, collect, NULL);
	assert_false(c.aik_enrol);
	assert_non_null(strstr(problems, "aik_enrol = \"yes\" is not a valid value"));
	char settings[240];
	config_describe(&c, settings, sizeof(settings));
	assert_null(strstr(settings, "aik_enrol"));
	const char text[] = "aik_enrol = ON\n";
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_true(c.aik_enrol);
	config_describe(&c, settings, sizeof(settings));
	assert_non_null(strstr(settings, " aik_enrol=on"));
	char line[] = "preflight.efi --aik-enrol off";
	char *argv[CMDLINE_ARGS_MAX];
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	cmdline_apply(&c, argc, argv, 1, collect, NULL);
	assert_false(c.aik_enrol);
}

/* Lines that do not parse may hold a token or a password: no message may show it (docs/config.md). */
static const char *const secrets[] = { "S3cretBearer", "QmFzaWNTZWNyZXQ", "pr0xyPassw0rd", "Padded0Token", "dG9rZW4" };

static void assert_no_secret(void)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (strstr(problems, secrets[i]))
			fail_msg("\"%s\" reached a message: %s", secrets[i], problems);
}

static void config_lines_that_fail_never_show_secrets(void **state)
{
	const char text[] = "upload_header: Authorization: Bearer S3cretBearer\n"
			    "upload_header Authorization: Basic QmFzaWNTZWNyZXQ\n"
			    "proxy http://tech:pr0xyPassw0rd@proxy.corp:3128\n"
			    "upload_header: Authorization: Bearer Padded0Token==\n"
			    "time_limit = Basic dG9rZW4\n";
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	config_parse(&c, text, sizeof(text) - 1, collect, NULL);
	assert_int_equal(c.upload.header_count, 0);
	assert_string_equal(c.network.proxy, "");
	assert_no_secret();
	/* What is left still tells the technician which line and which key. */
	assert_non_null(strstr(problems, "line 1 has no '=' (it starts \"upload_header...\")"));
	assert_non_null(strstr(problems, "line 3 has no '=' (it starts \"proxy...\")"));
	assert_non_null(strstr(problems, "unknown key \"upload_header...\""));
	assert_non_null(strstr(problems, "time_limit = \"Basic...\""));
}

static void cmdline_options_that_fail_never_show_secrets(void **state)
{
	char line[] = "preflight.efi \"upload_header: Authorization: Bearer S3cretBearer\" "
		      "--upload-header Authorization: Basic QmFzaWNTZWNyZXQ "
		      "--proxy http://tech:pr0xyPassw0rd@proxy corp:3128 "
		      "\"--upload_header:Authorization: Bearer Padded0Token\"";
	char *argv[CMDLINE_ARGS_MAX];
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	cmdline_apply(&c, argc, argv, 1, collect, NULL);
	assert_no_secret();
	assert_non_null(strstr(problems, "command line: argument 1 is not an option"));
	assert_non_null(strstr(problems, "unknown key \"upload_header...\""));
}

static void factory_mode_never_waits_for_a_key(void **state)
{
	struct config c;
	config_defaults(&c);
	problems[0] = 0;
	config_set(&c, "mode", "factory", collect, NULL);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish, FINISH_SHUTDOWN); /* the factory default */
	config_defaults(&c);
	config_set(&c, "mode", "Factory", collect, NULL);
	config_set(&c, "finish", "key", collect, NULL);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish, FINISH_SHUTDOWN);
	assert_non_null(strstr(problems, "not possible in factory mode"));
	config_defaults(&c);
	config_set(&c, "mode", "factory", collect, NULL);
	config_set(&c, "finish", "reboot", collect, NULL);
	config_set(&c, "time_limit", "120", collect, NULL);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish, FINISH_REBOOT);
	assert_int_equal(c.time_limit_s, 120);
	config_defaults(&c);
	config_finish(&c, collect, NULL);
	assert_int_equal(c.finish, FINISH_KEY); /* interactive keeps waiting for the technician */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(acpi_tpm2_crb_table),
		cmocka_unit_test(acpi_tpm2_rejects_bad_tables),
		cmocka_unit_test(interface_id_types),
		cmocka_unit_test(config_reads_keys_and_reports_bad_lines),
		cmocka_unit_test(config_survives_nul_and_long_lines),
		cmocka_unit_test(config_strict_names_checks_or_all),
		cmocka_unit_test(config_network_keys),
		cmocka_unit_test(cmdline_overrides_config),
		cmocka_unit_test(config_activation_key),
		cmocka_unit_test(config_aik_enrol),
		cmocka_unit_test(config_finish_by_verdict),
		cmocka_unit_test(config_lines_that_fail_never_show_secrets),
		cmocka_unit_test(cmdline_options_that_fail_never_show_secrets),
		cmocka_unit_test(factory_mode_never_waits_for_a_key),
	};
	return cmocka_run_group_tests_name("parsers", tests, NULL, NULL);
}

/* test_tcti_framing.c - tpmdrv/tcti_transport.c refuses answers tss2-sys would decode at the wrong place: a tag other
 * than TPM 2.0 Part 1, 18 prescribes, and a parameter area announced beyond the end of the answer. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <string.h>
#include <tss2/tss2_tcti.h>
#include "tpmdrv/tcti_transport.h"

struct canned {
	struct tpm_transport base;
	uint8_t rsp[64];
	size_t len;
};

static enum transport_status answer(struct tpm_transport *t, const uint8_t *cmd, size_t cmd_len, uint8_t *rsp,
				    size_t cap, size_t *len)
{
	struct canned *c = (struct canned *)t;
	memcpy(rsp, c->rsp, c->len);
	*len = c->len;
	return TRANSPORT_OK;
}

/* TPM2_Load with a password session (tag TPM_ST_SESSIONS, TPM_CC_Load 0x157). */
static const uint8_t load[] = { 0x80, 0x02, 0, 0, 0, 10, 0, 0, 0x01, 0x57 };

static TSS2_RC transmit(const uint8_t *rsp, size_t len, const char **code)
{
	static struct canned c;
	memset(&c, 0, sizeof(c));
	c.base.name = "canned";
	c.base.exchange = answer;
	memcpy(c.rsp, rsp, len);
	c.len = len;
	TSS2_TCTI_CONTEXT *tcti = tcti_transport_new(&c.base);
	TSS2_RC rc = Tss2_Tcti_Transmit(tcti, sizeof(load), load);
	static char seen[TRANSPORT_CODE_MAX];
	strcpy(seen, tcti_transport_last_code(tcti));
	*code = seen;
	tcti_transport_free(tcti);
	return rc;
}

static void a_whole_answer_passes(void **state)
{
	/* success, TPM_ST_SESSIONS, handle 0x80000001, parameterSize 4, a 2-byte name, then an empty password session */
	static const uint8_t rsp[] = { 0x80, 0x02, 0, 0, 0, 29, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 4, 0, 2, 0xAB, 0xCD,
				       0, 0, 1, 0, 0, 0, 0 };
	const char *code;
	assert_int_equal(transmit(rsp, sizeof(rsp), &code), TSS2_RC_SUCCESS);
}

static void a_parameter_area_beyond_the_end_is_refused(void **state)
{
	/* the same answer cut after the name's size field: parameterSize still says 34 */
	static const uint8_t rsp[] = { 0x80, 0x02, 0, 0, 0, 20, 0, 0, 0, 0, 0x80, 0, 0, 1, 0, 0, 0, 34, 0, 32 };
	const char *code;
	assert_int_equal(transmit(rsp, sizeof(rsp), &code), TSS2_TCTI_RC_MALFORMED_RESPONSE);
	assert_string_equal(code, "TPM-RSP-PARAM-SIZE");
}

static void an_error_with_sessions_tag_is_refused(void **state)
{
	/* TPM_RC_AUTH_FAIL (0x98E) tagged TPM_ST_SESSIONS: an error carries TPM_ST_NO_SESSIONS */
	static const uint8_t rsp[] = { 0x80, 0x02, 0, 0, 0, 10, 0, 0, 0x09, 0x8E };
	const char *code;
	assert_int_equal(transmit(rsp, sizeof(rsp), &code), TSS2_TCTI_RC_MALFORMED_RESPONSE);
	assert_string_equal(code, "TPM-RSP-TAG");
	static const uint8_t fine[] = { 0x80, 0x01, 0, 0, 0, 10, 0, 0, 0x09, 0x8E };
	assert_int_equal(transmit(fine, sizeof(fine), &code), TSS2_RC_SUCCESS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_whole_answer_passes),
		cmocka_unit_test(a_parameter_area_beyond_the_end_is_refused),
		cmocka_unit_test(an_error_with_sessions_tag_is_refused),
	};
	return cmocka_run_group_tests_name("tcti_framing", tests, NULL, NULL);
}

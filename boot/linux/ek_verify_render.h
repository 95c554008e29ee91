/* ek_verify_render.h - `preflight ek-verify` output: tagged text lines, or one JSON document. */
#ifndef PREFLIGHT_EK_VERIFY_RENDER_H
#define PREFLIGHT_EK_VERIFY_RENDER_H
#include "checks/ekcert/ek_verify.h"
#include "checks/util/json_writer.h"

struct ek_render {
	int json;
	struct strbuf out;
	struct json_writer w;
	const struct trust_store *store;
};

void ek_render_begin(struct ek_render *r, int json, const struct trust_store *store);
void ek_render_one(struct ek_render *r, const char *path, const struct ek_verification *v);
void ek_render_end(struct ek_render *r);

#endif

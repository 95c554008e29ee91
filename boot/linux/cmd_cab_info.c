/*
 * cmd_cab_info.c - `preflight cab-info --trust FILE [--keyid ID] [--files] [--json]`:
 * what a TrustedTpm.cab holds (date, digest, counts), the state and history
 * of one AIK CA, and with --files every file's size and sha256; and whether
 * Microsoft's Authenticode signature on it verifies.
 */
#include "commands.h"
#include "linux_files.h"
#include "checks/cab/cab_signature.h"
#include "checks/util/json_writer.h"
#include "checks/trust/trust_store.h"
#include <getopt.h>
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void hex(char *out, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(out + 2 * i, "%02x", b[i]);
}

struct signature_view {
	enum cab_signature_state state;
	char signer[96], why[200];
};

static void file_digest(char out[65], const struct cab_entry *e)
{
	uint8_t d[32];
	mbedtls_sha256(e->data, e->len, d, 0);
	hex(out, d, 32);
}

/* Names come from the cab: shown with anything but printable ASCII as '?'. */
static void print_files_text(const struct trust_store *t)
{
	char digest[65];
	for (size_t i = 0; i < t->cab.count; i++) {
		const struct cab_entry *e = &t->cab.entries[i];
		file_digest(digest, e);
		printf("ENTRY    %s %8zu ", digest, e->len);
		for (const char *p = e->name; *p; p++)
			putchar(*p >= 0x20 && *p < 0x7f ? *p : '?');
		putchar('\n');
	}
}

static void print_files_json(struct json_writer *w, const struct trust_store *t)
{
	char digest[65];
	json_begin_array(w, "entries");
	for (size_t i = 0; i < t->cab.count; i++) {
		const struct cab_entry *e = &t->cab.entries[i];
		file_digest(digest, e);
		json_begin_object(w, NULL);
		json_string(w, "name", e->name);
		json_int(w, "size", (long long)e->len);
		json_string(w, "sha256", digest);
		json_end_object(w);
	}
	json_end_array(w);
}

static void date_text(char *out, size_t len, const struct history_date *d)
{
	snprintf(out, len, "%04d-%02d-%02d", d->year, d->month, d->day);
}

static void print_text(const char *path, const struct trust_store *t, const struct signature_view *sig,
		       const struct aik_id *id, const struct aik_ca_status *st, bool files)
{
	char digest[65], date[16];
	hex(digest, t->sha256, 32);
	trust_store_date(t, date, sizeof(date));
	printf("CAB      file: %s\nCAB      sha256: %s\nCAB      date: %s (newest entry of version.txt)\n", path, digest, date);
	printf("CAB      files: %zu, AIK CAs: %zu, EK roots: %zu, EK intermediates: %zu, version.txt entries: %zu\n",
	       t->count, t->aik_cas, t->ek_roots, t->ek_intermediates, t->history.count);
	printf("CAB      signature: %s%s%s\n", cab_signature_state_name(sig->state), sig->signer[0] ? ", signer " : "",
	       sig->signer);
	if (sig->why[0])
		printf("CAB      signature problem: %s\n", sig->why);
	if (files)
		print_files_text(t);
	if (!id)
		return;
	printf("AIKCA    %s: %s, %zu file(s)", id->canonical, aik_ca_state_name(st->state), st->files);
	if (st->not_after[0])
		printf(", valid until %s", st->not_after);
	if (st->removed_on.year)
		printf(", removed on %04d-%02d-%02d and not re-added", st->removed_on.year, st->removed_on.month,
		       st->removed_on.day);
	printf("\n");
	for (size_t i = 0; i < st->files && i < 4; i++)
		printf("FILE     %s\n", st->file_names[i]);
	for (size_t i = 0; i < t->history.count; i++) {
		const struct history_event *e = &t->history.events[i];
		if (!e->has_id || strcmp(e->id.canonical, id->canonical) != 0)
			continue;
		date_text(date, sizeof(date), &e->date);
		printf("HISTORY  %s %s %s\n", date, history_action_name(e->action), e->name);
	}
}

static void print_json(const char *path, const struct trust_store *t, const struct signature_view *sig,
		       const struct aik_id *id, const struct aik_ca_status *st, bool files)
{
	struct strbuf out;
	struct json_writer w;
	char digest[65], date[16];
	strbuf_init(&out);
	json_init(&w, &out);
	hex(digest, t->sha256, 32);
	trust_store_date(t, date, sizeof(date));
	json_begin_object(&w, NULL);
	json_string(&w, "schema", "tpm-preflight/cab-info/1");
	json_string(&w, "file", path);
	json_string(&w, "sha256", digest);
	json_string(&w, "date", date);
	json_int(&w, "files", (long long)t->count);
	json_int(&w, "aik_cas", (long long)t->aik_cas);
	json_int(&w, "ek_roots", (long long)t->ek_roots);
	json_int(&w, "ek_intermediates", (long long)t->ek_intermediates);
	json_int(&w, "history_entries", (long long)t->history.count);
	json_begin_object(&w, "signature");
	json_string(&w, "state", cab_signature_state_name(sig->state));
	json_string(&w, "signer", sig->signer);
	json_string(&w, "problem", sig->why);
	json_end_object(&w);
	if (files)
		print_files_json(&w, t);
	if (id) {
		json_begin_object(&w, "aik_ca");
		json_string(&w, "id", id->canonical);
		json_string(&w, "state", aik_ca_state_name(st->state));
		json_string(&w, "not_after", st->not_after);
		if (st->removed_on.year)
			date_text(date, sizeof(date), &st->removed_on);
		json_string(&w, "removed_on", st->removed_on.year ? date : "");
		json_begin_array(&w, "files");
		for (size_t i = 0; i < st->files && i < 4; i++)
			json_string(&w, NULL, st->file_names[i]);
		json_end_array(&w);
		json_begin_array(&w, "history");
		for (size_t i = 0; i < t->history.count; i++) {
			const struct history_event *e = &t->history.events[i];
			if (!e->has_id || strcmp(e->id.canonical, id->canonical) != 0)
				continue;
			date_text(date, sizeof(date), &e->date);
			json_begin_object(&w, NULL);
			json_string(&w, "date", date);
			json_string(&w, "action", history_action_name(e->action));
			json_string(&w, "file", e->name);
			json_end_object(&w);
		}
		json_end_array(&w);
		json_end_object(&w);
	}
	json_end_object(&w);
	puts(strbuf_str(&out));
	strbuf_free(&out);
}

/* The file is read again: the store keeps only what it extracted. */
static void check_signature(const char *path, const struct trust_store *t, struct signature_view *sig)
{
	uint8_t *data;
	size_t len;
	if (read_file_capped(path, TRUST_FILE_MAX, &data, &len, sig->why, sizeof(sig->why)) != 0) {
		sig->state = CAB_SIGNATURE_INVALID;
		sig->signer[0] = 0;
		return;
	}
	sig->state = cab_signature_verify(data, len, trust_store_date_unix(t), sig->signer, sizeof(sig->signer), sig->why,
					  sizeof(sig->why));
	free(data);
}

int cmd_cab_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "trust", required_argument, NULL, 't' }, { "keyid", required_argument, NULL, 'k' },
		{ "json", no_argument, NULL, 'j' }, { "files", no_argument, NULL, 'f' }, { NULL, 0, NULL, 0 },
	};
	const char *trust = NULL, *keyid = NULL;
	int json = 0, c;
	bool files = false;
	while ((c = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
		if (c == 't')
			trust = optarg;
		else if (c == 'k')
			keyid = optarg;
		else if (c == 'j')
			json = 1;
		else if (c == 'f')
			files = true;
		else
			return usage_error("cab-info --trust FILE [--keyid MFR-keyid-HEX] [--files] [--json]");
	}
	if (!trust || optind != argc)
		return usage_error("cab-info --trust FILE [--keyid MFR-keyid-HEX] [--files] [--json]");
	struct aik_id id;
	if (keyid && !aik_id_find(keyid, &id)) {
		fprintf(stderr, "preflight: --keyid \"%s\" is not MFR-keyid-<40 hex> or MFR-nameid-<40 hex>\n", keyid);
		return EXIT_CANNOT_RUN;
	}
	struct trust_store t;
	if (open_trust_file(trust, &t, NULL, 0) != 0)
		return EXIT_CANNOT_RUN;
	struct aik_ca_status st;
	if (keyid)
		trust_store_aik_status(&t, &id, (long long)time(NULL), &st);
	struct signature_view sig;
	check_signature(trust, &t, &sig);
	(json ? print_json : print_text)(trust, &t, &sig, keyid ? &id : NULL, &st, files);
	trust_store_close(&t);
	return EXIT_READY;
}

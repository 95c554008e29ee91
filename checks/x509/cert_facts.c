/* cert_facts.c - walk a certificate's TBS and extensions (RFC 5280 4.1, 4.2) with every length checked. */
#include "checks/x509/cert_facts.h"
#include "checks/util/utc_time.h"
#include <mbedtls/sha256.h>
#include <stdio.h>
#include <string.h>

/* Encoded OIDs (X.690 8.19). */
static const uint8_t OID_AKI[] = { 0x55, 0x1D, 0x23 }, OID_SKI[] = { 0x55, 0x1D, 0x0E },
		     OID_EKU[] = { 0x55, 0x1D, 0x25 }, OID_SAN[] = { 0x55, 0x1D, 0x11 },
		     OID_BASIC[] = { 0x55, 0x1D, 0x13 }, OID_KEY_USAGE[] = { 0x55, 0x1D, 0x0F },
		     OID_CN[] = { 0x55, 0x04, 0x03 },
		     OID_AIA[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01 },
		     OID_CA_ISSUERS[] = { 0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x02 },
		     OID_EK_CERTIFICATE[] = { 0x67, 0x81, 0x05, 0x08, 0x01 },      /* 2.23.133.8.1 */
		     OID_AIK_CERTIFICATE[] = { 0x67, 0x81, 0x05, 0x08, 0x03 },     /* 2.23.133.8.3, TCG EK Credential Profile */
		     OID_TPM_MANUFACTURER[] = { 0x67, 0x81, 0x05, 0x02, 0x01 },    /* 2.23.133.2.1 */
		     OID_TPM_MODEL[] = { 0x67, 0x81, 0x05, 0x02, 0x02 },
		     OID_TPM_VERSION[] = { 0x67, 0x81, 0x05, 0x02, 0x03 },
		     OID_RSA[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01 },
		     OID_RSA_OAEP[] = { 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x07 },
		     OID_EC[] = { 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01 };

#define IS(oid, name) der_oid_is(&(oid), name, sizeof(name))

void hex_lower(char *out, const uint8_t *bytes, size_t len)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < len; i++) {
		out[2 * i] = digits[bytes[i] >> 4];
		out[2 * i + 1] = digits[bytes[i] & 15];
	}
	out[2 * len] = 0;
}

/* Copies a directory string (UTF8, Printable, IA5, T61, BMP) as printable ASCII. */
static void copy_string(char *out, size_t cap, uint8_t tag, const struct der *v)
{
	size_t n = 0, step = tag == 0x1E ? 2 : 1; /* BMPString: UCS-2 big-endian, keep the low bytes */
	for (size_t i = step - 1; i < v->len && n + 1 < cap; i += step)
		out[n++] = v->p[i] >= 0x20 && v->p[i] < 0x7f ? (char)v->p[i] : '?';
	out[n] = 0;
}

static long long parse_time(uint8_t tag, const struct der *v)
{
	const uint8_t *p = v->p;
	size_t year_digits = tag == DER_GENERALIZED_TIME ? 4 : 2;
	if (v->len < year_digits + 10)
		return 0;
	for (size_t i = 0; i < year_digits + 10; i++)
		if (p[i] < '0' || p[i] > '9')
			return 0;
#define D2(i) ((p[i] - '0') * 10 + (p[(i) + 1] - '0'))
	int year = year_digits == 4 ? D2(0) * 100 + D2(2) : D2(0) + (D2(0) >= 50 ? 1900 : 2000); /* RFC 5280 4.1.2.5.1 */
	size_t o = year_digits;
	return civil_to_unix(year, D2(o), D2(o + 2), D2(o + 4), D2(o + 6), D2(o + 8));
#undef D2
}

/* Walks every AttributeTypeAndValue of a Name, calling back for each. */
static void name_attributes(struct der name, void (*fn)(void *ctx, const struct der *oid, uint8_t tag, const struct der *v),
			    void *ctx)
{
	struct der rdn, atv, oid, value;
	uint8_t tag;
	while (der_expect(&name, DER_SET, &rdn, NULL))
		while (der_expect(&rdn, DER_SEQUENCE, &atv, NULL))
			if (der_expect(&atv, DER_OID, &oid, NULL) && der_next(&atv, &tag, &value, NULL))
				fn(ctx, &oid, tag, &value);
}

struct cn_target {
	char *out;
	size_t cap;
};

static void take_cn(void *ctx, const struct der *oid, uint8_t tag, const struct der *v)
{
	struct cn_target *t = ctx;
	if (IS(*oid, OID_CN))
		copy_string(t->out, t->cap, tag, v);
}

static void take_tpm_attribute(void *ctx, const struct der *oid, uint8_t tag, const struct der *v)
{
	struct cert_facts *c = ctx;
	if (IS(*oid, OID_TPM_MANUFACTURER))
		copy_string(c->tpm_manufacturer, sizeof(c->tpm_manufacturer), tag, v);
	else if (IS(*oid, OID_TPM_MODEL))
		copy_string(c->tpm_model, sizeof(c->tpm_model), tag, v);
	else if (IS(*oid, OID_TPM_VERSION))
		copy_string(c->tpm_version, sizeof(c->tpm_version), tag, v);
}

static void parse_san(struct cert_facts *c, struct der v)
{
	struct der names, name, dir;
	uint8_t tag;
	struct der whole = v;
	if (!der_expect(&v, DER_SEQUENCE, &names, NULL))
		return;
	c->has_san = true;
	c->san = whole;
	while (der_next(&names, &tag, &name, NULL)) {
		if (tag != 0xA4) /* directoryName [4] EXPLICIT Name */
			continue;
		if (der_expect(&name, DER_SEQUENCE, &dir, NULL))
			name_attributes(dir, take_tpm_attribute, c);
	}
}

static void parse_aia(struct cert_facts *c, struct der v)
{
	struct der list, desc, method, location;
	uint8_t tag;
	if (!der_expect(&v, DER_SEQUENCE, &list, NULL))
		return;
	while (der_expect(&list, DER_SEQUENCE, &desc, NULL))
		if (der_expect(&desc, DER_OID, &method, NULL) && IS(method, OID_CA_ISSUERS) &&
		    der_next(&desc, &tag, &location, NULL) && tag == 0x86 && !c->ca_issuers_url[0])
			copy_string(c->ca_issuers_url, sizeof(c->ca_issuers_url), DER_IA5, &location);
}

/* RFC 5280 4.2.1.9: BasicConstraints ::= SEQUENCE { cA BOOLEAN DEFAULT FALSE, pathLenConstraint INTEGER (0..MAX)
 * OPTIONAL }. A pathLen beyond 255 is kept as 255: no real chain is that deep. */
static void parse_basic_constraints(struct cert_facts *c, struct der value)
{
	struct der inner, item;
	if (!der_expect(&value, DER_SEQUENCE, &inner, NULL))
		return;
	c->has_basic_constraints = true;
	c->is_ca = der_expect(&inner, DER_BOOLEAN, &item, NULL) && item.len == 1 && item.p[0] != 0;
	if (!der_expect(&inner, DER_INTEGER, &item, NULL) || !item.len || item.p[0] & 0x80)
		return; /* absent, or negative: no constraint to apply */
	unsigned len = 0;
	for (size_t i = 0; i < item.len; i++)
		len = len > 255 ? 256 : len << 8 | item.p[i];
	c->has_path_len = true;
	c->path_len = len > 255 ? 255 : len;
}

/* RFC 5280 4.2.1.3: KeyUsage ::= BIT STRING, bit 0 (the first byte's high bit) digitalSignature ... bit 5
 * keyCertSign. */
static void parse_key_usage(struct cert_facts *c, struct der value)
{
	struct der bits;
	if (!der_expect(&value, DER_BIT_STRING, &bits, NULL) || bits.len < 1)
		return;
	c->has_key_usage = true;
	c->key_cert_sign = bits.len > 1 && bits.p[1] & 0x04;
	for (size_t i = 1; i < bits.len && i < 3; i++) /* bits 0-15: the first octet's high bit is bit 0 */
		for (unsigned b = 0; b < 8; b++)
			if (bits.p[i] & (0x80u >> b))
				c->key_usage |= 1u << ((i - 1) * 8 + b);
}

static void parse_extension(struct cert_facts *c, struct der ext)
{
	struct der oid, value, inner, item;
	uint8_t tag;
	if (!der_expect(&ext, DER_OID, &oid, NULL))
		return;
	der_expect(&ext, DER_BOOLEAN, &value, NULL); /* critical: DEFAULT FALSE, sometimes encoded anyway */
	if (!der_expect(&ext, DER_OCTET_STRING, &value, NULL))
		return;
	if (IS(oid, OID_AKI) && der_expect(&value, DER_SEQUENCE, &inner, NULL) && der_next(&inner, &tag, &item, NULL) &&
	    tag == 0x80) {
		c->has_aki = true;
		c->aki_keyid = item;
	} else if (IS(oid, OID_SKI) && der_expect(&value, DER_OCTET_STRING, &item, NULL)) {
		c->has_ski = true;
		c->ski = item;
	} else if (IS(oid, OID_EKU) && der_expect(&value, DER_SEQUENCE, &inner, NULL)) {
		c->has_eku = true;
		while (der_expect(&inner, DER_OID, &item, NULL)) {
			c->eku_ek_certificate |= IS(item, OID_EK_CERTIFICATE);
			c->eku_aik_certificate |= IS(item, OID_AIK_CERTIFICATE);
		}
	} else if (IS(oid, OID_SAN)) {
		parse_san(c, value);
	} else if (IS(oid, OID_AIA)) {
		parse_aia(c, value);
	} else if (IS(oid, OID_BASIC)) {
		parse_basic_constraints(c, value);
	} else if (IS(oid, OID_KEY_USAGE)) {
		parse_key_usage(c, value);
	}
}

static void parse_rsa_key(struct cert_facts *c)
{
	struct der bits = c->key_bits, seq, n, e;
	if (!der_expect(&bits, DER_SEQUENCE, &seq, NULL) || !der_expect(&seq, DER_INTEGER, &n, NULL) ||
	    !der_expect(&seq, DER_INTEGER, &e, NULL))
		return;
	while (n.len > 1 && n.p[0] == 0) {
		n.p++;
		n.len--;
	}
	c->rsa_modulus = n;
	c->rsa_exponent = 0;
	for (size_t i = 0; i < e.len && i < 4; i++)
		c->rsa_exponent = c->rsa_exponent << 8 | e.p[e.len - (e.len < 4 ? e.len : 4) + i];
}

static int parse_spki(struct cert_facts *c, struct der spki, const char **why)
{
	struct der alg, oid, bits;
	if (!der_expect(&spki, DER_SEQUENCE, &alg, NULL) || !der_expect(&alg, DER_OID, &oid, NULL) ||
	    !der_expect(&spki, DER_BIT_STRING, &bits, NULL) || bits.len < 1) {
		*why = "the subjectPublicKeyInfo is malformed";
		return -1;
	}
	c->key_bits = (struct der){ bits.p + 1, bits.len - 1 };
	if (IS(oid, OID_RSA) || IS(oid, OID_RSA_OAEP)) {
		c->key_type = IS(oid, OID_RSA) ? KEY_RSA : KEY_RSA_OAEP;
		parse_rsa_key(c);
	} else if (IS(oid, OID_EC)) {
		c->key_type = KEY_EC;
		der_expect(&alg, DER_OID, &c->ec_curve, NULL);
	}
	return 0;
}

static int parse_validity(struct cert_facts *c, struct der validity, const char **why)
{
	struct der t;
	uint8_t tag;
	if (!der_next(&validity, &tag, &t, NULL) || !(c->not_before = parse_time(tag, &t)) ||
	    !der_next(&validity, &tag, &t, NULL) || !(c->not_after = parse_time(tag, &t))) {
		*why = "the validity dates are malformed";
		return -1;
	}
	return 0;
}

static int parse_tbs(struct cert_facts *c, struct der tbs, const char **why)
{
	struct der v, alg, validity, exts, list, ext;
	uint8_t tag;
	der_expect(&tbs, 0xA0, &v, NULL); /* version [0], absent for v1 */
	if (!der_expect(&tbs, DER_INTEGER, &c->serial, NULL) || !der_expect(&tbs, DER_SEQUENCE, &alg, NULL) ||
	    !der_expect(&tbs, DER_SEQUENCE, &v, &c->issuer) || !der_expect(&tbs, DER_SEQUENCE, &validity, NULL) ||
	    !der_expect(&tbs, DER_SEQUENCE, &v, &c->subject) || !der_expect(&tbs, DER_SEQUENCE, &v, &c->spki)) {
		*why = "the TBSCertificate fields are malformed";
		return -1;
	}
	if (parse_validity(c, validity, why) != 0 || parse_spki(c, v, why) != 0)
		return -1;
	while (der_next(&tbs, &tag, &exts, NULL)) {
		if (tag != 0xA3 || !der_expect(&exts, DER_SEQUENCE, &list, NULL))
			continue; /* issuerUniqueID, subjectUniqueID */
		while (der_expect(&list, DER_SEQUENCE, &ext, NULL))
			parse_extension(c, ext);
	}
	return 0;
}

int cert_facts_parse(const uint8_t *bytes, size_t len, struct cert_facts *c, const char **why)
{
	struct der in = { bytes, len }, cert, alg, tbs_content;
	memset(c, 0, sizeof(*c));
	if (!der_expect(&in, DER_SEQUENCE, &cert, &c->whole) || in.len != 0) {
		*why = "it is not one DER SEQUENCE";
		return -1;
	}
	if (!der_expect(&cert, DER_SEQUENCE, &tbs_content, &c->tbs) || !der_expect(&cert, DER_SEQUENCE, &alg, NULL) ||
	    !der_expect(&alg, DER_OID, &c->sig_oid, NULL) || !der_expect(&cert, DER_BIT_STRING, &c->signature, NULL) ||
	    c->signature.len < 1) {
		*why = "it lacks the TBSCertificate, signatureAlgorithm or signature";
		return -1;
	}
	c->sig_params = alg;
	c->signature.p++;
	c->signature.len--;
	if (parse_tbs(c, tbs_content, why) != 0)
		return -1;
	struct cn_target issuer = { c->issuer_cn, sizeof(c->issuer_cn) }, subject = { c->subject_cn, sizeof(c->subject_cn) };
	struct der name = { c->issuer.p, c->issuer.len }, body;
	if (der_expect(&name, DER_SEQUENCE, &body, NULL))
		name_attributes(body, take_cn, &issuer);
	name = c->subject;
	if (der_expect(&name, DER_SEQUENCE, &body, NULL))
		name_attributes(body, take_cn, &subject);
	c->self_issued = c->issuer.len == c->subject.len && memcmp(c->issuer.p, c->subject.p, c->issuer.len) == 0;
	return 0;
}

void cert_facts_manufacturer(const struct cert_facts *c, char out[5])
{
	out[0] = 0;
	const char *m = c->tpm_manufacturer;
	if (strncmp(m, "id:", 3) != 0 || strlen(m) != 11)
		return;
	unsigned value = 0;
	for (int i = 0; i < 8; i++) {
		char h = m[3 + i];
		unsigned d = h >= '0' && h <= '9' ? (unsigned)(h - '0') : h >= 'a' && h <= 'f' ? (unsigned)(h - 'a' + 10)
			   : h >= 'A' && h <= 'F' ? (unsigned)(h - 'A' + 10) : 99;
		if (d > 15)
			return;
		value = value << 4 | d;
	}
	int n = 0;
	for (int i = 0; i < 4; i++) {
		char ch = (char)(value >> (24 - 8 * i));
		if (ch > ' ' && ch < 0x7f)
			out[n++] = ch;
	}
	out[n] = 0;
}

void cert_serial_hex(const struct cert_facts *c, char *out, size_t cap)
{
	size_t n = c->serial.len < (cap - 1) / 2 ? c->serial.len : (cap - 1) / 2;
	hex_lower(out, c->serial.p, n);
}

void cert_sha256_hex(const struct cert_facts *c, char out[65])
{
	uint8_t digest[32];
	mbedtls_sha256(c->whole.p, c->whole.len, digest, 0);
	hex_lower(out, digest, sizeof(digest));
}

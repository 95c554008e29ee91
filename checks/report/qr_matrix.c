/* qr_matrix.c - see qr_matrix.h. libqrencode marks a dark module with bit 0 of each byte (qrencode.h). */
#include "checks/report/qr_matrix.h"
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

int qr_matrix_make(const char *text, struct qr_matrix *m)
{
	memset(m, 0, sizeof(*m));
	QRcode *code = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!code)
		return -1;
	m->version = code->version;
	m->width = code->width;
	m->modules = malloc((size_t)code->width * (size_t)code->width);
	if (m->modules)
		for (int i = 0; i < code->width * code->width; i++)
			m->modules[i] = code->data[i] & 1;
	QRcode_free(code);
	return m->modules ? 0 : -1;
}

bool qr_matrix_dark(const struct qr_matrix *m, int x, int y)
{
	return x >= 0 && y >= 0 && x < m->width && y < m->width && m->modules[y * m->width + x];
}

void qr_matrix_free(struct qr_matrix *m)
{
	free(m->modules);
	m->modules = NULL;
}

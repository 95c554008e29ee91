/*
 * qr_matrix.h - the QR code of the compact summary (report_summary.h), as a
 * square of modules for the screen to draw: byte mode, error correction
 * level M, the smallest version that holds the text (ISO/IEC 18004), made by
 * libqrencode.
 */
#ifndef PREFLIGHT_QR_MATRIX_H
#define PREFLIGHT_QR_MATRIX_H
#include <stdbool.h>
#include <stdint.h>

struct qr_matrix {
	int version;
	int width;         /* modules per side: 17 + 4 * version */
	uint8_t *modules;  /* width * width, row by row, 1 = dark */
};

/* 0, or -1 when the text does not fit a QR code or memory ran out. */
int qr_matrix_make(const char *text, struct qr_matrix *m);
bool qr_matrix_dark(const struct qr_matrix *m, int x, int y);
void qr_matrix_free(struct qr_matrix *m);

#endif

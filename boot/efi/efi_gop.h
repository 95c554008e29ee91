/*
 * efi_gop.h - drawing on the graphics console (UEFI 2.10 section 12.9,
 * EFI_GRAPHICS_OUTPUT_PROTOCOL): what text mode cannot show, such as a QR
 * code (text consoles have no half blocks, so a readable code needs pixels).
 */
#ifndef PREFLIGHT_EFI_GOP_H
#define PREFLIGHT_EFI_GOP_H
#include "checks/report/qr_matrix.h"
#include <stdbool.h>

/* Draws the code with its quiet zone (ISO/IEC 18004: 4 modules wide) below the first text_rows rows of the text
 * console, which it never overlaps: the caller prints all its text first. False when there is no graphics console
 * or too little room. */
bool efi_gop_draw_qr(const struct qr_matrix *m, int text_rows);

#endif

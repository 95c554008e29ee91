/*
 * serial_placeholder.h - is an SMBIOS serial number (type 1, offset 07h) a
 * real one? Boards leave the firmware vendor's template text there when the
 * maker does not program it; Windows Autopilot's device record carries the
 * serial number beside the hardware hash, and a factory tells units apart by
 * it.
 */
#ifndef PREFLIGHT_SERIAL_PLACEHOLDER_H
#define PREFLIGHT_SERIAL_PLACEHOLDER_H

/* NULL for a usable serial, else what is wrong with it: "unset" or "a placeholder". */
const char *serial_problem(const char *serial);

#endif

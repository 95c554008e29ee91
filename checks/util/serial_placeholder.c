/* serial_placeholder.c - see serial_placeholder.h. */
#include "checks/util/serial_placeholder.h"
#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

/*
 * Texts firmware templates leave in the serial number field when the maker has not programmed it: AMI's "To Be
 * Filled By O.E.M." and "Default string", the "System Serial Number" and "Chassis Serial Number" of board
 * templates, "Not Specified", a digit run such as Compal's documented default "123456789" - and QEMU's
 * unprogrammed field, which is empty. Microsoft asks makers to fill the field per unit (Microsoft Learn,
 * "SMBIOS", Windows hardware bring-up: Serial Number, System Information type 1, 07h).
 */
static const char *const placeholders[] = { /* compared ignoring case */
	"To Be Filled By O.E.M.", "To Be Filled By OEM", "Default string", "System Serial Number",
	"Chassis Serial Number", "Base Board Serial Number", "Serial Number", "SerialNumber", "Not Specified",
	"Not Applicable", "None", "N/A", "NA", "OEM", "O.E.M.", "INVALID", "Unknown", "123456789", "0123456789",
	"1234567890", "12345678", "Default",
};

/* One character repeated ("00000000", "xxxxxxxx", "........"): a template, not a serial. */
static bool one_character(const char *s)
{
	size_t n = strlen(s);
	for (size_t i = 1; i < n; i++)
		if (tolower((unsigned char)s[i]) != tolower((unsigned char)s[0]))
			return false;
	return n > 1;
}

const char *serial_problem(const char *serial)
{
	while (*serial == ' ')
		serial++;
	size_t len = strlen(serial);
	while (len && serial[len - 1] == ' ')
		len--;
	if (!len)
		return "unset";
	char trimmed[96];
	if (len >= sizeof(trimmed))
		return NULL;
	memcpy(trimmed, serial, len);
	trimmed[len] = 0;
	for (size_t i = 0; i < sizeof(placeholders) / sizeof(placeholders[0]); i++)
		if (strcasecmp(trimmed, placeholders[i]) == 0)
			return "a placeholder";
	return one_character(trimmed) ? "a placeholder" : NULL;
}

/* fuzz_config.c - the configuration file and the UEFI command line on arbitrary bytes. */
#include <stdint.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "checks/config/cmdline.h"
#include "checks/config/config.h"

static void ignore(void *ctx, const char *message)
{
	(void)ctx;
	(void)message;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct config c;
	config_defaults(&c);
	config_parse(&c, (const char *)data, size, ignore, NULL);
	char *line = malloc(size + 1);
	memcpy(line, data, size);
	line[size] = 0;
	char *argv[CMDLINE_ARGS_MAX];
	int argc = cmdline_split(line, argv, CMDLINE_ARGS_MAX);
	cmdline_apply(&c, argc, argv, 0, ignore, NULL);
	free(line);
	return 0;
}

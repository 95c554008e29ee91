/* cmdline.c - split and apply UEFI command-line options. */
#include "checks/config/cmdline.h"
#include <stdio.h>
#include <string.h>

int cmdline_split(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;
	while (*p && argc < max) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p)
			break;
		char *out = p;
		argv[argc++] = out;
		bool quoted = false;
		for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
		}
		if (*p)
			p++;
		*out = 0;
	}
	return argc;
}

void cmdline_apply(struct config *c, int argc, char **argv, int first, config_problem_fn problem, void *ctx)
{
	for (int i = first; i < argc; i++) {
		char key[64], message[160];
		const char *arg = argv[i];
		if (strncmp(arg, "--", 2) != 0 || !arg[2]) {
			/* Not even a prefix: a stray word is most often part of a value with blanks (a token). */
			snprintf(message, sizeof(message), "command line: argument %d is not an option (--key value) and is "
				 "ignored; quote a value with blanks", i - first + 1);
			problem(ctx, message);
			continue;
		}
		const char *eq = strchr(arg, '=');
		size_t n = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
		if (n >= sizeof(key))
			n = sizeof(key) - 1;
		memcpy(key, arg + 2, n);
		key[n] = 0;
		for (char *k = key; *k; k++)
			if (*k == '-')
				*k = '_';
		const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : "");
		config_set(c, key, value, problem, ctx);
	}
}

/* config_describe.c - the settings a run was made with, in its report (written at the start, so even a report cut
 * short says how the unit was tested). Only choices: a proxy, header or URL can hold a secret and is left out. */
#include "checks/config/config.h"
#include <stdio.h>
#include <string.h>

static const char *strict_words(const struct config *c, char *buf, size_t len)
{
	int count = 0;
	size_t used = 0;
	buf[0] = 0;
	for (int i = 0; i < CHECK_COUNT; i++) {
		if (!c->strict[i])
			continue;
		count++;
		if (used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%s", used ? "," : "", check_descriptor((enum check_id)i)->id);
	}
	return count == 0 ? "off" : count == CHECK_COUNT ? "all" : used >= len ? "some" : buf;
}

void config_describe(const struct config *c, char *out, size_t len)
{
	static const char *const net[] = { "dhcp", "static", "off" };
	char strict[160];
	int n = snprintf(out, len, "mode=%s transport=%s network=%s strict=%s upload=%s beep=%s", run_mode_name(c->mode),
			 transport_choice_names[c->transport], net[c->network.mode % 3], strict_words(c, strict, sizeof(strict)),
			 c->upload.url[0] ? "on" : "off", c->beep ? "on" : "off");
	if (n > 0 && (size_t)n < len && c->aik_enrol) /* the report says the unit was enrolled with Microsoft */
		n += snprintf(out + n, len - (size_t)n, " aik_enrol=on");
	if (n > 0 && (size_t)n < len && c->mode == MODE_FACTORY)
		snprintf(out + n, len - (size_t)n, " finish_pass=%s finish_fail=%s time_limit=%u",
			 finish_action_name(c->finish_pass), finish_action_name(c->finish_fail), c->time_limit_s);
	else if (n > 0 && (size_t)n < len)
		snprintf(out + n, len - (size_t)n, " finish=%s", finish_action_name(c->finish));
}

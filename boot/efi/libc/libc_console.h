/* libc_console.h - where printf and assertion messages go (set by the console service). */
#ifndef PREFLIGHT_LIBC_CONSOLE_H
#define PREFLIGHT_LIBC_CONSOLE_H
void libc_console_write(const char *text);
#endif

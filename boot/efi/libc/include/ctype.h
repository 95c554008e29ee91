/* ctype.h - ASCII classification (the "C" locale only). */
#ifndef PREFLIGHT_LIBC_CTYPE_H
#define PREFLIGHT_LIBC_CTYPE_H
int isdigit(int c);
int isxdigit(int c);
int isalpha(int c);
int isalnum(int c);
int isspace(int c);
int isupper(int c);
int islower(int c);
int isprint(int c);
int tolower(int c);
int toupper(int c);
#endif

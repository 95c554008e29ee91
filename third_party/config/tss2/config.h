/* config.h - the autoconf results tpm2-tss expects; the project builds only tss2-mu and tss2-sys. */
#ifndef PREFLIGHT_TSS2_CONFIG_H
#define PREFLIGHT_TSS2_CONFIG_H
#define MAXLOGLEVEL 0
#endif

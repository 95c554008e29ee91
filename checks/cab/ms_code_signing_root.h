/* ms_code_signing_root.h - Microsoft's code-signing root, pinned: the anchor of a TrustedTpm.cab's signature. */
#ifndef PREFLIGHT_MS_CODE_SIGNING_ROOT_H
#define PREFLIGHT_MS_CODE_SIGNING_ROOT_H
#include <mbedtls/x509_crt.h>

/* Parses "Microsoft Root Certificate Authority 2011" into an initialised crt and checks its thumbprint; 0 or -1. */
int ms_code_signing_root(mbedtls_x509_crt *root);

#endif

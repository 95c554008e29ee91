/* Force-included before every file that uses mbed TLS: selects the project's configuration changes. */
#define MBEDTLS_USER_CONFIG_FILE "preflight_mbedtls_user.h"

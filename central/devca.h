/* Development PKI for the reference central (`accueil-central dev-ca DIR`): a CA, a server
 * certificate for localhost and 127.0.0.1, and a kiosk client certificate, all ECDSA P-256,
 * generated in process with mbedTLS. For development and tests only. */
#ifndef ACCUEIL_CENTRAL_DEVCA_H
#define ACCUEIL_CENTRAL_DEVCA_H

#include <stddef.h>

/* Creates dir (0700) when missing and writes ca.crt, ca.key, server.crt, server.key, kiosk.crt,
 * kiosk.key (keys 0600). Never overwrites: when any of the six exists, returns -EEXIST and
 * writes nothing. Returns 0 or a negative errno code, with a reason in err (cap bytes, may be
 * NULL). */
int central_devca_create(const char *dir, char *err, size_t cap);

#endif

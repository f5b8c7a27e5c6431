/* The command line of accueil-central (see central/README.md): serve, dev-ca and the staff
 * commands. In the library so tests can run staff commands in process. */
#ifndef ACCUEIL_CENTRAL_CLI_H
#define ACCUEIL_CENTRAL_CLI_H

#include <stdio.h>

/* Runs one command; argv[0] is the program name. Output goes to out, messages to err. Returns
 * the exit status: 0 success, 1 failure, 2 usage error, 3 nothing to call (call-next). `serve`
 * blocks SIGINT and SIGTERM in the calling thread and returns when one arrives. */
int central_cli_main(int argc, char **argv, FILE *out, FILE *err);

#endif

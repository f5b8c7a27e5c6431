/* accueil-central: the reference central service and its staff command line. */
#include <stdio.h>
#include <stdlib.h>

#include "central/cli.h"

int main(int argc, char **argv)
{
	int rc = central_cli_main(argc, argv, stdout, stderr);
	fflush(stdout);
	exit(rc);
}

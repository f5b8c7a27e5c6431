/* Placeholder until the central lands. */
#include "tests/support/central_harness.h"

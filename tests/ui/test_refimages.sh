#!/usr/bin/env bash
# Reference-image test of every screen (tests/run.sh runs it with the build
# directory): 0 pass, 1 fail, 77 skipped while --render-all does not exist.
exec "$(dirname "$0")/refimages.sh" "${1:-build}"

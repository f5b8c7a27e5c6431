#!/usr/bin/env bash
# make check: formatting, static analysis, and the include rule (core and screens stay pure).
set -u
status=0
files=$(git ls-files '*.c' '*.h')

echo "check: clang-format"
if ! clang-format --dry-run --Werror $files 2>/tmp/accueil-format.log; then
	grep -E '^[^ ].*(warning|error):' /tmp/accueil-format.log | sed 's/:[0-9]*:[0-9]*: .*//' | sort -u | head -20
	echo "check: run 'make format' to fix the files above"
	status=1
fi

echo "check: include rule"
bad=$(grep -lE '#include[[:space:]]*[<"](SDL|curl/|espeak|sqlite3|mbedtls/|cJSON|cjson/|microhttpd)' \
	firmware/core/*.[ch] ui/screens/*.[ch] ui/layout.[ch] ui/theme.[ch] ui/view.h \
	voices/announce.[ch] voices/utterance.[ch] voices/earcons.[ch] voices/normalize*.[ch] \
	voices/lexicon.[ch] 2>/dev/null)
if [ -n "$bad" ]; then
	echo "check: pure modules include platform headers: $bad"
	status=1
fi

echo "check: banned functions"
banned=$(grep -nE '\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)\s*\(' $files | grep -v '^tools/' || true)
if [ -n "$banned" ]; then
	echo "$banned"
	status=1
fi

echo "check: cppcheck"
if ! cppcheck --quiet --error-exitcode=1 --std=c11 --enable=warning,portability,performance \
	--inline-suppr --suppress=missingIncludeSystem -I . \
	firmware ui voices central 2>&1 | tail -30; then
	status=1
fi
[ $status -eq 0 ] && echo "check: all clean"
exit $status

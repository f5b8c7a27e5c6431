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

echo "check: include direction (ARCHITECTURE.md)"
# folder: the folders of our own headers it may include.
rules='firmware/core/:firmware/core/ ui/view.h
ui/screens/:ui/screens/ firmware/core/ ui/view.h
ui/:ui/ firmware/core/
voices/:voices/ firmware/core/ ui/view.h
firmware/services/:firmware/services/ firmware/core/
central/:central/ firmware/core/ firmware/services/'
for f in $files; do
	case $f in firmware/*/*|ui/*|voices/*|central/*) ;; *) continue ;; esac
	allowed=
	while IFS=: read -r dir list; do
		case $f in "$dir"*) allowed=$list; break ;; esac
	done <<<"$rules"
	[ -n "$allowed" ] || continue
	while IFS= read -r inc; do
		ok=0
		for a in $allowed; do case $inc in "$a"*) ok=1 ;; esac; done
		if [ $ok -eq 0 ]; then
			echo "check: $f includes \"$inc\", against the include direction"
			status=1
		fi
	done < <(sed -n 's/^#include[[:space:]]*"\([^"]*\)".*/\1/p' "$f")
done

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

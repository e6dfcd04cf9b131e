#!/usr/bin/env bash
# The GitHub Action's step (action.yml): diff a terms file against its version at a base ref, write the
# SARIF for code scanning, put the 新旧対照表 (markdown) in the job summary and fail as --fail-on says.
#
# Environment: KIYAKU_PATH (the terms file, relative to the working directory), KIYAKU_BASE_REF (a git ref),
# KIYAKU_FAIL_ON (none|low|medium|high), KIYAKU_SARIF (where to write the SARIF), GITHUB_STEP_SUMMARY
# (set by GitHub; a file the summary is appended to), KIYAKU (the kiyaku command, default: kiyaku).
# Exit status: kiyaku diff's own (0 pass, 1 a new risk reaches KIYAKU_FAIL_ON, 2 bad input).
set -euo pipefail

kiyaku="${KIYAKU:-kiyaku}"
path="${KIYAKU_PATH:?set KIYAKU_PATH to the terms file}"
base="${KIYAKU_BASE_REF:?set KIYAKU_BASE_REF to the git ref to compare with}"
fail_on="${KIYAKU_FAIL_ON:-medium}"
sarif="${KIYAKU_SARIF:-kiyaku.sarif}"
summary="${GITHUB_STEP_SUMMARY:-/dev/null}"

if ! git cat-file -e "${base}:./${path}" 2>/dev/null; then
    printf '## kiyaku\n\n`%s` has no version at `%s`: nothing to compare.\n' "$path" "$base" >> "$summary"
    exit 0
fi

"$kiyaku" diff --since-ref "$base" "$path" --format sarif -o "$sarif"
"$kiyaku" diff --since-ref "$base" "$path" --format taisho-md >> "$summary"
status=0
"$kiyaku" diff --since-ref "$base" "$path" --format text --fail-on "$fail_on" || status=$?
if [ "$status" -eq 1 ]; then
    printf '\n**kiyaku**: a new or escalated risk reaches `--fail-on %s`.\n' "$fail_on" >> "$summary"
fi
exit "$status"

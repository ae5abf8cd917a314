#!/usr/bin/env bash
# SPDX-License-Identifier: EUPL-1.2
#
# tests/fuzz/run.sh [SECONDS]: fuzzes the untrusted-JSON path (fuzz-intake.c) for SECONDS
# (default 60). Builds build-fuzz/fuzz-intake when it is missing or older than a source, seeds a
# fresh working corpus (build-fuzz/corpus/) with docs/examples/*.json and tests/json/*/*.json,
# and runs libFuzzer with the JSON dictionary. Prints libFuzzer's last status line and one
# summary line; exits non-zero on a crash, a leak, a timeout or running out of memory, leaving
# the input that did it in build-fuzz/artifacts/ and its path printed. The full log is
# build-fuzz/fuzz.log.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/../.."

seconds=${1:-60}
case "$seconds" in
  '' | *[!0-9]*) echo "usage: tests/fuzz/run.sh [SECONDS]" >&2; exit 2 ;;
esac
bin=build-fuzz/fuzz-intake
if [ ! -x "$bin" ] || [ -n "$(find core intake db tests/fuzz -name '*.[ch]' -newer "$bin" -print -quit)" ]; then
  tests/fuzz/build.sh
fi

corpus=build-fuzz/corpus
artifacts=build-fuzz/artifacts
log=build-fuzz/fuzz.log
rm -rf "$corpus"
mkdir -p "$corpus" "$artifacts"
# Flattened: malformed/x.json and valid/x.json may share a name.
for seed in docs/examples/*.json tests/json/*/*.json; do
  cp "$seed" "$corpus/$(echo "${seed%.json}" | tr / _).json"
done

status=0
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
  -dict=tests/fuzz/json.dict -artifact_prefix="$artifacts/" -print_final_stats=1 \
  "$corpus" >"$log" 2>&1 || status=$?

# The last status line ("#N DONE cov: … exec/s: …"), or the last one before it stopped; none
# when a seed itself failed.
last=$(grep -E '^#[0-9]+' "$log" | tail -n 1 || true)
echo "${last:-(stopped while reading the seeds: a seed fails)}"
if [ "$status" -ne 0 ]; then
  grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -n 5 >&2 || true
  # The first frames of eenplan's own code (not libFuzzer's, the sanitizers' or libc's).
  grep -E '^ +#[0-9]+ 0x[0-9a-f]+ in ' "$log" | grep -vE 'fuzzer::|__sanitizer|libc\.so|nptl|signal/|stdlib/|csu/|_start| in main ' \
    | head -n 6 >&2 || true
  grep -E 'Test unit written to|^artifact_prefix' "$log" >&2 || true
  echo "fuzz-intake: stopped with status $status; see $log" >&2
  exit "$status"
fi
runs=$(sed -nE 's/^stat::number_of_executed_units: *([0-9]+).*/\1/p' "$log")
secs=$(sed -nE 's/^Done [0-9]+ runs in ([0-9]+) second.*/\1/p' "$log")
echo "fuzz-intake: ${runs:-?} runs in ${secs:-$seconds} s, no crash"

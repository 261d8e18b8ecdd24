#!/usr/bin/env bash
# Builds the libFuzzer targets in Fuzz/ (docs/fuzzing.md) with -sanitize=fuzzer,address and runs
# each for FUZZ_SECONDS (default 60). First replays Fuzz/findings/ (every reproducer there must be
# fixed or listed in Fuzz/known-issues), then fuzzes from Fuzz/corpus/NAME. Exits 1 on any finding
# (crash, hang, ASan report, failed property), after running every target.
#
#   FUZZ_SECONDS=300 scripts/fuzz.sh          # all targets, 5 minutes each
#   FUZZ_TARGETS="filter" scripts/fuzz.sh     # one target
#   FUZZ_FLAGS="-jobs=2" scripts/fuzz.sh      # extra libFuzzer flags
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_TARGET=${FUZZ_SECONDS:-60}
TARGETS=${FUZZ_TARGETS:-"json filter path patch"}
BUILD=.build-fuzz
SWIFT=${SWIFT:-swift}

echo "== building the fuzz targets (Fuzz/, build path $BUILD)"
start=$(date +%s)
# Release: instrumented debug code runs ~10x fewer inputs per second. Only SCIM, Store, swift-log
# and the harness are compiled, so this takes a minute or two, not a full release build.
# `--sanitize fuzzer` makes SwiftPM build the executable as a library for libFuzzer's main; ASan
# goes in the same -sanitize= flag, since swiftc keeps only the last of several -sanitize= flags
# (`--sanitize fuzzer --sanitize address` would silently drop the coverage instrumentation).
"$SWIFT" build --package-path Fuzz --scratch-path "$BUILD" -c release \
  --sanitize fuzzer -Xswiftc -sanitize=fuzzer,address --product scimd-fuzz
BIN="$BUILD/release/scimd-fuzz"
echo "   built in $(( $(date +%s) - start )) s"

# Known, reported findings not fixed yet (one id per line, # comments): tolerated so the run
# still fails on anything new. Delete a line when its fix lands.
SCIMD_FUZZ_KNOWN=$(sed -e 's/#.*//' Fuzz/known-issues | awk 'NF { print $1 }' | paste -sd, -)
export SCIMD_FUZZ_KNOWN
[ -n "$SCIMD_FUZZ_KNOWN" ] && echo "   tolerating known issues: $SCIMD_FUZZ_KNOWN"

# Stack traces with file and line; leaks are not findings (the harness keeps its fixtures for the
# whole run, and Swift's runtime caches look like leaks to LeakSanitizer at exit).
SYMBOLIZER=$(dirname "$(command -v "$SWIFT")")/llvm-symbolizer
[ -x "$SYMBOLIZER" ] && export ASAN_SYMBOLIZER_PATH="$SYMBOLIZER"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=0:symbolize=1}"
# Swift's own backtracer would take the fatal signal first and trip ASan while it reads memory;
# libFuzzer's handler prints the stack and saves the input instead.
export SWIFT_BACKTRACE=enable=no

failed=()
for target in $TARGETS; do
  seeds="Fuzz/corpus/$target"
  findings="Fuzz/findings/$target"
  work="$BUILD/corpus/$target"        # grows as libFuzzer finds new coverage; not committed
  artifacts="$BUILD/artifacts/$target"
  mkdir -p "$work" "$artifacts"
  dict=()
  [ -f "Fuzz/dict/$target.dict" ] && dict=("-dict=Fuzz/dict/$target.dict")

  if compgen -G "$findings/*" >/dev/null; then
    echo "== $target: replaying $(ls "$findings" | wc -l) reproducers from $findings"
    if ! "$BIN" "$target" -runs=1 "$findings"/* >"$artifacts/replay.log" 2>&1; then
      grep -E "FINDING|ERROR|Fatal error" "$artifacts/replay.log" | head -5 || true
      echo "   a reproducer in $findings still fails and is not in Fuzz/known-issues (log: $artifacts/replay.log)"
      failed+=("$target(replay)")
    fi
  fi

  echo "== $target: fuzzing for $SECONDS_PER_TARGET s"
  # -timeout: one input taking over 10 s is a hang. -rss_limit_mb: above 2 GB is a finding.
  # shellcheck disable=SC2086
  if "$BIN" "$target" "$work" "$seeds" "${dict[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=12000 \
    -artifact_prefix="$artifacts/" -print_final_stats=1 ${FUZZ_FLAGS:-} >"$artifacts/fuzz.log" 2>&1; then
    grep -E "^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added)" "$artifacts/fuzz.log" \
      | sed 's/^/   /' || true
    grep -E "^tolerated known issues" "$artifacts/fuzz.log" | sed 's/^/   /' || true
    if grep -q "Is the code instrumented for coverage" "$artifacts/fuzz.log"; then
      echo "   the binary has no coverage instrumentation: the run proved nothing"
      failed+=("$target(uninstrumented)")
    fi
  else
    echo "   FINDING in $target (full log: $artifacts/fuzz.log):"
    grep -E -A12 "FINDING|==ERROR|ERROR: libFuzzer|Fatal error" "$artifacts/fuzz.log" | head -40 | sed 's/^/   /' || true
    ls "$artifacts"/crash-* "$artifacts"/timeout-* "$artifacts"/oom-* 2>/dev/null | sed 's/^/   input: /' || true
    echo "   reproduce: $BIN $target <input>   (docs/fuzzing.md)"
    failed+=("$target")
  fi
done

echo "== fuzzing done in $(( $(date +%s) - start )) s"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz findings in: ${failed[*]}"
  exit 1
fi
echo "no findings in: $TARGETS"

#!/usr/bin/env bash
# Sanitizer job: builds the addon with AddressSanitizer + UndefinedBehaviorSanitizer into
# build-asan/ (CMakeLists.txt option ADJOINT_SANITIZE; -fno-sanitize-recover=undefined, so any
# UB report aborts) and runs the vitest suite against it.
#  - ADJOINT_ADDON=build-asan/Release/adjoint.node: lib/native.ts loads this file instead of
#    build/ or prebuilds/.
#  - LD_PRELOAD of g++'s libasan.so and libubsan.so: node itself is not instrumented, and the ASan
#    runtime must come first in the process.
#  - ASAN_OPTIONS=detect_leaks=0: Node itself leaks at exit (the soak test checks memory instead).
#  - The job fails on any sanitizer report, even if the test runner swallowed the crash of a
#    worker: ASan reports go to files under build-asan/reports/ (log_path), and the run's output
#    (build-asan/vitest.log, where UBSan's reports land) is searched for reports.
#  - vitest runs with --pool=forks: each worker is a child process that inherits this
#    environment (LD_PRELOAD included).
#  - ADJOINT_SANITIZER=1 is exported for the tests: tests too slow under ASan (the soak test,
#    large benchmarks-as-tests) skip or shrink themselves when it is set.
# Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
t0=$(date +%s)
npx cmake-js compile --out build-asan --CDADJOINT_SANITIZE=ON
ADDON=$ROOT/build-asan/Release/adjoint.node
test -f "$ADDON"
if [ "$(nm -D "$ADDON" | grep -c '__asan_' || true)" -eq 0 ]; then
  echo "sanitize: FAIL: $ADDON is not instrumented (stale build-asan/ without ADJOINT_SANITIZE?)" >&2
  exit 1
fi
echo "sanitize: built $ADDON in $(( $(date +%s) - t0 )) s"

# Make sure dist/ is current (the suite imports the compiled TypeScript or lib/ via vitest).
npx tsc -p tsconfig.json

LIBASAN=$(g++ -print-file-name=libasan.so)
LIBUBSAN=$(g++ -print-file-name=libubsan.so)
for l in "$LIBASAN" "$LIBUBSAN"; do
  [ -f "$l" ] || { echo "sanitize: FAIL: $l not found (g++'s sanitizer runtimes)" >&2; exit 1; }
done

REPORTS=$ROOT/build-asan/reports
rm -rf "$REPORTS"; mkdir -p "$REPORTS"

LOG=$ROOT/build-asan/vitest.log
status=0
env ADJOINT_ADDON="$ADDON" ADJOINT_SANITIZER=1 \
  LD_PRELOAD="$(readlink -f "$LIBASAN") $(readlink -f "$LIBUBSAN")" \
  ASAN_OPTIONS="detect_leaks=0:abort_on_error=1:log_path=$REPORTS/asan" \
  UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1" \
  "$ROOT/node_modules/.bin/vitest" run --pool=forks "$@" 2>&1 | tee "$LOG" || status=$?

# ASan writes its reports to $REPORTS/asan.<pid>; GCC 12's UBSan, combined with ASan, ignores
# log_path and prints to the worker's stderr, which vitest passes through to $LOG.
reports=0
if compgen -G "$REPORTS/*" >/dev/null; then
  for f in "$REPORTS"/*; do echo "=== $f"; cat "$f"; done >&2
  reports=1
fi
if grep -E -q 'runtime error:|ERROR: (Address|Undefined|Leak)Sanitizer|SUMMARY: (Address|Undefined)' "$LOG"; then
  grep -E -A12 'runtime error:|ERROR: (Address|Undefined|Leak)Sanitizer' "$LOG" >&2 || true
  reports=1
fi
if [ "$reports" -ne 0 ]; then
  echo "sanitize: FAIL: sanitizer reports above" >&2
  exit 1
fi
if [ "$status" -ne 0 ]; then
  echo "sanitize: FAIL: the test suite failed under ASan/UBSan (exit $status)" >&2
  exit "$status"
fi
echo "sanitize: OK, no sanitizer report ($(( $(date +%s) - t0 )) s)"

#!/usr/bin/env bash
# Portable-kernels job: the addon built with ADJOINT_PORTABLE_ONLY (CMakeLists.txt; the define
# ADJ_PORTABLE_ONLY of native/core/cpu_dispatch.h: no AVX2+FMA clones of the elementwise,
# reduction, linear-algebra and forward-mode kernels) into build-portable/, and the suite run
# against it with the FFT on its scalar codelets (ADJ_FFT_ISA=scalar): the code paths of CPUs
# without AVX2 and of non-x86 machines (arm64), which the default build here never takes.
# Extra arguments go to vitest (e.g. a file filter).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

export CMAKE_BUILD_PARALLEL_LEVEL=${CMAKE_BUILD_PARALLEL_LEVEL:-$(nproc)}
t0=$(date +%s)
npx cmake-js compile --out build-portable --CDADJOINT_PORTABLE_ONLY=ON
ADDON=$ROOT/build-portable/Release/adjoint.node
test -f "$ADDON"
if nm -C "$ADDON" | grep -q 'run_avx2_fma'; then
  echo "portable: FAIL: $ADDON has AVX2 kernel clones (stale build-portable/ without ADJOINT_PORTABLE_ONLY?)" >&2
  exit 1
fi
echo "portable: built $ADDON in $(( $(date +%s) - t0 )) s"

npx tsc -p tsconfig.json
ADJOINT_ADDON=$ADDON ADJ_FFT_ISA=scalar npx vitest run "$@"

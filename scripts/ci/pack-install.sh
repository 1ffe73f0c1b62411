#!/usr/bin/env bash
# Packs adjoint with a prebuild and installs the tarball where no compiler can be reached:
#   1. npm run prebuildify  -> prebuilds/<platform>-<arch>/adjoint.<libc>.node (cmake-js)
#   2. npm pack             -> adjoint-<version>.tgz (also runs `prepare`: tsc -> dist/)
#   3. for each of `npm install <tgz>` and `npm install --ignore-scripts <tgz>`: an empty temp
#      project, a PATH holding only node, npm and a few coreutils (no g++/gcc/cc/c++/make/cmake/
#      python3), install, then run a small ESM check: grad of sum(exp(x)) equals exp(x).
# The install script must load the prebuild and compile nothing; the tarball must not contain
# build/ (a leftover build/Release would be preferred over prebuilds/ by node-gyp-build).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD

npm run prebuildify

rm -f adjoint-*.tgz
TGZ=$ROOT/$(npm pack --silent | tail -n 1)
echo "pack-install: $TGZ ($(du -k "$TGZ" | cut -f1) KiB)"
listing=$(tar -tzf "$TGZ")
if grep -E '^package/(build|build-[^/]*)/' <<<"$listing"; then
  echo "pack-install: FAIL: the tarball contains a build directory (it would shadow the prebuild)" >&2
  exit 1
fi
for f in package/prebuilds/linux-x64/adjoint.glibc.node package/dist/index.js package/dist/index.d.ts \
         package/binding.gyp package/CMakeLists.txt package/scripts/install.cjs package/scripts/build-native.cjs; do
  grep -qx "$f" <<<"$listing" || { echo "pack-install: FAIL: $f missing from the tarball" >&2; exit 1; }
done
if ! grep -q '^package/native/.*\.cc$' <<<"$listing"; then
  echo "pack-install: FAIL: native sources missing from the tarball" >&2; exit 1
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/adjoint-pack.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# A bin dir with node, npm and the basic tools npm and its scripts use; nothing that compiles.
SANDBOX=$WORK/bin
mkdir -p "$SANDBOX"
ln -s "$(command -v node)" "$SANDBOX/node"
ln -s "$(command -v npm)" "$SANDBOX/npm"
for t in sh bash env cat ls mkdir rm cp mv ln chmod dirname basename uname readlink realpath \
         tar gzip grep sed tr head tail sort mktemp touch true false; do
  p=$(command -v "$t" || true)
  [ -n "$p" ] && ln -s "$p" "$SANDBOX/$t"
done
for c in g++ gcc cc c++ clang clang++ make gmake cmake ninja python3 python; do
  if PATH=$SANDBOX command -v "$c" >/dev/null 2>&1; then
    echo "pack-install: FAIL: sandbox PATH reaches $c" >&2; exit 1
  fi
done

cat > "$WORK/check.mjs" <<'JS'
import * as ad from 'adjoint';
import { createRequire } from 'node:module';
import * as path from 'node:path';
const require = createRequire(import.meta.url);
const pkgDir = path.join(process.cwd(), 'node_modules', 'adjoint');
const addon = require('node-gyp-build').resolve(pkgDir);
if (!addon.includes(`${path.sep}prebuilds${path.sep}`)) {
  console.error(`pack-install: FAIL: the addon loads from ${addon}, not from prebuilds/`);
  process.exit(1);
}
const x = [0, 1];
const g = ad.grad((t) => ad.sum(ad.exp(t)))(ad.tensor(x));
const got = Array.from(typeof g.data === 'function' ? g.data() : g.toArray().flat());
const err = Math.max(...x.map((v, i) => Math.abs(got[i] - Math.exp(v))));
if (got.length !== 2 || !(err <= 1e-12)) {
  console.error(`pack-install: FAIL: grad(sum(exp))([0, 1]) = [${got}], expected [${x.map(Math.exp)}]`);
  process.exit(1);
}
console.log(`pack-install: grad(sum(exp))([0, 1]) = [${got}] (max error ${err}); addon ${path.relative(process.cwd(), addon)}`);
JS

for mode in scripts ignore-scripts; do
  dir=$WORK/$mode
  mkdir -p "$dir"
  cp "$WORK/check.mjs" "$dir/"
  ( cd "$dir"
    echo '{ "name": "adjoint-pack-check", "version": "1.0.0", "private": true, "type": "module" }' > package.json
    flags=(--no-audit --no-fund --foreground-scripts)
    [ "$mode" = ignore-scripts ] && flags+=(--ignore-scripts)
    echo "pack-install: npm install ${flags[*]} $(basename "$TGZ")   (PATH=$SANDBOX)"
    env -u npm_config_nodedir PATH="$SANDBOX" npm install "${flags[@]}" "$TGZ" 2>&1 | tee install.log
    if [ -e node_modules/adjoint/build ]; then
      echo "pack-install: FAIL: the install compiled (node_modules/adjoint/build exists)" >&2; exit 1
    fi
    if [ "$mode" = scripts ] && ! grep -q 'adjoint: using prebuilds/' install.log; then
      echo "pack-install: FAIL: the install script did not report loading the prebuild" >&2; exit 1
    fi
    PATH="$SANDBOX" node check.mjs
  )
done
echo "pack-install: OK"

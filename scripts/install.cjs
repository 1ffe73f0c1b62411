// The package's `install` script (`npm install`, `npm ci`, and a consumer's install of the
// tarball). Order:
//   1. a build that loads already: prebuilds/<platform>-<arch>/ (shipped in the tarball) or an
//      existing build/Release — found and load-tested by node-gyp-build, exactly as
//      lib/native.ts will find it at run time. Nothing is compiled.
//   2. otherwise compile: scripts/build-native.cjs, i.e. cmake-js (a clone of the repository,
//      where it is a devDependency: Ninja, all cores) and else node-gyp with binding.gyp
//      (npm's bundled node-gyp: a consumer without a fitting prebuild).
// `npm install --build-from-source` (or ADJOINT_BUILD_FROM_SOURCE=1) skips step 1.
// Plain `node-gyp-build` as the install script would always compile with node-gyp (one make
// job, a second build tree beside cmake-js's) whenever no prebuild fits, e.g. in every clone.
'use strict';
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');
const fromSource = process.env.npm_config_build_from_source === 'true' ||
  process.env.ADJOINT_BUILD_FROM_SOURCE === '1';

function loadsAlready() {
  // In a child process, like node-gyp-build-test: loading the addon here must not keep this
  // process from building (a failed dlopen cannot be undone).
  const probe = "const p = require('node-gyp-build').resolve(process.argv[1]); require(p); console.log(p)";
  const r = spawnSync(process.execPath, ['-e', probe, root], { cwd: root, encoding: 'utf8' });
  if (r.status === 0) return r.stdout.trim();
  return null;
}

if (!fromSource) {
  const found = loadsAlready();
  if (found) {
    console.log(`adjoint: using ${path.relative(root, found)} (no compile)`);
    process.exit(0);
  }
}
const r = spawnSync(process.execPath, [path.join(__dirname, 'build-native.cjs')], { cwd: root, stdio: 'inherit' });
process.exit(r.status ?? 1);

// `npm run prebuildify`: builds prebuilds/<platform>-<arch>/adjoint.<libc>.node (N-API, stripped,
// libc-tagged) with cmake-js, which node-gyp-build loads in an installed package, so a packed
// tarball installs with no compiler.
//  - prebuilds/ is deleted first: a stale prebuild with a more specific tag would shadow the
//    fresh one.
//  - prebuildify 6 silently ignores `--backend cmake-js`, so it gets a stand-in for node-gyp
//    (scripts/prebuildify-cmake.cjs) that runs `cmake-js rebuild` and checks the flags.
//  - prebuildify moves build/Release/adjoint.node into prebuilds/, so no stale build/ hides it.
//  - The result is checked: it loads in a fresh Node process and reports the Node-API version
//    the design relies on (scripts/ci/check-napi-version.cjs).
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const t0 = Date.now();

fs.rmSync(path.join(root, 'prebuilds'), { recursive: true, force: true });

const prebuildify = require.resolve('prebuildify/bin.js', { paths: [root] });
const shim = path.join(__dirname, 'prebuildify-cmake.cjs');
const r = spawnSync(process.execPath, [prebuildify, '--napi', '--strip', '--tag-libc', `--node-gyp=${shim}`],
  { cwd: root, stdio: 'inherit' });
if (r.status !== 0) {
  console.error('prebuildify failed');
  process.exit(r.status ?? 1);
}

const dir = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
const built = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.node')) : [];
if (built.length !== 1) {
  console.error(`prebuildify: expected one .node in ${dir}, found: ${built.join(', ') || 'none'}`);
  process.exit(1);
}
const file = path.join(dir, built[0]);

// node-gyp-build, as an installed package would use it, must pick exactly this file when no
// build/ is around (PREBUILDS_ONLY makes it skip build/Release and build/Debug).
const probe = spawnSync(process.execPath, ['-e',
  "const p = require('node-gyp-build').resolve(process.argv[1]); require(p); console.log(p)", root],
  { cwd: root, encoding: 'utf8', env: { ...process.env, PREBUILDS_ONLY: '1' } });
if (probe.status !== 0 || path.resolve(probe.stdout.trim()) !== file) {
  console.error(`prebuildify: node-gyp-build did not load ${file}:\n${probe.stdout}${probe.stderr}`);
  process.exit(1);
}
const check = spawnSync(process.execPath, [path.join(__dirname, 'ci', 'check-napi-version.cjs'), file], { stdio: 'inherit' });
if (check.status !== 0) process.exit(check.status ?? 1);

console.log(`prebuildify: ${path.relative(root, file)} (${(fs.statSync(file).size / 1024).toFixed(0)} KiB), ` +
  `loads via node-gyp-build, ${((Date.now() - t0) / 1000).toFixed(1)} s`);

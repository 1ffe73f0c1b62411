// `npm test`, `npm start` and `npm run bench` build first when the addon or dist/ is missing or
// older than its sources, so a fresh clone needs nothing but `npm install`.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const root = path.resolve(__dirname, '..');

function newest(dir, exts) {
  let t = 0;
  if (!fs.existsSync(dir)) return t;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, exts));
    else if (exts.some((x) => e.name.endsWith(x))) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}
function mtime(p) { return fs.existsSync(p) ? fs.statSync(p).mtimeMs : 0; }

function step(args) {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

// The addon that lib/native.ts will load: $ADJOINT_ADDON (left alone), else what node-gyp-build
// picks (build/Release, build/Debug, then prebuilds/). Rebuilt when missing or older than
// native/ or CMakeLists.txt — a prebuild too, so a stale one never runs the tests.
if (!process.env.ADJOINT_ADDON) {
  let addon = null;
  try { addon = require('node-gyp-build').resolve(root); } catch { /* none yet */ }
  const nativeSrc = Math.max(newest(path.join(root, 'native'), ['.cc', '.h']), mtime(path.join(root, 'CMakeLists.txt')));
  if (!addon || mtime(addon) < nativeSrc) {
    step([path.join(root, 'scripts/build-native.cjs')]);
  }
}
const dist = path.join(root, 'dist/index.js');
if (mtime(dist) < newest(path.join(root, 'lib'), ['.ts'])) {
  step([require.resolve('typescript/bin/tsc', { paths: [root] }), '-p', path.join(root, 'tsconfig.json')]);
}

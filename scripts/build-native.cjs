// Builds build/Release/adjoint.node with cmake-js (offline: binary.napi_versions in package.json
// makes cmake-js use the node-api-headers package instead of downloading Node's headers).
// Falls back to node-gyp (binding.gyp) only when cmake or cmake-js is not available (a consumer
// of the published package has no cmake-js); a compile error in cmake-js is reported as is,
// not compiled a second time by node-gyp. Extra arguments go to `cmake-js compile`.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const extra = process.argv.slice(2);

function run(cmd, args, env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', shell: false, env: env || process.env });
  return r.status === 0;
}

// 'unavailable' | true (built) | false (tried and failed)
function cmakeJs() {
  let bin;
  try { bin = require.resolve('cmake-js/bin/cmake-js', { paths: [root] }); } catch { return 'unavailable'; }
  if (spawnSync('cmake', ['--version'], { stdio: 'ignore' }).status !== 0) return 'unavailable';
  // All cores with either generator (Ninja does this anyway; Makefiles, used when ninja is
  // missing, would otherwise build one file at a time).
  const env = { CMAKE_BUILD_PARALLEL_LEVEL: String(require('node:os').availableParallelism?.() ?? 2), ...process.env };
  return run(process.execPath, [bin, 'compile', ...extra], env);
}

function nodeGyp() {
  let bin;
  try { bin = require.resolve('node-gyp/bin/node-gyp.js', { paths: [root] }); }
  catch { bin = path.join(path.dirname(process.execPath), '../lib/node_modules/npm/node_modules/node-gyp/bin/node-gyp.js'); }
  if (!fs.existsSync(bin)) return 'unavailable';
  // Outside npm (no npm_config_nodedir), point node-gyp at this Node's own headers when they are
  // installed, instead of letting it download them.
  const env = { ...process.env };
  const prefix = path.resolve(path.dirname(process.execPath), '..');
  if (!env.npm_config_nodedir && fs.existsSync(path.join(prefix, 'include/node/node_api.h'))) {
    env.npm_config_nodedir = prefix;
  }
  return run(process.execPath, [bin, 'rebuild', `--jobs=${require('node:os').availableParallelism?.() ?? 2}`], env);
}

let ok = cmakeJs();
if (ok === 'unavailable') {
  console.log('adjoint: cmake-js or cmake not found; building with node-gyp (binding.gyp)');
  ok = nodeGyp();
}
if (ok !== true) {
  console.error(ok === 'unavailable'
    ? 'adjoint: could not build the native addon: neither cmake-js (with cmake) nor node-gyp was found.\n'
    : 'adjoint: building the native addon failed (see the compiler output above).\n');
  console.error('A build needs a C++17 compiler (g++ >= 9) and cmake >= 3.15 (cmake-js), or make and\n' +
    'python3 (node-gyp). Then run `npm run build` (or `npm rebuild adjoint` in a project using it).');
  process.exit(1);
}

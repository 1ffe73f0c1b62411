// Usage: node scripts/ci/check-napi-version.cjs <addon.node>...
// Checks that each addon reports NAPI_VERSION_EXPERIMENTAL (0x7fffffff) from its exported
// node_api_module_get_api_version_v1 (emitted by NAPI_MODULE / NAPI_MODULE_INIT). The design
// depends on it: only for such a module does Node run "basic" finalizers synchronously inside
// GC (native/napi/handles.cc); a module reporting 8 gets them deferred to setImmediate, and
// tensors dropped in a synchronous loop keep their native memory until the loop yields.
// The two build paths get there differently: node-gyp compiles against Node's own headers,
// which derive NAPI_VERSION from NAPI_EXPERIMENTAL; cmake-js compiles against the
// node-api-headers package, which does not, so CMakeLists.txt pins NAPI_VERSION=2147483647.
// Reads the function's machine code with objdump (binutils); skipped with a notice if objdump is
// missing or the architecture is not x86-64.
'use strict';
const { spawnSync } = require('node:child_process');

const files = process.argv.slice(2);
if (!files.length) { console.error('usage: check-napi-version.cjs <addon.node>...'); process.exit(2); }
if (process.arch !== 'x64' || spawnSync('objdump', ['--version'], { stdio: 'ignore' }).status !== 0) {
  console.log('check-napi-version: skipped (needs objdump on x86-64)');
  process.exit(0);
}
const SYM = 'node_api_module_get_api_version_v1';
let failed = false;
for (const f of files) {
  // -T: dynamic symbols, which survive `strip --strip-all` (prebuilds are stripped).
  const dyn = spawnSync('objdump', ['-T', f], { encoding: 'utf8' });
  const hasInit = /\snapi_register_module_v1\s*$/m.test(dyn.stdout);
  const hasVer = new RegExp(`\\s${SYM}\\s*$`, 'm').test(dyn.stdout);
  if (!hasInit || !hasVer) {
    console.error(`check-napi-version: ${f}: ${hasInit ? '' : 'napi_register_module_v1 '}${hasVer ? '' : SYM + ' '}not exported` +
      (hasInit ? ` (without ${SYM} Node assumes Node-API 8; use NAPI_MODULE_INIT)` : ''));
    failed = true;
    continue;
  }
  const addr = BigInt('0x' + new RegExp(`^([0-9a-f]+)\\s.*\\s${SYM}\\s*$`, 'm').exec(dyn.stdout)[1]);
  const d = spawnSync('objdump', ['-d', '--no-show-raw-insn', `--start-address=0x${addr.toString(16)}`,
    `--stop-address=0x${(addr + 16n).toString(16)}`, f], { encoding: 'utf8' });
  const m = /^\s*[0-9a-f]+:\s+mov\s+\$0x([0-9a-f]+),%eax/m.exec(d.stdout);
  const v = m ? parseInt(m[1], 16) : NaN;
  if (v === 0x7fffffff) {
    console.log(`check-napi-version: ${f}: Node-API version NAPI_VERSION_EXPERIMENTAL (synchronous basic finalizers)`);
  } else {
    console.error(`check-napi-version: ${f}: Node-API version ${Number.isNaN(v) ? 'unreadable' : v}, expected 2147483647 ` +
      '(NAPI_EXPERIMENTAL without a lower NAPI_VERSION)');
    failed = true;
  }
}
process.exit(failed ? 1 : 0);

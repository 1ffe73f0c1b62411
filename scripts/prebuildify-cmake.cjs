#!/usr/bin/env node
// Stand-in for node-gyp, for `prebuildify --node-gyp=<this>` (prebuildify 6 has no working
// cmake-js backend). prebuildify calls it as `<this> rebuild --target=.. --devdir=.. --arch=..
// --release`; those arguments are meaningless for an N-API build against node-api-headers and
// are ignored. It runs `cmake-js rebuild` (a clean build of build/Release/adjoint.node, with
// compile_commands.json exported) and then checks that no compile command carries a -march /
// -mtune / -mcpu flag or -ffast-math: a shipped binary must run on any x86-64 (SIMD is chosen at
// run time, see ARCHITECTURE.md) and must not flip the FPU's flush-to-zero for all of Node.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
if (args.includes('--debug')) {
  console.error('prebuildify-cmake: debug prebuilds are not supported');
  process.exit(1);
}
const bin = require.resolve('cmake-js/bin/cmake-js', { paths: [root] });
const r = spawnSync(process.execPath, [bin, 'rebuild', '--CDCMAKE_EXPORT_COMPILE_COMMANDS=ON'],
  { cwd: root, stdio: 'inherit',
    env: { CMAKE_BUILD_PARALLEL_LEVEL: String(require('node:os').availableParallelism?.() ?? 2), ...process.env } });
if (r.status !== 0) process.exit(r.status ?? 1);

const ccPath = path.join(root, 'build', 'compile_commands.json');
const commands = JSON.parse(fs.readFileSync(ccPath, 'utf8'));
const banned = /(^|\s)(-march=\S+|-mtune=\S+|-mcpu=\S+|-ffast-math|-Ofast|-mavx\S*|-mfma)(?=\s|$)/g;
const env = ['CFLAGS', 'CXXFLAGS', 'LDFLAGS'].map((k) => process.env[k] || '').join(' ');
const bad = new Set();
for (const c of commands) {
  const cmd = c.command || (c.arguments || []).join(' ');
  for (const m of cmd.matchAll(banned)) bad.add(`${m[2]} in ${path.relative(root, c.file)}`);
}
for (const m of env.matchAll(banned)) bad.add(`${m[2]} in CFLAGS/CXXFLAGS/LDFLAGS`);
if (commands.length === 0 || bad.size) {
  console.error(`prebuildify-cmake: ${commands.length ? 'forbidden flags in the prebuild:\n  ' + [...bad].join('\n  ') : 'no compile commands recorded'}`);
  process.exit(1);
}
const sample = commands[0].command || (commands[0].arguments || []).join(' ');
const flags = sample.split(/\s+/).filter((f) => /^-(O|f|W|std|D|m)/.test(f));
console.log(`prebuildify-cmake: ${commands.length} translation units compiled with no -march/-mtune/-mcpu/-mavx/-ffast-math flag`);
console.log(`prebuildify-cmake: flags: ${flags.join(' ')}`);

// Handles of short-lived tensors under heavy GC: runs fixtures/gc-stress.mjs in a Node process
// with a 1 MiB young generation, where a temporary collected before the native call that uses
// its handle (or a batch sealed between the fills of one call's results) would surface as a
// DisposedError. (The failure depends on when scavenges land: it was seen in W1 under a small
// young generation, about two runs in three, and this smoke test does not reproduce it on
// demand — the fix is the rule in Note [Temporaries stay reachable].)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

it('temporaries and grouped results survive frequent scavenges', () => {
  const script = fileURLToPath(new URL('./fixtures/gc-stress.mjs', import.meta.url));
  const r = spawnSync(process.execPath, ['--max-semi-space-size=1', script], { encoding: 'utf8', env: process.env });
  expect(r.stderr).toBe('');
  expect(r.stdout).toMatch(/^ok /);
  expect(r.status).toBe(0);
}, 60_000);

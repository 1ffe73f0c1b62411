// Soak: 20k gradient evaluations of sum(exp(x)), x of 1000, in a synchronous loop: RSS stays
// flat (growth under 64 MiB) and the live tensor count stays bounded, with no dispose/tidy —
// tensors are reclaimed by GC finalizers alone.
import { expect, it } from 'vitest';
import * as ad from '../dist/index.js';
import { Tensor } from '../dist/index.js';

// Under the sanitizer job (scripts/ci/sanitize.sh sets ADJOINT_SANITIZER=1): fewer iterations,
// and no RSS bound — ASan keeps freed memory in its quarantine (256 MiB) and adds redzones, so
// RSS grows there whatever the library does; the live-tensor bound still applies.
const sanitizer = !!process.env.ADJOINT_SANITIZER;
const iterations = sanitizer ? 2000 : 20000;

it(`soak: ${iterations} gradients keep RSS and tensor count flat`, () => {
  const x = ad.random.rng(7).normal([1000]);
  const g = ad.grad((x: Tensor) => ad.sum(ad.exp(x)));
  // warm up allocators, pools, the V8 heap's generations and the JIT, and reach the steady
  // state of collection: each gradient leaves 8 KB of native memory to its finalizer, and V8
  // collects when the reported external memory has grown by ~64 MiB (its external-memory
  // trigger) or when JS garbage fills the young generation, whichever comes first — a
  // gradient makes little JS garbage, so that takes ~8000 gradients
  for (let i = 0; i < (sanitizer ? 2000 : 10000); i++) g(x);
  const rss0 = process.memoryUsage().rss;
  let rssMid = rss0;
  let maxTensors = 0;
  let check = 0;
  for (let i = 0; i < iterations; i++) {
    const gi = g(x) as Tensor;
    if (i % 1000 === 0) {
      check += gi.data()[0]!;
      maxTensors = Math.max(maxTensors, ad.memory().tensors);
    }
    if (i === iterations / 2) rssMid = process.memoryUsage().rss;
  }
  const rss1 = process.memoryUsage().rss;
  const growth = (rss1 - rss0) / 2 ** 20, secondHalf = (rss1 - rssMid) / 2 ** 20;
  console.log(`soak: RSS growth ${growth.toFixed(1)} MiB (second half ${secondHalf.toFixed(1)} MiB), max live tensors ${maxTensors}`);
  expect(Number.isFinite(check)).toBe(true);
  // a leak of one 8 KB buffer per gradient would add 78 MiB per half
  if (!sanitizer) {
    expect(growth).toBeLessThan(64);
    expect(secondHalf).toBeLessThan(24);
  }
  expect(maxTensors).toBeLessThan(20000);
});

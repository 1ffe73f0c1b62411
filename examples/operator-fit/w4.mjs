// W4 of WORKLOADS.md: A = R·F with F the n = 128 DFT as a LinearOperator and R a restriction to
// a random subset of its rows; x_true random (real), b = A x_true; loss(x) = ½‖A x − b‖² + ½‖x‖².
// Its gradient is Re(Aᴴ(A x − b)) + x; mycos(x) = cos x + 1 is a user rule.
import * as ad from '../../dist/index.js';

export function w4Problem({ n = 128, m = 64, seed = 4 } = {}) {
  const rng = ad.random.rng(seed);
  // m distinct rows, by a seeded shuffle
  const rows = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
  const kept = rows.slice(0, m).sort((a, b) => a - b);
  const R = ad.LinearOperator.restriction(kept, n);
  const F = ad.LinearOperator.fft(n);
  const A = R.compose(F);
  const xTrue = rng.normal([n]);
  const b = A.apply(xTrue);
  const loss = (x) => ad.add(ad.mul(ad.sum(ad.abs2(ad.sub(A.apply(x), b))), 0.5), ad.mul(ad.sum(ad.square(x)), 0.5));
  const analyticGrad = (x) => ad.add(ad.real(A.adjoint().apply(ad.sub(A.apply(x), b))), x);
  return { n, rows: kept, A, F, R, xTrue, b, loss, analyticGrad };
}

/** mycos(x) = cos(x) + 1 with a hand-written rule; `calls` counts its pullback's calls. */
export function mycosRule() {
  const calls = { pullback: 0 };
  const mycos = ad.defineRule((x) => ad.add(ad.cos(x), 1), {
    name: 'mycos',
    rrule: (x) => [ad.add(ad.cos(x), 1), (ybar) => {
      calls.pullback++;
      return [ad.mul(ybar, ad.neg(ad.sin(x)))];
    }],
  });
  return { mycos, calls };
}

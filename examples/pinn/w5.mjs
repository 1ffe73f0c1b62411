// W5 of WORKLOADS.md: a physics-informed network. u(t; θ) = t·net(t; θ) with net an MLP
// 1→12→12→12→1 (tanh); loss(θ) = mean over t = 0.01:0.01:1 of (∂u/∂t − cos t)². ∂u/∂t comes from
// forward mode (jvp with unit tangents: u acts on each t separately), its θ-gradient from
// reverse mode over that: reverse over forward, with the closure capturing the traced θ. With
// mode 'taylor', ∂u/∂t is the first Taylor coefficient of s ↦ u(t + s) (reverse over Taylor).
import * as ad from '../../dist/index.js';

export function pinn({ seed = 1, dtype = 'float64', mode = 'forward' } = {}) {
  const net = ad.nn.mlp([1, 12, 12, 12, 1], { activation: 'tanh' });
  const params = net.init(ad.random.rng(seed), { dtype });
  const t = ad.reshape(ad.mul(ad.arange(1, 101, 1, { dtype }), 0.01), [100, 1]);
  const cos = ad.cos(t), ones = ad.onesLike(t);
  const u = (p, tt) => ad.mul(tt, net.apply(p, tt));
  const dudt = mode === 'taylor'
    ? (p) => ad.taylor((tt) => u(p, tt), t, ones, 1)[1]
    : (p) => ad.jvp((tt) => u(p, tt), [t], [ones])[1];
  const residual = (p) => ad.sub(dudt(p), cos);
  const loss = (p) => ad.mean(ad.square(residual(p)));
  return { net, params, t, u, loss, valueAndGrad: ad.valueAndGrad(loss) };
}

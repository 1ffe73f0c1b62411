// The main example (npm start): W6 of WORKLOADS.md — gradients, control flow, nesting without
// perturbation confusion, and a small logistic-regression fit by gradient descent.
import * as ad from '../dist/index.js';

const show = (label, v) => console.log(label.padEnd(58), v);

// ∇ of f(x, y, z) = (x + y)·z at (−2, 5, −4)
const f = (x, y, z) => ad.mul(ad.add(x, y), z);
show('∇[(x + y)·z] at (−2, 5, −4)', ad.grad(f, { argnums: [0, 1, 2] })(-2, 5, -4));

// control flow and recursion inside the differentiated function
const power = (x, n) => (n === 0 ? ad.onesLike(x) : ad.mul(x, power(x, n - 1)));
const poly = (x) => (x.item() > 0 ? power(x, 3) : ad.neg(power(x, 2)));
show("d/dx of x³ (x > 0) or −x² (x ≤ 0) at 2 and −2",
  [ad.grad(poly)(ad.scalar(2)).item(), ad.grad(poly)(ad.scalar(-2)).item()]);

// perturbation confusion: d/dx [x · (d/dy (x + y))(1)] at x = 1 must be 1, in every mode pair
const d = { reverse: (g) => (x) => ad.grad(g)(x), forward: (g) => (x) => ad.derivative(g, x) };
for (const [outer, D] of Object.entries(d))
  for (const [inner, Di] of Object.entries(d)) {
    const v = D((x) => ad.mul(x, Di((y) => ad.add(x, y))(1)))(1);
    show(`perturbation confusion, ${outer} over ${inner}`, typeof v === 'number' ? v : v.item());
  }

// higher order: (x eˣ)''' = (x + 3) eˣ by reverse over forward over reverse
const xex = (x) => ad.mul(x, ad.exp(x));
const third = ad.grad((x) => ad.derivative(ad.grad(xex), x));
show("(x eˣ)''' at 0.5 (grad ∘ derivative ∘ grad) vs exact", [third(ad.scalar(0.5)).item(), 3.5 * Math.exp(0.5)]);

// logistic least squares fitted by gradient descent: z = w·x + b, y = σ(z), L = ½Σ(y − t)²
const rng = ad.random.rng(42);
const x = rng.normal([200]);
const t = ad.greater(ad.add(ad.mul(x, 2), 0.5), 0); // labels from a true w = 2, b = 0.5 boundary
const loss = ({ w, b }) => ad.mul(0.5, ad.sum(ad.square(ad.sub(ad.sigmoid(ad.add(ad.mul(w, x), b)), t))));
const step = ad.valueAndGrad(loss);
let params = { w: 0, b: 0 };
for (let i = 0; i <= 300; i++) {
  const [L, g] = step(params);
  if (i % 100 === 0) show(`logistic fit, step ${i}: loss, w, b`, [L.item().toFixed(5), params.w.toFixed(4), params.b.toFixed(4)]);
  params = { w: params.w - 0.05 * g.w, b: params.b - 0.05 * g.b };
}
show('live native tensors, bytes', ad.memory());

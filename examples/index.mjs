// npm start: the workload examples in turn (each also runs alone: node examples/<name>/main.mjs).
// Plots go to examples/out/*.svg.
for (const name of ['poisson-spectral/main.mjs', 'poisson-fd/main.mjs', 'spline/main.mjs', 'operator-fit/main.mjs', 'pinn/main.mjs', 'w6-basics.mjs']) {
  console.log(`\n── examples/${name} ${'─'.repeat(Math.max(0, 60 - name.length))}`);
  await import(`./${name}`);
}

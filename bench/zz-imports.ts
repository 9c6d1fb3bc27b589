import { enableCompileCache } from 'node:module';
enableCompileCache(`${import.meta.dirname}/../node_modules/.cache/refundry/compile`);
const list = process.argv.slice(2);
let last = performance.now();
const out: string[] = [`boot ${last.toFixed(0)}`];
for (const m of list) {
  await import(m.startsWith('src/') ? `../${m}` : m);
  const now = performance.now();
  out.push(`${(now - last).toFixed(0).padStart(5)} ${m}`);
  last = now;
}
console.log(out.join('\n'));

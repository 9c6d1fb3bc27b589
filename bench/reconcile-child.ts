// The reconciling process of `npm run bench -- reconcile`, alone so its peak RSS is its own: runs
// `refundry reconcile --format json` over BENCH_FROM..BENCH_TO (configuration from the environment
// as for the command), then prints one line `{"run": …, "maxRssMb": …}` on stdout.
import { main } from '../src/cli/main.ts';

const chunks: string[] = [];
const write = process.stdout.write.bind(process.stdout);
// The command's report (with its discrepancies) is kept to read the run back; only the summary is printed.
process.stdout.write = ((chunk: string | Uint8Array) => {
  chunks.push(String(chunk));
  return true;
}) as typeof process.stdout.write;
const code = await main([
  'reconcile',
  '--from',
  process.env.BENCH_FROM!,
  '--to',
  process.env.BENCH_TO!,
  '--format',
  'json',
]);
process.stdout.write = write;
const report = JSON.parse(chunks.join('')) as { run: unknown };
write(`${JSON.stringify({ code, run: report.run, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);

// `npm run bench -- footprint [--settle 30] [--json]`
//
// What the embedded default costs the machine: time to ready, peak RSS and steady RSS (after
// `--settle` seconds idle) of `npm start` (the `refundry demo` process it runs: service, in-process
// sandbox, demo data) on a new and then the same, existing data folder; beside it the floor, a bare
// PGlite process opening a data folder with Refundry's options and Node flags (`pglite_*`), and
// PGlite as it comes (`pglite_defaults_*`: default options, no flags). A new data folder is filled
// from the template of src/db/pglite-template.ts when one is cached (the first start of an install
// builds it: `template_build` is that one-time cost, measured first on an empty cache). Likewise
// bin/refundry.js keeps Node's compile cache of its modules: `refundry_first_start` is a new data
// folder with that cache empty (an install's first start, after the template), and the
// `refundry_new` and `refundry_existing` rows then start as every later start does.
// Ready: from spawn to the demo's banner (service listening, demo data seeded), or to the bare
// process's first answered query.
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs, promisify } from 'node:util';
import { NODE_FLAGS } from '../src/db/node-flags.ts';
import { ensureTemplate, templateBuildCommand } from '../src/db/pglite-template.ts';
import { load1, peakRssMb, rssMb } from './proc.ts';

export interface Row {
  scenario: string;
  ready_s: number;
  peak_rss_mb: number;
  steady_rss_mb: number;
  /** 1-minute load average at the end of the measurement. */
  load: number;
}

const ROOT = join(import.meta.dirname, '..');

/** What `npm start` runs after its prestart (the dashboard build): `node <args>` from package.json. */
function startScript(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [node, ...args] = pkg.scripts.start.split(/\s+/);
  if (node !== 'node') throw new Error(`npm start runs ${node}, not node`);
  return args;
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { settle: { type: 'string', default: '30' }, json: { type: 'boolean', default: false } },
  });
  const settleMs = Number(values.settle) * 1000;
  const rows: Row[] = [await templateBuild()];
  // The template the new-folder rows copy (built now if the cache has none).
  await ensureTemplate();
  const bare = join(ROOT, 'bench/pglite-bare.ts');
  const demo = () => startScript();
  // The refundry rows' compile cache: empty for the first start, kept for the next ones.
  const compileCache = mkdtempSync(join(tmpdir(), 'refundry-footprint-cache-'));
  const env = { NODE_COMPILE_CACHE: compileCache };
  try {
    for (const [name, args, ready, folders] of [
      ['pglite_defaults', (dir: string) => [bare, dir, '--defaults'], /^ready$/, ['new', 'existing']],
      ['pglite', (dir: string) => [...NODE_FLAGS, bare, dir], /^ready$/, ['new', 'existing']],
      ['refundry', () => demo(), /^\s*Payments:/, ['first_start', 'new', 'existing']],
    ] as const) {
      let dir = '';
      try {
        for (const folder of folders) {
          // A new folder for the first start and for `new`; `existing` is the one `new` left.
          if (folder !== 'existing') {
            if (dir) rmSync(dir, { recursive: true, force: true });
            dir = mkdtempSync(join(tmpdir(), 'refundry-footprint-'));
          }
          console.error(`footprint: ${name}, ${folder} data folder`);
          rows.push(await measure(`${name}_${folder}`, args(dir), ready, dir, settleMs, env));
        }
      } finally {
        if (dir) rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    rmSync(compileCache, { recursive: true, force: true });
  }
  if (values.json) console.log(JSON.stringify(rows));
  else console.table(rows);
  return 0;
}

/** The one-time cost of a new install: building the template (into a throw-away folder). */
async function templateBuild(): Promise<Row> {
  console.error('footprint: building the embedded database template');
  const dir = join(mkdtempSync(join(tmpdir(), 'refundry-footprint-')), 'template');
  const started = performance.now();
  try {
    const { stdout } = await execFileAsync(process.execPath, templateBuildCommand(dir), { cwd: ROOT });
    const { maxRssMb } = JSON.parse(stdout.trim().split('\n').pop()!) as { maxRssMb: number };
    return {
      scenario: 'template_build',
      ready_s: Math.round((performance.now() - started) / 10) / 100,
      peak_rss_mb: maxRssMb,
      steady_rss_mb: Number.NaN,
      load: load1(),
    };
  } finally {
    rmSync(dirname(dir), { recursive: true, force: true });
  }
}

const execFileAsync = promisify(execFile);

async function measure(
  scenario: string,
  args: string[],
  ready: RegExp,
  dataDir: string,
  settleMs: number,
  env: Record<string, string>,
): Promise<Row> {
  const started = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...process.env, ...env, REFUNDRY_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    await new Promise<void>((resolve, reject) => {
      const lines = createInterface({ input: child.stdout! });
      lines.on('line', (line) => {
        if (ready.test(line)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`${scenario}: exited (${code}) before it was ready`)));
    });
    const readyS = (performance.now() - started) / 1000;
    await sleep(settleMs);
    return {
      scenario,
      ready_s: Math.round(readyS * 100) / 100,
      peak_rss_mb: peakRssMb(child.pid!),
      steady_rss_mb: rssMb(child.pid!),
      load: load1(),
    };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

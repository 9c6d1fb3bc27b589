// What opening an embedded database waits for before PostgreSQL starts, done on a worker thread:
// PGlite's WebAssembly read and compiled, and a new data folder filled from the template (~530
// files, 26 MB: system calls the thread making them waits on). PGlite's file-system bundle
// (pglite.data, 6 MB) is left for PGlite to read: handed over from here, its copies stayed in the
// process's memory (+11–18 MB steady RSS measured in `npm start`).
// The main thread meanwhile does its own work — `npm start` loads the service's modules — and
// then only instantiates PostgreSQL and starts it (see preparePglite in pglite.ts).
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { tightenTree } from '../shared/private-files.ts';

/** PostgreSQL reads PG_VERSION to know a folder holds a cluster: copied last, so a copy cut short is redone. */
export const TEMPLATE_MARKER = 'PG_VERSION';

// PGlite's own files, beside its entry point (as PGlite finds them).
const DIST = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'));

export interface PgliteJob {
  /** Read and compile pglite.wasm. */
  wasm: boolean;
  /** Copy `template` into `dataDir` (an existing, empty folder), the marker last, owner-only. */
  copy?: { template: string; dataDir: string } | undefined;
}

export interface PgliteJobResult {
  /** undefined when it could not be compiled here (PGlite compiles its own). */
  wasmModule: Promise<WebAssembly.Module | undefined>;
  /** Rejects when the copy failed. */
  copied: Promise<void>;
}

// Plain JavaScript (no type stripping to load in the new thread) and only node: modules, so the
// worker is running within milliseconds. Each part is posted as soon as it is done.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { copyFileSync, cpSync, readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');
const { wasm, copy, marker } = workerData;
if (wasm) {
  let module;
  try { module = new WebAssembly.Module(readFileSync(wasm)); } catch {}
  parentPort.postMessage({ wasmModule: module });
}
if (copy) {
  const { template, dataDir } = copy;
  // Entry by entry, without a filter: cpSync copies a whole folder natively only when it has none.
  for (const name of readdirSync(template)) {
    if (name !== marker) cpSync(join(template, name), join(dataDir, name), { recursive: true });
  }
  copyFileSync(join(template, marker), join(dataDir, marker));
  parentPort.postMessage({ copied: true });
}
`;

/** Runs `job` on a new worker thread; each promise settles as soon as its part is done. */
export function runPgliteJob(job: PgliteJob): PgliteJobResult {
  let wasmModule!: (m: WebAssembly.Module | undefined) => void;
  let copied!: () => void;
  let copyFailed!: (error: Error) => void;
  const result: PgliteJobResult = {
    wasmModule: new Promise((resolve) => {
      wasmModule = resolve;
    }),
    copied: new Promise((resolve, reject) => {
      copied = resolve;
      copyFailed = reject;
    }),
  };
  // Awaited by the caller when it asked for a copy; never an unhandled rejection.
  result.copied.catch(() => {});
  if (!job.wasm) wasmModule(undefined);
  if (!job.copy) copied();
  if (!job.wasm && !job.copy) return result;
  const failed = (error: Error) => {
    wasmModule(undefined);
    copyFailed(error);
  };
  // Copies keep the template's modes; the data folder is owner-only whatever they were. Made so
  // here, by the one walk every data folder gets (private-files.ts): ~5 ms for the ~530 entries.
  const madeOwnerOnly = (dataDir: string) => {
    const { failed: loose } = tightenTree(dataDir);
    if (loose.length === 0) copied();
    else copyFailed(new Error(`could not make ${loose.join(', ')} owner-only`));
  };
  let worker: Worker;
  try {
    worker = new Worker(WORKER, {
      eval: true,
      workerData: {
        wasm: job.wasm ? join(DIST, 'pglite.wasm') : undefined,
        copy: job.copy,
        marker: TEMPLATE_MARKER,
      },
    });
  } catch (error) {
    failed(error as Error);
    return result;
  }
  worker.on('message', (m: { wasmModule?: WebAssembly.Module; copied?: true }) => {
    if ('wasmModule' in m) wasmModule(m.wasmModule);
    if (m.copied && job.copy) madeOwnerOnly(job.copy.dataDir);
  });
  worker.once('error', failed);
  worker.once('exit', (code) =>
    failed(new Error(`preparing the embedded database stopped (exit code ${code})`)),
  );
  return result;
}

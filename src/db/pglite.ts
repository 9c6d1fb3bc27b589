import {
  PGlite,
  type PGliteInterface,
  type PGliteOptions,
  parse as pgliteParse,
  protocol,
  TransactionAbortedError,
} from '@electric-sql/pglite';
import { type DataDirLock, takeDataDir } from './data-dir-lock.ts';
import { OwnerOnlyNodeFS } from './owner-only-nodefs.ts';
import { toPostgresText } from './param-text.ts';
import { pgliteOptions } from './pglite-options.ts';
import { runPgliteJob } from './pglite-prepare.ts';
import { builtTemplate, copyTemplateInto, isNewDataDir } from './pglite-template.ts';
import { type Db, plannedEachCall, type Queryable } from './queryable.ts';

/**
 * Opens (creating if needed) the embedded database. The folder and everything in it is owner-only
 * (an existing looser folder is tightened, with a warning). PGlite takes no lock of its own and two
 * processes on one folder silently lose writes, so a lock file refuses the second process.
 * `taken`: the folder's lock, already taken (and the folder made owner-only) by the caller
 * (takeDataDir); released when the database closes, as the one taken here would be.
 * `prepared`: what preparePglite began for this folder under that lock (begun here when omitted).
 */
export async function openPglite(
  dataDir: string | undefined,
  logger?: { warn(obj: object, msg: string): void },
  taken?: DataDirLock,
  prepared?: PreparedPglite,
): Promise<Db> {
  const lock = taken ?? (dataDir ? await takeDataDir(dataDir, logger) : undefined);
  let pglite: PGlite;
  try {
    const { filled, artifacts } = prepared ?? preparePglite(dataDir);
    await filled;
    // PGlite's files go through a NodeFS that keeps them owner-only (owner-only-nodefs.ts).
    pglite = await PGlite.create({
      ...pgliteOptions(),
      ...(await artifacts),
      ...(dataDir ? { fs: new OwnerOnlyNodeFS(dataDir) } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  return wrapPglite(pglite, () => lock?.release());
}

/** What opening PGlite waits for before it starts PostgreSQL, begun ahead (preparePglite). */
export interface PreparedPglite {
  /** A new data folder filled from the template (at once when it holds a database already). */
  filled: Promise<unknown>;
  /** PGlite's WebAssembly, compiled; `{}` when it could not be (PGlite then compiles its own). */
  artifacts: Promise<Pick<PGliteOptions, 'pgliteWasmModule'>>;
}

/**
 * Begins what opening PGlite on the data folder `dataDir` waits for, on a worker thread
 * (pglite-prepare.ts): the read and compilation of PGlite's WebAssembly and, for a new folder, the
 * copy of the template into it. The demo begins it
 * before it loads the service's modules, which keep the main thread busy meanwhile; openPglite
 * then only instantiates PostgreSQL and starts it. Only for the holder of the folder's lock (it
 * writes into the folder). Never rejects unobserved: openPglite awaits what failed.
 */
export function preparePglite(dataDir: string | undefined): PreparedPglite {
  // In memory (tests): PGlite loads and keeps its WebAssembly itself.
  if (!dataDir) return { filled: Promise.resolve(), artifacts: Promise.resolve({}) };
  // A new folder is filled by the same worker when the template is built already; otherwise it is
  // built first (once per install, see pglite-template.ts) and copied after. The folder exists
  // already: the lock's file is in it.
  const isNew = isNewDataDir(dataDir);
  const template = isNew ? builtTemplate() : undefined;
  const job = runPgliteJob({ wasm: true, copy: template ? { template, dataDir } : undefined });
  let filled: Promise<unknown> = Promise.resolve();
  if (template) filled = job.copied;
  else if (isNew) filled = copyTemplateInto(dataDir, (line) => console.error(line));
  filled.catch(() => {});
  const artifacts = job.wasmModule.then((wasmModule) => (wasmModule ? { pgliteWasmModule: wasmModule } : {}));
  return { filled, artifacts };
}

/** The parts of PGlite's class this adapter drives (public API and its two locks). */
interface PGliteInternals {
  execProtocol: PGliteInterface['execProtocol'];
  syncToFs(): Promise<void>;
  parsers: Parameters<typeof pgliteParse.parseResults>[1];
  /** Held for one protocol exchange. */
  _runExclusiveQuery<T>(fn: () => Promise<T>): Promise<T>;
  /** Held for a whole transaction (and around a statement outside one), as PGlite's own query() does. */
  _runExclusiveTransaction<T>(fn: () => Promise<T>): Promise<T>;
}

type Message = { name: string } & Record<string, unknown>;

/** Statements prepared once per database and reused by name; beyond this many, parsed each time. */
const MAX_PREPARED = 1_000;
const { serialize } = protocol;

/**
 * Refundry's own query path over PGlite's wire protocol. PGlite's query() makes six calls into
 * PostgreSQL per statement (parse, describe the parameters, bind, describe the portal, execute,
 * sync) and parses every statement afresh; this sends one message batch per statement and keeps
 * each distinct SQL text as a named prepared statement, so a hot statement is parsed and planned
 * once. Parameters are sent as text by their JavaScript type, as node-postgres does, so the same
 * values mean the same thing on both databases. A transaction's BEGIN travels with its first
 * statement. Results are parsed by PGlite's own parsers (int8 as number, timestamptz as Date, jsonb
 * as objects).
 */
export function wrapPglite(pgliteInterface: PGliteInterface, onClose: () => void = () => {}): Db {
  const pglite = pgliteInterface as unknown as PGliteInternals;
  const prepared = new Map<string, string>();
  let next = 0;

  /** Messages that run `sql` (preparing it on first use) and the name it is prepared under. */
  const statement = (sql: string, params: readonly unknown[] | undefined, describe: boolean) => {
    let name = prepared.get(sql);
    const parts: Uint8Array[] = [];
    let preparing: string | undefined;
    if (name === undefined) {
      // Unnamed (parsed and planned afresh) past MAX_PREPARED, and when planned on each call.
      name = prepared.size < MAX_PREPARED && !plannedEachCall(sql) ? `rfy_${++next}` : '';
      if (name) preparing = name;
      parts.push(serialize.parse({ name, text: sql }));
    }
    parts.push(serialize.bind({ statement: name, values: (params ?? []).map(toPostgresText) }));
    if (describe) parts.push(serialize.describe({ type: 'P' }));
    parts.push(serialize.execute({}));
    return { parts, preparing };
  };

  /** Runs statements as one batch ending in Sync; returns the rows of the last one. */
  const exchange = async (
    batch: Array<{ sql: string; params?: readonly unknown[] | undefined; describe: boolean }>,
    sync: boolean,
  ) => {
    const parts: Uint8Array[] = [];
    const preparing: Array<[string, string]> = [];
    for (const s of batch) {
      const built = statement(s.sql, s.params, s.describe);
      parts.push(...built.parts);
      if (built.preparing) preparing.push([s.sql, built.preparing]);
    }
    parts.push(serialize.sync());
    const { messages } = await pglite.execProtocol(concat(parts), { syncToFs: sync, throwOnError: false });
    let error: (Error & { code?: string; query?: string; params?: unknown }) | undefined;
    for (const m of messages as Message[]) {
      // Each ParseComplete confirms the next statement of the batch that was being prepared.
      if (m.name === 'parseComplete') {
        const done = preparing.shift();
        if (done) prepared.set(done[0], done[1]);
      } else if (m.name === 'error' && !error) error = m as unknown as Error;
    }
    if (error) {
      const failed = batch[batch.length - 1]!;
      // A prepared statement whose result columns changed under it (DDL since it was prepared):
      // forget it, so the next call prepares it afresh.
      if (error.code === '0A000') prepared.delete(failed.sql);
      error.query = failed.sql;
      error.params = failed.params;
      throw error;
    }
    const results = pgliteParse.parseResults(messages as never, pglite.parsers);
    return results[results.length - 1]!;
  };

  const runStatement = async <Row>(sql: string, params: readonly unknown[] | undefined) =>
    (await pglite._runExclusiveQuery(() => exchange([{ sql, params, describe: true }], true))).rows as Row[];

  return {
    kind: 'pglite',
    query: (sql, params) => pglite._runExclusiveTransaction(() => runStatement(sql, params)),
    transaction: (fn) =>
      pglite._runExclusiveTransaction(async () => {
        let begun = false;
        let closed = false;
        const tx: Queryable = {
          query: async <Row>(sql: string, params?: readonly unknown[]) => {
            if (closed) throw new Error('Transaction is closed');
            const batch = [{ sql, params, describe: true }];
            if (!begun) batch.unshift({ sql: 'BEGIN', params: undefined, describe: false });
            begun = true;
            return (await pglite._runExclusiveQuery(() => exchange(batch, false))).rows as Row[];
          },
        };
        try {
          const value = await fn(tx);
          closed = true;
          if (begun) {
            const done = await pglite._runExclusiveQuery(() =>
              exchange([{ sql: 'COMMIT', describe: false }], true),
            );
            // COMMIT of a transaction in which a statement failed rolls back instead.
            if (done.command === 'ROLLBACK') throw new TransactionAbortedError();
          }
          return value;
        } catch (error) {
          if (begun && !closed) {
            closed = true;
            await pglite
              ._runExclusiveQuery(() => exchange([{ sql: 'ROLLBACK', describe: false }], true))
              .catch(() => {});
          }
          throw error;
        }
      }),
    async exec(sql) {
      await pgliteInterface.exec(sql);
    },
    async close() {
      await pgliteInterface.close();
      onClose();
    },
  };
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

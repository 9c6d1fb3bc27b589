// The batch worker: claims an open refund batch (any process may; SKIP LOCKED + lease), runs its
// rows in file order through the shared row runner, records each outcome, renews the lease as it
// goes, and gives the batch back on stop so another process resumes it.
import type { PolicySettings } from '../config.ts';
import { DatabaseUnavailableError, type Db } from '../db/db.ts';
import type { Metrics } from '../metrics/metrics.ts';
import { newWorkerId } from '../shared/ids.ts';
import type { Logger } from '../shared/logger.ts';
import { startPollingLoop } from '../shared/polling-loop.ts';
import type { StripeGateway } from '../stripe/gateway.ts';
import {
  type Batch,
  claimBatch,
  decidedOutcomes,
  finishBatch,
  pendingRows,
  recordRowOutcome,
  releaseBatch,
  renewLease,
} from './batches.ts';
import { createRowRunner } from './run-row.ts';

export interface BatchWorkerOptions {
  db: Db;
  gateway: StripeGateway;
  /** Read per batch, so policy changes apply to batches started after them. */
  settings: PolicySettings | (() => PolicySettings | Promise<PolicySettings>);
  logger: Logger;
  now?: () => Date;
  metrics?: Metrics | undefined;
  workerId?: string;
  pollIntervalMs?: number;
  leaseMs?: number;
  /** Rows between lease renewals. */
  chunkSize?: number;
  /** A batch whose processing threw this many times is marked failed (the error is kept). */
  maxAttempts?: number;
}

export interface BatchWorker {
  readonly workerId: string;
  /** Claims and processes one batch if there is one; resolves to its id or undefined. */
  runOnce(): Promise<string | undefined>;
  stop(): Promise<void>;
}

export function createBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const { db, logger } = options;
  const workerId = options.workerId ?? newWorkerId();
  const leaseMs = options.leaseMs ?? 60_000;
  const chunkSize = options.chunkSize ?? 50;
  const maxAttempts = options.maxAttempts ?? 5;
  let stopping = false;

  const settings = async () =>
    typeof options.settings === 'function' ? await options.settings() : options.settings;

  async function processBatch(batch: Batch): Promise<void> {
    const log = logger.child({ batchId: batch.id });
    const runner = createRowRunner(
      {
        db,
        gateway: options.gateway,
        settings: await settings(),
        now: options.now,
        actor: batch.created_by,
        batchId: batch.id,
        metrics: options.metrics,
      },
      { dryRun: batch.dry_run },
    );
    if (batch.dry_run) for (const o of await decidedOutcomes(db, batch.id)) runner.remember(o);
    for (;;) {
      if (stopping) {
        await releaseBatch(db, batch.id, workerId);
        log.info({ processed: batch.processed }, 'batch given back on shutdown');
        return;
      }
      const rows = await pendingRows(db, batch.id, chunkSize);
      if (rows.length === 0) break;
      for (const row of rows) {
        const outcome = await runner.run({
          seq: row.seq,
          line: row.line,
          input: row.input,
          key: row.row_key ?? '',
          malformed:
            row.error_code && row.message ? { code: row.error_code, message: row.message } : undefined,
        });
        await recordRowOutcome(db, batch.id, row.seq, outcome);
        if (stopping) break;
      }
      if (!(await renewLease(db, batch.id, workerId, leaseMs))) {
        log.warn('batch lease lost; another worker continues it');
        return;
      }
    }
    await finishBatch(db, batch.id, workerId, { status: 'completed' });
    log.info('batch completed');
  }

  async function runOnce(): Promise<string | undefined> {
    const batch = await claimBatch(db, { workerId, leaseMs });
    if (!batch) return undefined;
    try {
      await processBatch(batch);
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) {
        // Not the batch's fault: it is never failed for it. Given back (or, with the database
        // away, its lease runs out), it carries on from its first unprocessed row.
        logger.warn({ batchId: batch.id, reason: error.message }, 'batch waits for the database');
        await releaseBatch(db, batch.id, workerId).catch(() => {});
        return batch.id;
      }
      logger.error({ err: error, batchId: batch.id, attempt: batch.attempts }, 'batch processing failed');
      if (batch.attempts >= maxAttempts) {
        await finishBatch(db, batch.id, workerId, { status: 'failed', error: (error as Error).message });
      } else {
        await releaseBatch(db, batch.id, workerId);
      }
    }
    return batch.id;
  }

  return {
    workerId,
    runOnce,
    async stop() {
      stopping = true;
    },
  };
}

/** Runs a batch worker loop until stop(). */
export function startBatchWorker(options: BatchWorkerOptions): BatchWorker {
  const worker = createBatchWorker(options);
  const loop = startPollingLoop({
    pass: async () => (await worker.runOnce()) !== undefined,
    intervalMs: options.pollIntervalMs ?? 1_000,
    onError: (error) => options.logger.error({ err: error }, 'batch worker loop error'),
  });
  return {
    workerId: worker.workerId,
    runOnce: worker.runOnce,
    async stop() {
      // The loop starts no other batch; the one being worked on is given back at its next row.
      const stopped = loop.stop();
      await worker.stop();
      await stopped;
    },
  };
}

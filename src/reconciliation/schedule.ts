// The daily reconciliation inside `serve`: every process checks now and then whether the latest
// daily slot has its run; the run's schedule key is unique in the database, so however many
// processes check, one run is created per slot (and a process started after the slot catches up).
import type { Db } from '../db/db.ts';
import type { Logger } from '../shared/logger.ts';
import type { Reconciler } from './reconcile.ts';
import { runExistsForSlot } from './runs.ts';
import { latestSlot, type TimeOfDay } from './window.ts';

export interface ScheduleOptions {
  db: Db;
  reconciler: Reconciler;
  logger: Logger;
  at: TimeOfDay;
  windowDays: number;
  now?: () => Date;
  /** How often the slot is checked (default one minute; the first check comes after one period). */
  checkEveryMs?: number;
}

export interface Schedule {
  /** Checks once (what the timer does); resolves with the started run's id, if any. */
  check(): Promise<string | undefined>;
  stop(): void;
}

export function startSchedule(options: ScheduleOptions): Schedule {
  const now = options.now ?? (() => new Date());
  let checking: Promise<string | undefined> | undefined;
  const check = async (): Promise<string | undefined> => {
    const slot = latestSlot(now(), options.at, options.windowDays);
    if (await runExistsForSlot(options.db, slot.key)) return undefined;
    const started = await options.reconciler.start({
      window: slot.window,
      triggeredBy: 'schedule',
      scheduleKey: slot.key,
    });
    if (started)
      options.logger.info({ runId: started.run.id, slot: slot.key }, 'scheduled reconciliation started');
    return started?.run.id;
  };
  const timer = setInterval(() => {
    if (checking) return;
    checking = check()
      .catch((err) => {
        options.logger.error({ err }, 'scheduled reconciliation could not start');
        return undefined;
      })
      .finally(() => {
        checking = undefined;
      });
  }, options.checkEveryMs ?? 60_000);
  timer.unref();
  return { check, stop: () => clearInterval(timer) };
}

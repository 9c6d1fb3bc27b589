// Reconciliation windows and the daily schedule's slots, as pure functions of the time.
import type { RunWindow } from './reconcile.ts';

const DAY_MS = 86_400_000;

export interface TimeOfDay {
  hour: number;
  minute: number;
}

/** 'HH:MM' (24 h, UTC) → TimeOfDay; undefined when malformed. */
export function parseTimeOfDay(text: string): TimeOfDay | undefined {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : undefined;
}

/**
 * A command-line or API date: `YYYY-MM-DD` is that UTC day's start, or (for the end of a window,
 * `endOfDay`) the next day's start so the day is included; otherwise an ISO 8601 date-time with
 * an offset. Undefined when it is neither, or before 1970.
 */
export function parseDate(text: string, endOfDay = false): Date | undefined {
  // Nothing at Stripe predates 1970, and the database refuses year 0 (JavaScript would read a
  // year below 100 as 19xx in Date.UTC).
  if (Number(text.trim().slice(0, 4)) < 1970) return undefined;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (day) {
    const d = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (d.getUTCDate() !== Number(day[3]) || d.getUTCMonth() !== Number(day[2]) - 1) return undefined;
    return endOfDay ? new Date(d.getTime() + DAY_MS) : d;
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(text.trim()))
    return undefined;
  const d = new Date(text.trim());
  return Number.isNaN(d.getTime()) ? undefined : d;
}

export type WindowResult =
  | { ok: true; window: RunWindow }
  | { ok: false; message: string; param: 'from' | 'to' };

/** The window for `--from/--to` (either may be missing): `to` defaults to now, `from` to `days` before `to`. */
export function windowFrom(
  input: { from?: string | undefined; to?: string | undefined },
  now: Date,
  days: number,
): WindowResult {
  const end = input.to === undefined ? now : parseDate(input.to, true);
  if (!end)
    return {
      ok: false,
      param: 'to',
      message: `--to must be YYYY-MM-DD or an ISO 8601 date-time, not '${input.to}'`,
    };
  const start = input.from === undefined ? new Date(end.getTime() - days * DAY_MS) : parseDate(input.from);
  if (!start) {
    return {
      ok: false,
      param: 'from',
      message: `--from must be YYYY-MM-DD or an ISO 8601 date-time, not '${input.from}'`,
    };
  }
  if (start.getTime() >= end.getTime()) {
    return { ok: false, param: 'from', message: '--from must be before --to' };
  }
  return { ok: true, window: { start, end } };
}

export interface Slot {
  /** Unique per daily slot across processes: 'daily:YYYY-MM-DD'. */
  key: string;
  due: Date;
  window: RunWindow;
}

/** The most recent daily slot at or before `now`, and the window it reconciles (`days` up to the slot). */
export function latestSlot(now: Date, at: TimeOfDay, days: number): Slot {
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), at.hour, at.minute);
  const due = new Date(today <= now.getTime() ? today : today - DAY_MS);
  return {
    key: `daily:${due.toISOString().slice(0, 10)}`,
    due,
    window: { start: new Date(due.getTime() - days * DAY_MS), end: due },
  };
}

// A time as the wire carries it: ISO 8601 in UTC, null for one not reached (or not set). Rows give
// Date objects; `new Date(d)` also takes the string or number a driver may hand back instead.
//
// The last time written is remembered (by its value, never by the Date object, which could change):
// the refunds accepted together share one created_at, written four times each (created_at and
// updated_at in the answer, created_at in the webhook event, the email's time), so a group of 8
// writes it once instead of 32 times.
let lastTime = Number.NaN;
let lastIso = '';

/** `d` in ISO 8601 (UTC, milliseconds); a RangeError for an invalid time, as toISOString. */
export function iso(d: Date | string | number): string {
  const time = d instanceof Date ? d.getTime() : new Date(d).getTime();
  if (time !== lastTime) {
    // An invalid time (NaN) is never remembered: toISOString throws for it each time.
    lastIso = new Date(time).toISOString();
    lastTime = time;
  }
  return lastIso;
}

export const isoOrNull = (d: Date | string | number | null | undefined): string | null => (d ? iso(d) : null);

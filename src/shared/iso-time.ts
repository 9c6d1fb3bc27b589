// A time as the wire carries it: ISO 8601 in UTC, null for one not reached (or not set). Rows give
// Date objects; `new Date(d)` also takes the string or number a driver may hand back instead.

export const isoOrNull = (d: Date | string | number | null | undefined): string | null =>
  d ? new Date(d).toISOString() : null;

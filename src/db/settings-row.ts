// The one-row settings tables (policy_settings, merchant_profile: `id boolean PRIMARY KEY` that is
// always true) are changed a few columns at a time by an admin: what a request names is set (null
// clears it), what it leaves out keeps its stored value, and the row is made on the first change.
import type { Queryable } from './queryable.ts';

/**
 * Sets the columns of `table`'s one row that `change` gives a value (undefined: left as stored),
 * with who changed it and when, in one upsert. `table` and the column names are the caller's own
 * constants, never input.
 */
export async function saveSettingsRow(
  db: Queryable,
  table: string,
  change: Readonly<Record<string, unknown>>,
  actor: string,
): Promise<void> {
  const columns = Object.keys(change);
  const n = columns.length;
  // $1…$n the values, $n+1 the actor, $n+2… whether each column was given.
  const set = columns.map(
    (c, i) => `${c} = CASE WHEN $${n + 2 + i} THEN EXCLUDED.${c} ELSE ${table}.${c} END`,
  );
  await db.query(
    `INSERT INTO ${table} (id, ${columns.join(', ')}, updated_by, updated_at)
     VALUES (true, ${columns.map((_, i) => `$${i + 1}`).join(', ')}, $${n + 1}, now())
     ON CONFLICT (id) DO UPDATE SET
       ${[...set, 'updated_by = EXCLUDED.updated_by', 'updated_at = now()'].join(',\n       ')}`,
    [...columns.map((c) => change[c] ?? null), actor, ...columns.map((c) => change[c] !== undefined)],
  );
}

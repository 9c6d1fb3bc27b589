// The WHERE conditions of a list's filters, each value a parameter numbered in turn ($1, $2, …):
// no filter value is ever written into the SQL text, and no list numbers its parameters by hand.

export interface Conditions {
  /** The conditions so far, to be ANDed. */
  readonly where: string[];
  /** Their values, in parameter order. */
  readonly params: unknown[];
  /** Adds `sql`, its `?` standing for the next parameter, `value`. */
  add(sql: string, value: unknown): void;
}

export function conditions(): Conditions {
  const where: string[] = [];
  const params: unknown[] = [];
  return {
    where,
    params,
    add(sql, value) {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    },
  };
}

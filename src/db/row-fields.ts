// A row's columns under the names the code uses: snake_case in SQL, camelCase in TypeScript. One
// rename rule, instead of a `fieldName: r.field_name` line per column in every row mapper (toPayment,
// toRun, …). The types follow the rule, so a misspelt column or a field left out does not compile.
// A mapper still writes out what is more than a rename (a count read as a number, a default).

/** 'window_start' → 'windowStart'. */
export type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;

/** 'windowStart' → 'window_start'. */
export type SnakeCase<S extends string> = S extends `${infer First}${infer Rest}`
  ? `${First extends Lowercase<First> ? First : `_${Lowercase<First>}`}${SnakeCase<Rest>}`
  : S;

/** The columns `C` of a row, under their camelCase names. */
export type FieldsOf<Row, C extends keyof Row & string> = { [K in C as CamelCase<K>]: Row[K] };

/** The row an object is stored as, when each of its fields is a column of the same value. */
export type ColumnsOf<T> = { [K in keyof T & string as SnakeCase<K>]: T[K] };

const names = new Map<string, string>();
const camelCase = (column: string): string => {
  let name = names.get(column);
  if (name === undefined) {
    name = column.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    names.set(column, name);
  }
  return name;
};

/** The named columns of `row` under their camelCase names, in the order named, values as they are. */
export function fieldsOf<Row, C extends keyof Row & string>(row: Row, ...columns: C[]): FieldsOf<Row, C> {
  const fields: Record<string, unknown> = {};
  for (const column of columns) fields[camelCase(column)] = row[column];
  return fields as FieldsOf<Row, C>;
}

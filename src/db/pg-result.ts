// node-postgres (pg) makes, for every result it receives, a template row of the result's column
// names (Result.addFields), which each row is then copied from. It builds it as a null-prototype
// object spread into a plain one: with the column names fresh from the wire each time, V8 takes
// ~1 µs per column, ~50 µs for an accepted group's read (a payment's ~45 columns), the largest
// single cost of pg in the API process. Built as a plain object it is the same template, with the
// same keys in the same order, in a quarter of the time. A column named `__proto__` (an own
// property in pg's template, the object's prototype in a plain one) leaves it to pg's own code.
// pg-result.test.ts compares the two and fails when pg's own code changes.
import pg from 'pg';

interface FieldDescription {
  name: string;
  dataTypeID: number;
  format?: string;
}

/** What addFields sets on a pg Result (its own fields, not in pg's types). */
interface ResultInternals {
  fields: FieldDescription[];
  _parsers: Array<(value: string) => unknown> | undefined;
  _types: { getTypeParser(oid: number, format: string): (value: string) => unknown } | undefined;
  _prebuiltEmptyResultObject: Record<string, null> | null;
}

type AddFields = (this: ResultInternals, fields: FieldDescription[]) => void;
const prototype = pg.Result.prototype as unknown as { addFields: AddFields };

/** pg's own addFields, for a column named __proto__ (and for the test). */
export const pgAddFields: AddFields = prototype.addFields;

/** pg's addFields, the template made as a plain object. */
export const plainAddFields: AddFields = function (this: ResultInternals, fields) {
  if (fields.some((f) => f.name === '__proto__')) return pgAddFields.call(this, fields);
  this.fields = fields;
  if (fields.length) this._parsers = new Array(fields.length);
  const types = this._types ?? pg.types;
  const row: Record<string, null> = {};
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i]!;
    row[field.name] = null;
    this._parsers![i] = types.getTypeParser(field.dataTypeID, (field.format || 'text') as 'text');
  }
  // Only ever spread into each row, never changed: no copy needed.
  this._prebuiltEmptyResultObject = row;
};

/** Installs plainAddFields on pg's Result (once, for every connection of the process). */
export function installPlainAddFields(): void {
  prototype.addFields = plainAddFields;
}

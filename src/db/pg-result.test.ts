import { createHash } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { pgAddFields, plainAddFields } from './pg-result.ts';

/** Column descriptions as pg's protocol parser hands them over (names fresh strings each time). */
const fields = (names: string[], dataTypeID = 25) =>
  names.map((name) => ({
    name: Buffer.from(name).toString(),
    tableID: 0,
    columnID: 0,
    dataTypeID,
    dataTypeSize: -1,
    dataTypeModifier: -1,
    format: 'text',
  }));

/** A Result given its columns by `addFields`, then rows of text values. */
function run(
  addFields: typeof pgAddFields,
  columns: ReturnType<typeof fields>,
  rows: Array<Array<string | null>>,
) {
  // Rows as objects (rowMode undefined), pg's own type parsers (types undefined).
  const result = new pg.Result(undefined as never, undefined as never) as unknown as ThisParameterType<
    typeof pgAddFields
  > & {
    parseRow(values: Array<string | null>): Record<string, unknown>;
  };
  addFields.call(result, columns);
  return { result, rows: rows.map((r) => result.parseRow(r)) };
}

const shape = (row: Record<string, unknown>) => ({
  proto: Object.getPrototypeOf(row),
  keys: Reflect.ownKeys(row),
  entries: Object.entries(row),
});

describe("a pg result's template row made as a plain object", () => {
  it("is pg's: the same keys in the same order, prototype, values and parsers", () => {
    const cases: Array<[string[], Array<Array<string | null>>]> = [
      [['id', 'amount', 'created_at'], [['pay_1', '100', null]]],
      // Duplicate names (the last value wins, in the first one's place), integer-like names first,
      // names of Object.prototype's members.
      [['a', 'b', 'a', '2', '10', '1'], [['x', 'y', 'z', 'two', 'ten', 'one']]],
      [['constructor', 'toString', 'hasOwnProperty', 'valueOf'], [['c', 't', 'h', 'v']]],
      // A column named __proto__: pg's own code, an own property.
      [['__proto__', 'id'], [['p', 'i']]],
      [[], [[]]],
      [Array.from({ length: 45 }, (_, i) => `column_${i}`), [Array.from({ length: 45 }, (_, i) => `${i}`)]],
    ];
    for (const [names, rows] of cases) {
      const theirs = run(pgAddFields, fields(names), rows);
      const ours = run(plainAddFields, fields(names), rows);
      expect(ours.rows.map(shape)).toEqual(theirs.rows.map(shape));
      expect(ours.result._parsers).toEqual(theirs.result._parsers);
      expect(ours.result.fields).toEqual(theirs.result.fields);
    }
    const [row] = run(plainAddFields, fields(['__proto__', 'id']), [['p', 'i']]).rows;
    expect(Object.hasOwn(row!, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(row)).toBe(Object.prototype);
  });

  it('uses the type parsers pg would (int8, timestamps)', () => {
    const int8 = run(plainAddFields, fields(['n'], 20), [['42']]).rows[0]!;
    const theirs = run(pgAddFields, fields(['n'], 20), [['42']]).rows[0]!;
    expect(int8).toEqual(theirs);
    const at = run(plainAddFields, fields(['at'], 1184), [['2026-12-02 14:00:00+00']]).rows[0]!;
    expect(at.at).toEqual(new Date('2026-12-02T14:00:00Z'));
  });

  it('replaces the addFields of the pg version it was written for (review it when pg changes)', () => {
    // pg 8.23.1's Result.prototype.addFields. A new pg with other code fails here: compare it with
    // plainAddFields, then update the digest.
    expect(createHash('sha256').update(pgAddFields.toString()).digest('hex')).toBe(
      'b85c0e5db5c85c53830a271ff13637f40a1a1eb92e5d8b8d8a2c360b2954ca16',
    );
  });
});

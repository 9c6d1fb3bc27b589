import { describe, expect, it } from 'vitest';
import { conditions } from './conditions.ts';

describe('conditions', () => {
  it('numbers each added value as the next parameter, after any pushed by hand', () => {
    const c = conditions();
    c.add('run_id = ?', 'run_1');
    c.where.push("action = 'flagged'");
    c.params.push('x', ['y']);
    c.where.push('(id = $2 OR payment_id = ANY($3))');
    c.add('kind = ?', 'missing_locally');
    expect(c.where).toEqual([
      'run_id = $1',
      "action = 'flagged'",
      '(id = $2 OR payment_id = ANY($3))',
      'kind = $4',
    ]);
    expect(c.params).toEqual(['run_1', 'x', ['y'], 'missing_locally']);
  });
});

import { describe, expect, it } from 'vitest';
import { DatabaseUnavailableError } from './db.ts';
import { isConnectionError } from './postgres.ts';

const pgError = (code: string, message = 'x') => Object.assign(new Error(message), { code });

describe('isConnectionError', () => {
  it('knows the ways a connection to PostgreSQL is lost or refused', () => {
    for (const error of [
      pgError('57P01', 'terminating connection due to administrator command'),
      pgError('57P02'),
      pgError('57P03', 'the database system is starting up'),
      pgError('08006'),
      pgError('53300', 'sorry, too many clients already'),
      pgError('25006', 'cannot execute INSERT in a read-only transaction'),
      pgError('ECONNREFUSED'),
      pgError('ECONNRESET', 'read ECONNRESET'),
      new Error('Connection terminated unexpectedly'),
      new Error('Client has encountered a connection error and is not queryable'),
      new Error('timeout exceeded when trying to connect'),
      Object.assign(new AggregateError([pgError('ECONNREFUSED'), pgError('ECONNREFUSED')]), {}),
      new DatabaseUnavailableError(new Error('gone')),
    ]) {
      expect(isConnectionError(error), String(error)).toBe(true);
    }
  });

  it('leaves errors about the statement itself alone', () => {
    for (const error of [
      pgError('23505', 'duplicate key value violates unique constraint'),
      pgError('40001', 'could not serialize access'),
      pgError('42P01', 'relation "x" does not exist'),
      pgError('P0001', 'refund_history is append-only'),
      new TypeError('x is not a function'),
      undefined,
      'a string',
    ]) {
      expect(isConnectionError(error), String(error)).toBe(false);
    }
  });
});

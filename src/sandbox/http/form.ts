import qs from 'qs';
import { invalidParam } from './errors.ts';

// Stripe's bracket notation (`metadata[k]=v`, `expand[]=a`, `expand[0]=a`) parsed with qs, bounded
// so a hostile body cannot build deep or huge structures.
const OPTIONS: qs.IParseOptions & { throwOnLimitExceeded: boolean; strictDepth: boolean } = {
  depth: 5,
  strictDepth: true,
  arrayLimit: 100,
  parameterLimit: 1000,
  throwOnLimitExceeded: true,
  plainObjects: true,
  allowPrototypes: false,
  allowDots: false,
  parseArrays: true,
};

export const BODY_LIMIT_BYTES = 1024 * 1024;

export type Params = Record<string, unknown>;

/** Parses a form body or query string; a malformed one is a 400 with code parameter_invalid_empty. */
export function parseForm(text: string): Params {
  try {
    return qs.parse(text, OPTIONS) as Params;
  } catch (error) {
    throw invalidParam(
      'parameter_invalid_empty',
      `Invalid request: the parameters could not be parsed (${(error as Error).message}).`,
    );
  }
}

// The one error type every layer throws for a request it refuses. Errors are data: every 4xx
// carries a stable code, a human message and the param at fault, and renders as our error shape
// `{error: {code, message, param?, ...extra}}`. A leaf module: it imports nothing from src/.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;
  readonly extra: Record<string, unknown>;
  /** Response headers that go with the refusal (e.g. Retry-After). */
  readonly headers: Record<string, string>;
  constructor(
    status: number,
    code: string,
    message: string,
    param?: string,
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
    this.extra = extra;
    this.headers = headers;
  }

  body(): { error: Record<string, unknown> } {
    return errorBody(this.code, this.message, this.param, this.extra);
  }
}

/** Our error shape, for the rare answer that is not thrown (stream errors, framework errors). */
export function errorBody(
  code: string,
  message: string,
  param?: string,
  extra: Record<string, unknown> = {},
): { error: Record<string, unknown> } {
  return { error: { code, message, ...(param ? { param } : {}), ...extra } };
}

export const notFound = (what: string, param: string, id: string) =>
  new ApiError(404, 'not_found', `No ${what} with id '${id}'.`, param);

/** Seconds a client is asked to wait (Retry-After) while the database is away. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** The database is restarting or failing over: a 503 the client retries, never a 500. */
export const databaseUnavailable = () =>
  new ApiError(
    503,
    'database_unavailable',
    'The database is unavailable (restarting or failing over); retry in a few seconds.',
    undefined,
    {},
    { 'Retry-After': String(DATABASE_RETRY_AFTER_SECONDS) },
  );

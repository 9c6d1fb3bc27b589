// Errors are data: every 4xx carries a stable code, a human message and the param at fault.
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly param: string | undefined;
  readonly extra: Record<string, unknown>;
  constructor(
    status: number,
    code: string,
    message: string,
    param?: string,
    extra: Record<string, unknown> = {},
  ) {
    super(message);
    this.status = status;
    this.code = code;
    this.param = param;
    this.extra = extra;
  }

  body(): { error: Record<string, unknown> } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.param ? { param: this.param } : {}),
        ...this.extra,
      },
    };
  }
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
  );

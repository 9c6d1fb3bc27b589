// A small client for the admin API of a running Refundry, used by `refundry users|keys …` when that
// service holds the embedded database. Refusals come back as ApiError, like the database path's.
import { ApiError } from '../http/http-error.ts';
import { CommandRefused } from './command.ts';

export class ServiceApi {
  readonly baseUrl: string;
  readonly #key: string;

  constructor(baseUrl: string, key: string) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
    this.#key = key;
  }

  async request<T>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${this.#key}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (error) {
      throw new CommandRefused(
        `could not reach the running service at ${this.baseUrl} (${(error as Error).message})`,
      );
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    if (res.ok) return json as T;
    const error = (json as { error?: { code?: string; message?: string; param?: string } } | undefined)
      ?.error;
    if (res.status === 401 || res.status === 403) {
      throw new CommandRefused(
        `the running service at ${this.baseUrl} refused the API key (${error?.code ?? res.status}): set REFUNDRY_API_KEY to a live admin key`,
      );
    }
    throw new ApiError(
      res.status,
      error?.code ?? 'error',
      error?.message ?? `HTTP ${res.status}`,
      error?.param,
    );
  }
}

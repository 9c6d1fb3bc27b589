// One error handler for the service's HTTP app: whatever refuses a request (a route's ApiError,
// Fastify's own body parsing, its router), the client gets our error shape with a stable code and
// the param at fault, never Fastify's default body. Anything else is a bug: logged, and a 500
// that says nothing about our insides. A leaf module: it imports nothing from src/.
import type {
  FastifyError,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  FastifyServerOptions,
} from 'fastify';
import { ApiError, errorBody } from './http-error.ts';
import { API_VERSION, VERSION_HEADER } from './operation.ts';

/** Fastify's refusals of a request, by its error code: our status, code, param and message. */
const FRAMEWORK_ERRORS: Record<string, { status: number; code: string; param: string; message: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: {
    status: 400,
    code: 'invalid_request',
    param: 'body',
    message: 'The body is not valid JSON.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    status: 400,
    code: 'invalid_request',
    param: 'body',
    message: 'The body is empty, but Content-Type says it is JSON.',
  },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    status: 400,
    code: 'invalid_request',
    param: 'Content-Length',
    message: 'The body does not have the length Content-Length says.',
  },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    param: 'Content-Type',
    message: 'Send the body as application/json (or text/csv where a CSV is taken).',
  },
  FST_ERR_CTP_INVALID_TYPE: {
    status: 415,
    code: 'unsupported_media_type',
    param: 'Content-Type',
    message: 'The Content-Type header is not valid.',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    status: 413,
    code: 'request_too_large',
    param: 'body',
    message: 'The body is larger than this endpoint takes.',
  },
  FST_ERR_BAD_URL: {
    status: 400,
    code: 'invalid_request',
    param: 'path',
    message: 'The URL is not valid percent-encoded UTF-8.',
  },
  FST_ERR_MAX_PARAM_LENGTH: {
    status: 414,
    code: 'uri_too_long',
    param: 'path',
    message: 'A part of the URL is too long.',
  },
};

function refusal(error: FastifyError): ApiError {
  const known = FRAMEWORK_ERRORS[error.code];
  if (known) return new ApiError(known.status, known.code, known.message, known.param);
  // Another client error Fastify raised (a malformed request line, a bad header): still ours.
  const status =
    error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 400;
  return new ApiError(status, 'invalid_request', 'The request is malformed.', 'request');
}

const isClientError = (error: unknown): error is FastifyError => {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
};

function send(reply: FastifyReply, error: ApiError) {
  for (const [name, value] of Object.entries(error.headers)) reply.header(name, value);
  // The router's refusals (frameworkErrors) skip the app's onSend hook: the version is set here too.
  reply.header(VERSION_HEADER, API_VERSION);
  return reply.code(error.status).type('application/json; charset=utf-8').send(error.body());
}

/** The Fastify option for the router's refusals (bad URL encoding, an over-long path parameter). */
export const frameworkErrors: FastifyServerOptions['frameworkErrors'] = (error, _request, reply) => {
  send(reply as FastifyReply, refusal(error));
};

export interface ErrorHandlerOptions {
  /**
   * Turns an error of an outer layer into a refusal (e.g. the database failing over into a 503
   * the client retries); undefined leaves it to the handler.
   */
  translate?: (error: unknown, request: FastifyRequest) => ApiError | undefined;
}

/** Installs the error handler on `app` (and so on every plugin that does not set its own). */
export function installErrorHandler(app: FastifyInstance, options: ErrorHandlerOptions = {}): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof ApiError) return send(reply, error);
    const translated = options.translate?.(error, request);
    if (translated) return send(reply, translated);
    if (isClientError(error)) return send(reply, refusal(error));
    request.log.error({ err: error }, 'unhandled error');
    return reply
      .code(500)
      .type('application/json; charset=utf-8')
      .send(errorBody('internal_error', 'Something went wrong on our side.'));
  });
}

/** The answer for a path no route serves. */
export function notFoundError(method: string, path: string): ApiError {
  return new ApiError(404, 'not_found', `No route ${method} ${path}.`, 'path');
}

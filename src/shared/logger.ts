// Structured JSON logs (pino), redacted at this one place. Every log call passes through
// `hooks.logMethod` before pino formats it, so what any module hands the logger — a message, an
// object, an error from the database driver, a Fastify request — is scrubbed here:
//
// - fields whose name says they hold a secret (password, secret, token, authorization, cookie, …)
//   are replaced by '[redacted]', at any depth;
// - strings are scrubbed of secrets recognisable by shape: Stripe keys (sk_/rk_), webhook secrets
//   (whsec_), Refundry API keys (rfk_), scrypt password hashes, SHA-256 digests (how API keys and
//   session tokens are stored), bearer credentials, session cookies, and status-page tokens in
//   /r/<token> paths;
// - errors keep their type, message, code and stack (scrubbed) but lose the SQL parameters PGlite
//   attaches to a failed query (`params`), which hold whatever the query wrote: secrets and hashes.
//
// Tokens without a recognisable shape (session cookies, CSRF tokens, customer tokens) are therefore
// kept out of logs by their field names and by never logging headers; test/logging proves it with a
// scripted session that searches the captured log for every secret it saw.
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED = '[redacted]';

/** Field names (lowercased, without '-' and '_') whose values are never logged. */
const SECRET_FIELDS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'xcsrftoken',
  'stripesignature',
  'refundrysignature',
  'password',
  'pass',
  'passwordhash',
  'smtppassword',
  'clipassword',
  'secret',
  'secretkey',
  'webhooksecret',
  'stripesecretkey',
  'stripewebhooksecret',
  'apikey',
  'cliapikey',
  'keyhash',
  'token',
  'tokenhash',
  'sessiontoken',
  'csrftoken',
  'customertoken',
  'accesstoken',
  'refreshtoken',
  'clientsecret',
]);

/** Error fields never logged: PGlite's DatabaseError carries the failed query's parameters. */
const DROPPED_ERROR_FIELDS = new Set(['params', 'parameters', 'values', 'queryOptions', 'config', 'request']);

const isSecretField = (name: string) => SECRET_FIELDS.has(name.toLowerCase().replace(/[-_]/g, ''));

const PATTERNS: Array<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // Stripe secret and restricted keys, webhook signing secrets, Refundry API keys.
  [/\b((?:sk|rk)_(?:test|live)_)[A-Za-z0-9]+/g, `$1${REDACTED}`],
  [/\bwhsec_[A-Za-z0-9+/=]+/g, `whsec_${REDACTED}`],
  [/\brfk_[A-Za-z0-9]+/g, `rfk_${REDACTED}`],
  // Password hashes ($scrypt$ln=…$salt$key) and any other PHC string.
  [/\$scrypt\$[^\s"'`]+/g, `$scrypt$${REDACTED}`],
  // SHA-256 digests: how API keys and session tokens are stored.
  [/\b[0-9a-fA-F]{64}\b/g, REDACTED],
  // Credentials in headers or URLs that reached a message.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, `$1 ${REDACTED}`],
  [/\b(refundry_session=)[^;\s"']+/g, `$1${REDACTED}`],
  // The customer status page's token: /r/<token> and /r/<token>/status.json.
  [/(\/r\/)[^/?#\s"']+/g, `$1${REDACTED}`],
];

/**
 * Strings no PATTERN can match: short runs of letters, digits, '.' and '-' (every pattern needs an
 * '_', '$', '/', whitespace or 64 characters). Request ids, levels, names and numbers are logged
 * many times a request; they skip the eight scans.
 */
const PLAIN = /^[A-Za-z0-9.-]{0,63}$/;

/** A string with every secret recognisable by its shape replaced. */
export function redactText(text: string): string {
  if (PLAIN.test(text)) return text;
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement as string);
  return out;
}

const SECRET_QUERY = /^(token|key|api_?key|secret|password|csrf_?token|access_?token|signature)$/i;

/** A request URL with the status-page token and secret-looking query values redacted. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (q < 0) return redactText(path);
  const query = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq < 0 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {}
      return eq >= 0 && (SECRET_QUERY.test(decoded) || isSecretField(decoded)) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return redactText(`${path}?${query}`);
}

interface RequestLike {
  method?: string;
  url?: string;
  ip?: string;
  hostname?: string;
  host?: string;
  socket?: { remoteAddress?: string; remotePort?: number } | null;
  raw?: unknown;
  headers?: unknown;
  /** Already serialized (a second pass must keep these). */
  remoteAddress?: string;
  remotePort?: number;
}

const looksLikeRequest = (v: object): v is RequestLike =>
  'method' in v && 'url' in v && ('headers' in v || 'raw' in v || 'socket' in v);

/** What a request log line says about a request: never its headers or body. */
export function serializeRequest(req: RequestLike): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === 'string' ? redactUrl(req.url) : undefined,
    host: req.host ?? req.hostname,
    remoteAddress: req.ip ?? req.socket?.remoteAddress ?? req.remoteAddress,
    remotePort: req.socket?.remotePort ?? req.remotePort,
  };
}

function serializeResponse(res: { statusCode?: number } | null | undefined): Record<string, unknown> {
  return { statusCode: res?.statusCode };
}

/** An error for the log: type, message, code, stack and its own fields, scrubbed; no SQL params. */
export function serializeError(err: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (!(err instanceof Error)) return redactValue(err, depth, seen);
  if (seen.has(err)) return '[circular]';
  seen.add(err);
  const out: Record<string, unknown> = {
    type: err.constructor?.name ?? err.name,
    message: redactText(err.message),
  };
  if (err.stack) out.stack = redactText(err.stack);
  for (const [k, v] of Object.entries(err)) {
    if (k === 'message' || k === 'stack' || DROPPED_ERROR_FIELDS.has(k)) continue;
    out[k] = isSecretField(k) ? REDACTED : redactValue(v, depth + 1, seen);
  }
  if (err.cause !== undefined) out.cause = serializeError(err.cause, depth + 1, seen);
  if (err instanceof AggregateError) out.errors = err.errors.map((e) => serializeError(e, depth + 1, seen));
  return out;
}

const MAX_DEPTH = 8;

/** A deep copy of a value to log, with secret fields and secret-shaped strings redacted. */
export function redactValue(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return serializeError(value, depth, seen);
  if (value instanceof Date) return value;
  if (Buffer.isBuffer(value) || ArrayBuffer.isView(value)) return `[${value.constructor.name}]`;
  if (depth >= MAX_DEPTH) return '[depth]';
  if (seen.has(value)) return '[circular]';
  seen.add(value);
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1, seen));
  if (value instanceof Map) return redactValue(Object.fromEntries(value), depth, seen);
  if (value instanceof Set) return redactValue([...value], depth, seen);
  if (looksLikeRequest(value)) return serializeRequest(value);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = isSecretField(k) ? REDACTED : redactValue(v, depth + 1, seen);
  }
  return out;
}

/** The object handed to a log call, scrubbed; `req` and `res` get their short forms. */
function redactLogObject(obj: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const seen = new WeakSet<object>();
  for (const [k, v] of Object.entries(obj)) {
    if (isSecretField(k)) out[k] = REDACTED;
    else if (k === 'req' && v && typeof v === 'object') out[k] = serializeRequest(v as RequestLike);
    else if (k === 'res' && v && typeof v === 'object')
      out[k] = serializeResponse(v as { statusCode?: number });
    else out[k] = redactValue(v, 1, seen);
  }
  return out;
}

export function createLogger(
  options: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  const logger = pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      name: options.name ?? 'refundry',
      // Fastify merges these over its own, so its request logs use them too.
      serializers: {
        req: (req: RequestLike) => (req && typeof req === 'object' ? serializeRequest(req) : req),
        res: serializeResponse,
        err: (err: unknown) => serializeError(err),
      },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg: unknown) => {
            if (typeof arg === 'string') return redactText(arg);
            if (arg instanceof Error) return { err: serializeError(arg) };
            if (arg && typeof arg === 'object') return redactLogObject(arg as Record<string, unknown>);
            return arg;
          });
          // An error passed alone keeps its message as the line's message.
          if (args[0] instanceof Error && typeof args[1] !== 'string')
            scrubbed.splice(1, 0, redactText(args[0].message));
          return method.apply(this, scrubbed as Parameters<typeof method>);
        },
      },
    },
    options.destination,
  );
  // Child loggers' bindings (logger.child({...})) do not pass through logMethod; children of
  // children inherit this method through their prototype.
  const child = logger.child;
  logger.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactLogObject(bindings), childOptions);
  } as typeof logger.child;
  return logger;
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

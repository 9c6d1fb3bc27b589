import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs. Secrets are redacted by path wherever they could appear (headers, keys,
 * passwords), so a careless `log.info({ req })` cannot leak one.
 */
export function createLogger(
  options: { level?: string; name?: string; destination?: pino.DestinationStream } = {},
): Logger {
  return pino(
    {
      level: options.level ?? process.env.LOG_LEVEL ?? 'info',
      name: options.name ?? 'refundry',
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.headers["stripe-signature"]',
          'headers.authorization',
          'headers.cookie',
          '*.apiKey',
          '*.secret',
          '*.password',
          '*.secretKey',
          '*.webhookSecret',
          'apiKey',
          'secret',
          'password',
          'secretKey',
          'webhookSecret',
        ],
        censor: '[redacted]',
      },
    },
    options.destination,
  );
}

/** A logger that writes nothing (tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}

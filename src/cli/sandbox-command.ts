import { FAULT_FLAGS, FAULT_FLAGS_USAGE, faultsFromFlags } from '../sandbox/faults/faults.ts';
import { createLogger } from '../shared/logger.ts';
import { type Command, parseFlags, UsageError } from './command.ts';

const USAGE = `refundry sandbox [--host 127.0.0.1] [--port 12111] [--api-key sk_test_…] [--settle-delay-ms 2000]
                 [--data DIR] [--rate-limit N] [--webhook URL]...

  --host              address to bind (default 127.0.0.1, loopback only)
  --port              port (default 12111; 0 picks a free one)
  --api-key           accept only this sk_test_ key (default: any well-formed sk_test_ key)
  --settle-delay-ms   real delay before asynchronous test refunds settle (default 2000)
  --data DIR          keep state in DIR (append-only log replayed at start)
  --rate-limit N      answer 429 rate_limit above N requests/s
  --webhook URL       deliver every event to URL (repeatable)

Faults:
${FAULT_FLAGS_USAGE}`;

function integer(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}.`);
  return n;
}

export const sandboxCommand: Command = {
  summary: 'Run the Stripe-compatible refunds sandbox.',
  usage: USAGE,
  async run(argv) {
    const values: Record<string, string | string[] | boolean | undefined> = parseFlags({
      args: argv,
      options: {
        host: { type: 'string' },
        port: { type: 'string' },
        'api-key': { type: 'string' },
        'settle-delay-ms': { type: 'string' },
        data: { type: 'string' },
        'rate-limit': { type: 'string' },
        webhook: { type: 'string', multiple: true },
        ...FAULT_FLAGS,
      },
      strict: true,
      allowPositionals: false,
    }).values;
    const apiKey = values['api-key'] as string | undefined;
    if (apiKey !== undefined && !/^sk_test_[A-Za-z0-9_]+$/.test(apiKey)) {
      throw new UsageError('--api-key must be a test mode secret key (sk_test_…).');
    }
    const rateLimit = integer('rate-limit', values['rate-limit'] as string | undefined, 1, 1_000_000);
    const webhookUrls = (values.webhook as string[] | undefined) ?? [];
    for (const url of webhookUrls) {
      if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) {
        throw new UsageError(`--webhook must be an http(s) URL: ${url}`);
      }
    }
    let faults: Record<string, unknown>;
    try {
      faults = faultsFromFlags(values);
    } catch (error) {
      const param = (error as { param?: string }).param;
      throw new UsageError(param ? `${param}: ${(error as Error).message}` : (error as Error).message);
    }
    const { startSandbox } = await import('../sandbox/server.ts');
    const logger = createLogger({ name: 'refundry-sandbox' });
    const sandbox = await startSandbox({
      host: (values.host as string | undefined) ?? '127.0.0.1',
      port: integer('port', values.port as string | undefined, 0, 65535) ?? 12111,
      apiKey,
      settleDelayMs: integer(
        'settle-delay-ms',
        values['settle-delay-ms'] as string | undefined,
        0,
        86_400_000,
      ),
      dataDir: values.data as string | undefined,
      rateLimit,
      webhookUrls,
      faults,
      logger,
    });
    console.log(`Refundry sandbox listening on ${sandbox.url}`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await sandbox.close();
    console.log('Refundry sandbox stopped.');
    return 0;
  },
};

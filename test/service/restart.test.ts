// `npm start` (`refundry demo`) is safe to stop and start: the real command, run as a process on the
// embedded database in a temp data folder, stopped with SIGTERM and later with SIGKILL, and started
// again each time. Everything a user saw must still be there and agree with the sandbox: payments,
// refunds, the sandbox's own objects, events and webhook endpoint, a pending refund's settlement,
// the demo orders (once), the admin key and login. While it runs, every command that needs the
// database either goes through its API or refuses in one line with exit code 2.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Stripe from 'stripe';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../../bin/refundry.js');
const dir = mkdtempSync(join(tmpdir(), 'refundry-restart-'));
const dataDir = join(dir, 'data');
const env: NodeJS.ProcessEnv = {
  ...process.env,
  REFUNDRY_DATA_DIR: dataDir,
  DATABASE_URL: '',
  STRIPE_SECRET_KEY: '',
  REFUNDRY_API_KEY: '',
  REFUNDRY_PASSWORD: '',
  LOG_LEVEL: 'silent',
};

interface Demo {
  child: ChildProcess;
  out: string;
  dashboard: string;
  api: string;
  sandbox: Stripe;
  sandboxUrl: string;
  key: string;
  email: string;
  password: string;
  payments: string;
}

const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of running) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Starts `refundry demo` on the data folder; asynchronous refunds wait for a clock advance. */
async function startDemo(): Promise<Demo> {
  const child = spawn(process.execPath, [BIN, 'demo', '--port', '0', '--settle-delay-ms', '3600000'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let out = '';
  let err = '';
  child.stderr!.on('data', (d) => {
    err += String(d);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo did not start:\n${out}\n${err}`)), 200_000);
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (/Payments: .*\n/.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`demo exited ${code}:\n${out}\n${err}`));
    });
  });
  const field = (re: RegExp) => re.exec(out)?.[1] ?? '';
  const sandboxUrl = field(/Sandbox: +(http:\/\/\S+)/);
  return {
    child,
    out,
    dashboard: field(/Dashboard: +(http:\/\/\S+)/),
    api: field(/API: +(http:\/\/\S+)/),
    sandboxUrl,
    sandbox: new Stripe('sk_test_restart', {
      host: '127.0.0.1',
      port: Number(new URL(sandboxUrl).port),
      protocol: 'http',
      maxNetworkRetries: 0,
    }),
    key: field(/API key: +(rfk_\w+)/),
    email: field(/Login: +(\S+) \//),
    password: field(/Login: +\S+ \/ (\S+)/),
    payments: field(/Payments: +(.*)\n/),
  };
}

function stop(demo: Demo, signal: NodeJS.Signals): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve) => {
    demo.child.once('exit', (code, sig) => resolve({ code, signal: sig }));
    demo.child.kill(signal);
  });
}

/** Runs `refundry …` as its own process: exit code, stdout and stderr. */
function cli(
  args: string[],
  extra: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...env, ...extra },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => {
    stdout += String(d);
  });
  child.stderr.on('data', (d) => {
    stderr += String(d);
  });
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

async function call<T = Record<string, unknown>>(demo: Demo, method: string, path: string, body?: unknown) {
  const res = await fetch(`${demo.api}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${demo.key}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}

interface RefundJson {
  id: string;
  status: string;
  amount: number;
  stripe_refund_id: string | null;
  history: Array<{ to: string; actor: string; stripe_event_id: string | null }>;
}

const refundOf = async (demo: Demo, id: string) =>
  (await call<RefundJson>(demo, 'GET', `/refunds/${id}`)).body;

async function until(check: () => Promise<boolean>, what: string, ms = 90_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a reconciliation through the API and returns the finished run. */
async function reconcile(demo: Demo) {
  type Run = { id: string; status: string; counts: Record<string, number>; flagged: number };
  const started = await call<Run>(demo, 'POST', '/reconciliation/runs', {});
  expect(started.status).toBe(202);
  let run = started.body;
  await until(async () => {
    run = (await call<Run>(demo, 'GET', `/reconciliation/runs/${started.body.id}`)).body;
    return run.status !== 'waiting' && run.status !== 'running';
  }, 'the reconciliation run');
  return run;
}

const DEMO_ORDERS = ['ord_1001', 'ord_1002', 'ord_1003', 'ord_1004', 'ord_1005', 'ord_1006', 'ord_1007'];

describe('refundry demo across restarts', () => {
  let first: Demo;
  let second: Demo;
  let succeeded: RefundJson;
  let pending: RefundJson;

  it('keeps everything across a stop (SIGTERM) and start', { timeout: 400_000 }, async () => {
    first = await startDemo();
    // One refund that succeeds at once, one whose test card keeps it pending at Stripe.
    const a = await call<RefundJson>(first, 'POST', '/refunds', {
      order_id: 'ord_1001',
      amount: 1_000,
      reason: 'requested_by_customer',
    });
    const b = await call<RefundJson>(first, 'POST', '/refunds', {
      order_id: 'ord_1002',
      amount: 2_000,
      reason: 'duplicate',
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    await until(
      async () =>
        (await refundOf(first, a.body.id)).status === 'succeeded' &&
        (await refundOf(first, b.body.id)).status === 'pending',
      'the refunds to reach Stripe',
    );
    succeeded = await refundOf(first, a.body.id);
    pending = await refundOf(first, b.body.id);
    const refundsBefore = (await call<{ data: RefundJson[] }>(first, 'GET', '/refunds')).body.data;
    // Two endpoints: the platform's and the Connect one (connected accounts' events).
    const endpointsBefore = (await first.sandbox.webhookEndpoints.list()).data;
    expect(endpointsBefore.map((e) => e.url.replace(first.dashboard, '/')).sort()).toEqual([
      '/webhooks/stripe',
      '/webhooks/stripe/connect',
    ]);
    const eventsBefore = (await first.sandbox.events.list({ limit: 100 })).data.map((e) => e.id);

    // `users create` while the demo runs goes through its API (with the demo's own key).
    const created = await cli(['users', 'create', '--email', 'agent@example.com', '--role', 'agent'], {
      REFUNDRY_PASSWORD: 'an agent password',
    });
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/^Created usr_\w+ agent@example\.com \(agent\)\.\n$/);
    expect(created.stderr).toBe(
      `Refundry is running on ${dataDir}: going through its API at ${first.api}.\n`,
    );

    expect(await stop(first, 'SIGTERM')).toEqual({ code: 0, signal: null });
    second = await startDemo();

    // The same login and admin key, printed again and still working; no second key minted.
    expect(second.key).toBe(first.key);
    expect([second.email, second.password]).toEqual([first.email, first.password]);
    const keys = await call<{ data: Array<{ name: string; revoked: boolean }> }>(second, 'GET', '/api-keys');
    expect(keys.status).toBe(200);
    expect(keys.body.data.filter((k) => k.name === 'demo admin')).toEqual([
      expect.objectContaining({ revoked: false }),
    ]);
    for (const [email, password] of [
      [second.email, second.password],
      ['agent@example.com', 'an agent password'],
    ]) {
      const login = await fetch(`${second.dashboard}auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      expect(login.status, email).toBe(200);
    }
    const credentials = join(dataDir, 'demo-credentials.json');
    expect(readFileSync(credentials, 'utf8')).toContain(first.key);
    // What the demo keeps beside the database is for its owner alone.
    const mode = (path: string) => statSync(join(dataDir, path)).mode & 0o777;
    expect(mode('demo-credentials.json')).toBe(0o600);
    expect(mode('service.json')).toBe(0o600);
    expect(mode('sandbox')).toBe(0o700);
    expect(mode('sandbox/sandbox-journal.jsonl')).toBe(0o600);

    // Demo data was seeded once: the same payments, one per order.
    expect(second.payments).toBe(first.payments);
    for (const order of DEMO_ORDERS) {
      const found = await call<{ data: unknown[] }>(second, 'GET', `/payments?order_id=${order}`);
      expect(found.body.data, order).toHaveLength(1);
    }

    // Payments and refunds are still there.
    const refundsAfter = (await call<{ data: RefundJson[] }>(second, 'GET', '/refunds')).body.data;
    expect(refundsAfter).toEqual(refundsBefore);

    // The sandbox (at its new address) still knows both refunds, its events and its endpoint.
    const atStripe = await second.sandbox.refunds.retrieve(succeeded.stripe_refund_id!);
    expect(atStripe).toMatchObject({ status: 'succeeded', amount: 1_000 });
    expect((await second.sandbox.refunds.retrieve(pending.stripe_refund_id!)).status).toBe('pending');
    const eventsAfter = (await second.sandbox.events.list({ limit: 100 })).data.map((e) => e.id);
    expect(eventsAfter).toEqual(expect.arrayContaining(eventsBefore));
    const endpointsAfter = (await second.sandbox.webhookEndpoints.list()).data;
    // The same endpoints, kept (not duplicated), now pointing at the new port.
    const byPath = (list: Stripe.WebhookEndpoint[], dashboard: string) =>
      list.map((e) => [e.url.replace(dashboard, '/'), e.id]).sort();
    expect(byPath(endpointsAfter, second.dashboard)).toEqual(byPath(endpointsBefore, first.dashboard));

    // The pending refund's settlement survived too; its news reaches Refundry by the same webhook.
    const advanced = await fetch(`${second.sandboxUrl}/_sandbox/clock/advance`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'seconds=7200',
    });
    expect(advanced.status).toBe(200);
    await until(async () => (await refundOf(second, pending.id)).status === 'succeeded', 'the settlement');
    const last = (await refundOf(second, pending.id)).history.at(-1)!;
    expect(last).toMatchObject({
      to: 'succeeded',
      actor: 'webhook',
      stripe_event_id: expect.stringMatching(/^evt_/),
    });

    // Reconciliation finds Stripe and Refundry in agreement: nothing missing at Stripe.
    const run = await reconcile(second);
    expect(run).toMatchObject({ status: 'completed', flagged: 0 });
    expect(run.counts).toEqual({ matched: 2 });
  });

  it('while it runs, every command that needs the database goes through its API or refuses in one line (exit 2)', {
    timeout: 300_000,
  }, async () => {
    const csv = join(dir, 'refunds.csv');
    writeFileSync(csv, 'order_id,amount,reason\nord_1006,100,duplicate\n');
    const api = second.api;
    const pid = second.child.pid!;
    // Without a key to use (as beside `refundry serve`, which keeps no demo key).
    const credentials = join(dataDir, 'demo-credentials.json');
    renameSync(credentials, `${credentials}.away`);
    try {
      const commands: Array<[string[], string]> = [
        [['migrate'], 'restart it to apply new ones'],
        [['keys', 'create', '--name', 'x', '--scope', 'refunds:read'], `its API (${api}/api-keys)`],
        [['keys', 'list'], `its API (${api}/api-keys)`],
        [['keys', 'revoke', 'key_x'], `its API (${api}/api-keys)`],
        [['users', 'create', '--email', 'x@example.com', '--role', 'viewer'], `its API (${api}/users)`],
        [['users', 'list'], `its API (${api}/users)`],
        [['users', 'set-password', 'agent@example.com'], `its API (${api}/users)`],
        [['users', 'set-role', 'agent@example.com', '--role', 'approver'], `its API (${api}/users)`],
        [['users', 'disable', 'agent@example.com'], `its API (${api}/users)`],
        [['users', 'enable', 'agent@example.com'], `its API (${api}/users)`],
        [['refunds', 'import', csv, '--dry-run'], `POST ${api}/refund-batches`],
        [['reconcile'], `POST ${api}/reconciliation/runs`],
        [['serve'], 'stop it before starting another'],
        [['demo'], 'stop it before starting another'],
      ];
      // Three at a time: each is a process of its own.
      const results: Array<Awaited<ReturnType<typeof cli>>> = [];
      for (let i = 0; i < commands.length; i += 3) {
        results.push(
          ...(await Promise.all(
            commands
              .slice(i, i + 3)
              .map(([args]) =>
                cli(args, { REFUNDRY_PASSWORD: 'a long enough password', STRIPE_SECRET_KEY: 'sk_test_x' }),
              ),
          )),
        );
      }
      for (const [i, [args, hint]] of commands.entries()) {
        const name = args.join(' ');
        const r = results[i]!;
        expect(r.code, name).toBe(2);
        expect(r.stdout, name).toBe('');
        const lines = r.stderr.trimEnd().split('\n');
        expect(lines, name).toHaveLength(1);
        expect(lines[0], name).toContain(
          `refundry ${args[0]}: Refundry (pid ${pid}, API ${api}) is running on ${dataDir} and holds its embedded database; `,
        );
        expect(lines[0], name).toContain(hint);
      }
    } finally {
      renameSync(`${credentials}.away`, credentials);
    }
    // A key the service refuses: one line, exit 2.
    const refused = await cli(['users', 'list'], { REFUNDRY_API_KEY: `rfk_${'a'.repeat(32)}` });
    expect(refused.code).toBe(2);
    expect(refused.stderr.trimEnd().split('\n').at(-1)).toMatch(
      /^refundry users: the running service at .* refused the API key/,
    );

    // With a key, users and keys work while it runs.
    const key = await cli(['keys', 'create', '--name', 'ci', '--scope', 'refunds:read']);
    expect(key.code).toBe(0);
    const made = /\n(rfk_\w+)\n$/.exec(key.stdout)![1]!;
    expect((await fetch(`${api}/refunds`, { headers: { authorization: `Bearer ${made}` } })).status).toBe(
      200,
    );
    expect((await cli(['users', 'set-role', 'agent@example.com', '--role', 'approver'])).code).toBe(0);
    const listed = await cli(['users', 'list']);
    expect(listed.stdout).toMatch(/\tagent@example\.com\t\tapprover\tactive\t/);
    const missing = await cli(['users', 'disable', 'nobody@example.com']);
    expect([missing.code, missing.stderr.trimEnd().split('\n').at(-1)]).toEqual([
      1,
      'No user nobody@example.com.',
    ]);
  });

  it('survives kill -9 with refunds in flight: nothing lost, nothing sent twice, the journal replays', {
    timeout: 400_000,
  }, async () => {
    // Refunds accepted just before the kill: some still queued, some on their way to Stripe.
    const requests = [1, 2, 3, 4, 5].map((n) =>
      call<RefundJson>(second, 'POST', '/refunds', {
        order_id: 'ord_1007',
        amount: 1_000 * n,
        reason: 'duplicate',
      }),
    );
    await Promise.race(requests);
    expect(await stop(second, 'SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const accepted = (await Promise.allSettled(requests))
      .filter((r) => r.status === 'fulfilled' && r.value.status === 201)
      .map((r) => (r as PromiseFulfilledResult<{ body: RefundJson }>).value.body.id);
    expect(accepted.length).toBeGreaterThan(0);

    const third = await startDemo();
    expect(third.key).toBe(first.key);
    expect(third.payments).toBe(first.payments);
    // Leases of the killed process are given back at start: the refunds go on at once.
    await until(
      async () =>
        (await Promise.all(accepted.map((id) => refundOf(third, id)))).every((r) => r.status === 'succeeded'),
      'the refunds accepted before the kill',
    );
    // Each became exactly one Stripe refund.
    const atStripe = await third.sandbox.refunds.list({ limit: 100 });
    for (const id of accepted) {
      expect(
        atStripe.data.filter((r) => r.metadata?.refundry_refund_id === id),
        id,
      ).toHaveLength(1);
    }
    expect((await third.sandbox.refunds.retrieve(succeeded.stripe_refund_id!)).status).toBe('succeeded');
    const run = await reconcile(third);
    expect(run).toMatchObject({ status: 'completed', flagged: 0 });
    expect(run.counts.missing_at_stripe).toBeUndefined();
    expect(await stop(third, 'SIGTERM')).toEqual({ code: 0, signal: null });

    // Nothing torn is left in the journal, and the data folder holds no lock or service file.
    const journal = readFileSync(join(dataDir, 'sandbox', 'sandbox-journal.jsonl'), 'utf8');
    expect(journal.endsWith('\n')).toBe(true);
    for (const line of journal.trimEnd().split('\n')) expect(() => JSON.parse(line)).not.toThrow();
    expect(existsSync(join(dataDir, 'refundry.lock'))).toBe(false);
    expect(existsSync(join(dataDir, 'service.json'))).toBe(false);
  });
});

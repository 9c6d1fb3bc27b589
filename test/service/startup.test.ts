// How `npm start` reaches ready sooner and idles smaller without changing what it starts (bench:
// `npm run bench -- footprint`): Node's compile cache for our sources; the database and the sandbox
// started side by side — after the data folder is taken, and with whatever one of them started
// stopped when the other fails; the database's opening begun before the service's modules load;
// nodemailer loaded with the first email; the start script's flags; the dashboard's check (prestart)
// through the compile cache.
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { DataDirLockedError, LOCK_FILE } from '../../src/db/data-dir-lock.ts';
import type { Db } from '../../src/db/db.ts';
import { pendingMigrations } from '../../src/db/migrate.ts';
import { START_FLAGS } from '../../src/db/node-flags.ts';
import { runService } from '../../src/service/run-service.ts';
import { createLogger, silentLogger } from '../../src/shared/logger.ts';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'refundry-startup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const embedded = (dataDir: string) =>
  loadConfig({ REFUNDRY_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' });

describe('starting on the embedded database', () => {
  it('takes the data folder before anything writes in it: one held by another process is refused, nothing started', async () => {
    const dataDir = join(dir, 'held');
    rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { mode: 0o700 });
    // A live process that is not us holds it (our parent, the test runner).
    writeFileSync(join(dataDir, LOCK_FILE), String(process.ppid), { mode: 0o600 });
    await expect(runService(embedded(dataDir), 'all', silentLogger())).rejects.toBeInstanceOf(
      DataDirLockedError,
    );
    // The sandbox, which starts beside the database, never opened its journal in the folder.
    expect(readdirSync(dataDir)).toEqual([LOCK_FILE]);
  });

  it('stops the sandbox started beside a database that failed to open, and frees the folder', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(dir, 'failing');
    const lines: string[] = [];
    const logger = createLogger({
      level: 'info',
      destination: new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk));
          done();
        },
      }),
    });
    await expect(
      runService(embedded(dataDir), 'all', logger, {
        // The migrations fail (after the database opened; the sandbox starts meanwhile).
        wrapDb: (db) => ({ ...db, exec: () => Promise.reject(new Error('migrations failed')) }),
      }),
    ).rejects.toThrow('migrations failed');
    const started = lines.map((l) => JSON.parse(l)).find((l) => l.msg?.includes('in-process Stripe sandbox'));
    expect(started?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await expect(fetch(`${started.url}/v1/charges`)).rejects.toThrow();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});

describe('runService', () => {
  // The demo makes or checks its login (scrypt) from here, while the rest of the service starts.
  it('tells onDatabaseOpen the migrated database, once, before it returns', {
    timeout: 120_000,
  }, async () => {
    const told: Db[] = [];
    let pending: Promise<string[]> | undefined;
    const service = await runService(embedded(join(dir, 'told')), 'api', silentLogger(), {
      onDatabaseOpen: (db) => {
        told.push(db);
        pending = pendingMigrations(db);
      },
    });
    try {
      expect(told).toEqual([service.db]);
      expect(await pending).toEqual([]);
    } finally {
      await service.stop();
    }
  });
});

describe('bin/refundry.js', () => {
  it("loads our sources through Node's compile cache in node_modules/.cache/refundry", () => {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = () =>
      spawnSync(process.execPath, [join(ROOT, 'bin/refundry.js'), '--help'], { env, encoding: 'utf8' });
    expect(run().status).toBe(0);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toContain('Usage: refundry <command>');
    expect(second.stderr).toContain(join(ROOT, 'node_modules/.cache/refundry/compile'));
    // Enabled before the first of our modules is loaded: the CLI's entry comes from the cache,
    // both its stripped types and its compiled code.
    const main = `file://${join(ROOT, 'src/cli/main.ts')}`;
    expect(second.stderr).toMatch(
      new RegExp(`retrieving transpile cache for StrippedTypeScript ${main}\\.\\.\\.success`),
    );
    expect(second.stderr).toMatch(new RegExp(`V8 code cache for ESM ${main} was accepted`));
  });
});

describe('refundry demo', () => {
  // The template's copy and PGlite's compilation run on a worker thread while the service's
  // modules load; so the data folder must be ours before those modules are loaded.
  it('takes its data folder and begins opening the database before it loads the service', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(dir, 'demo');
    const hook = join(dir, 'order-hook.mjs');
    writeFileSync(
      hook,
      `import { existsSync } from 'node:fs';
      import { registerHooks } from 'node:module';
      registerHooks({
        load(url, context, next) {
          if (url.endsWith('/src/service/run-service.ts')) {
            process.stderr.write('run-service.ts loaded, data folder taken: ' + existsSync(${JSON.stringify(join(dataDir, LOCK_FILE))}) + '\\n');
          }
          return next(url, context);
        },
      });`,
    );
    const child = spawn(
      process.execPath,
      [...START_FLAGS, '--import', hook, join(ROOT, 'bin/refundry.js'), 'demo'],
      {
        env: { ...process.env, REFUNDRY_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (/^\s*Payments:/m.test(stdout)) resolve();
      });
      child.once('exit', (code) => reject(new Error(`the demo exited (${code}): ${stderr}`)));
    });
    child.kill('SIGTERM');
    await exited;
    expect(stderr).toContain('run-service.ts loaded, data folder taken: true\n');
    expect(stdout).toContain('ord_1008');
  });
});

describe('npm start', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: { start: string; prestart: string };
  };

  it('runs the demo with the start flags of src/db/node-flags.ts', () => {
    expect(pkg.scripts.start).toBe(`node ${START_FLAGS.join(' ')} bin/refundry.js demo`);
  });

  // web/dist is fresh here (the tests' global setup builds it): the check alone runs.
  it("checks the dashboard's build first through the same compile cache", () => {
    expect(pkg.scripts.prestart).toBe('node bin/ensure-dashboard.js');
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_DEBUG_NATIVE: 'COMPILE_CACHE' };
    delete env.NODE_COMPILE_CACHE;
    delete env.NODE_DISABLE_COMPILE_CACHE;
    const run = () =>
      spawnSync(process.execPath, [join(ROOT, 'bin/ensure-dashboard.js')], { env, encoding: 'utf8' });
    expect(run().status).toBe(0);
    const second = run();
    expect(second.status).toBe(0);
    expect(second.stdout).toBe('');
    const check = `file://${join(ROOT, 'src/dashboard/ensure-built.ts')}`;
    expect(second.stderr).toMatch(
      new RegExp(`retrieving transpile cache for StrippedTypeScript ${check}\\.\\.\\.success`),
    );
  });
});

describe('the mailer', () => {
  // Run in a process of its own, which records every module it loads (module.registerHooks).
  it('loads nodemailer with the first email, not when it is made', () => {
    const mailDir = join(dir, 'mail');
    const script = `
      import { registerHooks } from 'node:module';
      const urls = [];
      registerHooks({ load: (url, context, next) => (urls.push(url), next(url, context)) });
      const { createMailer } = await import(${JSON.stringify(join(ROOT, 'src/notifications/mailer.ts'))});
      const loaded = () => urls.filter((url) => url.includes('/node_modules/nodemailer/')).length;
      const folder = createMailer({ kind: 'dir', dir: ${JSON.stringify(mailDir)}, from: 'shop@example.com' });
      const smtp = createMailer({ kind: 'smtp', host: '127.0.0.1', port: 1, from: 'shop@example.com' });
      const made = loaded();
      await folder.send({ to: 'ada@example.com', subject: 'Refunded', text: 'Done.', html: '<p>Done.</p>',
        messageId: '<m1@example.com>', key: 'm1' });
      console.log(JSON.stringify({ made, sent: loaded() }));
      smtp.close();
      folder.close();`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ made: 0, sent: expect.any(Number) });
    expect(JSON.parse(run.stdout).sent).toBeGreaterThan(0);
    expect(readFileSync(join(mailDir, 'm1.eml'), 'utf8')).toContain('Subject: Refunded');
  });
});

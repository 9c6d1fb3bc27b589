// Starts a private, throw-away PostgreSQL server on loopback for the test run (initdb into a temp
// folder, fsync off). Used by vitest's globalSetup; tests get its URL through inject('postgresUrl').
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  url: string;
  stop(): Promise<void>;
}

/** A private server a fault test may take down and bring back on the same port and data. */
export interface RestartablePostgres extends PostgresServer {
  /** Shuts the server down: 'fast' (SIGINT: ends sessions, checkpoints) or 'immediate' (SIGQUIT: a crash, recovery at start). */
  halt(mode: 'fast' | 'immediate'): Promise<void>;
  /** Starts it again (after halt) and waits until it accepts connections. */
  resume(): Promise<void>;
  /** halt(mode), wait downMs, resume(): what `pg_ctl restart -m <mode>` does, with a chosen outage. */
  restart(mode: 'fast' | 'immediate', downMs?: number): Promise<void>;
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) {
    const dir = join(root, v, 'bin');
    if (existsSync(join(dir, 'initdb'))) return dir;
  }
  return undefined;
}

/** Whether a PostgreSQL server can be started here (initdb found). */
export function postgresInstalled(): boolean {
  return findBinDir() !== undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Returns undefined when no PostgreSQL is installed (callers decide whether that is fatal). */
export async function startPostgres(
  options: {
    /**
     * Commits reach the WAL before COMMIT returns (synchronous_commit=on), so a crash of the server
     * (immediate shutdown) loses no acknowledged commit. Fault tests need it; the suite's shared
     * server trades it for speed. fsync stays off either way: the machine itself does not crash.
     */
    durableCommits?: boolean;
  } = {},
): Promise<RestartablePostgres | undefined> {
  const bin = findBinDir();
  if (!bin) return undefined;
  const dir = mkdtempSync(join(tmpdir(), 'refundry-pg-'));
  const asRoot = process.getuid?.() === 0;
  // initdb refuses to run as root: run the server as the postgres user when we are root.
  const run = (cmd: string, args: string[]) =>
    asRoot ? { cmd: 'runuser', args: ['-u', 'postgres', '--', cmd, ...args] } : { cmd, args };
  if (asRoot)
    chownSync(
      dir,
      Number(execFileSync('id', ['-u', 'postgres']).toString().trim()),
      Number(execFileSync('id', ['-g', 'postgres']).toString().trim()),
    );
  const init = run(join(bin, 'initdb'), [
    '-D',
    join(dir, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  execFileSync(init.cmd, init.args, { stdio: 'ignore' });
  const port = await freePort();
  const start = run(join(bin, 'postgres'), [
    '-D',
    join(dir, 'data'),
    '-p',
    String(port),
    '-k',
    dir,
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'fsync=off',
    '-c',
    `synchronous_commit=${options.durableCommits ? 'on' : 'off'}`,
    '-c',
    'full_page_writes=off',
    '-c',
    'max_connections=300',
  ]);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let child: ChildProcess;

  const launch = async () => {
    child = spawn(start.cmd, start.args, { stdio: 'ignore', detached: false });
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        execFileSync(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
        return;
      } catch {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error('PostgreSQL did not start');
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  };

  /** Signals the postmaster itself (runuser, used when we are root, does not forward signals). */
  const halt = async (signal: NodeJS.Signals, timeoutMs: number) => {
    const current = child;
    const exited = new Promise((r) => (current.exitCode !== null ? r(null) : current.once('exit', r)));
    try {
      const pid = Number.parseInt(
        readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0] ?? '',
        10,
      );
      if (pid > 0) process.kill(pid, signal);
    } catch {
      current.kill('SIGTERM');
    }
    await Promise.race([exited, new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    if (current.exitCode === null) current.kill('SIGKILL');
  };

  await launch();
  const server: RestartablePostgres = {
    url,
    async stop() {
      // SIGINT is PostgreSQL's fast shutdown.
      await halt('SIGINT', 10_000);
      rmSync(dir, { recursive: true, force: true });
    },
    async halt(mode) {
      await halt(mode === 'fast' ? 'SIGINT' : 'SIGQUIT', 30_000);
      // After an immediate shutdown the postmaster's children may linger a moment; a new
      // postmaster refuses to start while they hold the shared memory, so wait for the pid file.
      const deadline = Date.now() + 10_000;
      while (existsSync(join(dir, 'data', 'postmaster.pid')) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    resume: launch,
    async restart(mode, downMs = 0) {
      await server.halt(mode);
      if (downMs > 0) await new Promise((r) => setTimeout(r, downMs));
      await launch();
    },
  };
  return server;
}

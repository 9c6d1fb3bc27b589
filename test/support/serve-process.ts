// `refundry serve` as a real child process, for tests where "the process never exits" must mean
// it: fault tests restart its database under it and kill it with SIGKILL.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const BIN = join(import.meta.dirname, '../../bin/refundry.js');

export interface ServeProcess {
  child: ChildProcess;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  /** Everything it printed (stdout and stderr), for failure messages. */
  output(): string;
  /** The exit code or signal, once it has exited; undefined while it runs. */
  exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** SIGTERM, then SIGKILL after 10 s. */
  stop(): Promise<void>;
}

export async function startServe(env: Record<string, string>, args: string[] = []): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const onData = (chunk: Buffer) => {
    out += chunk.toString('utf8');
    if (out.length > 2_000_000) out = out.slice(-1_000_000);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exitedPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    }),
  );
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${out}`)), 60_000);
    const check = () => {
      const match = /Refundry API: (http:\/\/[^/\s]+)\/api\/v1/.exec(out);
      if (match) {
        clearTimeout(timer);
        child.stdout?.off('data', check);
        resolve(match[1]!);
      }
    };
    child.stdout?.on('data', check);
    void exitedPromise.then(() => {
      clearTimeout(timer);
      reject(new Error(`serve exited before it started (${JSON.stringify(exited)}):\n${out}`));
    });
  });
  return {
    child,
    baseUrl,
    output: () => out,
    exit: () => exited,
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exitedPromise;
      clearTimeout(killer);
    },
  };
}

import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensurePrivateDir } from '../shared/private-files.ts';

export const LOCK_FILE = 'refundry.lock';

export class DataDirLockedError extends Error {
  readonly dataDir: string;
  readonly pid: number;
  constructor(dataDir: string, pid: number) {
    super(
      `The data folder ${dataDir} is in use by another Refundry process (pid ${pid}). ` +
        'The embedded database serves one process; stop that process, or use PostgreSQL (DATABASE_URL) to run several.',
    );
    this.dataDir = dataDir;
    this.pid = pid;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of another live process holding `<dataDir>/refundry.lock`, if any (takes nothing). */
export function lockHolder(dataDir: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(join(dataDir, LOCK_FILE), 'utf8');
  } catch {
    return undefined;
  }
  const owner = Number.parseInt(text, 10);
  return Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner) ? owner : undefined;
}

/** The data folder's lock, held until released (at the latest when the process exits). */
export interface DataDirLock {
  release(): void;
}

/** Takes `<dataDir>/refundry.lock` (O_EXCL); a lock left by a dead process is taken over. */
export async function acquireDataDirLock(dataDir: string): Promise<DataDirLock> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(path, String(process.pid), { flag: 'wx', mode: 0o600 });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        rmSync(path, { force: true });
        process.off('exit', release);
      };
      process.on('exit', release);
      return { release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && alive(owner)) {
        throw new DataDirLockedError(dataDir, owner);
      }
      rmSync(path, { force: true }); // stale: its process is gone (e.g. killed with SIGKILL)
    }
  }
  throw new Error(`Could not take the lock on ${dataDir}`);
}

/**
 * What a process does before it writes anything into a data folder: makes it owner-only (creating
 * it, or tightening a looser one with a warning) and takes its lock. The service takes the embedded
 * data folder this way before the database and the sandbox start; each opens its own folder this way
 * when started alone.
 */
export async function takeDataDir(
  dataDir: string,
  logger?: { warn(obj: object, msg: string): void },
): Promise<DataDirLock> {
  ensurePrivateDir(dataDir, logger);
  return acquireDataDirLock(dataDir);
}

// Data at rest is readable by its owner only: the embedded database, the .eml outbox, the sandbox
// journal and the lock file live in folders made 0700 with files 0600, whatever the umask. A folder
// left looser by an older version (or copied with other modes) is tightened at start, and the log
// says how many entries were changed.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Group and other get nothing. */
export const OWNER_ONLY_UMASK = 0o077;
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/**
 * Makes this process create owner-only files from now on (the CLI calls it first thing). Not
 * allowed in worker threads, where it is a no-op: every writer also passes explicit modes.
 */
export function restrictUmask(): void {
  try {
    process.umask(OWNER_ONLY_UMASK);
  } catch {}
}

export interface TightenResult {
  /** Entries whose mode was changed. */
  tightened: number;
  /** Entries that could not be changed (e.g. owned by another user). */
  failed: string[];
}

/** Clears group and other bits on every file and folder under `dir` (symlinks are left alone). */
export function tightenTree(dir: string): TightenResult {
  const result: TightenResult = { tightened: 0, failed: [] };
  const visit = (path: string) => {
    let stat: ReturnType<typeof lstatSync>;
    try {
      stat = lstatSync(path);
    } catch {
      return; // removed meanwhile
    }
    if (stat.isSymbolicLink()) return;
    const mode = stat.mode & 0o777;
    if (mode & 0o077) {
      try {
        chmodSync(path, mode & 0o700);
        result.tightened++;
      } catch {
        result.failed.push(path);
      }
    }
    if (stat.isDirectory()) {
      let entries: string[] = [];
      try {
        entries = readdirSync(path);
      } catch {
        result.failed.push(path);
      }
      for (const entry of entries) visit(join(path, entry));
    }
  };
  visit(dir);
  return result;
}

interface WarnLogger {
  warn(obj: object, msg: string): void;
}

/**
 * Creates `dir` (0700) or tightens an existing one and everything in it to owner-only, logging a
 * warning when something had to change.
 */
export function ensurePrivateDir(dir: string, logger?: WarnLogger): TightenResult {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const result = tightenTree(dir);
  if (result.tightened > 0) {
    logger?.warn(
      { dir, tightened: result.tightened },
      'data folder was readable by other users; tightened it to owner-only (folders 0700, files 0600)',
    );
  }
  if (result.failed.length > 0) {
    logger?.warn(
      { dir, failed: result.failed.slice(0, 10), count: result.failed.length },
      'could not make some entries of the data folder owner-only; check their owner',
    );
  }
  return result;
}

// The journal's file: JSON lines appended to `sandbox-journal.jsonl` under the data folder's lock,
// read back in order at start. What the lines mean is journal.ts's business; this module only
// frames them, in pieces of bounded size whatever the size of the store.
//
// A batch (the lines one request or one turn produced) must be kept whole or not at all. A batch
// of ordinary size is one line, `{"t":"batch","lines":[…]}`, and a crash mid-write leaves it torn
// (no newline), so the next start cuts it off. A batch too large for one string (a preload of 200k
// objects makes one of gigabytes, beyond V8's longest string) is written as a group: a header
// line `{"t":"group","n":N}` then its N lines, each serialised and written on its own. A group
// whose N lines are not all there is cut off at its header, like a torn line. Reading goes through
// the file in chunks, so neither the file nor a group is ever one string or one Buffer.
import { closeSync, existsSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { takeDataDir } from '../../db/data-dir-lock.ts';
import { PRIVATE_FILE_MODE } from '../../shared/private-files.ts';

export const JOURNAL_FILE = 'sandbox-journal.jsonl';

export interface JournalLimits {
  /** The longest line built as one string; a larger batch is written as a group. */
  maxLineChars: number;
  /** Bytes read, and characters gathered before a write, at a time. */
  chunkBytes: number;
}

// V8's longest string is about 2^29 characters; stay well below it.
export const DEFAULT_LIMITS: JournalLimits = { maxLineChars: 64 * 1024 * 1024, chunkBytes: 1024 * 1024 };

/** A line of the journal: `batch` lines hold others; every other `t` is the caller's. */
export type Line = { t: string; [field: string]: unknown };

export interface JournalFile<L extends Line> {
  append(line: L | { t: 'batch'; lines: L[] }): void;
  close(): void;
}

export interface OpenOptions<L extends Line> {
  logger?: { warn(obj: object, msg: string): void } | undefined;
  /** Each whole line already in the file, in order; a group comes back as one batch. */
  onLine(line: L | { t: 'batch'; lines: L[] }): void;
  limits?: JournalLimits | undefined;
}

const isBatch = (line: Line): line is { t: 'batch'; lines: Line[] } =>
  line.t === 'batch' && Array.isArray(line.lines);

/**
 * Opens (creating) `dir/sandbox-journal.jsonl` under the data folder's lock, hands every whole line
 * to `onLine`, cuts off a torn or corrupt end, and appends after it. The folder is made owner-only
 * first (the journal holds every object and webhook secret the sandbox knows).
 */
export async function openJournalFile<L extends Line>(
  dir: string,
  options: OpenOptions<L>,
): Promise<JournalFile<L>> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const lock = await takeDataDir(dir, options.logger);
  try {
    const path = join(dir, JOURNAL_FILE);
    const validBytes = existsSync(path) ? readJournal(path, limits.chunkBytes, options.onLine) : 0;
    const fd = openSync(path, 'a+', PRIVATE_FILE_MODE);
    ftruncateSync(fd, validBytes);
    let closed = false;
    let buffered: string[] = [];
    let bufferedChars = 0;
    const flush = () => {
      if (bufferedChars > 0) writeSync(fd, buffered.join(''));
      buffered = [];
      bufferedChars = 0;
    };
    const write = (text: string) => {
      if (bufferedChars + text.length > limits.chunkBytes) flush();
      buffered.push(text);
      bufferedChars += text.length;
    };
    return {
      append(line) {
        if (closed) return;
        if (!isBatch(line)) {
          writeSync(fd, `${JSON.stringify(line)}\n`);
          return;
        }
        const parts = line.lines.map((l) => JSON.stringify(l));
        const chars = parts.reduce((n, p) => n + p.length + 1, 0);
        if (chars + 32 <= limits.maxLineChars) {
          // The same bytes as JSON.stringify(line), built from the parts already made.
          writeSync(fd, `{"t":"batch","lines":[${parts.join(',')}]}\n`);
          return;
        }
        write(`${JSON.stringify({ t: 'group', n: parts.length })}\n`);
        for (const part of parts) write(`${part}\n`);
        flush();
      },
      close() {
        if (closed) return;
        closed = true;
        closeSync(fd);
        lock.release();
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

/** Reads the journal chunk by chunk; returns the byte length of its whole lines and groups. */
function readJournal<L extends Line>(
  path: string,
  chunkBytes: number,
  onLine: (line: L | { t: 'batch'; lines: L[] }) => void,
): number {
  const fd = openSync(path, 'r');
  try {
    const chunk = Buffer.allocUnsafe(chunkBytes);
    let pieces: Buffer[] = []; // the line read so far, when it spans chunks
    let offset = 0; // file offset of the start of `chunk`
    let validBytes = 0;
    let group: { left: number; lines: L[] } | undefined;
    // Returns false when the line is not JSON: the usable journal ends before it.
    const take = (bytes: Buffer, end: number): boolean => {
      let line: L;
      try {
        line = JSON.parse(bytes.toString('utf8')) as L;
      } catch {
        return false;
      }
      if (group) {
        group.lines.push(line);
        if (--group.left === 0) {
          onLine({ t: 'batch', lines: group.lines });
          group = undefined;
          validBytes = end;
        }
      } else if (line.t === 'group') {
        const n = line.n;
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) return false;
        group = { left: n, lines: [] };
      } else {
        onLine(line);
        validBytes = end;
      }
      return true;
    };
    for (;;) {
      const read = readSync(fd, chunk, 0, chunkBytes, offset);
      if (read === 0) break; // a last line without its newline is torn: left out
      let from = 0;
      for (;;) {
        const newline = chunk.indexOf(0x0a, from);
        if (newline < 0 || newline >= read) break;
        const tail = chunk.subarray(from, newline);
        const bytes = pieces.length ? Buffer.concat([...pieces, tail]) : tail;
        pieces = [];
        const end = offset + newline + 1;
        if (!take(bytes, end)) return validBytes;
        from = newline + 1;
      }
      if (from < read) pieces.push(Buffer.from(chunk.subarray(from, read)));
      offset += read;
    }
    return validBytes; // an unfinished group is cut off at its header, as a torn line
  } finally {
    closeSync(fd);
  }
}

import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JOURNAL_FILE, type JournalLimits, type Line, openJournalFile } from './journal-file.ts';

// The journal file with its limits shrunk, so a batch "too large for one string" is a few
// kilobytes: what a 200k-object preload does at V8's string limit (it used to end in
// `RangeError: Invalid string length`), without the gigabytes.
const dirs: string[] = [];
afterEach(() => {
  while (dirs.length) rmSync(dirs.pop()!, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'refundry-journal-file-'));
  dirs.push(dir);
  return dir;
};

const SMALL: JournalLimits = { maxLineChars: 1_000, chunkBytes: 64 };
const event = (i: number) => ({ t: 'event', event: { id: `evt_${i}`, note: 'ü'.repeat(i % 7) } });
const bigBatch = { t: 'batch', lines: Array.from({ length: 200 }, (_, i) => event(i)) };

async function reopen(dir: string, limits = SMALL) {
  const lines: Line[] = [];
  const file = await openJournalFile(dir, { onLine: (l) => lines.push(l), limits });
  return { lines, file };
}

describe('journal file', () => {
  it('writes a batch larger than the longest line as a group of bounded lines, and reads it back whole', async () => {
    const dir = tempDir();
    const { file } = await reopen(dir);
    file.append({ t: 'reset' });
    file.append(bigBatch);
    file.append({ t: 'clock', offset_ms: 5 });
    file.close();
    const text = readFileSync(join(dir, JOURNAL_FILE), 'utf8');
    const physical = text.trimEnd().split('\n');
    expect(physical).toHaveLength(1 + 1 + 200 + 1);
    expect(JSON.parse(physical[1]!)).toEqual({ t: 'group', n: 200 });
    for (const line of physical) expect(line.length).toBeLessThanOrEqual(SMALL.maxLineChars);
    // Read in 64-byte chunks: every line spans chunks, some split inside a two-byte character.
    const again = await reopen(dir);
    again.file.close();
    expect(again.lines).toEqual([{ t: 'reset' }, bigBatch, { t: 'clock', offset_ms: 5 }]);
  });

  it('keeps a batch of ordinary size on one line, byte for byte as before', async () => {
    const dir = tempDir();
    const { file } = await reopen(dir);
    const small = { t: 'batch', lines: [event(1), event(2)] };
    file.append(small);
    file.close();
    expect(readFileSync(join(dir, JOURNAL_FILE), 'utf8')).toBe(`${JSON.stringify(small)}\n`);
  });

  it('cuts off a group a crash left unfinished, at its header, and appends after what came before', async () => {
    const dir = tempDir();
    const path = join(dir, JOURNAL_FILE);
    const { file } = await reopen(dir);
    file.append({ t: 'reset' });
    file.append(bigBatch);
    file.close();
    const whole = readFileSync(path);
    // Killed after 150 of the 200 lines: each of them whole, the group not.
    const cut = whole.indexOf('"evt_150"');
    truncateSync(path, whole.lastIndexOf(0x0a, cut) + 1);
    const after = await reopen(dir);
    expect(after.lines).toEqual([{ t: 'reset' }]);
    after.file.append({ t: 'clock', offset_ms: 1 });
    after.file.close();
    expect(readFileSync(path, 'utf8')).toBe('{"t":"reset"}\n{"t":"clock","offset_ms":1}\n');
  });

  it('ends the usable journal at a corrupt line inside a group', async () => {
    const dir = tempDir();
    const path = join(dir, JOURNAL_FILE);
    writeFileSync(path, '{"t":"reset"}\n{"t":"group","n":2}\n{"t":"event"}\n{"t":\n{"t":"reset"}\n');
    const { lines, file } = await reopen(dir);
    file.close();
    expect(lines).toEqual([{ t: 'reset' }]);
    expect(readFileSync(path, 'utf8')).toBe('{"t":"reset"}\n');
  });
});

// What a test of data at rest looks for: entries under a folder that group or others can use.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every entry under `dir` (itself included) whose mode gives group or others anything, and how many were looked at. */
export function looseEntries(dir: string): { loose: string[]; total: number } {
  const loose: string[] = [];
  let total = 0;
  const visit = (path: string) => {
    const stat = lstatSync(path);
    total++;
    if (stat.mode & 0o077) loose.push(`${path.slice(dir.length)} ${(stat.mode & 0o777).toString(8)}`);
    if (stat.isDirectory()) for (const e of readdirSync(path)) visit(join(path, e));
  };
  visit(dir);
  return { loose, total };
}

// The README stays short and its two commands stay at the top; every relative link in the README,
// SECURITY.md and docs/ reaches a file, and every #anchor a heading of that file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const pages = ['README.md', 'SECURITY.md', ...readdirSync(join(ROOT, 'docs')).map((f) => `docs/${f}`)].filter(
  (f) => f.endsWith('.md'),
);

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const anchor = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replaceAll(' ', '-');

const anchorsOf = (path: string) =>
  new Set(
    read(path)
      .replace(/```[\s\S]*?```/g, '')
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) => anchor(l.replace(/^#+ /, ''))),
  );

describe('documentation', () => {
  it('the README is at most ~8 KB and opens with the two commands', () => {
    const readme = read('README.md');
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(8 * 1024);
    const firstBlock = readme.slice(
      readme.indexOf('```sh'),
      readme.indexOf('```', readme.indexOf('```sh') + 5),
    );
    expect(readme.indexOf('```sh')).toBeLessThan(30);
    expect(firstBlock).toContain('npm install && npm start');
    expect(firstBlock).toContain('npm test');
  });

  it('every relative link reaches a file, and every #anchor a heading in it', () => {
    const broken: string[] = [];
    let checked = 0;
    for (const page of pages) {
      const text = read(page).replace(/```[\s\S]*?```/g, '');
      for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
        const link = m[1]!;
        if (/^[a-z]+:/.test(link)) continue;
        checked++;
        const [file, hash] = link.split('#') as [string, string | undefined];
        const target = file ? relative(ROOT, join(dirname(join(ROOT, page)), file)) : page;
        if (!existsSync(join(ROOT, target))) broken.push(`${page}: ${link} (no such file)`);
        else if (hash && target.endsWith('.md') && !anchorsOf(target).has(hash))
          broken.push(`${page}: ${link} (no such heading)`);
      }
    }
    expect(checked).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  });
});

// `node scripts/largest-functions.ts [N]`: the N largest functions in src/ (tests left out), by lines
// from the function's first line to its last, parsed with oxc (rolldown's parser, already installed
// with vite). Evidence for the layout work of issue 11; nothing fails on it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parseAst } from 'rolldown/parseAst';

const ROOT = join(import.meta.dirname, '..');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

type Node = { type?: string; start?: number; end?: number; body?: unknown; [key: string]: unknown };
const nameOf = (n: unknown): string | undefined =>
  n && typeof n === 'object' && typeof (n as { name?: unknown }).name === 'string'
    ? (n as { name: string }).name
    : undefined;

const rows: Array<[number, string]> = [];
for (const file of walk(join(ROOT, 'src'))) {
  const text = readFileSync(file, 'utf8');
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const lineAt = (pos: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const visit = (node: unknown, name: string | undefined): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, name);
      return;
    }
    const n = node as Node;
    let current = name;
    if (n.type === 'VariableDeclarator') current = nameOf(n.id) ?? current;
    if (n.type === 'MethodDefinition' || n.type === 'Property') current = nameOf(n.key) ?? current;
    if (n.type?.includes('Function') && n.body && n.start !== undefined && n.end !== undefined) {
      const first = lineAt(n.start);
      rows.push([
        lineAt(n.end) - first + 1,
        `${relative(ROOT, file)}:${first} ${nameOf(n.id) ?? current ?? '(anonymous)'}`,
      ]);
      visit(n.body, undefined);
      return;
    }
    for (const key of Object.keys(n)) visit(n[key], current);
  };
  visit(parseAst(text, { lang: file.endsWith('x') ? 'tsx' : 'ts' }).body, undefined);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [lines, where] of rows.slice(0, Number(process.argv[2] ?? 15)))
  console.log(String(lines).padStart(4), where);
const over = (n: number) => rows.filter((r) => r[0] > n).length;
console.log(`functions: ${rows.length}; over 100 lines: ${over(100)}; over 60 lines: ${over(60)}`);

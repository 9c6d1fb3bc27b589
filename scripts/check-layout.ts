// `node scripts/check-layout.ts [--report]`: the layout rules of docs/architecture.md, checked on
// the import graph of src/ (static `import`/`export … from` and literal `import('…')`, type-only
// imports included: a type cycle is still a cycle for the reader).
//   1. No import cycles (strongly connected components of more than one file, or a file that
//      imports itself).
//   2. The core never imports a route: only route files, the service wiring (src/service/) and the
//      CLI (src/cli/) may import a route file.
//   3. Static import paths only: `import(…)` takes a string literal (lazy loading is fine, a path
//      computed at run time hides a module from the type-checker and from this graph).
//   4. Unit tests beside the code are pure: a src/**/*.test.ts file imports nothing from test/ (the
//      helpers there open databases, sandboxes and servers; such tests live under test/<feature>/).
//   5. web/ imports from src/ only modules that import nothing (shared types and constants such as
//      refunds/refund-states.ts), so no server code reaches the browser bundle.
// Exits 1 and lists what breaks a rule; `--report` prints the counts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');
const SRC = join(ROOT, 'src');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else if (/\.tsx?$/.test(name)) out.push(path);
  }
  return out;
}

const IMPORT =
  /(?:^|\n)\s*(?:import|export)\b[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

/** Relative imports of one file, resolved to files (bare packages are left out). */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out = new Set<string>();
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (spec?.startsWith('.')) out.add(resolve(dirname(file), spec));
  }
  return [...out];
}

const all = walk(SRC).sort();
const isTest = (f: string) => /\.test\.tsx?$/.test(f);
const files = all.filter((f) => !isTest(f));
const graph = new Map(files.map((f) => [f, importsOf(f).filter((t) => files.includes(t))]));
const rel = (f: string) => relative(ROOT, f);

/** Tarjan's strongly connected components: each component of more than one file is a cycle. */
function cycles(): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || graph.get(v)?.includes(v)) out.push(scc.map(rel).sort());
    }
  };
  for (const f of files) if (!idx.has(f)) visit(f);
  return out;
}

/**
 * A route file: it registers HTTP routes on the Fastify app. The operations declared beside them
 * for the OpenAPI document (`operations.ts`, `*-operations.ts`, importing the routes' schemas) and
 * the document's assembly (src/openapi/) are the same HTTP edge.
 */
const isRoute = (f: string) =>
  /(^|[/-])routes?\.ts$|-route\.ts$|(^|[/-])operations\.ts$/.test(rel(f)) ||
  rel(f).startsWith('src/openapi/');
/** May import routes: other routes, the service wiring, the CLI. */
const mayImportRoutes = (f: string) =>
  isRoute(f) || rel(f).startsWith('src/service/') || rel(f).startsWith('src/cli/');

const upward: string[] = [];
for (const [from, tos] of graph) {
  if (mayImportRoutes(from)) continue;
  for (const to of tos) if (isRoute(to)) upward.push(`${rel(from)} -> ${rel(to)}`);
}

const computed: string[] = [];
for (const f of all) {
  const text = readFileSync(f, 'utf8');
  for (const m of text.matchAll(/\bimport\s*\(\s*([^'"\s)][^)]*)\)/g))
    computed.push(`${rel(f)}: import(${m[1]})`);
}
const impureTests: string[] = [];
for (const f of all.filter(isTest)) {
  for (const t of importsOf(f)) if (!t.startsWith(SRC)) impureTests.push(`${rel(f)} -> ${rel(t)}`);
}

const WEB = join(ROOT, 'web', 'src');
const serverInWeb: string[] = [];
for (const f of walk(WEB)) {
  for (const t of importsOf(f)) {
    if (!t.startsWith(SRC)) continue;
    const own = [...readFileSync(t, 'utf8').matchAll(IMPORT)];
    if (own.length > 0) serverInWeb.push(`${rel(f)} -> ${rel(t)} (which imports ${own.length} modules)`);
  }
}

const found = cycles();
const report = process.argv.includes('--report');
if (report) {
  console.log(`files: ${files.length}`);
  console.log(`import cycles: ${found.length} (${found.reduce((n, c) => n + c.length, 0)} files)`);
  for (const c of found) console.log(`  cycle of ${c.length}: ${c.join(' ')}`);
  console.log(`core -> route imports: ${upward.length}`);
  for (const u of upward) console.log(`  ${u}`);
  console.log(`computed import() paths: ${computed.length}`);
  for (const c of computed) console.log(`  ${c}`);
  console.log(`web/ importing src/ modules that import others: ${serverInWeb.length}`);
  for (const w of serverInWeb) console.log(`  ${w}`);
  console.log(`unit tests in src/ importing from test/: ${impureTests.length}`);
  for (const w of serverInWeb) console.error(`web/ imports server code: ${w}`);
  for (const t of impureTests) console.log(`  ${t}`);
} else {
  for (const c of found) console.error(`import cycle (${c.length} files): ${c.join(' ')}`);
  for (const u of upward) console.error(`core imports a route: ${u}`);
  for (const c of computed) console.error(`import path computed at run time: ${c}`);
  for (const w of serverInWeb) console.error(`web/ imports server code: ${w}`);
  for (const t of impureTests)
    console.error(`unit test beside the code imports a test helper (move it to test/<feature>/): ${t}`);
}
const broken = found.length + upward.length + computed.length + impureTests.length + serverInWeb.length;
if (!report && broken > 0) process.exitCode = 1;

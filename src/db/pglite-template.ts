// New embedded databases start as a copy of a template. Creating a PostgreSQL cluster (initdb)
// takes PGlite several seconds of CPU and a second PostgreSQL instance in memory; the result is
// the same files every time. So it runs once per install — in a child process, whose memory goes
// away with it — and every new data folder after that is a copy of the migrated, cleanly shut
// down cluster, opened as an existing database (ready in about a second, with no initdb peak).
//
// The template lives in node_modules/.cache/refundry, named by what makes it what it is: the
// PGlite version, the options it is opened with and the migrations applied. Anything else (a
// read-only install, a failed build) falls back to PGlite creating the cluster in place.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { loadMigrations } from './migrate.ts';
import { NODE_FLAGS } from './node-flags.ts';
import { pgliteOptions } from './pglite-options.ts';
import { TEMPLATE_MARKER as MARKER, runPgliteJob } from './pglite-prepare.ts';
import type { Db } from './queryable.ts';

const ROOT = join(import.meta.dirname, '../..');
const CACHE = join(ROOT, 'node_modules/.cache/refundry');
const BUILDER = join(import.meta.dirname, 'pglite-template-build.ts');

/** The template's folder for this PGlite, these options and these migrations. */
export function templateDir(): string {
  const pglite = JSON.parse(
    readFileSync(join(ROOT, 'node_modules/@electric-sql/pglite/package.json'), 'utf8'),
  ) as { version: string };
  const hash = createHash('sha256')
    .update(pglite.version)
    .update(JSON.stringify(pgliteOptions()))
    .update(TEMPLATE_DATABASES.join());
  for (const m of loadMigrations()) hash.update(m.name).update(m.sql);
  return join(CACHE, `pglite-${pglite.version}-${hash.digest('hex').slice(0, 16)}`);
}

/**
 * The databases initdb makes for CREATE DATABASE to copy, which Refundry never runs: the template
 * goes without them (Refundry's is `postgres`), and every new data folder is two thirds fewer files
 * to copy (~530 instead of ~1,130).
 */
export const TEMPLATE_DATABASES = ['template0', 'template1'];

/** Drops TEMPLATE_DATABASES (the template's build, after the migrations). */
export async function dropTemplateDatabases(db: Db): Promise<void> {
  for (const name of TEMPLATE_DATABASES) {
    await db.exec(`ALTER DATABASE ${name} IS_TEMPLATE false`);
    await db.exec(`DROP DATABASE ${name}`);
  }
}

/** Whether `dataDir` holds no cluster yet. */
export const isNewDataDir = (dataDir: string) => !existsSync(join(dataDir, MARKER));

/**
 * Fills a new data folder from the template, building the template first if needed. Returns false
 * when there is no template to copy (the caller lets PGlite create the cluster in place). The copy
 * runs on a worker thread (pglite-prepare.ts).
 */
export async function copyTemplateInto(dataDir: string, log: (line: string) => void): Promise<boolean> {
  const template = await ensureTemplate(log);
  if (!template) return false;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  await runPgliteJob({ wasm: false, copy: { template, dataDir } }).copied;
  return true;
}

/** The template's folder when it is built already. */
export function builtTemplate(): string | undefined {
  const template = templateDir();
  return existsSync(join(template, MARKER)) ? template : undefined;
}

/** The template's folder, built now if missing; undefined when it cannot be built here. */
export async function ensureTemplate(log: (line: string) => void = () => {}): Promise<string | undefined> {
  const template = templateDir();
  if (existsSync(join(template, MARKER))) return template;
  log('Creating the embedded database template (once per install; new data folders copy it)…');
  return (await buildTemplate(template)) ? template : undefined;
}

/** The command that builds a template into a folder (bench/footprint.ts times it). */
export const templateBuildCommand = (dir: string) => [...NODE_FLAGS, BUILDER, dir];

const run = promisify(execFile);

async function buildTemplate(template: string): Promise<boolean> {
  const building = `${template}.${process.pid}.tmp`;
  try {
    mkdirSync(CACHE, { recursive: true, mode: 0o700 });
    rmSync(building, { recursive: true, force: true });
    await run(process.execPath, templateBuildCommand(building), { timeout: 300_000 });
    try {
      renameSync(building, template);
    } catch (error) {
      // Another process built it at the same time: theirs is as good.
      if (!existsSync(join(template, MARKER))) throw error;
      rmSync(building, { recursive: true, force: true });
    }
    // Templates for other versions or migrations are of no further use.
    for (const old of readdirSync(CACHE)) {
      if (old.startsWith('pglite-') && join(CACHE, old) !== template && !old.endsWith('.tmp')) {
        rmSync(join(CACHE, old), { recursive: true, force: true });
      }
    }
    return true;
  } catch {
    rmSync(building, { recursive: true, force: true });
    return false;
  }
}

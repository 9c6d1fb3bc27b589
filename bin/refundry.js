#!/usr/bin/env -S node --liftoff-only
// Refundry runs its TypeScript sources directly on Node 24 (type stripping); no build step.
// --liftoff-only: see src/db/node-flags.ts (the embedded database's memory).
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

// Node's compile cache keeps each module's stripped and compiled code on disk, so a start after the
// first neither strips the types of Refundry's sources again nor compiles them or its dependencies
// from scratch (about a third of `npm start`'s time to ready). Like the database template, it lives
// in node_modules/.cache/refundry, one per install; NODE_COMPILE_CACHE chooses another folder and
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. It is only a cache: where it cannot be written (a
// read-only install), modules are compiled as before. Enabled before anything of ours is imported.
enableCompileCache(
  process.env.NODE_COMPILE_CACHE || join(import.meta.dirname, '../node_modules/.cache/refundry/compile'),
);
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));

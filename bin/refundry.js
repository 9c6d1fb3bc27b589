#!/usr/bin/env -S node --liftoff-only
// Refundry runs its TypeScript sources directly on Node 24 (type stripping); no build step.
// --liftoff-only: see src/db/node-flags.ts (the embedded database's memory).
import { enableRefundryCompileCache } from './compile-cache.js';

enableRefundryCompileCache();
const { main } = await import('../src/cli/main.ts');

process.exitCode = await main(process.argv.slice(2));

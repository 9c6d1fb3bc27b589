#!/usr/bin/env node
// Refundry runs its TypeScript sources directly on Node 24 (type stripping); no build step.
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));

// Node's compile cache keeps each module's stripped and compiled code on disk, so a start after the
// first neither strips the types of Refundry's sources again nor compiles them or its dependencies
// from scratch (about a third of `npm start`'s time to ready). Like the database template, it lives
// in node_modules/.cache/refundry, one per install; NODE_COMPILE_CACHE chooses another folder and
// NODE_DISABLE_COMPILE_CACHE=1 turns it off. It is only a cache: where it cannot be written (a
// read-only install), modules are compiled as before. Each entry point (bin/refundry.js, and
// bin/ensure-dashboard.js before `npm start`) enables it before anything of ours is imported.
import { enableCompileCache } from 'node:module';
import { join } from 'node:path';

export function enableRefundryCompileCache() {
  enableCompileCache(
    process.env.NODE_COMPILE_CACHE || join(import.meta.dirname, '../node_modules/.cache/refundry/compile'),
  );
}

import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * Shared buffers of the embedded database. PostgreSQL touches all of them at start, so they are
 * resident memory from the first second; Refundry's working set (queued refunds, recent events,
 * the indexes of both) fits in far less than PostgreSQL's default 128 MB, and what is not cached
 * here is still in the operating system's page cache.
 */
const SHARED_BUFFERS = '32MB';

/** The options Refundry opens PGlite with (bench/pglite-bare.ts measures the same). */
export function pgliteOptions(): PGliteOptions {
  return { startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${SHARED_BUFFERS}`] };
}

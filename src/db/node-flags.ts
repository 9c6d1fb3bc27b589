// The flags Node runs Refundry with (package.json scripts, bin/refundry.js, tests, benches, the
// processes they start). `--liftoff-only` keeps V8 from recompiling PGlite's WebAssembly with its
// optimising compiler: PostgreSQL's SQL parser is one ~100 KB function whose optimised compile
// takes seconds of CPU and ~600 MB of transient memory — more than the whole embedded service
// needs — while queries run about as fast on the baseline compiler (measured in
// `npm run bench -- footprint` and `accept`). It changes nothing for PostgreSQL deployments.
export const NODE_FLAGS: readonly string[] = ['--liftoff-only'];

/**
 * `npm start` (the embedded demo: service, workers, sandbox and database in one process on a
 * laptop) adds a smaller young generation to NODE_FLAGS: V8 grows its semi-spaces to 32 MB each
 * under the start-up burst and never gives them back, ~45 MB of resident memory that an idle demo
 * keeps (measured in `npm run bench -- footprint`). 8 MB keeps scavenges short at a demo's request
 * rates. Servers (`refundry serve`) and the throughput benches keep V8's default.
 */
export const START_FLAGS: readonly string[] = [...NODE_FLAGS, '--max-semi-space-size=8'];

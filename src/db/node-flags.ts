// The flags Node runs Refundry with (package.json scripts, bin/refundry.js, tests, benches, the
// processes they start). `--liftoff-only` keeps V8 from recompiling PGlite's WebAssembly with its
// optimising compiler: PostgreSQL's SQL parser is one ~100 KB function whose optimised compile
// takes seconds of CPU and ~600 MB of transient memory — more than the whole embedded service
// needs — while queries run about as fast on the baseline compiler (measured in
// `npm run bench -- footprint` and `accept`). It changes nothing for PostgreSQL deployments.
export const NODE_FLAGS: readonly string[] = ['--liftoff-only'];

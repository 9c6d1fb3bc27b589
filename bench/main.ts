// `npm run bench -- <name> [options]`: one benchmark per module, loaded on demand.
const benches: Record<string, () => Promise<{ run(argv: string[]): Promise<number> }>> = {
  sandbox: () => import('./sandbox.ts'),
  drain: () => import('./drain.ts'),
  reconcile: () => import('./reconcile.ts'),
  webhooks: () => import('./webhooks.ts'),
  accept: () => import('./accept.ts'),
  footprint: () => import('./footprint.ts'),
  search: () => import('./search.ts'),
};

const [name, ...rest] = process.argv.slice(2);
const load = name ? benches[name] : undefined;
if (!load) {
  console.error(`Usage: npm run bench -- <${Object.keys(benches).join('|')}> [--json]`);
  process.exit(2);
}
process.exitCode = await (await load()).run(rest);

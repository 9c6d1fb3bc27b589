// One Refundry process under benchmark, started by bench/accept.ts with an IPC channel:
//   node bench/service-child.ts ceiling          Fastify + one INSERT per request (the ceiling)
//   node bench/service-child.ts api|worker|all   runService with that role (config from the env;
//                                                LOG_LEVEL: its logs go to /dev/null, silent by default)
// Every statement is counted (src/db/counting.ts). Messages from the parent: 'begin' zeroes the
// counts and the CPU clock; 'end' answers {cpu_ms, statements, commits, rss_mb}; {sql} answers the
// rows (PGlite's folder is this process's alone, so the parent asks here); 'stop' stops and exits.
// BENCH_WINDOW_PROF=DIR: a V8 CPU profile of each timed window alone (begin to end), written there as
// <mode>-<pid>-<n>.cpuprofile, without the start-up and warm-up that --cpu-prof also records.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';
import Fastify from 'fastify';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { type CountingDb, countStatements } from '../src/db/counting.ts';
import { openDb } from '../src/db/db.ts';
import { type Role, runService } from '../src/service/run-service.ts';
import { newId } from '../src/shared/ids.ts';
import { createLogger, silentLogger } from '../src/shared/logger.ts';
import { peakRssMb } from './proc.ts';

const mode = process.argv[2] as Role | 'ceiling';
const config = loadConfig(process.env);
let counting: CountingDb | undefined;
let stop: () => Promise<void>;
let url: string | undefined;

if (mode === 'ceiling') {
  const db = countStatements(await openDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  counting = db;
  await db.exec(`CREATE TABLE IF NOT EXISTS bench_ceiling (
    id text PRIMARY KEY, payment_id text NOT NULL, amount bigint NOT NULL, reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now())`);
  const app = Fastify();
  app.post('/ceiling', async (request, reply) => {
    const body = request.body as { payment_id: string; amount: number; reason: string };
    const [row] = await db.query<{ id: string; created_at: Date }>(
      'INSERT INTO bench_ceiling (id, payment_id, amount, reason) VALUES ($1, $2, $3, $4) RETURNING id, created_at',
      [newId('rf'), body.payment_id, body.amount, body.reason],
    );
    reply.code(201);
    return { id: row!.id, object: 'refund', ...body, created_at: row!.created_at };
  });
  await app.listen({ host: '127.0.0.1', port: config.port });
  const address = app.server.address();
  url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/ceiling`;
  stop = async () => {
    await app.close();
    await db.close();
  };
} else {
  // LOG_LEVEL other than silent: the service's own logger, as `npm start` runs it, writing to /dev/null.
  const level = process.env.LOG_LEVEL ?? 'silent';
  const logger =
    level === 'silent'
      ? silentLogger()
      : createLogger({ level, destination: pino.destination({ dest: '/dev/null', sync: true }) });
  const service = await runService(config, mode, logger, {
    wrapDb: (db) => (counting = countStatements(db)),
  });
  url = service.apiUrl;
  stop = service.stop;
}

const profileDir = process.env.BENCH_WINDOW_PROF;
const profiler = profileDir ? new Session() : undefined;
profiler?.connect();
let windows = 0;

let cpu = process.cpuUsage();
process.on('message', async (message: 'begin' | 'end' | 'stop' | { sql: string; params?: unknown[] }) => {
  if (message === 'begin') {
    if (profiler) {
      await profiler.post('Profiler.enable');
      await profiler.post('Profiler.start');
    }
    counting?.reset();
    cpu = process.cpuUsage();
  } else if (message === 'end') {
    const used = process.cpuUsage(cpu);
    if (profiler) {
      const { profile } = await profiler.post('Profiler.stop');
      writeFileSync(
        join(profileDir!, `${mode}-${process.pid}-${++windows}.cpuprofile`),
        JSON.stringify(profile),
      );
    }
    const counts = counting?.reset() ?? { statements: 0, commits: 0 };
    process.send?.({
      cpu_ms: (used.user + used.system) / 1000,
      sys_ms: used.system / 1000,
      ...counts,
      rss_mb: peakRssMb(process.pid),
    });
  } else if (message === 'stop') {
    await stop();
    process.exit(0);
  } else {
    try {
      process.send?.({ rows: await counting!.query(message.sql, message.params) });
    } catch (error) {
      process.send?.({ error: String(error) });
    }
  }
});
process.send?.({ ready: true, url });

// What the benches read from /proc: a process's memory and CPU, the processes of a PostgreSQL
// server (found by its port, so other servers on the machine are left out), the load average.
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

const TICKS_PER_S = 100; // USER_HZ on Linux

function status(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  try {
    const text = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Peak resident memory (VmHWM) in MB. */
export const peakRssMb = (pid: number) => Math.round(status(pid, 'VmHWM'));
/** Resident memory now (VmRSS) in MB. */
export const rssMb = (pid: number) => Math.round(status(pid, 'VmRSS'));

/** user + system CPU of one process so far, in ms (0 once it is gone). */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_S) * 1000;
  } catch {
    return 0;
  }
}

function parentOf(pid: string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The postmaster listening on `port` and its children (backends, writers, …). */
export function postgresPids(port: number): number[] {
  const pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  const postmaster = pids.find((p) => {
    try {
      const argv = readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0');
      return (
        /postgres$/.test(argv[0] ?? '') &&
        argv.includes('-p') &&
        argv[argv.indexOf('-p') + 1] === String(port)
      );
    } catch {
      return false;
    }
  });
  if (!postmaster) return [];
  return [Number(postmaster), ...pids.filter((p) => parentOf(p) === Number(postmaster)).map(Number)];
}

/** CPU used by a changing set of processes between start() and the returned function's call (ms). */
export function cpuMeter(pids: () => number[]): () => number {
  const before = new Map(pids().map((p) => [p, cpuMs(p)]));
  return () => pids().reduce((sum, p) => sum + cpuMs(p) - (before.get(p) ?? 0), 0);
}

/** The 1-minute load average, to print beside each row (2 cores: above ~2 the figures are disturbed). */
export const load1 = () => Math.round(loadavg()[0]! * 100) / 100;

/** With BENCH_CPU_PROF=DIR, Node's flags for a V8 CPU profile written there (named `name` if given). */
export function cpuProfileFlags(name?: string): string[] {
  const dir = process.env.BENCH_CPU_PROF;
  return dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`, ...(name ? [`--cpu-prof-name=${name}`] : [])] : [];
}

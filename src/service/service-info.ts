// `<data dir>/service.json`: where the service holding the embedded database answers, so that a
// `refundry` command run beside it (which cannot open that database) can name its API or go
// through it. Written once the API listens, removed at stop; trusted only while the lock file
// names the same live process.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const SERVICE_INFO_FILE = 'service.json';

export interface ServiceInfo {
  pid: number;
  /** e.g. http://127.0.0.1:3000/api/v1 */
  api_url: string;
}

export function writeServiceInfo(dataDir: string, info: ServiceInfo): void {
  const path = join(dataDir, SERVICE_INFO_FILE);
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(info)}\n`, { mode: 0o600 });
  renameSync(tmp, path);
}

export function readServiceInfo(dataDir: string): ServiceInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(join(dataDir, SERVICE_INFO_FILE), 'utf8')) as Partial<ServiceInfo>;
    if (typeof info.pid === 'number' && typeof info.api_url === 'string') return info as ServiceInfo;
  } catch {
    // missing or unreadable: no running service announced itself
  }
  return undefined;
}

/** Removes the file if it is this process's. */
export function removeServiceInfo(dataDir: string): void {
  if (readServiceInfo(dataDir)?.pid === process.pid)
    rmSync(join(dataDir, SERVICE_INFO_FILE), { force: true });
}

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from '../shared/logger.ts';
import type { SandboxClock } from './state/clock.ts';
import type { SettlementScheduler } from './state/settlement.ts';
import type { SandboxStore } from './state/store.ts';

// What every part of the sandbox is handed: the running app, its store, clock and hooks. It lives
// here, apart from server.ts, so that the resources, faults, webhooks and journal can name it
// without importing the server that registers them (no import cycle).

export interface SandboxOptions {
  host?: string;
  /** 0 = ephemeral. */
  port?: number;
  /**
   * Pins the one accepted key; otherwise any well-formed sk_test_ key is accepted. When pinned, the
   * control API (/_sandbox/…: reset, clock, faults) needs it too.
   */
  apiKey?: string;
  /** Real delay before asynchronous test refunds settle (default 2000 ms). */
  settleDelayMs?: number;
  dataDir?: string;
  logger?: Logger;
  /** Requests/s token bucket (faults.ts). */
  rateLimit?: number;
  /** Webhook URLs registered at start (webhooks.ts). */
  webhookUrls?: string[];
  /** Free-form options for the extras modules. */
  [extra: string]: unknown;
}

export type WriteHook = (req: FastifyRequest, reply: FastifyReply) => void | Promise<void>;

export interface Sandbox {
  url: string;
  port: number;
  app: FastifyInstance;
  store: SandboxStore;
  clock: SandboxClock;
  settlement: SettlementScheduler;
  options: SandboxOptions;
  hooks: { beforeWrite: WriteHook[]; afterWrite: WriteHook[]; onReset: Array<() => void> };
  /** Clears all state (objects, events, idempotency keys, pending settlements, clock offset). */
  reset(): void;
  close(): Promise<void>;
}

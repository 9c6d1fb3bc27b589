import type { SandboxClock } from './clock.ts';
import type { SandboxStore } from './store.ts';

interface Job {
  dueMs: number;
  run: () => void;
}

/**
 * Runs deferred work (asynchronous refund outcomes) on the sandbox clock: after `delayMs` of real
 * time, or at once when the clock is advanced past the due time. Jobs all share one delay and the
 * clock only moves forward, so due times are non-decreasing: a FIFO queue and one timer suffice.
 */
export class SettlementScheduler {
  private queue: Job[] = [];
  private head = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly clock: SandboxClock;
  readonly delayMs: number;

  constructor(clock: SandboxClock, _store: SandboxStore, delayMs: number) {
    this.clock = clock;
    this.delayMs = delayMs;
    clock.onAdvance(() => this.settleDue());
  }

  start(): void {
    this.running = true;
    this.arm();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Schedules `run` after the settle delay (or `delayMs` if given; jobs must not go back in time). */
  schedule(run: () => void, delayMs = this.delayMs): void {
    const last = this.queue[this.queue.length - 1];
    const dueMs = Math.max(
      this.clock.nowMs() + delayMs,
      last && this.head < this.queue.length ? last.dueMs : 0,
    );
    this.queue.push({ dueMs, run });
    if (this.queue.length - this.head === 1) this.arm();
  }

  get pending(): number {
    return this.queue.length - this.head;
  }

  /** Runs every job that is due now. */
  settleDue(): void {
    const now = this.clock.nowMs();
    while (this.head < this.queue.length && this.queue[this.head]!.dueMs <= now) {
      const job = this.queue[this.head]!;
      this.head++;
      try {
        job.run();
      } catch {
        // One broken job must not stop the others.
      }
    }
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    this.arm();
  }

  clear(): void {
    this.queue = [];
    this.head = 0;
    this.arm();
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.running || this.head >= this.queue.length) return;
    const wait = Math.max(0, this.queue[this.head]!.dueMs - this.clock.nowMs());
    this.timer = setTimeout(() => this.settleDue(), Math.min(wait, 2 ** 31 - 1));
    this.timer.unref();
  }
}

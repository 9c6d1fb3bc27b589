import { describe, expect, it } from 'vitest';
import { taskSlots } from './task-slots.ts';

const pending = () => {
  let end!: () => void;
  const task = new Promise<void>((resolve) => {
    end = resolve;
  });
  return { task, end };
};

describe('taskSlots', () => {
  it('claims every free slot, then waits for one task to end while fewer than half are free', async () => {
    const slots = taskSlots(4);
    expect(await slots.free()).toBe(4);
    const tasks = [pending(), pending(), pending()];
    for (const t of tasks) slots.hold(t.task);
    let waited = false;
    const next = slots.free().then((n) => {
      waited = true;
      return n;
    });
    await new Promise((r) => setImmediate(r));
    expect(waited).toBe(false);
    tasks[0]!.end();
    expect(await next).toBe(0);
    // Two of four free: half, so the next pass claims them.
    expect(await slots.free()).toBe(2);
    tasks[1]!.end();
    tasks[2]!.end();
    await slots.drain();
    expect(await slots.free()).toBe(4);
  });
});

import { describe, expect, it } from 'vitest';
import { median, medianRow, type RoundRow } from './rounds.ts';

const round = (per_s: number, ratio: number, extra: Partial<RoundRow> = {}): RoundRow => ({
  per_s,
  ratio,
  p50_ms: 1,
  p99_ms: 2,
  cpu_ms: 0.2,
  statements: 1,
  commits: 1,
  rss_mb: 100,
  errors: 0,
  load: 2,
  ...extra,
});

describe('median', () => {
  it('is the middle value, or the mean of the middle two; NaN values are left out', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([Number.NaN, 7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});

describe('medianRow', () => {
  it('takes the median of per-round ratios, not the ratio of the medians', () => {
    // Rounds where the ceiling moved: accept 1000/2000, 1500/2500, 1200/4000.
    const row = medianRow([round(1000, 0.5), round(1500, 0.6), round(1200, 0.3)]);
    expect(row.ratio).toBe(0.5);
    expect(row.per_s).toBe(1200);
    expect(row.per_s_rounds).toEqual([1000, 1500, 1200]);
    expect(row.ratio_rounds).toEqual([0.5, 0.6, 0.3]);
    expect(row.rounds).toBe(3);
  });

  it('one disturbed round moves no figure; RSS is the highest, errors add up', () => {
    const row = medianRow([
      round(3000, 1, { p99_ms: 8, cpu_ms: 0.11, db_cpu_ms: 0.12, rss_mb: 160, load: 2 }),
      round(900, 1, { p99_ms: 90, cpu_ms: 0.4, db_cpu_ms: 0.5, rss_mb: 170, errors: 2, load: 5 }),
      round(3100, 1, { p99_ms: 9, cpu_ms: 0.12, db_cpu_ms: 0.13, rss_mb: 150, errors: 1, load: 2.2 }),
    ]);
    expect(row).toMatchObject({ per_s: 3000, p99_ms: 9, cpu_ms: 0.12, db_cpu_ms: 0.13, load: 2.2 });
    expect(row.rss_mb).toBe(170);
    expect(row.errors).toBe(3);
  });

  it('keeps the row keys of its rounds and has no db_cpu_ms when they have none (PGlite)', () => {
    const row = medianRow([{ ...round(10, Number.NaN), database: 'pglite', measure: 'ceiling' }]);
    expect(row).toMatchObject({ database: 'pglite', measure: 'ceiling', per_s: 10 });
    expect(row.ratio).toBeNaN();
    expect('db_cpu_ms' in row).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { Collection, pageOf, pageWhere } from './collection.ts';

function build(createdAt: number[]) {
  const c = new Collection<{ id: string; created: number }>();
  createdAt.forEach((created, i) => {
    c.add({ id: `o${i}`, created });
  });
  return c;
}
const ids = (page: { data: Array<{ id: string }> }) => page.data.map((o) => o.id);

describe('pageOf', () => {
  const c = build([10, 10, 11, 12, 12, 12, 13, 14]);
  const view = { items: c.items };

  it('pages newest first with has_more', () => {
    expect(ids(pageOf(view, { limit: 3 }))).toEqual(['o7', 'o6', 'o5']);
    expect(pageOf(view, { limit: 3 }).hasMore).toBe(true);
    expect(pageOf(view, { limit: 8 }).hasMore).toBe(false);
  });

  it('starting_after gives the next older items, ending_before the items just newer', () => {
    const after = pageOf(view, { limit: 3, startingAfter: c.position('o5') });
    expect([ids(after), after.hasMore]).toEqual([['o4', 'o3', 'o2'], true]);
    const last = pageOf(view, { limit: 3, startingAfter: c.position('o2') });
    expect([ids(last), last.hasMore]).toEqual([['o1', 'o0'], false]);
    const before = pageOf(view, { limit: 2, endingBefore: c.position('o2') });
    expect([ids(before), before.hasMore]).toEqual([['o4', 'o3'], true]);
    const top = pageOf(view, { limit: 5, endingBefore: c.position('o5') });
    expect([ids(top), top.hasMore]).toEqual([['o7', 'o6'], false]);
  });

  it('filters by created with binary searches', () => {
    expect(ids(pageOf(view, { limit: 10, created: { gte: 12, lte: 12 } }))).toEqual(['o5', 'o4', 'o3']);
    expect(ids(pageOf(view, { limit: 10, created: { gt: 12 } }))).toEqual(['o7', 'o6']);
    expect(ids(pageOf(view, { limit: 10, created: { lt: 11 } }))).toEqual(['o1', 'o0']);
    expect(ids(pageOf(view, { limit: 1, created: { lt: 13 }, startingAfter: c.position('o4') }))).toEqual([
      'o3',
    ]);
  });

  it('pages a subset view by collection positions', () => {
    const subset = { items: c.items, positions: [0, 2, 5, 7] };
    expect(ids(pageOf(subset, { limit: 10 }))).toEqual(['o7', 'o5', 'o2', 'o0']);
    // A cursor that is not in the subset still splits it by position.
    expect(ids(pageOf(subset, { limit: 10, startingAfter: c.position('o4') }))).toEqual(['o2', 'o0']);
    expect(ids(pageOf(subset, { limit: 1, endingBefore: c.position('o3') }))).toEqual(['o5']);
  });
});

describe('pageWhere', () => {
  const c = build([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  const even = (o: { id: string }) => Number(o.id.slice(1)) % 2 === 0;

  it('pages matching items both ways, like pageOf over the matching subset', () => {
    const subset = { items: c.items, positions: [0, 2, 4, 6, 8] };
    const queries = [
      { limit: 2 },
      { limit: 10 },
      { limit: 2, startingAfter: c.position('o6') },
      { limit: 2, startingAfter: c.position('o5') },
      { limit: 2, endingBefore: c.position('o2') },
      { limit: 1, endingBefore: c.position('o7') },
      { limit: 3, created: { gte: 3, lt: 9 } },
    ];
    for (const q of queries)
      expect(pageWhere(c.items, q, even), JSON.stringify(q)).toEqual(pageOf(subset, q));
  });
});

// The example alert rules and Grafana dashboard in ops/ must only use metrics the service really
// registers. The alert file is read with a small strict parser (no YAML dependency): the layout is
// fixed, every rule has alert, expr (one line), for, a severity label and a summary.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/metrics/metrics.ts';

const root = new URL('../../', import.meta.url);

/**
 * Metrics the plan assigns to modules not on main yet. Once a name is registered, this test fails
 * until it is removed from here, so from then on it is checked for real.
 */
const REGISTERED_BY_MODULES_NOT_YET_LANDED: string[] = [];
/** Written by Prometheus itself, not by the service. */
const PROMETHEUS_SERIES = ['up'];

interface Rule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Parses ops/prometheus/alerts.yml's fixed layout; throws on any line it does not expect. */
function parseAlertRules(text: string): { group: string; rules: Rule[] }[] {
  const groups: { group: string; rules: Rule[] }[] = [];
  let rule: Rule | undefined;
  let section: 'labels' | 'annotations' | undefined;
  const unquote = (v: string) => (/^".*"$/.test(v) ? (JSON.parse(v) as string) : v);
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const fail = (): never => {
      throw new Error(`alerts.yml line ${i + 1} is not in the expected layout: ${raw}`);
    };
    if (line === '' || /^\s*#/.test(line) || line === 'groups:' || line === '    rules:') return;
    const group = /^ {2}- name: (\S+)$/.exec(line);
    const alert = /^ {6}- alert: ([A-Za-z]+)$/.exec(line);
    // One-line values only: YAML block scalars (> or |) and flow collections are refused.
    const field = /^ {8}(expr|for): ([^>|[{\s].*)$/.exec(line);
    const map = /^ {8}(labels|annotations):$/.exec(line);
    const entry = /^ {10}([a-z_]+): (.+)$/.exec(line);
    if (group) groups.push({ group: group[1]!, rules: [] });
    else if (alert) {
      rule = { alert: alert[1]!, expr: '', for: '', labels: {}, annotations: {} };
      (groups.at(-1) ?? fail()).rules.push(rule);
      section = undefined;
    } else if (field && rule) {
      rule[field[1] as 'expr' | 'for'] = field[2]!;
      section = undefined;
    } else if (map && rule) section = map[1] as 'labels' | 'annotations';
    else if (entry && rule && section) rule[section][entry[1]!] = unquote(entry[2]!);
    else fail();
  });
  return groups;
}

/** Metric names in a PromQL expression: every refundry_, process_ and nodejs_ name, and `up`. */
function metricNames(expr: string): string[] {
  const names = [...expr.matchAll(/\b((?:refundry|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!);
  if (/\bup\{/.test(expr)) names.push('up');
  return names;
}

function registeredNames(): Set<string> {
  const metrics = createMetrics({ db: { query: async () => [] }, defaultMetrics: true });
  const names = new Set<string>();
  for (const m of metrics.registry.getMetricsAsArray()) {
    names.add(m.name);
    if (String(m.type) === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${m.name}${s}`);
  }
  return names;
}

function checkNames(names: string[]) {
  const registered = registeredNames();
  const pending = new Set<string>();
  for (const n of REGISTERED_BY_MODULES_NOT_YET_LANDED) {
    for (const s of ['', '_bucket', '_sum', '_count']) pending.add(`${n}${s}`);
  }
  const unknown = names.filter(
    (n) => !registered.has(n) && !pending.has(n) && !PROMETHEUS_SERIES.includes(n),
  );
  expect(unknown, 'metric names used but not registered by the service').toEqual([]);
}

describe('ops files', () => {
  it('lists as not-yet-landed only metrics that are really not registered yet', () => {
    const registered = registeredNames();
    for (const name of REGISTERED_BY_MODULES_NOT_YET_LANDED) {
      expect(registered.has(name), `${name} is registered now: remove it from the not-yet-landed list`).toBe(
        false,
      );
    }
  });

  it('alert rules parse, are complete, and use only registered metrics', () => {
    const groups = parseAlertRules(readFileSync(new URL('ops/prometheus/alerts.yml', root), 'utf8'));
    const rules = groups.flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThanOrEqual(10);
    expect(new Set(rules.map((r) => r.alert)).size).toBe(rules.length);
    for (const r of rules) {
      expect(r.expr, r.alert).not.toBe('');
      expect(r.for, r.alert).toMatch(/^\d+[smhd]$/);
      expect(['page', 'warn', 'info'], r.alert).toContain(r.labels.severity);
      expect(r.annotations.summary, r.alert).toBeTruthy();
      expect(metricNames(r.expr).length, `${r.alert} uses no metric`).toBeGreaterThan(0);
      // Balanced brackets: a truncated or mangled expression shows here.
      for (const [open, close] of ['()', '{}', '[]']) {
        expect(r.expr.split(open!).length, `${r.alert} ${open}${close}`).toBe(r.expr.split(close!).length);
      }
    }
    // The list: queue, oldest queued, 429s, auth pause, failure rate, webhooks, reconciliation, down.
    const used = new Set(rules.flatMap((r) => metricNames(r.expr)));
    for (const name of [
      'up',
      'refundry_queue_depth',
      'refundry_queue_oldest_age_seconds',
      'refundry_stripe_rate_limited_total',
      'refundry_sending_paused',
      'refundry_refunds_final_total',
      'refundry_webhook_events_total',
      'refundry_webhook_lag_seconds_bucket',
      'refundry_reconciliation_discrepancies_total',
    ]) {
      expect(used.has(name), name).toBe(true);
    }
    checkNames([...used]);
  });

  it('the strict parser refuses a rule it does not understand', () => {
    expect(() =>
      parseAlertRules('groups:\n  - name: g\n    rules:\n      - alert: A\n        expr: >\n'),
    ).toThrow(/line 5/);
    expect(() =>
      parseAlertRules('groups:\n  - name: g\n    rules:\n      - alert: A\n         expr: up\n'),
    ).toThrow(/line 5/);
  });

  it('the Grafana dashboard is valid JSON whose panels use only registered metrics', () => {
    const dashboard = JSON.parse(
      readFileSync(new URL('ops/grafana/refundry-dashboard.json', root), 'utf8'),
    ) as {
      uid: string;
      title: string;
      templating: { list: { name: string; type: string }[] };
      panels: {
        id: number;
        type: string;
        title: string;
        gridPos: object;
        targets?: { expr: string; refId: string }[];
      }[];
    };
    expect(dashboard.uid).toBe('refundry');
    expect(dashboard.templating.list).toContainEqual(
      expect.objectContaining({ name: 'datasource', type: 'datasource' }),
    );
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    const exprs: string[] = [];
    for (const p of dashboard.panels) {
      expect(p.gridPos, p.title).toBeDefined();
      if (p.type === 'row') continue;
      expect(p.targets?.length, p.title).toBeGreaterThan(0);
      for (const t of p.targets!) {
        expect(metricNames(t.expr).length, `${p.title}: ${t.expr}`).toBeGreaterThan(0);
        exprs.push(t.expr);
      }
    }
    const used = new Set(exprs.flatMap(metricNames));
    expect(used.size).toBeGreaterThanOrEqual(15);
    checkNames([...used]);
  });
});

// EXPLAIN of the payment search, reduced to its scans ("Index Scan payments_search_order",
// "Seq Scan payments"): shared by the search plan test and the search bench.
import type { Queryable } from '../../src/db/db.ts';
import { type SearchMode, searchQuery } from '../../src/payments/payments.ts';

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** Every scan in a plan: "Seq Scan payments", "Index Scan payments_search_order", … */
function scans(node: PlanNode, out: string[] = []): string[] {
  if (node['Node Type'].includes('Scan') && (node['Relation Name'] || node['Index Name'])) {
    out.push(`${node['Node Type']} ${node['Index Name'] ?? node['Relation Name']}`);
  }
  for (const child of node.Plans ?? []) scans(child, out);
  return out;
}

/** The scans of the first page of a search for `term` (lowercased) in the given mode. */
export async function explainSearch(db: Queryable, term: string, mode: SearchMode): Promise<string[]> {
  const { sql, params } = searchQuery(term, mode, { limit: 50 });
  const [row] = await db.query<{ 'QUERY PLAN': Array<{ Plan: PlanNode }> | string }>(
    `EXPLAIN (FORMAT JSON) ${sql}`,
    params,
  );
  const plan = row!['QUERY PLAN'];
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as Array<{ Plan: PlanNode }>) : plan;
  return scans(parsed[0]!.Plan);
}

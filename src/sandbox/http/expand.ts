// Expanding an answer: Stripe gives the id of a related object unless the request's expand[] names
// the field (with 'data.' before it in a list), and then the object itself, when there is one.

/** Puts the object `id` names (found in `from`, as `toJson` shows it) in place of the id at `field`. */
export type ExpandField = <T>(
  field: string,
  id: string | null | undefined,
  from: { get(id: string): T | undefined },
  toJson: (item: T) => unknown,
) => void;

/**
 * The expansions of one answer `out`: a field is expanded when `expand` (as expandParam read it)
 * names it under `prefix` ('data.' for the items of a list) and its id finds an object.
 */
export function expander(
  out: Record<string, unknown>,
  expand: ReadonlySet<string>,
  prefix = '',
): ExpandField {
  return (field, id, from, toJson) => {
    if (!expand.has(`${prefix}${field}`) || !id) return;
    const item = from.get(id);
    if (item) out[field] = toJson(item);
  };
}

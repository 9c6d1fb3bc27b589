// Embedded mode (no STRIPE_SECRET_KEY): Refundry registers its own webhook receiver with the
// in-process sandbox. The sandbox keeps that endpoint in its journal, so a restart reuses it —
// same id, same signing secret, its URL moved if the port changed — instead of adding one more
// endpoint per start that would go on delivering to an old address.
import type Stripe from 'stripe';
import { STRIPE_EVENT_TYPES } from '../stripe-sync/event-store.ts';

/** Marks the endpoint Refundry registered itself (metadata), apart from any the user added. */
const MARK = 'refundry_embedded';

/** The signing secrets the in-process sandbox holds, by endpoint id (Stripe shows it only on create). */
export type SecretOf = (endpointId: string) => string | undefined;

async function ours(stripe: Stripe): Promise<Stripe.WebhookEndpoint[]> {
  const found: Stripe.WebhookEndpoint[] = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    if (endpoint.metadata?.[MARK] === 'true') found.push(endpoint);
  }
  return found;
}

/** The secret of the endpoint registered by an earlier run, if any. */
export async function embeddedWebhookSecret(stripe: Stripe, secretOf: SecretOf): Promise<string | undefined> {
  for (const endpoint of await ours(stripe)) {
    const secret = secretOf(endpoint.id);
    if (secret) return secret;
  }
  return undefined;
}

/** Points Refundry's one endpoint at `url` (reusing the earlier one) and returns its secret. */
export async function registerEmbeddedWebhook(
  stripe: Stripe,
  secretOf: SecretOf,
  url: string,
): Promise<string> {
  const enabled = [...STRIPE_EVENT_TYPES] as Stripe.WebhookEndpointCreateParams.EnabledEvent[];
  const existing = await ours(stripe);
  const keep = existing.find((e) => e.url === url && secretOf(e.id)) ?? existing.find((e) => secretOf(e.id));
  for (const endpoint of existing) {
    if (endpoint !== keep) await stripe.webhookEndpoints.del(endpoint.id);
  }
  if (keep) {
    const same =
      keep.url === url &&
      keep.status === 'enabled' &&
      keep.enabled_events.length === enabled.length &&
      enabled.every((e) => keep.enabled_events.includes(e));
    if (!same)
      await stripe.webhookEndpoints.update(keep.id, { url, enabled_events: enabled, disabled: false });
    return secretOf(keep.id)!;
  }
  const created = await stripe.webhookEndpoints.create({
    url,
    enabled_events: enabled,
    description: 'Refundry (embedded mode)',
    metadata: { [MARK]: 'true' },
  });
  return created.secret!;
}

// Embedded mode (no STRIPE_SECRET_KEY): Refundry registers its own webhook receivers with the
// in-process sandbox: the platform's endpoint (/webhooks/stripe) and a Connect endpoint
// (`connect=true`, /webhooks/stripe/connect) hearing the events of every connected account. The
// sandbox keeps them in its journal, so a restart reuses them — same ids, same signing secrets,
// their URLs moved if the port changed — instead of adding endpoints that would go on delivering to
// an old address.
import type Stripe from 'stripe';
import { CONNECTED_ACCOUNT_EVENT_TYPES, STRIPE_EVENT_TYPES } from '../stripe-sync/event-store.ts';

/** Marks the endpoints Refundry registered itself (metadata), apart from any the user added. */
const MARK = 'refundry_embedded';
/** Which of them is the Connect endpoint (Stripe's endpoint object does not say `connect`). */
const CONNECT_MARK = 'refundry_connect';

export type EmbeddedEndpoint = 'platform' | 'connect';

/** The signing secrets the in-process sandbox holds, by endpoint id (Stripe shows it only on create). */
export type SecretOf = (endpointId: string) => string | undefined;

async function ours(stripe: Stripe, kind: EmbeddedEndpoint): Promise<Stripe.WebhookEndpoint[]> {
  const found: Stripe.WebhookEndpoint[] = [];
  for await (const endpoint of stripe.webhookEndpoints.list({ limit: 100 })) {
    const connect = endpoint.metadata?.[CONNECT_MARK] === 'true';
    if (endpoint.metadata?.[MARK] === 'true' && connect === (kind === 'connect')) found.push(endpoint);
  }
  return found;
}

/** The secret of the endpoint registered by an earlier run, if any. */
export async function embeddedWebhookSecret(
  stripe: Stripe,
  secretOf: SecretOf,
  kind: EmbeddedEndpoint = 'platform',
): Promise<string | undefined> {
  for (const endpoint of await ours(stripe, kind)) {
    const secret = secretOf(endpoint.id);
    if (secret) return secret;
  }
  return undefined;
}

/** Points Refundry's one endpoint of this kind at `url` (reusing the earlier one) and returns its secret. */
export async function registerEmbeddedWebhook(
  stripe: Stripe,
  secretOf: SecretOf,
  url: string,
  kind: EmbeddedEndpoint = 'platform',
): Promise<string> {
  // The platform's endpoint hears its refunds, payments and its fees' and transfers' changes; the
  // Connect endpoint the refunds and payments of connected accounts (direct charges, reversals' mirrors).
  const enabled = [
    ...(kind === 'connect' ? CONNECTED_ACCOUNT_EVENT_TYPES : STRIPE_EVENT_TYPES),
  ] as Stripe.WebhookEndpointCreateParams.EnabledEvent[];
  const existing = await ours(stripe, kind);
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
    description: kind === 'connect' ? 'Refundry (embedded mode, Connect)' : 'Refundry (embedded mode)',
    metadata: { [MARK]: 'true', ...(kind === 'connect' ? { [CONNECT_MARK]: 'true' } : {}) },
    ...(kind === 'connect' ? { connect: true } : {}),
  });
  return created.secret!;
}

// The official SDK client for a secret key, pointed at api.stripe.com or at another base URL
// (STRIPE_API_BASE, e.g. a standalone sandbox). Retries stay off: callers decide what is safe.
import Stripe from 'stripe';

export function createStripeClient(secretKey: string, apiBase?: string | undefined): Stripe {
  if (!apiBase) return new Stripe(secretKey, { maxNetworkRetries: 0 });
  const url = new URL(apiBase);
  const protocol = url.protocol === 'https:' ? 'https' : 'http';
  return new Stripe(secretKey, {
    maxNetworkRetries: 0,
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'https' ? 443 : 80,
    protocol,
  });
}

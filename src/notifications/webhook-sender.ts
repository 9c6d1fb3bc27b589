// One webhook delivery to a merchant endpoint: the event as JSON, signed with the endpoint's secret
// and the current time, with the event id in a header so that the merchant can drop duplicates.
// Any 2xx is success; anything else (other statuses, redirects, timeouts, refused connections)
// is retried by the delivery worker.
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signRefundryPayload } from './signature.ts';

export interface WebhookDelivery {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  timeoutMs: number;
  nowSec: number;
}

export type DeliveryResult = { ok: true; status: number } | { ok: false; error: string };

export async function sendWebhook(delivery: WebhookDelivery): Promise<DeliveryResult> {
  try {
    const response = await fetch(delivery.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(delivery.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Refundry-Webhooks/1.0',
        [SIGNATURE_HEADER]: signRefundryPayload(delivery.body, delivery.secret, delivery.nowSec),
        [EVENT_ID_HEADER]: delivery.eventId,
      },
      body: delivery.body,
    });
    // The body is not needed; drain it so that the connection can be reused.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status };
    return { ok: false, error: `HTTP ${response.status}` };
  } catch (error) {
    const e = error as Error & { cause?: { code?: string } };
    if (e.name === 'TimeoutError' || e.name === 'AbortError')
      return { ok: false, error: `timeout after ${delivery.timeoutMs} ms` };
    return { ok: false, error: e.cause?.code ?? e.message ?? 'network error' };
  }
}

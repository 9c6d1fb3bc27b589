// One webhook delivery to a merchant endpoint: the event as JSON, signed with the endpoint's secret
// and the current time, with the event id in a header so that the merchant can drop duplicates.
// Any 2xx is success; anything else (other statuses, redirects, timeouts, refused connections)
// is retried by the delivery worker.
//
// The connection goes only where webhook-target.ts allows: an IP literal is checked here, a name
// is resolved by guardedLookup, which hands the socket only checked addresses. Failures are
// reported as a class (`connection_failed`, `timeout`, `tls_error`, `dns_failed`,
// `address_not_allowed`, `http_status_500`): that is what the API shows, so an endpoint cannot be
// used to learn which internal ports answer. The socket's own error code is kept for the log.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { EVENT_ID_HEADER, SIGNATURE_HEADER, signRefundryPayload } from './signature.ts';
import { addressClass, guardedLookup, hostOf, type TargetPolicy } from './webhook-target.ts';

export interface WebhookDelivery {
  url: string;
  secret: string;
  eventId: string;
  body: string;
  timeoutMs: number;
  nowSec: number;
  /** Which addresses may be reached (WEBHOOK_ALLOW_PRIVATE); default: public only. */
  target?: TargetPolicy | undefined;
}

export type DeliveryFailure =
  | 'connection_failed'
  | 'timeout'
  | 'tls_error'
  | 'dns_failed'
  | 'address_not_allowed'
  | 'invalid_url'
  | `http_status_${number}`;

export type DeliveryResult =
  | { ok: true; status: number }
  /** `error` is the class shown in the API; `detail` (a socket error code) is for the log only. */
  | { ok: false; error: DeliveryFailure; detail?: string | undefined };

const TLS_CODES = new Set([
  'EPROTO',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'HOSTNAME_MISMATCH',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NODATA', 'EAI_NONAME']);

/** The class of a failed connection, from the socket's error code. */
export function failureClass(code: string | undefined): DeliveryFailure {
  if (!code) return 'connection_failed';
  if (code === 'ERR_ADDRESS_NOT_ALLOWED') return 'address_not_allowed';
  if (code === 'ETIMEDOUT' || code === 'ERR_WEBHOOK_TIMEOUT') return 'timeout';
  if (DNS_CODES.has(code)) return 'dns_failed';
  if (TLS_CODES.has(code) || code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_')) return 'tls_error';
  return 'connection_failed';
}

export function sendWebhook(delivery: WebhookDelivery): Promise<DeliveryResult> {
  const policy: TargetPolicy = delivery.target ?? { allowPrivate: false };
  let url: URL;
  try {
    url = new URL(delivery.url);
  } catch {
    return Promise.resolve({ ok: false, error: 'invalid_url' });
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivate)) {
    return Promise.resolve({ ok: false, error: 'invalid_url' });
  }
  // Node connects to an IP literal without a lookup: check it here.
  const host = hostOf(url);
  if (isIP(host) && !policy.allowPrivate && addressClass(host) !== 'public') {
    return Promise.resolve({ ok: false, error: 'address_not_allowed' });
  }
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: DeliveryResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request(
      url,
      {
        method: 'POST',
        lookup: guardedLookup(policy) as never,
        // No pooled socket: each delivery resolves and checks again.
        agent: false,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(delivery.body),
          'user-agent': 'Refundry-Webhooks/1.0',
          [SIGNATURE_HEADER]: signRefundryPayload(delivery.body, delivery.secret, delivery.nowSec),
          [EVENT_ID_HEADER]: delivery.eventId,
        },
      },
      (res: IncomingMessage) => {
        const status = res.statusCode ?? 0;
        // The body is not needed; drain it so that the socket closes cleanly.
        res.resume();
        res.on('error', () => {});
        finish(
          status >= 200 && status < 300
            ? { ok: true, status }
            : { ok: false, error: `http_status_${status}` },
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: 'timeout' });
      req.destroy();
    }, delivery.timeoutMs);
    req.on('error', (error: NodeJS.ErrnoException) => {
      finish({
        ok: false,
        error: failureClass(error.code),
        detail: error.code ?? error.message.slice(0, 100),
      });
    });
    req.end(delivery.body);
  });
}

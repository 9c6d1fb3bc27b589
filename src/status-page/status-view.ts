// What the customer status page says about a refund: a three-step progress ("requested →
// processing → refunded / failed") with dates, a headline and a plain-words message. Pure: the
// HTML page and status.json are both drawn from this, so they always agree.
import { failureInWords, paymentLabel } from '../notifications/email-content.ts';
import type { RefundStatus } from '../refunds/refund-states.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import { formatMoney } from '../shared/money.ts';

export interface StatusFacts {
  status: RefundStatus;
  amount: number;
  currency: string;
  failureCode: string | null;
  createdAt: Date;
  orderId: string | null;
  paymentReference: string | null;
  /** The refund's history, oldest first. */
  history: Array<{ to: RefundStatus; at: Date }>;
  /** Who the customer paid, and how to reach their support (admin settings). */
  merchant?: MerchantFacts | undefined;
}

export interface MerchantFacts {
  name: string | null;
  supportEmail: string | null;
  supportUrl: string | null;
  supportPhone: string | null;
}

export interface SupportContact {
  kind: 'email' | 'phone' | 'url';
  /** What the customer reads: the address, number or link. */
  label: string;
  href: string;
}

export type StepState = 'done' | 'current' | 'upcoming' | 'failed';

export interface StatusStep {
  key: 'requested' | 'processing' | 'outcome';
  label: string;
  state: StepState;
  /** ISO time the step was reached, or null. */
  at: string | null;
}

export interface StatusView {
  /** The customer's view of the status (not Refundry's internal one). */
  stage:
    | 'requested'
    | 'processing'
    | 'action_needed'
    | 'refunded'
    | 'failed'
    | 'canceled'
    | 'not_approved'
    | 'refunded_another_way';
  headline: string;
  message: string;
  amount: string;
  payment: string;
  steps: StatusStep[];
  /** Nothing more is expected to change (a succeeded refund may still fail later: not done). */
  done: boolean;
  /** The merchant's name ('' when not set) and support contacts, shown on every state. */
  merchant: { name: string; contacts: SupportContact[] };
}

/** The merchant's support contacts as links: mailto:, tel: and http(s) only. */
export function supportContacts(m: MerchantFacts | undefined): SupportContact[] {
  const contacts: SupportContact[] = [];
  if (m?.supportEmail)
    contacts.push({ kind: 'email', label: m.supportEmail, href: `mailto:${m.supportEmail}` });
  if (m?.supportPhone) {
    contacts.push({
      kind: 'phone',
      label: m.supportPhone,
      href: `tel:${m.supportPhone.replace(/[^\d+]/g, '')}`,
    });
  }
  if (m?.supportUrl && /^https?:\/\//i.test(m.supportUrl)) {
    contacts.push({ kind: 'url', label: m.supportUrl.replace(/^https?:\/\//i, ''), href: m.supportUrl });
  }
  return contacts;
}

const PROCESSING: ReadonlySet<RefundStatus> = new Set([
  'pending',
  'requires_action',
  'succeeded',
  'failed',
  'refunded_another_way',
]);

export function statusView(facts: StatusFacts): StatusView {
  const merchant = { name: facts.merchant?.name?.trim() ?? '', contacts: supportContacts(facts.merchant) };
  return { ...stateView(facts), merchant };
}

function stateView(facts: StatusFacts): Omit<StatusView, 'merchant'> {
  const amount = formatMoney(facts.amount, facts.currency);
  const label = paymentLabel(facts.orderId, facts.paymentReference);
  const { stage, headline, message, done } = wording(facts, amount);
  return {
    stage,
    headline,
    message,
    amount,
    payment: label.charAt(0).toUpperCase() + label.slice(1),
    steps: progress(facts),
    done,
  };
}

/** What the customer reads in each state; `amount` is the refund's, formatted. */
function wording(
  facts: StatusFacts,
  amount: string,
): Pick<StatusView, 'stage' | 'headline' | 'message' | 'done'> {
  switch (facts.status) {
    case 'awaiting_approval':
    case 'queued':
      return {
        stage: 'requested',
        headline: 'We have received your refund request',
        message:
          facts.status === 'awaiting_approval'
            ? 'Your request is being reviewed. We will send it to your bank as soon as it is approved.'
            : 'We will send your refund to your bank shortly.',
        done: false,
      };
    case 'pending':
      return {
        stage: 'processing',
        headline: 'Your refund is being processed',
        message:
          'Your refund has been sent to your bank, which is processing it. This usually takes a few days.',
        done: false,
      };
    case 'requires_action':
      return {
        stage: 'action_needed',
        headline: 'Your bank needs more information',
        message:
          'Your bank needs more details to complete this refund. We will contact you with what to do; there is nothing to do on this page.',
        done: false,
      };
    case 'succeeded':
      return {
        stage: 'refunded',
        headline: 'Your refund is on its way',
        message: `${amount} has been sent back to the payment method you paid with. It can take 5 to 10 business days to show on your statement.`,
        done: false,
      };
    case 'failed': {
      const failedAfterSuccess = facts.history.some((h) => h.to === 'succeeded');
      return {
        stage: 'failed',
        headline: 'Your refund could not be completed',
        message: `${failedAfterSuccess ? 'The refund was sent, but it failed afterwards' : 'The refund failed'} because ${failureInWords(facts.failureCode)}. The money has not been lost: we will return it to you another way, and will contact you if we need details.`,
        done: true,
      };
    }
    case 'canceled':
      return {
        stage: 'canceled',
        headline: 'This refund was canceled',
        message:
          'This refund was canceled and no money was sent. If you did not expect this, please contact us.',
        done: true,
      };
    case 'rejected':
      return {
        stage: 'not_approved',
        headline: 'This refund request was not approved',
        message:
          'This refund request was reviewed and not approved. If you have questions, please contact us.',
        done: true,
      };
    case 'refunded_another_way':
      return {
        stage: 'refunded_another_way',
        headline: 'Your refund was paid another way',
        message: `${amount} could not go back to the payment method you paid with, so it was refunded to you another way (for example by bank transfer). If you have not received it, please contact us.`,
        done: true,
      };
  }
}

/**
 * The three steps: requested (when the refund was created), processing (first reached when Stripe
 * had it) and the outcome (when the refund last reached its current status, once it is an outcome).
 */
function progress(facts: StatusFacts): StatusStep[] {
  const requested: StatusStep = {
    key: 'requested',
    label: 'Requested',
    state: 'done',
    at: isoOrNull(facts.createdAt),
  };
  const processingAt = isoOrNull(facts.history.find((h) => PROCESSING.has(h.to))?.at);
  const processing = (state: StepState): StatusStep => ({
    key: 'processing',
    label: 'Processing',
    state,
    at: state === 'upcoming' ? null : processingAt,
  });
  const outcome = (label: string, state: StepState): StatusStep => ({
    key: 'outcome',
    label,
    state,
    at: state === 'upcoming' ? null : isoOrNull(facts.history.findLast((h) => h.to === facts.status)?.at),
  });

  switch (facts.status) {
    case 'awaiting_approval':
    case 'queued':
      return [{ ...requested, state: 'current' }, processing('upcoming'), outcome('Refunded', 'upcoming')];
    case 'pending':
    case 'requires_action':
      return [requested, processing('current'), outcome('Refunded', 'upcoming')];
    case 'succeeded':
      return [requested, processing('done'), outcome('Refunded', 'done')];
    case 'failed':
      return [requested, processing('done'), outcome('Failed', 'failed')];
    case 'canceled':
      return [requested, processing(processingAt ? 'done' : 'upcoming'), outcome('Canceled', 'failed')];
    case 'rejected':
      return [requested, processing('upcoming'), outcome('Not approved', 'failed')];
    case 'refunded_another_way':
      return [requested, processing('done'), outcome('Refunded another way', 'done')];
  }
}

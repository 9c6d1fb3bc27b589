// Generated from the OpenAPI document by tools/openapi-types/generate.ts (openapi-typescript).
// Do not edit: run `node tools/openapi-types/generate.ts` after changing an operation.
export interface paths {
    "/api/v1/payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Find payments
         * @description By your order id (`order_id`), or by text (`q`: order id, customer email, Stripe id or pay_ id). A Stripe id Refundry has not seen yet is looked up at Stripe.
         *
         *     Needs the `payments:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["searchPayments"];
        put?: never;
        /**
         * Register a payment
         * @description Tells Refundry about a captured payment taken with Stripe, with your order and customer. Amount, currency, capture time and what is refunded are read from Stripe, never taken from you (sending them is a 400 `field_from_stripe`). Registering the same Stripe id again returns the payment (200).
         *
         *     Needs the `payments:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["registerPayment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a payment
         * @description Needs the `payments:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getPayment"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payments/{id}/eligibility": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Check what may be refunded
         * @description What the refund policy would say to a refund of this payment (for this customer, amount and reason when given), without asking for one.
         *
         *     Needs the `payments:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getEligibility"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List refunds
         * @description Newest first, with filters; `expand=payment` adds each refund’s payment.
         *
         *     Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listRefunds"];
        put?: never;
        /**
         * Request a refund
         * @description Name the payment by `payment_id`, `order_id` or `stripe_id`.
         *
         *     `amount` is an integer in the minor unit of the payment’s currency (1250 = $12.50); omitted, all that remains.
         *
         *     Send `customer_id` when acting for a signed-in customer: the policy refuses a payment of another customer.
         *
         *     The policy may accept (201, `queued`), hold it for an approver (201, `awaiting_approval`) or refuse it (422 `policy_violation` with every broken rule).
         *
         *     Send an Idempotency-Key: a retry with the same key and body gets the first answer (`Idempotent-Replayed: true`), never a second refund.
         *
         *     Needs the `refunds:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["createRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a refund
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getRefund"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Try a failed refund again
         * @description A new refund for the same amount (its `retry_of` names the failed one), checked against the policy as a new request.
         *
         *     Needs the `refunds:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["retryRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}/refunded-another-way": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Record that a failed refund was paid another way
         * @description Bank transfer, store credit, cash: the refund counts as refunded (`refunded_another_way`).
         *
         *     Needs the `refunds:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["markRefundedAnotherWay"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a refund not yet sent to Stripe
         * @description Needs the `refunds:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["cancelRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}/approve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Approve a refund awaiting approval
         * @description No one decides a refund they requested themselves (`self_approval_forbidden`).
         *
         *     Needs the `refunds:approve` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["approveRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reject a refund awaiting approval
         * @description Needs the `refunds:approve` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["rejectRefund"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refunds/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download refunds as CSV
         * @description The same filters as the list; every matching refund, newest first.
         *
         *     Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["exportRefunds"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/stats/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Operations overview (refunds per day, queue, approvals, webhooks)
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getOverview"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connect/accounts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The connected accounts Refundry knows
         * @description Accounts of registered payments and of Connect events heard, most recently active first.
         *
         *     Needs the `payments:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listConnectedAccounts"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/connect/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A connected account
         * @description Needs the `payments:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getConnectedAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refund-batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List batches
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listRefundBatches"];
        put?: never;
        /**
         * Submit a batch of refunds (CSV or JSON), or a dry run
         * @description A CSV (text/csv) with the columns payment_id, order_id, stripe_id, amount, reason, note, currency, reverse_transfer, refund_application_fee (amounts in the currency's notation, "12.50", or "all"), or JSON rows. `dry_run` says what each row would do without refunding. Send an Idempotency-Key: a retry with the same key returns the batch (200).
         *
         *     Needs the `refunds:write` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["createRefundBatch"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refund-batches/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a batch and its progress
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getRefundBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refund-batches/{id}/rows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the outcome of each row
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listRefundBatchRows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/refund-batches/{id}/rows.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download the outcome of each row as CSV
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["exportRefundBatchRows"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Register a webhook endpoint
         * @description Refundry then POSTs signed refund events (refund.created, refund.awaiting_approval, refund.approved, refund.pending, refund.requires_action, refund.succeeded, refund.failed, refund.canceled, refund.rejected, refund.refunded_another_way) to the URL; see the webhooks of this document. Only public addresses are allowed unless the operator set WEBHOOK_ALLOW_PRIVATE.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhook-endpoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a webhook endpoint
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Disable a webhook endpoint
         * @description Kept with its history; deliveries still waiting are skipped.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        delete: operations["disableWebhookEndpoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List notifications (customer emails and webhook deliveries)
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Retry a notification that failed or was skipped
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["retryNotification"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliation/runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List reconciliation runs
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listReconciliationRuns"];
        put?: never;
        /**
         * Start a reconciliation run
         * @description Runs in the background (after any run in progress); `from`/`to` default to the last RECONCILE_WINDOW_DAYS.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["startReconciliationRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliation/runs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Retrieve a run with its discrepancies
         * @description Needs the `refunds:read` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getReconciliationRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/reconciliation/discrepancies/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark a flagged discrepancy resolved
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["resolveDiscrepancy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List dashboard users
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listUsers"];
        put?: never;
        /**
         * Create a dashboard user
         * @description Without `password`, one is generated and returned in this response only.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["createUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Change a user’s name, role or disabled flag
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["updateUser"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/users/{id}/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set or reset a user’s password
         * @description Without `password`, one is generated and returned in this response only.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["resetPassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List API keys
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description The key is in this response only. A merchant backend needs `payments:write`, `payments:read`, `refunds:read` and `refunds:write`.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/policy": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the refund policy settings
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getPolicySettings"];
        /**
         * Change the refund policy settings
         * @description `null` puts a setting back to its default (from the configuration).
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        put: operations["updatePolicySettings"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/settings/merchant": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Read the merchant's name and support contacts
         * @description Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        get: operations["getMerchantProfile"];
        /**
         * Change the merchant's name and support contacts
         * @description `null` clears a field.
         *
         *     Needs the `admin` scope (an API key with it, or a signed-in user whose role has it).
         */
        put: operations["updateMerchantProfile"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to the dashboard
         * @description Sets the HttpOnly session cookie. Repeated failures slow down that account from that address, then that address.
         */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is signed in, and the CSRF token */
        get: operations["getSession"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/r/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The customer's status page (HTML) */
        get: operations["customerStatusPage"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/r/{token}/status.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The customer's view of one refund
         * @description What the status page shows, for the page to poll. Unknown and malformed tokens get the same 404.
         */
        get: operations["customerStatus"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/stripe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe's webhook deliveries
         * @description Point a Stripe webhook endpoint here (STRIPE_WEBHOOK_SECRET). The Stripe-Signature header is checked on the raw body (300 s tolerance); the event is stored once by id and applied in the background.
         */
        post: operations["receiveStripeEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/webhooks/stripe/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe's Connect webhook deliveries (connected accounts' events)
         * @description Point a Stripe Connect webhook endpoint (connect=true) here (STRIPE_CONNECT_WEBHOOK_SECRET; docs/connect.md). The Stripe-Signature header is checked on the raw body (300 s tolerance); the event is stored once by id and applied in the background.
         */
        post: operations["receiveStripeConnectEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness */
        get: operations["liveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (database, migrations, Stripe credentials) */
        get: operations["readiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Served when metrics are on (the default for `refundry serve`).
         */
        get: operations["metrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/openapi.json": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This document (OpenAPI 3.1)
         * @description No authentication. Also printed by `refundry openapi`.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The API reference pages (HTML) */
        get: operations["getReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "refund.created": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.created event
         * @description POSTed to each enabled endpoint subscribed to refund.created (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_created"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.awaiting_approval": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.awaiting_approval event
         * @description POSTed to each enabled endpoint subscribed to refund.awaiting_approval (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_awaiting_approval"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.approved": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.approved event
         * @description POSTed to each enabled endpoint subscribed to refund.approved (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_approved"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.pending": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.pending event
         * @description POSTed to each enabled endpoint subscribed to refund.pending (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_pending"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.requires_action": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.requires_action event
         * @description POSTed to each enabled endpoint subscribed to refund.requires_action (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_requires_action"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.succeeded": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.succeeded event
         * @description POSTed to each enabled endpoint subscribed to refund.succeeded (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_succeeded"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.failed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.failed event
         * @description POSTed to each enabled endpoint subscribed to refund.failed (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_failed"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.canceled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.canceled event
         * @description POSTed to each enabled endpoint subscribed to refund.canceled (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_canceled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.rejected": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.rejected event
         * @description POSTed to each enabled endpoint subscribed to refund.rejected (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_rejected"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "refund.refunded_another_way": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * The refund.refunded_another_way event
         * @description POSTed to each enabled endpoint subscribed to refund.refunded_another_way (or `*`). Verify Refundry-Signature on the raw body with verifyRefundrySignature (refundry/client) and your endpoint's secret; answer 2xx quickly. Deliveries are retried with backoff until a 2xx, and may arrive more than once or out of order: dedupe on the event id, order by `created`.
         */
        post: operations["webhook_refund_refunded_another_way"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        ApiKey: {
            id: string;
            /** @constant */
            object: "api_key";
            name: string;
            /** @description The first characters of the key, to recognise it. */
            prefix: string;
            scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
            revoked: boolean;
            created_at: string | null;
            revoked_at: string | null;
        };
        /** @description A connected account Refundry knows (docs/connect.md). */
        ConnectedAccount: {
            /** @example acct_1Nv0FGQ9RKHgCVdK */
            id: string;
            /** @constant */
            object: "connected_account";
            /** @description Stripe's business_profile.name. */
            name: string | null;
            country: string | null;
            default_currency: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            first_seen_at: string;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            last_activity_at: string;
        };
        CustomerStatus: {
            /** @enum {string} */
            stage: "requested" | "processing" | "action_needed" | "refunded" | "failed" | "canceled" | "not_approved";
            headline: string;
            message: string;
            /** @description Formatted for people ("$12.50"). */
            amount: string;
            payment: string;
            steps: {
                /** @enum {string} */
                key: "requested" | "processing" | "outcome";
                label: string;
                /** @enum {string} */
                state: "done" | "current" | "upcoming" | "failed";
                at: string | null;
            }[];
            done: boolean;
            merchant: {
                /** @description The merchant's name ('' when not set). */
                name: string;
                contacts: {
                    /** @enum {string} */
                    kind: "email" | "phone" | "url";
                    label: string;
                    href: string;
                }[];
            };
        };
        Discrepancy: {
            id: string;
            /** @constant */
            object: "reconciliation_discrepancy";
            run_id: string;
            /** @enum {string} */
            kind: "status_mismatch" | "amount_mismatch" | "currency_mismatch" | "missing_here" | "unknown_payment" | "missing_at_stripe" | "duplicate_at_stripe";
            /** @enum {string} */
            action: "healed" | "flagged";
            detail: string;
            refund_id: string | null;
            stripe_refund_id: string | null;
            payment_id: string | null;
            /** @description The connected account (acct_…) its Stripe refund lives on; null: the platform's. */
            account: string | null;
            stripe: {
                [key: string]: unknown;
            } | null;
            local: {
                [key: string]: unknown;
            } | null;
            resolved_at: string | null;
            resolved_by: string | null;
            resolved_by_name?: string | null;
            resolved_by_email?: string | null;
            resolution_note: string | null;
            created_at: string | null;
        };
        /** @description What the policy says about a refund of this payment. */
        Eligibility: {
            /** @constant */
            object: "eligibility";
            payment_id: string;
            eligible: boolean;
            currency: string;
            refundable_amount: number;
            amount: number;
            needs_approval: boolean;
            /** @description Why it would wait for an approver: above_threshold, fraud_flagged, or transfer_uncovered (Connect: its share of the transfer is more than the transfer has left to reverse). */
            approval_reasons: ("above_threshold" | "fraud_flagged" | "transfer_uncovered")[];
            needs_approval_above: number;
            violations: components["schemas"]["Violation"][];
            connect: {
                reverse_transfer: boolean;
                refund_application_fee: boolean;
                transfer_share: number;
                transfer_left: number | null;
                uncovered: number;
                fee_share: number;
                needs_approval: boolean;
            } | null;
        };
        EventRefund: {
            id: string;
            /** @constant */
            object: "refund";
            amount: number;
            currency: string;
            status: string;
            reason: string;
            /** @enum {string} */
            origin: "refundry" | "external";
            payment_id: string;
            order_id: string | null;
            stripe_payment_intent_id: string | null;
            stripe_charge_id: string | null;
            stripe_refund_id: string | null;
            failure_code: string | null;
            failure_message: string | null;
            metadata: {
                [key: string]: unknown;
            };
            customer_token: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            final_at: string | null;
        };
        /** @description The merchant's name and support contacts, shown to customers. */
        MerchantProfile: {
            /** @constant */
            object: "merchant_profile";
            name: string | null;
            support_email: string | null;
            support_url: string | null;
            support_phone: string | null;
            updated_by: string | null;
            updated_by_name?: string | null;
            updated_by_email?: string | null;
            updated_at: string | null;
        };
        Notification: {
            id: string;
            /** @constant */
            object: "notification";
            refund_id: string;
            /** @enum {string} */
            channel: "email" | "webhook";
            /** @description The email kind or the event type. */
            kind: string;
            recipient: string | null;
            endpoint_id: string | null;
            event_id: string | null;
            /** @enum {string} */
            status: "pending" | "sent" | "failed" | "skipped";
            attempts: number;
            next_attempt_at: string | null;
            last_error: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            sent_at: string | null;
        };
        Overview: {
            /** @constant */
            object: "overview";
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            from: string;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            to: string;
            refunds_per_day: {
                day: string;
                succeeded: number;
                failed: number;
                in_flight: number;
                canceled: number;
                rejected: number;
                blocked: number;
            }[];
            time_to_final: {
                count: number;
                p50_seconds: number | null;
                p90_seconds: number | null;
                p99_seconds: number | null;
            };
            failure_reasons: {
                code: string;
                count: number;
                text: string;
            }[];
            queue: {
                depth: number;
                oldest_age_seconds: number | null;
                sent_awaiting_stripe: number;
            };
            approvals: {
                waiting: number;
                oldest_age_seconds: number | null;
            };
            webhooks: {
                available: boolean;
                received: number;
                applied: number;
                failed: number;
                unapplied: number;
                bad_signatures: number | null;
                bad_signatures_since_start: number | null;
            };
            account: string | null;
            accounts: {
                account: string;
                name: string | null;
                total: number;
                succeeded: number;
                failed: number;
            }[];
        };
        /** @description A Stripe payment Refundry knows, with what is refundable. */
        Payment: {
            /** @example pay_3kTf0aXbQ2 */
            id: string;
            /** @constant */
            object: "payment";
            stripe_payment_intent_id: string | null;
            stripe_charge_id: string | null;
            /** @description The merchant's order id. */
            order_id: string | null;
            /** @description The merchant's customer id. */
            customer_id: string | null;
            customer_email: string | null;
            /** @description Captured, in the minor unit (cents), from Stripe. */
            amount: number;
            /** @example usd */
            currency: string;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            captured_at: string;
            fraud_flagged: boolean;
            metadata: {
                [key: string]: unknown;
            };
            /** @description Stripe's customer on the payment. */
            stripe_customer_id: string | null;
            /** @description What Stripe says is refunded. */
            stripe_amount_refunded: number;
            /** @description The charge is disputed at Stripe: no refund is allowed. */
            disputed: boolean;
            /** @description When the facts were last read from Stripe. */
            stripe_synced_at: string | null;
            amount_captured: number;
            /** @description Refunds that succeeded. */
            amount_refunded: number;
            /** @description Refunds accepted and not final yet. */
            amount_in_flight: number;
            /** @description What a new refund may still take. */
            amount_refundable: number;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            /**
             * @description platform: the platform's own charge; destination: transferred to a connected account; direct: made on one.
             * @enum {string}
             */
            charge_type: "platform" | "destination" | "direct";
            /** @description The connected account a direct charge lives on. */
            stripe_account: string | null;
            /** @description The connected account the payment is for. */
            connected_account: string | null;
            application_fee: {
                id: string;
                amount: number;
                amount_refunded: number;
            } | null;
            transfer: {
                id: string;
                destination: string;
                amount: number;
                amount_reversed: number;
            } | null;
        };
        PolicySettings: {
            /** @constant */
            object: "policy_settings";
            refund_window_days: number;
            approval_threshold: number;
            /** @description Per currency, in its minor unit: {"usd": 50000, "jpy": 70000}. */
            approval_thresholds: {
                [key: string]: number;
            };
            blocked_reasons: ("duplicate" | "fraudulent" | "requested_by_customer" | "other")[];
            /** @description Whoever requested a refund may approve it (one-person shops). */
            allow_self_approval: boolean;
            /** @enum {string} */
            fraud_flagged_refunds: "refuse" | "with_approval";
            defaults: {
                refund_window_days: number;
                approval_threshold: number;
                /** @description Per currency, in its minor unit: {"usd": 50000, "jpy": 70000}. */
                approval_thresholds: {
                    [key: string]: number;
                };
                blocked_reasons: ("duplicate" | "fraudulent" | "requested_by_customer" | "other")[];
                /** @description Whoever requested a refund may approve it (one-person shops). */
                allow_self_approval: boolean;
                /** @enum {string} */
                fraud_flagged_refunds: "refuse" | "with_approval";
            };
            overridden: {
                refund_window_days: boolean;
                approval_threshold: boolean;
                approval_thresholds: boolean;
                blocked_reasons: boolean;
                allow_self_approval: boolean;
                fraud_flagged_refunds: boolean;
                connect: {
                    reverse_transfer: boolean;
                    refund_application_fee: boolean;
                    approve_uncovered: boolean;
                };
            };
            connect: {
                reverse_transfer: boolean;
                refund_application_fee: boolean;
                approve_uncovered: boolean;
                defaults: {
                    reverse_transfer: boolean;
                    refund_application_fee: boolean;
                    approve_uncovered: boolean;
                };
            };
            updated_by: string | null;
            updated_by_name?: string | null;
            updated_by_email?: string | null;
            updated_at: string | null;
        };
        ReconciliationRun: {
            id: string;
            /** @constant */
            object: "reconciliation_run";
            window: {
                from: string | null;
                to: string | null;
            };
            /** @enum {string} */
            status: "waiting" | "running" | "completed" | "failed" | "canceled";
            triggered_by: string;
            triggered_by_name?: string | null;
            triggered_by_email?: string | null;
            schedule_key: string | null;
            stripe_refunds: number;
            /** @description Pairs by kind: matched, and each discrepancy kind. */
            counts: {
                [key: string]: number;
            };
            healed: number;
            flagged: number;
            /** @description Flagged discrepancies nobody has resolved yet. */
            open: number;
            needs_attention: boolean;
            error: string | null;
            created_at: string | null;
            started_at: string | null;
            finished_at: string | null;
            duration_seconds: number | null;
        };
        /** @description A refund request and where it stands. */
        Refund: {
            /** @example rf_8Hq2LmZ0cV */
            id: string;
            /** @constant */
            object: "refund";
            payment_id: string;
            /** @description In the minor unit of `currency`. */
            amount: number;
            currency: string;
            /** @description duplicate, fraudulent, requested_by_customer or other. */
            reason: string;
            note: string | null;
            metadata: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
            /**
             * @description `external`: made directly in Stripe and found by reconciliation.
             * @enum {string}
             */
            origin: "refundry" | "external";
            requested_by: string;
            /** @description The customer's status page is /r/{customer_token}; share it only with the customer. */
            customer_token: string | null;
            stripe_refund_id: string | null;
            failure_code: string | null;
            failure_message: string | null;
            attempts: number;
            approved_by: string | null;
            approved_at: string | null;
            requested_by_name?: string | null;
            requested_by_email?: string | null;
            approved_by_name?: string | null;
            approved_by_email?: string | null;
            /** @description The failed refund this one tries again. */
            retry_of: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            updated_at: string;
            sent_at: string | null;
            final_at: string | null;
            reverse_transfer: boolean;
            refund_application_fee: boolean;
            transfer_reversal: {
                id: string;
                amount: number | null;
            } | null;
            fee_refund: {
                id: string;
                amount: number | null;
            } | null;
            /** @description Why it waits (or waited) for an approver, as decided when it was accepted: above_threshold, fraud_flagged, transfer_uncovered (Connect: its share of the transfer is more than the transfer had left to reverse). */
            approval_reasons: ("above_threshold" | "fraud_flagged" | "transfer_uncovered")[];
        };
        RefundBatch: {
            id: string;
            /** @constant */
            object: "refund_batch";
            /** @enum {string} */
            status: "queued" | "running" | "completed" | "failed";
            dry_run: boolean;
            /** @enum {string} */
            source: "csv" | "json";
            created_by: string;
            total: number;
            processed: number;
            /** @description Rows by outcome: accepted, needs_approval, rejected, already_imported, error, would_accept, would_need_approval, would_reject. */
            counts: {
                [key: string]: number;
            };
            error: string | null;
            created_at: string | null;
            started_at: string | null;
            finished_at: string | null;
            rows_url: string;
            rows_csv_url: string;
        };
        RefundBatchRow: {
            seq: number;
            line: number;
            input: {
                [key: string]: string;
            };
            /** @description null while the row waits. */
            outcome: ("accepted" | "needs_approval" | "rejected" | "already_imported" | "error" | "would_accept" | "would_need_approval" | "would_reject") | null;
            refund_id: string | null;
            payment_id: string | null;
            amount: number | null;
            currency: string | null;
            refund_status: string | null;
            error_code: string | null;
            message: string | null;
            violations: unknown[] | null;
            processed_at: string | null;
        };
        RefundDetail: {
            /** @example rf_8Hq2LmZ0cV */
            id: string;
            /** @constant */
            object: "refund";
            payment_id: string;
            /** @description In the minor unit of `currency`. */
            amount: number;
            currency: string;
            /** @description duplicate, fraudulent, requested_by_customer or other. */
            reason: string;
            note: string | null;
            metadata: {
                [key: string]: unknown;
            };
            /** @enum {string} */
            status: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
            /**
             * @description `external`: made directly in Stripe and found by reconciliation.
             * @enum {string}
             */
            origin: "refundry" | "external";
            requested_by: string;
            /** @description The customer's status page is /r/{customer_token}; share it only with the customer. */
            customer_token: string | null;
            stripe_refund_id: string | null;
            failure_code: string | null;
            failure_message: string | null;
            attempts: number;
            approved_by: string | null;
            approved_at: string | null;
            requested_by_name?: string | null;
            requested_by_email?: string | null;
            approved_by_name?: string | null;
            approved_by_email?: string | null;
            /** @description The failed refund this one tries again. */
            retry_of: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            updated_at: string;
            sent_at: string | null;
            final_at: string | null;
            reverse_transfer: boolean;
            refund_application_fee: boolean;
            transfer_reversal: {
                id: string;
                amount: number | null;
            } | null;
            fee_refund: {
                id: string;
                amount: number | null;
            } | null;
            /** @description Why it waits (or waited) for an approver, as decided when it was accepted: above_threshold, fraud_flagged, transfer_uncovered (Connect: its share of the transfer is more than the transfer had left to reverse). */
            approval_reasons: ("above_threshold" | "fraud_flagged" | "transfer_uncovered")[];
            /** @description Stripe's failure in plain words. */
            failure_text: string | null;
            history: components["schemas"]["RefundHistoryEntry"][];
            /** @description The refund that tried this failed one again. */
            retried_as: string | null;
            emails: {
                id: string;
                kind: string;
                to: string | null;
                status: string;
                attempts: number;
                /**
                 * Format: date-time
                 * @description When the email was queued (the refund's change that caused it).
                 * @example 2026-05-20T12:00:00.000Z
                 */
                queued_at: string;
                sent_at: string | null;
                last_attempt_at: string | null;
                next_attempt_at: string | null;
                last_error: string | null;
            }[];
            payment: components["schemas"]["Payment"] | null;
        };
        RefundHistoryEntry: {
            from: ("awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way") | null;
            /** @enum {string} */
            to: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
            /** @description `user:<id>`, `key:<id>`, `stripe`, `worker`, … */
            actor: string;
            actor_name?: string | null;
            actor_email?: string | null;
            reason: string | null;
            stripe_refund_id: string | null;
            stripe_event_id: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            at: string;
        };
        Session: {
            user: {
                id: string;
                email: string;
                name: string;
                /** @enum {string} */
                role: "viewer" | "agent" | "approver" | "admin";
            };
            scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
            /** @description Send it as X-CSRF-Token on every request that changes something. */
            csrf_token: string;
            session: {
                /**
                 * Format: date-time
                 * @example 2026-05-20T12:00:00.000Z
                 */
                expires_at: string;
                /**
                 * Format: date-time
                 * @example 2026-05-20T12:00:00.000Z
                 */
                idle_expires_at: string;
            };
            /** @description This user may approve refunds they requested. */
            allow_self_approval: boolean;
        };
        User: {
            id: string;
            /** @constant */
            object: "user";
            email: string;
            name: string;
            /** @enum {string} */
            role: "viewer" | "agent" | "approver" | "admin";
            scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
            disabled: boolean;
            disabled_at: string | null;
            /** @description Some client failing to sign in to this account waits until then (others do not). */
            sign_in_delayed_until: string | null;
            last_login_at: string | null;
            password_changed_at: string | null;
            created_at: string | null;
        };
        Violation: {
            /** @description outside_refund_window, fraud_flagged, currency_mismatch, invalid_amount, amount_exceeds_remaining, nothing_to_refund, not_payment_owner, reason_blocked, payment_disputed; for platforms no_transfer_to_reverse or no_application_fee. */
            code: string;
            /** @description For people, amounts in the payment’s currency. */
            message: string;
            param: string;
            currency?: string;
            amount?: number;
            remaining?: number;
            captured_days_ago?: number;
            refund_window_days?: number;
            requested_currency?: string;
            reason?: string;
        };
        WebhookEndpoint: {
            id: string;
            /** @constant */
            object: "webhook_endpoint";
            url: string;
            description: string | null;
            /** @description `*` or refund event types. */
            enabled_events: string[];
            /** @enum {string} */
            status: "enabled" | "disabled";
            created_by: string | null;
            /**
             * Format: date-time
             * @example 2026-05-20T12:00:00.000Z
             */
            created_at: string;
            disabled_at: string | null;
            deliveries?: {
                pending: number;
                sent: number;
                failed: number;
                skipped: number;
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: {
        /** @description The API version that answered. */
        RefundryVersion: "2026-12-01";
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    searchPayments: {
        parameters: {
            query?: {
                order_id?: string;
                q?: string;
                limit?: string;
                starting_after?: string;
                ending_before?: string;
                account?: "platform" | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of payments. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "pay_SowwOW465Yn0RnGVeBwDBtec",
                     *           "object": "payment",
                     *           "stripe_payment_intent_id": "pi_direct1",
                     *           "stripe_charge_id": null,
                     *           "order_id": "ord_direct1",
                     *           "customer_id": null,
                     *           "customer_email": "ada@example.com",
                     *           "fraud_flagged": false,
                     *           "metadata": {},
                     *           "amount": 3000,
                     *           "currency": "usd",
                     *           "captured_at": "2026-05-20T00:00:00.000Z",
                     *           "stripe_customer_id": "cus_stripe_1",
                     *           "stripe_amount_refunded": 0,
                     *           "disputed": false,
                     *           "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *           "amount_captured": 3000,
                     *           "amount_refunded": 0,
                     *           "amount_in_flight": 3000,
                     *           "amount_refundable": 0,
                     *           "created_at": "2026-12-02T00:20:50.411Z",
                     *           "charge_type": "direct",
                     *           "stripe_account": "acct_contractShop1",
                     *           "connected_account": "acct_contractShop1",
                     *           "application_fee": {
                     *             "id": "fee_contract2",
                     *             "amount": 300,
                     *             "amount_refunded": 0
                     *           },
                     *           "transfer": null
                     *         },
                     *         {
                     *           "id": "pay_Z7auJH0ZnswofuShSJ0HzDUi",
                     *           "object": "payment",
                     *           "stripe_payment_intent_id": "pi_dest1",
                     *           "stripe_charge_id": null,
                     *           "order_id": "ord_dest1",
                     *           "customer_id": null,
                     *           "customer_email": "ada@example.com",
                     *           "fraud_flagged": false,
                     *           "metadata": {},
                     *           "amount": 10000,
                     *           "currency": "usd",
                     *           "captured_at": "2026-05-20T00:00:00.000Z",
                     *           "stripe_customer_id": "cus_stripe_1",
                     *           "stripe_amount_refunded": 0,
                     *           "disputed": false,
                     *           "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *           "amount_captured": 10000,
                     *           "amount_refunded": 0,
                     *           "amount_in_flight": 5000,
                     *           "amount_refundable": 5000,
                     *           "created_at": "2026-12-02T00:20:50.405Z",
                     *           "charge_type": "destination",
                     *           "stripe_account": null,
                     *           "connected_account": "acct_contractShop1",
                     *           "application_fee": {
                     *             "id": "fee_contract1",
                     *             "amount": 500,
                     *             "amount_refunded": 0
                     *           },
                     *           "transfer": {
                     *             "id": "tr_contract1",
                     *             "destination": "acct_contractShop1",
                     *             "amount": 10000,
                     *             "amount_reversed": 9500
                     *           }
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["Payment"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    registerPayment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "stripe_id": "pi_3PqZ2d2eZvKYlo2C",
                 *       "order_id": "ord_1001",
                 *       "customer_id": "cus_4711",
                 *       "customer_email": "ada@example.com"
                 *     }
                 */
                "application/json": {
                    stripe_id: string;
                    order_id?: string;
                    customer_id?: string;
                    /** Format: email */
                    customer_email?: string;
                    fraud_flagged?: boolean;
                    metadata?: {
                        [key: string]: string;
                    };
                    stripe_account?: string;
                };
            };
        };
        responses: {
            /** @description Already registered: the payment as it is. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pay_i0ylDThRULGUGLIfQco2EEYH",
                     *       "object": "payment",
                     *       "stripe_payment_intent_id": "pi_contract1",
                     *       "stripe_charge_id": null,
                     *       "order_id": "ord_1",
                     *       "customer_id": "cus_1",
                     *       "customer_email": "ada@example.com",
                     *       "fraud_flagged": false,
                     *       "metadata": {},
                     *       "amount": 10000,
                     *       "currency": "usd",
                     *       "captured_at": "2026-05-20T00:00:00.000Z",
                     *       "stripe_customer_id": "cus_stripe_1",
                     *       "stripe_amount_refunded": 0,
                     *       "disputed": false,
                     *       "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *       "amount_captured": 10000,
                     *       "amount_refunded": 0,
                     *       "amount_in_flight": 0,
                     *       "amount_refundable": 10000,
                     *       "created_at": "2026-12-02T00:20:49.976Z",
                     *       "charge_type": "platform",
                     *       "stripe_account": null,
                     *       "connected_account": null,
                     *       "application_fee": null,
                     *       "transfer": null
                     *     }
                     */
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description Registered. */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pay_Z7auJH0ZnswofuShSJ0HzDUi",
                     *       "object": "payment",
                     *       "stripe_payment_intent_id": "pi_dest1",
                     *       "stripe_charge_id": null,
                     *       "order_id": "ord_dest1",
                     *       "customer_id": null,
                     *       "customer_email": "ada@example.com",
                     *       "fraud_flagged": false,
                     *       "metadata": {},
                     *       "amount": 10000,
                     *       "currency": "usd",
                     *       "captured_at": "2026-05-20T00:00:00.000Z",
                     *       "stripe_customer_id": "cus_stripe_1",
                     *       "stripe_amount_refunded": 0,
                     *       "disputed": false,
                     *       "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *       "amount_captured": 10000,
                     *       "amount_refunded": 0,
                     *       "amount_in_flight": 0,
                     *       "amount_refundable": 10000,
                     *       "created_at": "2026-12-02T00:20:50.405Z",
                     *       "charge_type": "destination",
                     *       "stripe_account": null,
                     *       "connected_account": "acct_contractShop1",
                     *       "application_fee": {
                     *         "id": "fee_contract1",
                     *         "amount": 500,
                     *         "amount_refunded": 0
                     *       },
                     *       "transfer": {
                     *         "id": "tr_contract1",
                     *         "destination": "acct_contractShop1",
                     *         "amount": 10000,
                     *         "amount_reversed": 9500
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `field_from_stripe`, `payment_not_captured`, `account_mismatch`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "field_from_stripe" | "payment_not_captured" | "account_mismatch";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getPayment: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The payment. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "pay_i0ylDThRULGUGLIfQco2EEYH",
                     *       "object": "payment",
                     *       "stripe_payment_intent_id": "pi_contract1",
                     *       "stripe_charge_id": null,
                     *       "order_id": "ord_1",
                     *       "customer_id": "cus_1",
                     *       "customer_email": "ada@example.com",
                     *       "fraud_flagged": false,
                     *       "metadata": {},
                     *       "amount": 10000,
                     *       "currency": "usd",
                     *       "captured_at": "2026-05-20T00:00:00.000Z",
                     *       "stripe_customer_id": "cus_stripe_1",
                     *       "stripe_amount_refunded": 0,
                     *       "disputed": false,
                     *       "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *       "amount_captured": 10000,
                     *       "amount_refunded": 0,
                     *       "amount_in_flight": 0,
                     *       "amount_refundable": 10000,
                     *       "created_at": "2026-12-02T00:20:49.976Z",
                     *       "charge_type": "platform",
                     *       "stripe_account": null,
                     *       "connected_account": null,
                     *       "application_fee": null,
                     *       "transfer": null
                     *     }
                     */
                    "application/json": components["schemas"]["Payment"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getEligibility: {
        parameters: {
            query?: {
                customer_id?: string;
                amount?: string;
                currency?: string;
                reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "other";
                reverse_transfer?: "true" | "false";
                refund_application_fee?: "true" | "false";
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The policy's answer. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "eligibility",
                     *       "payment_id": "pay_Z7auJH0ZnswofuShSJ0HzDUi",
                     *       "eligible": true,
                     *       "currency": "usd",
                     *       "refundable_amount": 10000,
                     *       "amount": 5000,
                     *       "needs_approval": true,
                     *       "approval_reasons": [
                     *         "transfer_uncovered"
                     *       ],
                     *       "needs_approval_above": 50000,
                     *       "violations": [],
                     *       "connect": {
                     *         "reverse_transfer": true,
                     *         "refund_application_fee": true,
                     *         "transfer_share": 5000,
                     *         "transfer_left": 500,
                     *         "uncovered": 4500,
                     *         "fee_share": 250,
                     *         "needs_approval": true
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Eligibility"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listRefunds: {
        parameters: {
            query?: {
                status?: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
                reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "other";
                needs_approval?: "true" | "false";
                failed?: "true" | "false";
                q?: string;
                payment_id?: string;
                order_id?: string;
                customer_id?: string;
                account?: "platform" | string;
                created_gte?: string;
                created_lte?: string;
                limit?: string;
                starting_after?: string;
                ending_before?: string;
                expand?: "payment";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of refunds. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "rf_K3E2K67HNKdrWNdj0MTz23xM",
                     *           "object": "refund",
                     *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *           "amount": 100,
                     *           "currency": "usd",
                     *           "reason": "duplicate",
                     *           "note": null,
                     *           "metadata": {},
                     *           "status": "queued",
                     *           "origin": "refundry",
                     *           "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *           "stripe_refund_id": null,
                     *           "failure_code": null,
                     *           "failure_message": null,
                     *           "attempts": 0,
                     *           "approved_by": null,
                     *           "approved_at": null,
                     *           "approval_reasons": [],
                     *           "requested_by_name": "API key shop",
                     *           "requested_by_email": null,
                     *           "approved_by_name": null,
                     *           "approved_by_email": null,
                     *           "retry_of": null,
                     *           "created_at": "2026-12-02T00:20:50.213Z",
                     *           "updated_at": "2026-12-02T00:20:50.213Z",
                     *           "sent_at": null,
                     *           "final_at": null,
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "transfer_reversal": null,
                     *           "fee_refund": null,
                     *           "payment": {
                     *             "id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *             "object": "payment",
                     *             "stripe_payment_intent_id": "pi_contract3",
                     *             "stripe_charge_id": null,
                     *             "order_id": "ord_3",
                     *             "customer_id": "cus_1",
                     *             "customer_email": "ada@example.com",
                     *             "fraud_flagged": false,
                     *             "metadata": {},
                     *             "amount": 10000,
                     *             "currency": "usd",
                     *             "captured_at": "2026-05-20T00:00:00.000Z",
                     *             "stripe_customer_id": "cus_stripe_1",
                     *             "stripe_amount_refunded": 0,
                     *             "disputed": false,
                     *             "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *             "amount_captured": 10000,
                     *             "amount_refunded": 0,
                     *             "amount_in_flight": 100,
                     *             "amount_refundable": 9900,
                     *             "created_at": "2026-12-02T00:20:50.039Z",
                     *             "charge_type": "platform",
                     *             "stripe_account": null,
                     *             "connected_account": null,
                     *             "application_fee": null,
                     *             "transfer": null
                     *           }
                     *         },
                     *         {
                     *           "id": "rf_4wcSiT8aeEV2Jybdkppma6jL",
                     *           "object": "refund",
                     *           "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                     *           "amount": 60000,
                     *           "currency": "usd",
                     *           "reason": "other",
                     *           "note": "two rings",
                     *           "metadata": {},
                     *           "status": "awaiting_approval",
                     *           "origin": "refundry",
                     *           "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *           "stripe_refund_id": null,
                     *           "failure_code": null,
                     *           "failure_message": null,
                     *           "attempts": 0,
                     *           "approved_by": null,
                     *           "approved_at": null,
                     *           "approval_reasons": [
                     *             "above_threshold"
                     *           ],
                     *           "requested_by_name": "API key shop",
                     *           "requested_by_email": null,
                     *           "approved_by_name": null,
                     *           "approved_by_email": null,
                     *           "retry_of": null,
                     *           "created_at": "2026-12-02T00:20:50.205Z",
                     *           "updated_at": "2026-12-02T00:20:50.205Z",
                     *           "sent_at": null,
                     *           "final_at": null,
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "transfer_reversal": null,
                     *           "fee_refund": null,
                     *           "payment": {
                     *             "id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                     *             "object": "payment",
                     *             "stripe_payment_intent_id": "pi_contract2",
                     *             "stripe_charge_id": null,
                     *             "order_id": "ord_2",
                     *             "customer_id": "cus_1",
                     *             "customer_email": "ada@example.com",
                     *             "fraud_flagged": false,
                     *             "metadata": {},
                     *             "amount": 300000,
                     *             "currency": "usd",
                     *             "captured_at": "2026-05-20T00:00:00.000Z",
                     *             "stripe_customer_id": "cus_stripe_1",
                     *             "stripe_amount_refunded": 0,
                     *             "disputed": false,
                     *             "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *             "amount_captured": 300000,
                     *             "amount_refunded": 0,
                     *             "amount_in_flight": 115000,
                     *             "amount_refundable": 185000,
                     *             "created_at": "2026-12-02T00:20:50.035Z",
                     *             "charge_type": "platform",
                     *             "stripe_account": null,
                     *             "connected_account": null,
                     *             "application_fee": null,
                     *             "transfer": null
                     *           }
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: {
                            /** @example rf_8Hq2LmZ0cV */
                            id: string;
                            /** @constant */
                            object: "refund";
                            payment_id: string;
                            /** @description In the minor unit of `currency`. */
                            amount: number;
                            currency: string;
                            /** @description duplicate, fraudulent, requested_by_customer or other. */
                            reason: string;
                            note: string | null;
                            metadata: {
                                [key: string]: unknown;
                            };
                            /** @enum {string} */
                            status: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
                            /**
                             * @description `external`: made directly in Stripe and found by reconciliation.
                             * @enum {string}
                             */
                            origin: "refundry" | "external";
                            requested_by: string;
                            /** @description The customer's status page is /r/{customer_token}; share it only with the customer. */
                            customer_token: string | null;
                            stripe_refund_id: string | null;
                            failure_code: string | null;
                            failure_message: string | null;
                            attempts: number;
                            approved_by: string | null;
                            approved_at: string | null;
                            requested_by_name?: string | null;
                            requested_by_email?: string | null;
                            approved_by_name?: string | null;
                            approved_by_email?: string | null;
                            /** @description The failed refund this one tries again. */
                            retry_of: string | null;
                            /**
                             * Format: date-time
                             * @example 2026-05-20T12:00:00.000Z
                             */
                            created_at: string;
                            /**
                             * Format: date-time
                             * @example 2026-05-20T12:00:00.000Z
                             */
                            updated_at: string;
                            sent_at: string | null;
                            final_at: string | null;
                            reverse_transfer: boolean;
                            refund_application_fee: boolean;
                            transfer_reversal: {
                                id: string;
                                amount: number | null;
                            } | null;
                            fee_refund: {
                                id: string;
                                amount: number | null;
                            } | null;
                            /** @description Why it waits (or waited) for an approver, as decided when it was accepted: above_threshold, fraud_flagged, transfer_uncovered (Connect: its share of the transfer is more than the transfer had left to reverse). */
                            approval_reasons: ("above_threshold" | "fraud_flagged" | "transfer_uncovered")[];
                            payment?: components["schemas"]["Payment"] | null;
                        }[];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    createRefund: {
        parameters: {
            query?: never;
            header?: {
                /** @description Any unique string (a UUID) per logical request, 1-255 printable characters. Retrying with the same key and body returns the first answer instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "payment_id": "pay_3kTf0aXbQ2",
                 *       "amount": 1250,
                 *       "reason": "requested_by_customer",
                 *       "note": "Sleeve torn on arrival",
                 *       "customer_id": "cus_4711"
                 *     }
                 */
                "application/json": {
                    payment_id?: string;
                    order_id?: string;
                    stripe_id?: string;
                    amount?: number;
                    currency?: string;
                    /** @enum {string} */
                    reason: "duplicate" | "fraudulent" | "requested_by_customer" | "other";
                    note?: string;
                    metadata?: {
                        [key: string]: string;
                    };
                    customer_id?: string;
                    stripe_account?: string;
                    reverse_transfer?: boolean;
                    refund_application_fee?: boolean;
                };
            };
        };
        responses: {
            /** @description Accepted (queued, or awaiting approval). */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description true when this is the stored answer to an earlier request. */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_8JbTMdJU3jhy6JudRstxgCzG",
                     *       "object": "refund",
                     *       "payment_id": "pay_Z7auJH0ZnswofuShSJ0HzDUi",
                     *       "amount": 5000,
                     *       "currency": "usd",
                     *       "reason": "requested_by_customer",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "awaiting_approval",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": null,
                     *       "failure_code": null,
                     *       "failure_message": null,
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [
                     *         "transfer_uncovered"
                     *       ],
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.419Z",
                     *       "updated_at": "2026-12-02T00:20:50.419Z",
                     *       "sent_at": null,
                     *       "final_at": null,
                     *       "reverse_transfer": true,
                     *       "refund_application_fee": true,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `ambiguous_order`, `payment_mismatch`, `payment_not_captured`, `account_mismatch`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "ambiguous_order" | "payment_mismatch" | "payment_not_captured" | "account_mismatch";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `idempotency_conflict`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "idempotency_conflict";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Understood, but refused. Codes: `policy_violation`, `idempotency_conflict`. */
            422: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "policy_violation" | "idempotency_conflict";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            payment_id?: string;
                            violations?: components["schemas"]["Violation"][];
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refund with its history. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *       "object": "refund",
                     *       "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *       "amount": 200,
                     *       "currency": "usd",
                     *       "reason": "duplicate",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "failed",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *       "failure_code": "expired_or_canceled_card",
                     *       "failure_message": "The card was canceled.",
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [],
                     *       "requested_by_name": "API key shop",
                     *       "requested_by_email": null,
                     *       "approved_by_name": null,
                     *       "approved_by_email": null,
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.308Z",
                     *       "updated_at": "2026-12-02T00:20:50.317Z",
                     *       "sent_at": "2026-12-02T00:20:50.311Z",
                     *       "final_at": "2026-12-02T00:20:50.317Z",
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null,
                     *       "history": [
                     *         {
                     *           "from": null,
                     *           "to": "queued",
                     *           "actor": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *           "actor_name": "API key shop",
                     *           "actor_email": null,
                     *           "reason": "requested",
                     *           "stripe_refund_id": null,
                     *           "stripe_event_id": null,
                     *           "at": "2026-12-02T00:20:50.308Z"
                     *         },
                     *         {
                     *           "from": "queued",
                     *           "to": "pending",
                     *           "actor": "worker",
                     *           "actor_name": "Refundry worker",
                     *           "actor_email": null,
                     *           "reason": null,
                     *           "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *           "stripe_event_id": null,
                     *           "at": "2026-12-02T00:20:50.311Z"
                     *         },
                     *         {
                     *           "from": "pending",
                     *           "to": "requires_action",
                     *           "actor": "worker",
                     *           "actor_name": "Refundry worker",
                     *           "actor_email": null,
                     *           "reason": null,
                     *           "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *           "stripe_event_id": null,
                     *           "at": "2026-12-02T00:20:50.315Z"
                     *         },
                     *         {
                     *           "from": "requires_action",
                     *           "to": "failed",
                     *           "actor": "worker",
                     *           "actor_name": "Refundry worker",
                     *           "actor_email": null,
                     *           "reason": null,
                     *           "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *           "stripe_event_id": null,
                     *           "at": "2026-12-02T00:20:50.317Z"
                     *         }
                     *       ],
                     *       "failure_text": "The card has expired or was canceled, so the bank refused the refund. Refund the customer another way; the money was returned to the merchant's Stripe balance.",
                     *       "retried_as": "rf_DPicEnf2yrlU4aXuAAACy2IX",
                     *       "emails": [
                     *         {
                     *           "id": "ntf_iPzwYtugxhWNpmIC3XbQMZfo",
                     *           "kind": "refund_failed",
                     *           "to": "ada@example.com",
                     *           "status": "pending",
                     *           "attempts": 0,
                     *           "queued_at": "2026-12-02T00:20:50.317Z",
                     *           "sent_at": null,
                     *           "last_attempt_at": null,
                     *           "next_attempt_at": "2026-12-02T00:20:50.317Z",
                     *           "last_error": null
                     *         }
                     *       ],
                     *       "payment": {
                     *         "id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *         "object": "payment",
                     *         "stripe_payment_intent_id": "pi_contract3",
                     *         "stripe_charge_id": null,
                     *         "order_id": "ord_3",
                     *         "customer_id": "cus_1",
                     *         "customer_email": "ada@example.com",
                     *         "fraud_flagged": false,
                     *         "metadata": {},
                     *         "amount": 10000,
                     *         "currency": "usd",
                     *         "captured_at": "2026-05-20T00:00:00.000Z",
                     *         "stripe_customer_id": "cus_stripe_1",
                     *         "stripe_amount_refunded": 0,
                     *         "disputed": false,
                     *         "stripe_synced_at": "2026-06-01T12:00:00.000Z",
                     *         "amount_captured": 10000,
                     *         "amount_refunded": 400,
                     *         "amount_in_flight": 200,
                     *         "amount_refundable": 9400,
                     *         "created_at": "2026-12-02T00:20:50.039Z",
                     *         "charge_type": "platform",
                     *         "stripe_account": null,
                     *         "connected_account": null,
                     *         "application_fee": null,
                     *         "transfer": null
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["RefundDetail"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    retryRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /** @example {} */
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description The new refund. */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_DPicEnf2yrlU4aXuAAACy2IX",
                     *       "object": "refund",
                     *       "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *       "amount": 200,
                     *       "currency": "usd",
                     *       "reason": "duplicate",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "queued",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": null,
                     *       "failure_code": null,
                     *       "failure_message": null,
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [],
                     *       "retry_of": "rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                     *       "created_at": "2026-12-02T00:20:50.321Z",
                     *       "updated_at": "2026-12-02T00:20:50.321Z",
                     *       "sent_at": null,
                     *       "final_at": null,
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `not_retryable`, `already_retried`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_retryable" | "already_retried";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            retried_as?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Understood, but refused. Codes: `policy_violation`. */
            422: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "policy_violation";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            payment_id?: string;
                            violations?: components["schemas"]["Violation"][];
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    markRefundedAnotherWay: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "note": "Paid back by bank transfer on 2026-06-03"
                 *     }
                 */
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description Recorded. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_egmrvaiwDMDlcc1ra5ojwrf2",
                     *       "object": "refund",
                     *       "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *       "amount": 300,
                     *       "currency": "usd",
                     *       "reason": "duplicate",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "refunded_another_way",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": "re_rf_egmrvaiwDMDlcc1ra5ojwrf2",
                     *       "failure_code": "expired_or_canceled_card",
                     *       "failure_message": "The card was canceled.",
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [],
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.342Z",
                     *       "updated_at": "2026-12-02T00:20:50.353Z",
                     *       "sent_at": "2026-12-02T00:20:50.346Z",
                     *       "final_at": "2026-12-02T00:20:50.353Z",
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `not_failed`, `already_retried`, `amount_exceeds_remaining`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_failed" | "already_retried" | "amount_exceeds_remaining";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            retried_as?: string;
                            amount?: number;
                            remaining?: number;
                            currency?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    cancelRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "reason": "The customer kept the order after all."
                 *     }
                 */
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Canceled. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_K3E2K67HNKdrWNdj0MTz23xM",
                     *       "object": "refund",
                     *       "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                     *       "amount": 100,
                     *       "currency": "usd",
                     *       "reason": "duplicate",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "canceled",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": null,
                     *       "failure_code": null,
                     *       "failure_message": null,
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [],
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.213Z",
                     *       "updated_at": "2026-12-02T00:20:50.244Z",
                     *       "sent_at": null,
                     *       "final_at": "2026-12-02T00:20:50.244Z",
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `not_cancelable`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_cancelable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    approveRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "reason": "ok"
                 *     }
                 */
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Approved: queued for Stripe. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_uNvc3YMKr1ijXL2rwjjkYRdh",
                     *       "object": "refund",
                     *       "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                     *       "amount": 55000,
                     *       "currency": "usd",
                     *       "reason": "duplicate",
                     *       "note": null,
                     *       "metadata": {},
                     *       "status": "queued",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": null,
                     *       "failure_code": null,
                     *       "failure_message": null,
                     *       "attempts": 0,
                     *       "approved_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "approved_at": "2026-12-02T00:20:50.260Z",
                     *       "approval_reasons": [
                     *         "above_threshold"
                     *       ],
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.195Z",
                     *       "updated_at": "2026-12-02T00:20:50.260Z",
                     *       "sent_at": null,
                     *       "final_at": null,
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`, `self_approval_forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin" | "self_approval_forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `not_approvable`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_approvable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    rejectRefund: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "reason": "Outside the goodwill policy: the item was used."
                 *     }
                 */
                "application/json": {
                    reason?: string;
                };
            };
        };
        responses: {
            /** @description Rejected. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rf_4wcSiT8aeEV2Jybdkppma6jL",
                     *       "object": "refund",
                     *       "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                     *       "amount": 60000,
                     *       "currency": "usd",
                     *       "reason": "other",
                     *       "note": "two rings",
                     *       "metadata": {},
                     *       "status": "rejected",
                     *       "origin": "refundry",
                     *       "requested_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                     *       "stripe_refund_id": null,
                     *       "failure_code": null,
                     *       "failure_message": null,
                     *       "attempts": 0,
                     *       "approved_by": null,
                     *       "approved_at": null,
                     *       "approval_reasons": [
                     *         "above_threshold"
                     *       ],
                     *       "retry_of": null,
                     *       "created_at": "2026-12-02T00:20:50.205Z",
                     *       "updated_at": "2026-12-02T00:20:50.286Z",
                     *       "sent_at": null,
                     *       "final_at": "2026-12-02T00:20:50.286Z",
                     *       "reverse_transfer": false,
                     *       "refund_application_fee": false,
                     *       "transfer_reversal": null,
                     *       "fee_refund": null
                     *     }
                     */
                    "application/json": components["schemas"]["Refund"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `not_rejectable`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_rejectable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    exportRefunds: {
        parameters: {
            query?: {
                status?: "awaiting_approval" | "queued" | "pending" | "requires_action" | "succeeded" | "failed" | "canceled" | "rejected" | "refunded_another_way";
                reason?: "duplicate" | "fraudulent" | "requested_by_customer" | "other";
                needs_approval?: "true" | "false";
                failed?: "true" | "false";
                q?: string;
                payment_id?: string;
                order_id?: string;
                customer_id?: string;
                account?: "platform" | string;
                created_gte?: string;
                created_lte?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The refunds. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example id,created_at,status,amount,amount_minor,currency,reason,note,payment_id,order_id,customer_email,account,stripe_refund_id,requested_by,requested_by_name,requested_by_email,approved_by,approved_by_name,approved_by_email,failure_code,final_at
                     *     rf_DPicEnf2yrlU4aXuAAACy2IX,2026-12-02T00:20:50.321Z,queued,2.00,200,usd,duplicate,,pay_UTTVjwqIrWhZp7sktMh8unb3,ord_3,ada@example.com,,,key:key_1Es8a5wujERwBC8Slv5WISbC,API key shop,,,,,,
                     *     rf_uNvc3YMKr1ijXL2rwjjkYRdh,2026-12-02T00:20:50.195Z,queued,550.00,55000,usd,duplicate,,pay_lpvdTyGYyZfc2TqLsyOOeFib,ord_2,ada@example.com,,,key:key_1Es8a5wujERwBC8Slv5WISbC,API key shop,,key:key_IpI0bGt3WFEr0apa2ued1bgr,API key admin,,,
                     *     rf_utLaXzBk4IjtHtMEbjhLynbr,2026-12-02T00:20:50.135Z,queued,25.00,2500,usd,requested_by_customer,,pay_i0ylDThRULGUGLIfQco2EEYH,ord_1,ada@example.com,,,key:key_1Es8a5wujERwBC8Slv5WISbC,API key shop,,,,,,
                     */
                    "text/csv": string;
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getOverview: {
        parameters: {
            query?: {
                from?: string;
                to?: string;
                account?: "platform" | string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The overview for the range (default: 30 days). */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "overview",
                     *       "from": "2026-05-02T12:00:00.000Z",
                     *       "to": "2026-06-01T12:00:00.000Z",
                     *       "refunds_per_day": [
                     *         {
                     *           "day": "2026-05-02",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-03",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-04",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-05",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-06",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-07",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-08",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-09",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-10",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-11",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-12",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-13",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-14",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-15",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-16",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-17",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-18",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-19",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-20",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-21",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-22",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-23",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-24",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-25",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-26",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-27",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-28",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-29",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-30",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-05-31",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         },
                     *         {
                     *           "day": "2026-06-01",
                     *           "succeeded": 0,
                     *           "failed": 0,
                     *           "in_flight": 0,
                     *           "canceled": 0,
                     *           "rejected": 0,
                     *           "blocked": 0
                     *         }
                     *       ],
                     *       "time_to_final": {
                     *         "count": 0,
                     *         "p50_seconds": null,
                     *         "p90_seconds": null,
                     *         "p99_seconds": null
                     *       },
                     *       "failure_reasons": [],
                     *       "queue": {
                     *         "depth": 1,
                     *         "oldest_age_seconds": 0,
                     *         "sent_awaiting_stripe": 0
                     *       },
                     *       "approvals": {
                     *         "waiting": 1,
                     *         "oldest_age_seconds": 0
                     *       },
                     *       "webhooks": {
                     *         "available": true,
                     *         "received": 0,
                     *         "applied": 0,
                     *         "failed": 0,
                     *         "unapplied": 0,
                     *         "bad_signatures": null,
                     *         "bad_signatures_since_start": 0
                     *       },
                     *       "account": "acct_contractShop1",
                     *       "accounts": []
                     *     }
                     */
                    "application/json": components["schemas"]["Overview"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listConnectedAccounts: {
        parameters: {
            query?: {
                limit?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The accounts. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "acct_contractShop1",
                     *           "object": "connected_account",
                     *           "name": null,
                     *           "country": null,
                     *           "default_currency": null,
                     *           "first_seen_at": "2026-12-02T00:20:50.406Z",
                     *           "last_activity_at": "2026-12-02T00:20:50.412Z"
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["ConnectedAccount"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getConnectedAccount: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The account. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "acct_contractShop1",
                     *       "object": "connected_account",
                     *       "name": null,
                     *       "country": null,
                     *       "default_currency": null,
                     *       "first_seen_at": "2026-12-02T00:20:50.406Z",
                     *       "last_activity_at": "2026-12-02T00:20:50.412Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ConnectedAccount"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listRefundBatches: {
        parameters: {
            query?: {
                limit?: string;
                starting_after?: string;
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of batches, newest first. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "bat_0lUKhrNHayemNdoElUT1Lzow",
                     *           "object": "refund_batch",
                     *           "status": "queued",
                     *           "dry_run": true,
                     *           "source": "json",
                     *           "created_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *           "total": 1,
                     *           "processed": 0,
                     *           "counts": {},
                     *           "error": null,
                     *           "created_at": "2026-12-02T00:20:50.497Z",
                     *           "started_at": null,
                     *           "finished_at": null,
                     *           "rows_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows",
                     *           "rows_csv_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows.csv"
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["RefundBatch"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    createRefundBatch: {
        parameters: {
            query?: {
                dry_run?: "0" | "1" | "true" | "false";
            };
            header?: {
                /** @description Any unique string (a UUID) per logical request, 1-255 printable characters. Retrying with the same key and body returns the first answer instead of acting twice. */
                "Idempotency-Key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "dry_run": true,
                 *       "rows": [
                 *         {
                 *           "order_id": "ord_1001",
                 *           "amount": "all",
                 *           "reason": "requested_by_customer"
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": {
                    dry_run?: boolean;
                    rows: {
                        payment_id?: string;
                        order_id?: string;
                        stripe_id?: string;
                        amount: string;
                        reason: string;
                        note?: string;
                        currency?: string;
                        reverse_transfer?: string;
                        refund_application_fee?: string;
                    }[];
                };
                "text/csv": string;
            };
        };
        responses: {
            /** @description The batch this Idempotency-Key made earlier. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description The batch. */
                    Location?: string;
                    /** @description true */
                    "Idempotent-Replayed"?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "bat_0lUKhrNHayemNdoElUT1Lzow",
                     *       "object": "refund_batch",
                     *       "status": "queued",
                     *       "dry_run": true,
                     *       "source": "json",
                     *       "created_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "total": 1,
                     *       "processed": 0,
                     *       "counts": {},
                     *       "error": null,
                     *       "created_at": "2026-12-02T00:20:50.497Z",
                     *       "started_at": null,
                     *       "finished_at": null,
                     *       "rows_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows",
                     *       "rows_csv_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows.csv"
                     *     }
                     */
                    "application/json": components["schemas"]["RefundBatch"];
                };
            };
            /** @description Accepted; it runs in the background. */
            202: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description The batch. */
                    Location?: string;
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "bat_0lUKhrNHayemNdoElUT1Lzow",
                     *       "object": "refund_batch",
                     *       "status": "queued",
                     *       "dry_run": true,
                     *       "source": "json",
                     *       "created_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "total": 1,
                     *       "processed": 0,
                     *       "counts": {},
                     *       "error": null,
                     *       "created_at": "2026-12-02T00:20:50.497Z",
                     *       "started_at": null,
                     *       "finished_at": null,
                     *       "rows_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows",
                     *       "rows_csv_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows.csv"
                     *     }
                     */
                    "application/json": components["schemas"]["RefundBatch"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `invalid_csv`, `too_many_rows`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "invalid_csv" | "too_many_rows";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            expected_columns?: string[];
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Understood, but refused. Codes: `idempotency_conflict`. */
            422: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "idempotency_conflict";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getRefundBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The batch. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "bat_0lUKhrNHayemNdoElUT1Lzow",
                     *       "object": "refund_batch",
                     *       "status": "queued",
                     *       "dry_run": true,
                     *       "source": "json",
                     *       "created_by": "key:key_1Es8a5wujERwBC8Slv5WISbC",
                     *       "total": 1,
                     *       "processed": 0,
                     *       "counts": {},
                     *       "error": null,
                     *       "created_at": "2026-12-02T00:20:50.497Z",
                     *       "started_at": null,
                     *       "finished_at": null,
                     *       "rows_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows",
                     *       "rows_csv_url": "/api/v1/refund-batches/bat_0lUKhrNHayemNdoElUT1Lzow/rows.csv"
                     *     }
                     */
                    "application/json": components["schemas"]["RefundBatch"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listRefundBatchRows: {
        parameters: {
            query?: {
                limit?: string;
                starting_after?: string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows in file order. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "seq": 1,
                     *           "line": 1,
                     *           "input": {
                     *             "amount": "1.00",
                     *             "reason": "duplicate",
                     *             "order_id": "ord_1"
                     *           },
                     *           "outcome": null,
                     *           "refund_id": null,
                     *           "payment_id": null,
                     *           "amount": null,
                     *           "currency": null,
                     *           "refund_status": null,
                     *           "error_code": null,
                     *           "message": null,
                     *           "violations": null,
                     *           "processed_at": null
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["RefundBatchRow"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    exportRefundBatchRows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every row with its outcome. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example line,payment_id,order_id,stripe_id,amount,reason,note,currency,reverse_transfer,refund_application_fee,outcome,refund_id,refund_status,resolved_payment_id,refund_amount,refund_currency,error_code,message
                     *     1,,ord_1,,1.00,duplicate,,,,,pending,,,,,,,
                     */
                    "text/csv": string;
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every endpoint with its delivery counts. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *           "object": "webhook_endpoint",
                     *           "url": "https://hooks.shop.example/refundry",
                     *           "description": null,
                     *           "enabled_events": [
                     *             "*"
                     *           ],
                     *           "status": "enabled",
                     *           "created_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *           "created_at": "2026-12-02T00:20:49.956Z",
                     *           "disabled_at": null,
                     *           "deliveries": {
                     *             "pending": 0,
                     *             "sent": 0,
                     *             "failed": 0,
                     *             "skipped": 0
                     *           }
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "url": "https://shop.example.com/hooks/refundry",
                 *       "enabled_events": [
                 *         "refund.succeeded",
                 *         "refund.failed"
                 *       ]
                 *     }
                 */
                "application/json": {
                    url: string;
                    /**
                     * @default [
                     *       "*"
                     *     ]
                     */
                    enabled_events?: ("*" | "refund.created" | "refund.awaiting_approval" | "refund.approved" | "refund.pending" | "refund.requires_action" | "refund.succeeded" | "refund.failed" | "refund.canceled" | "refund.rejected" | "refund.refunded_another_way")[];
                    description?: string;
                };
            };
        };
        responses: {
            /** @description Registered; the secret is in this response only. */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://hooks.shop.example/refundry",
                     *       "description": null,
                     *       "enabled_events": [
                     *         "*"
                     *       ],
                     *       "status": "enabled",
                     *       "created_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "created_at": "2026-12-02T00:20:49.956Z",
                     *       "disabled_at": null,
                     *       "secret": "whsec_EXAMPLEexampleEXAMPLEexampleEXAMPLE000"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "webhook_endpoint";
                        url: string;
                        description: string | null;
                        /** @description `*` or refund event types. */
                        enabled_events: string[];
                        /** @enum {string} */
                        status: "enabled" | "disabled";
                        created_by: string | null;
                        /**
                         * Format: date-time
                         * @example 2026-05-20T12:00:00.000Z
                         */
                        created_at: string;
                        disabled_at: string | null;
                        /** @description The signing secret (whsec_…) for verifyRefundrySignature, shown this once. */
                        secret: string;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `address_not_allowed`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "address_not_allowed";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint with its delivery counts. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://hooks.shop.example/refundry",
                     *       "description": null,
                     *       "enabled_events": [
                     *         "*"
                     *       ],
                     *       "status": "enabled",
                     *       "created_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "created_at": "2026-12-02T00:20:49.956Z",
                     *       "disabled_at": null,
                     *       "deliveries": {
                     *         "pending": 0,
                     *         "sent": 0,
                     *         "failed": 0,
                     *         "skipped": 0
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    disableWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disabled. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *       "object": "webhook_endpoint",
                     *       "url": "https://hooks.shop.example/refundry",
                     *       "description": null,
                     *       "enabled_events": [
                     *         "*"
                     *       ],
                     *       "status": "disabled",
                     *       "created_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "created_at": "2026-12-02T00:20:49.956Z",
                     *       "disabled_at": "2026-12-02T00:20:50.484Z"
                     *     }
                     */
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                status?: "pending" | "sent" | "failed" | "skipped";
                channel?: "email" | "webhook";
                refund_id?: string;
                limit?: string;
                starting_after?: string;
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of notifications. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "has_more": true,
                     *       "data": [
                     *         {
                     *           "id": "ntf_8ab867c8342d4e72b612f9431f74b81c",
                     *           "object": "notification",
                     *           "refund_id": "rf_nkkkf4fb5mJ2VZnJ9Q2pk93x",
                     *           "channel": "webhook",
                     *           "kind": "refund.created",
                     *           "recipient": null,
                     *           "endpoint_id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *           "event_id": "evt_JUR38qkSFQMbXzPEe8RlSyXM",
                     *           "status": "pending",
                     *           "attempts": 0,
                     *           "next_attempt_at": "2026-12-02T00:20:50.428Z",
                     *           "last_error": null,
                     *           "created_at": "2026-12-02T00:20:50.428Z",
                     *           "sent_at": null
                     *         },
                     *         {
                     *           "id": "ntf_f1cbbae11e784449a446a21ad277aece",
                     *           "object": "notification",
                     *           "refund_id": "rf_8JbTMdJU3jhy6JudRstxgCzG",
                     *           "channel": "webhook",
                     *           "kind": "refund.awaiting_approval",
                     *           "recipient": null,
                     *           "endpoint_id": "we_foWOl4sqprhg1fD9O4cK10A5",
                     *           "event_id": "evt_Vj6evVcUocxoxAEvQkh4MlVP",
                     *           "status": "pending",
                     *           "attempts": 0,
                     *           "next_attempt_at": "2026-12-02T00:20:50.419Z",
                     *           "last_error": null,
                     *           "created_at": "2026-12-02T00:20:50.419Z",
                     *           "sent_at": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["Notification"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    retryNotification: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Back in the queue. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "ntf_1237c93029d84b1888e6b81b9fee710a",
                     *       "object": "notification",
                     *       "status": "pending"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "notification";
                        /** @constant */
                        status: "pending";
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listReconciliationRuns: {
        parameters: {
            query?: {
                limit?: string;
                starting_after?: string;
                ending_before?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of runs, newest first. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "rcn_j8IXLFCLONGlbU3VzwrTW5EP",
                     *           "object": "reconciliation_run",
                     *           "window": {
                     *             "from": "2026-05-01T00:00:00.000Z",
                     *             "to": "2026-06-01T12:00:00.000Z"
                     *           },
                     *           "status": "completed",
                     *           "triggered_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *           "triggered_by_name": "API key admin",
                     *           "triggered_by_email": null,
                     *           "schedule_key": null,
                     *           "stripe_refunds": 0,
                     *           "counts": {},
                     *           "healed": 0,
                     *           "flagged": 0,
                     *           "open": 0,
                     *           "needs_attention": false,
                     *           "error": null,
                     *           "created_at": "2026-12-02T00:20:50.532Z",
                     *           "started_at": "2026-12-02T00:20:50.540Z",
                     *           "finished_at": "2026-12-02T00:20:50.544Z",
                     *           "duration_seconds": 0.004
                     *         }
                     *       ],
                     *       "has_more": false
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["ReconciliationRun"][];
                        has_more: boolean;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    startReconciliationRun: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "from": "2026-05-01T00:00:00Z",
                 *       "to": "2026-06-01T12:00:00Z"
                 *     }
                 */
                "application/json": {
                    from?: string;
                    to?: string;
                };
            };
        };
        responses: {
            /** @description Accepted; poll the run. */
            202: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rcn_j8IXLFCLONGlbU3VzwrTW5EP",
                     *       "object": "reconciliation_run",
                     *       "window": {
                     *         "from": "2026-05-01T00:00:00.000Z",
                     *         "to": "2026-06-01T12:00:00.000Z"
                     *       },
                     *       "status": "waiting",
                     *       "triggered_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "schedule_key": null,
                     *       "stripe_refunds": 0,
                     *       "counts": {},
                     *       "healed": 0,
                     *       "flagged": 0,
                     *       "open": 0,
                     *       "needs_attention": false,
                     *       "error": null,
                     *       "created_at": "2026-12-02T00:20:50.532Z",
                     *       "started_at": null,
                     *       "finished_at": null,
                     *       "duration_seconds": null
                     *     }
                     */
                    "application/json": components["schemas"]["ReconciliationRun"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getReconciliationRun: {
        parameters: {
            query?: {
                limit?: string;
                starting_after?: string;
                kind?: "status_mismatch" | "amount_mismatch" | "currency_mismatch" | "missing_here" | "unknown_payment" | "missing_at_stripe" | "duplicate_at_stripe";
                open?: "true" | "false";
                account?: "platform" | string;
            };
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run and a page of its discrepancies. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "rcn_j8IXLFCLONGlbU3VzwrTW5EP",
                     *       "object": "reconciliation_run",
                     *       "window": {
                     *         "from": "2026-05-01T00:00:00.000Z",
                     *         "to": "2026-06-01T12:00:00.000Z"
                     *       },
                     *       "status": "completed",
                     *       "triggered_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "triggered_by_name": "API key admin",
                     *       "triggered_by_email": null,
                     *       "schedule_key": null,
                     *       "stripe_refunds": 0,
                     *       "counts": {},
                     *       "healed": 0,
                     *       "flagged": 0,
                     *       "open": 1,
                     *       "needs_attention": true,
                     *       "error": null,
                     *       "created_at": "2026-12-02T00:20:50.532Z",
                     *       "started_at": "2026-12-02T00:20:50.540Z",
                     *       "finished_at": "2026-12-02T00:20:50.544Z",
                     *       "duration_seconds": 0.004,
                     *       "accounts": [],
                     *       "discrepancies": {
                     *         "object": "list",
                     *         "data": [
                     *           {
                     *             "id": "dsc_contract",
                     *             "object": "reconciliation_discrepancy",
                     *             "run_id": "rcn_j8IXLFCLONGlbU3VzwrTW5EP",
                     *             "kind": "missing_at_stripe",
                     *             "action": "flagged",
                     *             "detail": "Stripe has no such refund.",
                     *             "refund_id": null,
                     *             "stripe_refund_id": null,
                     *             "payment_id": null,
                     *             "account": null,
                     *             "stripe": null,
                     *             "local": null,
                     *             "resolved_at": null,
                     *             "resolved_by": null,
                     *             "resolved_by_name": null,
                     *             "resolved_by_email": null,
                     *             "resolution_note": null,
                     *             "created_at": "2026-12-02T00:20:50.580Z"
                     *           }
                     *         ],
                     *         "has_more": false
                     *       }
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "reconciliation_run";
                        window: {
                            from: string | null;
                            to: string | null;
                        };
                        /** @enum {string} */
                        status: "waiting" | "running" | "completed" | "failed" | "canceled";
                        triggered_by: string;
                        triggered_by_name?: string | null;
                        triggered_by_email?: string | null;
                        schedule_key: string | null;
                        stripe_refunds: number;
                        /** @description Pairs by kind: matched, and each discrepancy kind. */
                        counts: {
                            [key: string]: number;
                        };
                        healed: number;
                        flagged: number;
                        /** @description Flagged discrepancies nobody has resolved yet. */
                        open: number;
                        needs_attention: boolean;
                        error: string | null;
                        created_at: string | null;
                        started_at: string | null;
                        finished_at: string | null;
                        duration_seconds: number | null;
                        accounts: {
                            account: string;
                            stripe_refunds: number;
                            counts: {
                                [key: string]: number;
                            };
                            matched: number;
                            discrepancies: number;
                        }[];
                        discrepancies: {
                            /** @constant */
                            object: "list";
                            data: components["schemas"]["Discrepancy"][];
                            has_more: boolean;
                        };
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    resolveDiscrepancy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "note": "Checked with finance."
                 *     }
                 */
                "application/json": {
                    note: string;
                };
            };
        };
        responses: {
            /** @description Resolved. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "dsc_contract",
                     *       "object": "reconciliation_discrepancy",
                     *       "run_id": "rcn_j8IXLFCLONGlbU3VzwrTW5EP",
                     *       "kind": "missing_at_stripe",
                     *       "action": "flagged",
                     *       "detail": "Stripe has no such refund.",
                     *       "refund_id": null,
                     *       "stripe_refund_id": null,
                     *       "payment_id": null,
                     *       "account": null,
                     *       "stripe": null,
                     *       "local": null,
                     *       "resolved_at": "2026-12-02T00:20:50.586Z",
                     *       "resolved_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "resolved_by_name": "API key admin",
                     *       "resolved_by_email": null,
                     *       "resolution_note": "Checked with finance.",
                     *       "created_at": "2026-12-02T00:20:50.580Z"
                     *     }
                     */
                    "application/json": components["schemas"]["Discrepancy"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `already_resolved`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "already_resolved";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listUsers: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every user. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *           "object": "user",
                     *           "email": "agent@example.com",
                     *           "name": "Agent",
                     *           "role": "approver",
                     *           "scopes": [
                     *             "payments:read",
                     *             "refunds:read",
                     *             "refunds:write",
                     *             "refunds:approve"
                     *           ],
                     *           "disabled": false,
                     *           "disabled_at": null,
                     *           "sign_in_delayed_until": null,
                     *           "last_login_at": null,
                     *           "password_changed_at": "2026-12-02T00:20:49.777Z",
                     *           "created_at": "2026-12-02T00:20:49.777Z"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["User"][];
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    createUser: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "grace@example.com",
                 *       "name": "Grace",
                 *       "role": "agent"
                 *     }
                 */
                "application/json": {
                    email: string;
                    name?: string;
                    /** @enum {string} */
                    role: "viewer" | "agent" | "approver" | "admin";
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *       "object": "user",
                     *       "email": "agent@example.com",
                     *       "name": "Agent",
                     *       "role": "approver",
                     *       "scopes": [
                     *         "payments:read",
                     *         "refunds:read",
                     *         "refunds:write",
                     *         "refunds:approve"
                     *       ],
                     *       "disabled": false,
                     *       "disabled_at": null,
                     *       "sign_in_delayed_until": null,
                     *       "last_login_at": null,
                     *       "password_changed_at": "2026-12-02T00:20:49.777Z",
                     *       "created_at": "2026-12-02T00:20:49.777Z",
                     *       "password": "correct horse battery staple"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "user";
                        email: string;
                        name: string;
                        /** @enum {string} */
                        role: "viewer" | "agent" | "approver" | "admin";
                        scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
                        disabled: boolean;
                        disabled_at: string | null;
                        /** @description Some client failing to sign in to this account waits until then (others do not). */
                        sign_in_delayed_until: string | null;
                        last_login_at: string | null;
                        password_changed_at: string | null;
                        created_at: string | null;
                        /** @description A generated password, shown this once. */
                        password?: string;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `invalid_password`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "invalid_password";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `email_taken`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "email_taken";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    updateUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "A. Gent"
                 *     }
                 */
                "application/json": {
                    name?: string;
                    /** @enum {string} */
                    role?: "viewer" | "agent" | "approver" | "admin";
                    disabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Updated. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *       "object": "user",
                     *       "email": "agent@example.com",
                     *       "name": "A. Gent",
                     *       "role": "approver",
                     *       "scopes": [
                     *         "payments:read",
                     *         "refunds:read",
                     *         "refunds:write",
                     *         "refunds:approve"
                     *       ],
                     *       "disabled": false,
                     *       "disabled_at": null,
                     *       "sign_in_delayed_until": null,
                     *       "last_login_at": null,
                     *       "password_changed_at": "2026-12-02T00:20:49.777Z",
                     *       "created_at": "2026-12-02T00:20:49.777Z"
                     *     }
                     */
                    "application/json": components["schemas"]["User"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Conflicts with the current state. Codes: `last_admin`. */
            409: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "last_admin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    resetPassword: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                /**
                 * @example {
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": {
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Changed. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *       "object": "user",
                     *       "email": "agent@example.com",
                     *       "name": "A. Gent",
                     *       "role": "approver",
                     *       "scopes": [
                     *         "payments:read",
                     *         "refunds:read",
                     *         "refunds:write",
                     *         "refunds:approve"
                     *       ],
                     *       "disabled": false,
                     *       "disabled_at": null,
                     *       "sign_in_delayed_until": null,
                     *       "last_login_at": null,
                     *       "password_changed_at": "2026-12-02T00:20:49.876Z",
                     *       "created_at": "2026-12-02T00:20:49.777Z"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "user";
                        email: string;
                        name: string;
                        /** @enum {string} */
                        role: "viewer" | "agent" | "approver" | "admin";
                        scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
                        disabled: boolean;
                        disabled_at: string | null;
                        /** @description Some client failing to sign in to this account waits until then (others do not). */
                        sign_in_delayed_until: string | null;
                        last_login_at: string | null;
                        password_changed_at: string | null;
                        created_at: string | null;
                        /** @description A generated password, shown this once. */
                        password?: string;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `invalid_password`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "invalid_password";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    listApiKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every key (never the key itself). */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "list",
                     *       "data": [
                     *         {
                     *           "id": "key_IpI0bGt3WFEr0apa2ued1bgr",
                     *           "object": "api_key",
                     *           "name": "admin",
                     *           "prefix": "rfk_lp5O",
                     *           "scopes": [
                     *             "admin"
                     *           ],
                     *           "revoked": false,
                     *           "created_at": "2026-12-02T00:20:48.248Z",
                     *           "revoked_at": null
                     *         },
                     *         {
                     *           "id": "key_1Es8a5wujERwBC8Slv5WISbC",
                     *           "object": "api_key",
                     *           "name": "shop",
                     *           "prefix": "rfk_QbF1",
                     *           "scopes": [
                     *             "payments:write",
                     *             "payments:read",
                     *             "refunds:read",
                     *             "refunds:write"
                     *           ],
                     *           "revoked": false,
                     *           "created_at": "2026-12-02T00:20:48.259Z",
                     *           "revoked_at": null
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        object: "list";
                        data: components["schemas"]["ApiKey"][];
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "shop backend",
                 *       "scopes": [
                 *         "payments:write",
                 *         "payments:read",
                 *         "refunds:read",
                 *         "refunds:write"
                 *       ]
                 *     }
                 */
                "application/json": {
                    name: string;
                    scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
                };
            };
        };
        responses: {
            /** @description Created. */
            201: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "key_BbkG9jCfthYnqRFzA736lOfN",
                     *       "object": "api_key",
                     *       "name": "tmp",
                     *       "prefix": "rfk_nCWb",
                     *       "scopes": [
                     *         "refunds:read"
                     *       ],
                     *       "revoked": false,
                     *       "created_at": "2026-12-02T00:20:49.899Z",
                     *       "revoked_at": null,
                     *       "key": "rfk_EXAMPLEexampleEXAMPLEexample00"
                     *     }
                     */
                    "application/json": {
                        id: string;
                        /** @constant */
                        object: "api_key";
                        name: string;
                        /** @description The first characters of the key, to recognise it. */
                        prefix: string;
                        scopes: ("payments:write" | "payments:read" | "refunds:read" | "refunds:write" | "refunds:approve" | "admin")[];
                        revoked: boolean;
                        created_at: string | null;
                        revoked_at: string | null;
                        /** @description The key (rfk_…), shown this once; Refundry keeps only a hash. */
                        key: string;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Revoked. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "id": "key_BbkG9jCfthYnqRFzA736lOfN",
                     *       "object": "api_key",
                     *       "name": "tmp",
                     *       "prefix": "rfk_nCWb",
                     *       "scopes": [
                     *         "refunds:read"
                     *       ],
                     *       "revoked": true,
                     *       "created_at": "2026-12-02T00:20:49.899Z",
                     *       "revoked_at": "2026-12-02T00:20:49.907Z"
                     *     }
                     */
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getPolicySettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The settings in force and the defaults. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "policy_settings",
                     *       "refund_window_days": 90,
                     *       "approval_threshold": 50000,
                     *       "approval_thresholds": {},
                     *       "blocked_reasons": [],
                     *       "allow_self_approval": false,
                     *       "fraud_flagged_refunds": "refuse",
                     *       "defaults": {
                     *         "refund_window_days": 90,
                     *         "approval_threshold": 50000,
                     *         "approval_thresholds": {},
                     *         "blocked_reasons": [],
                     *         "allow_self_approval": false,
                     *         "fraud_flagged_refunds": "refuse"
                     *       },
                     *       "overridden": {
                     *         "refund_window_days": false,
                     *         "approval_threshold": false,
                     *         "approval_thresholds": false,
                     *         "blocked_reasons": false,
                     *         "allow_self_approval": false,
                     *         "fraud_flagged_refunds": false,
                     *         "connect": {
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "approve_uncovered": false
                     *         }
                     *       },
                     *       "connect": {
                     *         "reverse_transfer": false,
                     *         "refund_application_fee": false,
                     *         "approve_uncovered": true,
                     *         "defaults": {
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "approve_uncovered": true
                     *         }
                     *       },
                     *       "updated_by": null,
                     *       "updated_by_name": null,
                     *       "updated_by_email": null,
                     *       "updated_at": null
                     *     }
                     */
                    "application/json": components["schemas"]["PolicySettings"];
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    updatePolicySettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "approval_threshold": 50000
                 *     }
                 */
                "application/json": {
                    refund_window_days?: number | null;
                    approval_threshold?: number | null;
                    approval_thresholds?: {
                        [key: string]: number;
                    } | null;
                    blocked_reasons?: ("duplicate" | "fraudulent" | "requested_by_customer" | "other")[] | null;
                    allow_self_approval?: boolean | null;
                    fraud_flagged_refunds?: ("refuse" | "with_approval") | null;
                    connect?: {
                        reverse_transfer?: boolean | null;
                        refund_application_fee?: boolean | null;
                        approve_uncovered?: boolean | null;
                    };
                };
            };
        };
        responses: {
            /** @description The settings now in force. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "policy_settings",
                     *       "refund_window_days": 60,
                     *       "approval_threshold": 50000,
                     *       "approval_thresholds": {},
                     *       "blocked_reasons": [],
                     *       "allow_self_approval": false,
                     *       "fraud_flagged_refunds": "refuse",
                     *       "defaults": {
                     *         "refund_window_days": 90,
                     *         "approval_threshold": 50000,
                     *         "approval_thresholds": {},
                     *         "blocked_reasons": [],
                     *         "allow_self_approval": false,
                     *         "fraud_flagged_refunds": "refuse"
                     *       },
                     *       "overridden": {
                     *         "refund_window_days": true,
                     *         "approval_threshold": false,
                     *         "approval_thresholds": false,
                     *         "blocked_reasons": false,
                     *         "allow_self_approval": false,
                     *         "fraud_flagged_refunds": false,
                     *         "connect": {
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "approve_uncovered": false
                     *         }
                     *       },
                     *       "connect": {
                     *         "reverse_transfer": false,
                     *         "refund_application_fee": false,
                     *         "approve_uncovered": true,
                     *         "defaults": {
                     *           "reverse_transfer": false,
                     *           "refund_application_fee": false,
                     *           "approve_uncovered": true
                     *         }
                     *       },
                     *       "updated_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "updated_by_name": "API key admin",
                     *       "updated_by_email": null,
                     *       "updated_at": "2026-12-02T00:20:49.929Z"
                     *     }
                     */
                    "application/json": components["schemas"]["PolicySettings"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getMerchantProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The profile. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "merchant_profile",
                     *       "name": null,
                     *       "support_email": null,
                     *       "support_url": null,
                     *       "support_phone": null,
                     *       "updated_by": null,
                     *       "updated_by_name": null,
                     *       "updated_by_email": null,
                     *       "updated_at": null
                     *     }
                     */
                    "application/json": components["schemas"]["MerchantProfile"];
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    updateMerchantProfile: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Shop Example",
                 *       "support_email": "help@shop.example"
                 *     }
                 */
                "application/json": {
                    name?: "" | string | null;
                    support_email?: "" | string | null;
                    support_url?: "" | string | null;
                    support_phone?: "" | string | null;
                };
            };
        };
        responses: {
            /** @description The profile now. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "object": "merchant_profile",
                     *       "name": "Shop Example",
                     *       "support_email": "help@shop.example",
                     *       "support_url": null,
                     *       "support_phone": null,
                     *       "updated_by": "key:key_IpI0bGt3WFEr0apa2ued1bgr",
                     *       "updated_by_name": "API key admin",
                     *       "updated_by_email": null,
                     *       "updated_at": "2026-12-02T00:20:49.921Z"
                     *     }
                     */
                    "application/json": components["schemas"]["MerchantProfile"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `forbidden`, `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "forbidden" | "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            required_scope?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "agent@example.com",
                 *       "password": "correct horse battery staple"
                 *     }
                 */
                "application/json": {
                    email: string;
                    password: string;
                };
            };
        };
        responses: {
            /** @description Signed in. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "allow_self_approval": false,
                     *       "user": {
                     *         "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *         "email": "agent@example.com",
                     *         "name": "A. Gent",
                     *         "role": "approver"
                     *       },
                     *       "scopes": [
                     *         "payments:read",
                     *         "refunds:read",
                     *         "refunds:write",
                     *         "refunds:approve"
                     *       ],
                     *       "csrf_token": "EXAMPLEcsrfTokenEXAMPLEcsrfToken",
                     *       "session": {
                     *         "expires_at": "2026-06-02T00:00:00.000Z",
                     *         "idle_expires_at": "2026-06-01T12:30:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not authenticated. Codes: `invalid_credentials`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_credentials";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not allowed. Codes: `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Too many attempts; wait Retry-After seconds. Codes: `sign_in_delayed`, `too_many_attempts`. */
            429: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "sign_in_delayed" | "too_many_attempts";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                            retry_after_seconds?: number;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out (the cookie is cleared). */
            204: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Not allowed. Codes: `csrf_token_missing`, `csrf_token_invalid`, `cross_origin`. */
            403: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "csrf_token_missing" | "csrf_token_invalid" | "cross_origin";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    getSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The session. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "allow_self_approval": false,
                     *       "user": {
                     *         "id": "usr_BS2MzJ243EkrPE4Z2iy99iqR",
                     *         "email": "agent@example.com",
                     *         "name": "A. Gent",
                     *         "role": "approver"
                     *       },
                     *       "scopes": [
                     *         "payments:read",
                     *         "refunds:read",
                     *         "refunds:write",
                     *         "refunds:approve"
                     *       ],
                     *       "csrf_token": "EXAMPLEcsrfTokenEXAMPLEcsrfToken",
                     *       "session": {
                     *         "expires_at": "2026-06-02T00:00:00.000Z",
                     *         "idle_expires_at": "2026-06-01T12:30:00.000Z"
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["Session"];
                };
            };
            /** @description Not authenticated. Codes: `unauthenticated`. */
            401: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unauthenticated";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `database_unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "database_unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    customerStatusPage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The refund's customer_token (32 base62 characters). */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The page. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example <!doctype html>
                     *     <html lang="en">
                     *     <head>
                     *     <meta charset="utf-8">
                     *     <meta name="viewport" content="width=device-width, initial-scale=1">
                     *     <meta name="robots" content="noindex, nofollow">
                     *     <meta name="referrer" content="no-referrer">
                     *     <title>Your refund · Shop Example</title>
                     *     <style nonce="bm9CWyVRyRds0MpEvSjfLg==">
                     *     :root { color-scheme: light dark; --fg:#1f2430; --muted:#5b6270; --bg:#f5f6f8; --card:#fff; --line:#d7dbe2;
                     *       --ok:#1d7a46; --bad:#b42318; --now:#2454d6; }
                     *     @media (prefers-color-scheme: dark) { :root { --fg:#e8eaef; --muted:#a7adb8; --bg:#15171c; --card:#1f2229;
                     */
                    "text/html": string;
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description No refund has this token (the same page for every unknown token). */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    customerStatus: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The refund's customer_token (32 base62 characters). */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The status. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "stage": "requested",
                     *       "headline": "We have received your refund request",
                     *       "message": "We will send your refund to your bank shortly.",
                     *       "amount": "$25.00",
                     *       "payment": "Order ord_1",
                     *       "steps": [
                     *         {
                     *           "key": "requested",
                     *           "label": "Requested",
                     *           "state": "current",
                     *           "at": "2026-12-02T00:20:50.135Z"
                     *         },
                     *         {
                     *           "key": "processing",
                     *           "label": "Processing",
                     *           "state": "upcoming",
                     *           "at": null
                     *         },
                     *         {
                     *           "key": "outcome",
                     *           "label": "Refunded",
                     *           "state": "upcoming",
                     *           "at": null
                     *         }
                     *       ],
                     *       "done": false,
                     *       "merchant": {
                     *         "name": "Shop Example",
                     *         "contacts": [
                     *           {
                     *             "kind": "email",
                     *             "label": "help@shop.example",
                     *             "href": "mailto:help@shop.example"
                     *           }
                     *         ]
                     *       }
                     *     }
                     */
                    "application/json": components["schemas"]["CustomerStatus"];
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Not found. Codes: `not_found`. */
            404: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "not_found";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description A part of the URL is too long. Codes: `uri_too_long`. */
            414: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "uri_too_long";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    receiveStripeEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_contract1",
                 *       "object": "event",
                 *       "type": "customer.created",
                 *       "created": 1780315200,
                 *       "data": {
                 *         "object": {
                 *           "id": "cus_x",
                 *           "object": "customer"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Stored (or already stored: `duplicate`). */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        received: true;
                        /** @constant */
                        duplicate?: true;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `missing_signature`, `stale_signature`, `invalid_signature_header`, `invalid_signature`, `malformed_event`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "missing_signature" | "stale_signature" | "invalid_signature_header" | "invalid_signature" | "malformed_event";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `webhooks_not_configured`, `database_unavailable`, `unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "webhooks_not_configured" | "database_unavailable" | "unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    receiveStripeConnectEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_contract_connect1",
                 *       "object": "event",
                 *       "type": "customer.created",
                 *       "account": "acct_contractShop1",
                 *       "created": 1780315200,
                 *       "data": {
                 *         "object": {
                 *           "id": "cus_y",
                 *           "object": "customer"
                 *         }
                 *       }
                 *     }
                 */
                "application/json": Record<string, never>;
            };
        };
        responses: {
            /** @description Stored (or already stored: `duplicate`). */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "received": true
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        received: true;
                        /** @constant */
                        duplicate?: true;
                    };
                };
            };
            /** @description The request is invalid: `param` names the field. Codes: `invalid_request`, `missing_signature`, `stale_signature`, `invalid_signature_header`, `invalid_signature`, `malformed_event`. */
            400: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "invalid_request" | "missing_signature" | "stale_signature" | "invalid_signature_header" | "invalid_signature" | "malformed_event";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is too large. Codes: `request_too_large`. */
            413: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "request_too_large";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description The body is not of a type this operation takes. Codes: `unsupported_media_type`. */
            415: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "unsupported_media_type";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
            /** @description Unavailable for a moment; retry after Retry-After seconds with the same Idempotency-Key. Codes: `webhooks_not_configured`, `database_unavailable`, `unavailable`. */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    /** @description Seconds to wait. */
                    "Retry-After"?: string;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        error: {
                            /** @enum {string} */
                            code: "webhooks_not_configured" | "database_unavailable" | "unavailable";
                            /** @description For people; may change. Match on `code`. */
                            message: string;
                            /** @description The field, header or path part at fault. */
                            param?: string;
                        };
                    };
                };
            };
        };
    };
    liveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process answers. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
        };
    };
    readiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "status": "ok"
                     *     }
                     */
                    "application/json": {
                        /** @constant */
                        status: "ok";
                    };
                };
            };
            /** @description Not ready: which checks failed (details are in the log). */
            503: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @constant */
                        status: "unavailable";
                        failed: {
                            /** @enum {string} */
                            check: "database" | "migrations" | "stripe";
                            message: string;
                        }[];
                    };
                };
            };
        };
    };
    metrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The text exposition format. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example # HELP process_cpu_user_seconds_total Total user CPU time spent in seconds.
                     *     # TYPE process_cpu_user_seconds_total counter
                     *     process_cpu_user_seconds_total 1.234862
                     *
                     *     # HELP process_cpu_system_seconds_total Total system CPU time spent in seconds.
                     *     # TYPE process_cpu_system_seconds_total counter
                     *     process_cpu_system_seconds_total 0.259762
                     *
                     *     # HELP process_cpu_seconds_total Total user and system CPU time spent in seconds.
                     *     # TYPE process_cpu_seconds_total counter
                     *     process_cpu_seconds_total 1.494624
                     */
                    "text/plain": string;
                };
            };
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "openapi": "3.1.1",
                     *       "info": {
                     *         "title": "Refundry API",
                     *         "version": "2026-12-01",
                     *         "summary": "Refunds for merchants on Stripe: policy-checked, sent exactly once, followed to the end.",
                     *         "description": "Amounts are integers in the currency’s minor unit (1250 = $12.50 in usd, 1250 = ¥1250 in jpy), with the currency beside them.\n\nErrors are `{\"error\": {\"code\", \"message\", \"param\"}}`: match on `code`; `param` names the field at fault. Every response carries `Refundry-Version: 2026-12-01`; see docs/api.md for what changes are compatible.\n\nAuthenticate with an API key as `Authorization: Bearer rfk_…` (an admin creates it with the scopes it needs).",
                     *         "license": {
                     *           "name": "MIT",
                     *           "identifier": "MIT"
                     *         }
                     *       },
                     *       "tags": [
                     *         {
                     *           "name": "Payments"
                     *         },
                     *         {
                     *           "name": "Refunds"
                     *         },
                     *         {
                     *           "name": "Operations"
                     *         },
                     *         {
                     *           "name": "Connect"
                     *         },
                     *         {
                     *           "name": "Bulk refunds"
                     *         },
                     *         {
                     *           "name": "Webhooks"
                     *         },
                     *         {
                     *           "name": "Reconciliation"
                     *         },
                     *         {
                     *           "name": "Administration"
                     *         },
                     *         {
                     *           "name": "Dashboard sessions"
                     *         },
                     *         {
                     *           "name": "Customer status page"
                     *         },
                     *         {
                     *           "name": "Stripe"
                     *         },
                     *         {
                     *           "name": "Health"
                     *         },
                     *         {
                     *           "name": "Reference"
                     *         },
                     *         {
                     *           "name": "Webhook events"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": Record<string, never>;
                };
            };
        };
    };
    getReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reference, rendered from this document. */
            200: {
                headers: {
                    "Refundry-Version": components["headers"]["RefundryVersion"];
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example <!doctype html>
                     *     <html lang="en">
                     *     <head>
                     *     <meta charset="utf-8">
                     *     <meta name="viewport" content="width=device-width, initial-scale=1">
                     *     <title>Refundry API reference</title>
                     *     <link rel="icon" href="data:,">
                     *     <link rel="stylesheet" href="/docs/swagger-ui.css">
                     *     <link rel="stylesheet" href="/docs/docs.css">
                     *     </head>
                     *     <body>
                     *     <header class="refundry-docs-header">
                     */
                    "text/html": string;
                };
            };
        };
    };
    webhook_refund_created: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_D1XvD1J3exftwCFyKqqYfaEL",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_utLaXzBk4IjtHtMEbjhLynbr",
                 *           "amount": 2500,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "requested_by_customer",
                 *           "status": "queued",
                 *           "currency": "usd",
                 *           "final_at": null,
                 *           "metadata": {},
                 *           "order_id": "ord_1",
                 *           "created_at": "2026-12-02T00:20:50.135Z",
                 *           "payment_id": "pay_i0ylDThRULGUGLIfQco2EEYH",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": null,
                 *           "stripe_payment_intent_id": "pi_contract1"
                 *         },
                 *         "previous_attributes": null
                 *       },
                 *       "type": "refund.created",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.created";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_awaiting_approval: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_88E0jmQzMFTpR87pOGTAYdS2",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_uNvc3YMKr1ijXL2rwjjkYRdh",
                 *           "amount": 55000,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "awaiting_approval",
                 *           "currency": "usd",
                 *           "final_at": null,
                 *           "metadata": {},
                 *           "order_id": "ord_2",
                 *           "created_at": "2026-12-02T00:20:50.195Z",
                 *           "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": null,
                 *           "stripe_payment_intent_id": "pi_contract2"
                 *         },
                 *         "previous_attributes": null
                 *       },
                 *       "type": "refund.awaiting_approval",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.awaiting_approval";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_approved: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_wWmNEWbM8da32AHKJAs3Dha6",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_uNvc3YMKr1ijXL2rwjjkYRdh",
                 *           "amount": 55000,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "queued",
                 *           "currency": "usd",
                 *           "final_at": null,
                 *           "metadata": {},
                 *           "order_id": "ord_2",
                 *           "created_at": "2026-12-02T00:20:50.195Z",
                 *           "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": null,
                 *           "stripe_payment_intent_id": "pi_contract2"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "awaiting_approval"
                 *         }
                 *       },
                 *       "type": "refund.approved",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.approved";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_pending: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_UJE0GdO39aVDnosFbMN3qhgd",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_Ebw3pqPJRJTWlOdsJh287xYg",
                 *           "amount": 100,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "requested_by_customer",
                 *           "status": "pending",
                 *           "currency": "usd",
                 *           "final_at": null,
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.296Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": "re_rf_Ebw3pqPJRJTWlOdsJh287xYg",
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "queued"
                 *         }
                 *       },
                 *       "type": "refund.pending",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.pending";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_requires_action: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_zr0YBdiZl5tsAtmAJBIvQv80",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                 *           "amount": 200,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "requires_action",
                 *           "currency": "usd",
                 *           "final_at": null,
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.308Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "pending"
                 *         }
                 *       },
                 *       "type": "refund.requires_action",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.requires_action";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_succeeded: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_XfTdyaw0KzFUjxXpdl1HzhN0",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_Ebw3pqPJRJTWlOdsJh287xYg",
                 *           "amount": 100,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "requested_by_customer",
                 *           "status": "succeeded",
                 *           "currency": "usd",
                 *           "final_at": "2026-12-02T00:20:50.304Z",
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.296Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": "re_rf_Ebw3pqPJRJTWlOdsJh287xYg",
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "pending"
                 *         }
                 *       },
                 *       "type": "refund.succeeded",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.succeeded";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_failed: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_YJd4zMBLRWjYS7kvOXPKyycn",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                 *           "amount": 200,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "failed",
                 *           "currency": "usd",
                 *           "final_at": "2026-12-02T00:20:50.317Z",
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.308Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": "expired_or_canceled_card",
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": "The card was canceled.",
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": "re_rf_IHVSkQH5QW8E3sgqvbkBO1dj",
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "requires_action"
                 *         }
                 *       },
                 *       "type": "refund.failed",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.failed";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_canceled: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_nm4GPcXmUH9LPecWyeNlwzq1",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_K3E2K67HNKdrWNdj0MTz23xM",
                 *           "amount": 100,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "canceled",
                 *           "currency": "usd",
                 *           "final_at": "2026-12-02T00:20:50.244Z",
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.213Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": null,
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "queued"
                 *         }
                 *       },
                 *       "type": "refund.canceled",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.canceled";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_rejected: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_eaet19meH8cBWFN4W4H7J82o",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_4wcSiT8aeEV2Jybdkppma6jL",
                 *           "amount": 60000,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "other",
                 *           "status": "rejected",
                 *           "currency": "usd",
                 *           "final_at": "2026-12-02T00:20:50.286Z",
                 *           "metadata": {},
                 *           "order_id": "ord_2",
                 *           "created_at": "2026-12-02T00:20:50.205Z",
                 *           "payment_id": "pay_lpvdTyGYyZfc2TqLsyOOeFib",
                 *           "failure_code": null,
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": null,
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": null,
                 *           "stripe_payment_intent_id": "pi_contract2"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "awaiting_approval"
                 *         }
                 *       },
                 *       "type": "refund.rejected",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.rejected";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhook_refund_refunded_another_way: {
        parameters: {
            query?: never;
            header: {
                /** @description `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" with the endpoint secret>`. */
                "Refundry-Signature": string;
                /** @description The event id (the same as the body’s `id`). */
                "Refundry-Event-Id": string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "id": "evt_ywAfNBjyDhzNgdyQ4pRIg2Iu",
                 *       "data": {
                 *         "object": {
                 *           "id": "rf_egmrvaiwDMDlcc1ra5ojwrf2",
                 *           "amount": 300,
                 *           "object": "refund",
                 *           "origin": "refundry",
                 *           "reason": "duplicate",
                 *           "status": "refunded_another_way",
                 *           "currency": "usd",
                 *           "final_at": "2026-12-02T00:20:50.353Z",
                 *           "metadata": {},
                 *           "order_id": "ord_3",
                 *           "created_at": "2026-12-02T00:20:50.342Z",
                 *           "payment_id": "pay_UTTVjwqIrWhZp7sktMh8unb3",
                 *           "failure_code": "expired_or_canceled_card",
                 *           "customer_token": "EXAMPLEcustomerTokenEXAMPLE00000",
                 *           "failure_message": "The card was canceled.",
                 *           "stripe_charge_id": null,
                 *           "stripe_refund_id": "re_rf_egmrvaiwDMDlcc1ra5ojwrf2",
                 *           "stripe_payment_intent_id": "pi_contract3"
                 *         },
                 *         "previous_attributes": {
                 *           "status": "failed"
                 *         }
                 *       },
                 *       "type": "refund.refunded_another_way",
                 *       "object": "event",
                 *       "created": 1796170850
                 *     }
                 */
                "application/json": {
                    /** @description evt_…; the same id on every retry of this delivery (dedupe on it). */
                    id: string;
                    /** @constant */
                    object: "event";
                    /** @constant */
                    type: "refund.refunded_another_way";
                    /** @description Unix seconds of the change. */
                    created: number;
                    data: {
                        object: components["schemas"]["EventRefund"];
                        previous_attributes: {
                            status: string;
                        } | null;
                    };
                };
            };
        };
        responses: {
            /** @description Received; anything else is retried. */
            "2XX": {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}

// The user, the API key and the dashboard session as the API shows them (serializeUser and
// serializeApiKey in admin-routes.ts, meBody in session-routes.ts), as zod schemas: the
// response schemas in the OpenAPI document, which the contract test holds real answers to.
import { z } from 'zod';
import { isoTime } from '../http/operation.ts';
import { SCOPES } from './api-keys.ts';
import { ROLES } from './roles.ts';

export const userObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('user'),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    scopes: z.array(z.enum(SCOPES)),
    disabled: z.boolean(),
    disabled_at: isoTime.nullable(),
    sign_in_delayed_until: isoTime.nullable().meta({
      description: 'Some client failing to sign in to this account waits until then (others do not).',
    }),
    last_login_at: isoTime.nullable(),
    password_changed_at: isoTime.nullable(),
    created_at: isoTime.nullable(),
  })
  .meta({ id: 'User' });
/** A user just created or given a password: the generated password, this once. */
export const userWithPassword = userObject.extend({
  password: z.string().optional().meta({ description: 'A generated password, shown this once.' }),
});

export const apiKeyObject = z
  .strictObject({
    id: z.string(),
    object: z.literal('api_key'),
    name: z.string(),
    prefix: z.string().meta({ description: 'The first characters of the key, to recognise it.' }),
    scopes: z.array(z.enum(SCOPES)),
    revoked: z.boolean(),
    created_at: isoTime.nullable(),
    revoked_at: isoTime.nullable(),
  })
  .meta({ id: 'ApiKey' });
/** A key just created: the key itself, this once. */
export const newApiKey = apiKeyObject.extend({
  key: z.string().meta({ description: 'The key (rfk_…), shown this once; Refundry keeps only a hash.' }),
});

/** GET /auth/me: who is signed in (a part of their user), what they may do, the CSRF token. */
export const meObject = z
  .strictObject({
    user: userObject.pick({ id: true, email: true, name: true, role: true }),
    scopes: z.array(z.enum(SCOPES)),
    csrf_token: z
      .string()
      .meta({ description: 'Send it as X-CSRF-Token on every request that changes something.' }),
    session: z.strictObject({ expires_at: isoTime, idle_expires_at: isoTime }),
    allow_self_approval: z.boolean().meta({ description: 'This user may approve refunds they requested.' }),
  })
  .meta({ id: 'Session' });

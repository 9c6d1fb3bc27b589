// The dashboard's sign-in operations (session-routes.ts), declared for the OpenAPI document with
// the request schema session-routes.ts parses with.
import { z } from 'zod';
import { isoTime, operations } from '../http/operation.ts';
import { anyone, get, signedIn } from '../http/operation-kinds.ts';
import { SCOPES } from './api-keys.ts';
import { ROLES } from './roles.ts';
import { loginBody } from './session-routes.ts';

export const meObject = z
  .strictObject({
    user: z.strictObject({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES) }),
    scopes: z.array(z.enum(SCOPES)),
    csrf_token: z
      .string()
      .meta({ description: 'Send it as X-CSRF-Token on every request that changes something.' }),
    session: z.strictObject({ expires_at: isoTime, idle_expires_at: isoTime }),
    allow_self_approval: z.boolean().meta({ description: 'This user may approve refunds they requested.' }),
  })
  .meta({ id: 'Session' });

export const sessionOperations = operations('Dashboard sessions', [
  {
    method: 'post',
    path: '/auth/login',
    operationId: 'signIn',
    summary: 'Sign in to the dashboard',
    description:
      'Sets the HttpOnly session cookie. Repeated failures slow down that account from that address, then that address.',
    access: anyone,
    body: loginBody,
    responses: { 200: { description: 'Signed in.', schema: meObject } },
    errors: {
      401: ['invalid_credentials'],
      403: ['cross_origin'],
      429: ['sign_in_delayed', 'too_many_attempts'],
      503: ['database_unavailable'],
    },
  },
  {
    method: 'post',
    path: '/auth/logout',
    operationId: 'signOut',
    summary: 'Sign out',
    access: signedIn,
    responses: { 204: { description: 'Signed out (the cookie is cleared).' } },
    errors: { 403: ['csrf_token_missing', 'csrf_token_invalid', 'cross_origin'] },
  },
  get({
    path: '/auth/me',
    operationId: 'getSession',
    summary: 'Who is signed in, and the CSRF token',
    access: signedIn,
    found: { description: 'The session.', schema: meObject },
    errors: { 401: ['unauthenticated'] },
  }),
]);

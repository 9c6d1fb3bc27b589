// The dashboard's sign-in operations (session-routes.ts), declared for the OpenAPI document with
// the request schema session-routes.ts parses with; the session's wire shape is wire.ts.
import { operations } from '../http/operation.ts';
import { anyone, get, signedIn } from '../http/operation-kinds.ts';
import { loginBody } from './session-routes.ts';
import { meObject } from './wire.ts';

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

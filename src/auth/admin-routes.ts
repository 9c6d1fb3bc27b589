// Administration under /api/v1 (scope admin): dashboard users and API keys.
// Secrets — a generated password, a new API key — appear in exactly one response.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/db.ts';
import { ApiError } from '../http/http-error.ts';
import { idParams, longText, parse, text } from '../http/validate.ts';
import { isoOrNull } from '../shared/iso-time.ts';
import { type ApiKey, createApiKey, listApiKeys, revokeApiKey, SCOPES } from './api-keys.ts';
import { accountDelayedUntil } from './login-throttle.ts';
import type { ScryptParams } from './passwords.ts';
import { generatePassword, MAX_PASSWORD_LENGTH } from './passwords.ts';
import { actorOf, requireScope } from './principal.ts';
import { ROLES, scopesForRole } from './roles.ts';
import { createUser, listUsers, setPassword, type User, updateUser } from './users.ts';

export interface AdminRouteDeps {
  db: Db;
  now?: (() => Date) | undefined;
  /** scrypt parameters for passwords set through the API; DEFAULT_SCRYPT unless a test lowers them. */
  passwordHashing?: ScryptParams | undefined;
}

const password = z.string().min(1).max(MAX_PASSWORD_LENGTH);

export const createUserBody = z.strictObject({
  email: text(254).pipe(z.string().min(3, 'must be an email address')),
  name: longText(200).optional(),
  role: z.enum(ROLES),
  /** Omitted: a password is generated and returned once. */
  password: password.optional(),
});
export const updateUserBody = z
  .strictObject({
    name: longText(200).optional(),
    role: z.enum(ROLES).optional(),
    disabled: z.boolean().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'name, role or disabled is required' });
export const passwordBody = z.strictObject({ password: password.optional() }).optional();
export const createKeyBody = z.strictObject({
  name: text(200),
  scopes: z.array(z.enum(SCOPES)).min(1).max(SCOPES.length),
});

/** `sign_in_delayed_until`: some client failing on this account waits until then (others do not). */
export function serializeUser(u: User, delayedUntil?: Date) {
  return {
    id: u.id,
    object: 'user',
    email: u.email,
    name: u.name,
    role: u.role,
    scopes: scopesForRole(u.role),
    disabled: u.disabledAt !== null,
    disabled_at: isoOrNull(u.disabledAt),
    sign_in_delayed_until: isoOrNull(delayedUntil),
    last_login_at: isoOrNull(u.lastLoginAt),
    password_changed_at: isoOrNull(u.passwordChangedAt),
    created_at: isoOrNull(u.createdAt),
  };
}

export function serializeApiKey(k: ApiKey) {
  return {
    id: k.id,
    object: 'api_key',
    name: k.name,
    prefix: k.prefix,
    scopes: k.scopes,
    revoked: k.revokedAt !== null,
    created_at: isoOrNull(k.createdAt),
    revoked_at: isoOrNull(k.revokedAt),
  };
}

export function registerUserAndKeyRoutes(app: FastifyInstance, deps: AdminRouteDeps): void {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const admin = { preHandler: requireScope('admin') };

  const userView = async (u: User) => serializeUser(u, await accountDelayedUntil(db, u.email, now()));

  app.get('/users', admin, async () => ({
    object: 'list',
    data: await Promise.all((await listUsers(db)).map(userView)),
  }));

  app.post('/users', admin, async (request, reply) => {
    const body = parse(createUserBody, request.body, 'body');
    const generated = body.password === undefined ? generatePassword() : undefined;
    const user = await createUser(
      db,
      { email: body.email, name: body.name, role: body.role, password: body.password ?? generated! },
      deps.passwordHashing,
    );
    request.log.info({ userId: user.id, role: user.role, by: actorOf(request) }, 'user created');
    reply.code(201);
    return { ...(await userView(user)), ...(generated ? { password: generated } : {}) };
  });

  app.post('/users/:id', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const body = parse(updateUserBody, request.body, 'body');
    const user = await db.transaction((tx) =>
      updateUser(tx, id, { name: body.name, role: body.role, disabled: body.disabled }),
    );
    request.log.info({ userId: id, changes: body, by: actorOf(request) }, 'user updated');
    return userView(user);
  });

  app.post('/users/:id/password', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    const body = parse(passwordBody, request.body, 'body');
    const generated = body?.password === undefined ? generatePassword() : undefined;
    const user = await db.transaction((tx) =>
      setPassword(tx, id, body?.password ?? generated!, deps.passwordHashing),
    );
    request.log.info({ userId: id, by: actorOf(request) }, 'password reset');
    return { ...(await userView(user)), ...(generated ? { password: generated } : {}) };
  });

  app.get('/api-keys', admin, async () => ({
    object: 'list',
    data: (await listApiKeys(db)).map(serializeApiKey),
  }));

  app.post('/api-keys', admin, async (request, reply) => {
    const body = parse(createKeyBody, request.body, 'body');
    const { key, apiKey } = await createApiKey(db, { name: body.name, scopes: [...new Set(body.scopes)] });
    request.log.info({ keyId: apiKey.id, scopes: apiKey.scopes, by: actorOf(request) }, 'API key created');
    reply.code(201);
    return { ...serializeApiKey(apiKey), key };
  });

  app.delete('/api-keys/:id', admin, async (request) => {
    const { id } = parse(idParams, request.params, 'path');
    if (!(await revokeApiKey(db, id)))
      throw new ApiError(404, 'not_found', `No API key with id '${id}'.`, 'id');
    request.log.info({ keyId: id, by: actorOf(request) }, 'API key revoked');
    const key = (await listApiKeys(db)).find((k) => k.id === id)!;
    return serializeApiKey(key);
  });
}

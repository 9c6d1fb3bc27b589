import type { z } from 'zod';
import { accountDelayedUntil } from '../auth/login-throttle.ts';
import { generatePassword } from '../auth/passwords.ts';
import { isRole, ROLES, type Role } from '../auth/roles.ts';
import { createUser, findUser, listUsers, setPassword, type User, updateUser } from '../auth/users.ts';
import type { userWithPassword } from '../auth/wire.ts';
import type { Db } from '../db/db.ts';
import { loadCliConfig } from './cli-config.ts';
import { type Command, parseFlags, UsageError } from './command.ts';
import { adminBackendUsage, withAdminBackend } from './running-service.ts';
import type { ServiceApi } from './service-api.ts';

export const usersCommand: Command = {
  summary: 'Create, list, disable and reset dashboard users.',
  usage: [
    'refundry users create --email EMAIL --role ROLE [--name NAME] [--password-stdin]',
    'refundry users list',
    'refundry users set-password EMAIL|ID [--password-stdin]',
    'refundry users set-role EMAIL|ID --role ROLE',
    'refundry users disable EMAIL|ID',
    'refundry users enable EMAIL|ID',
    `Roles: ${ROLES.join(', ')}`,
    'The password comes from REFUNDRY_PASSWORD, or from standard input with --password-stdin;',
    'otherwise one is generated and printed once.',
    ...adminBackendUsage('/users'),
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseFlags({
      args: argv,
      allowPositionals: true,
      options: {
        email: { type: 'string' },
        role: { type: 'string' },
        name: { type: 'string' },
        'password-stdin': { type: 'boolean', default: false },
      },
    });
    const [action, target] = positionals;
    const role = values.role;
    if (role !== undefined && !isRole(role))
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);

    if (action === 'create') {
      if (!values.email?.trim()) throw new UsageError('--email is required');
      if (!role) throw new UsageError('--role is required');
      const chosen = await chosenPassword(values['password-stdin']);
      return withUsers(async (users) => {
        const { user, generated } = await users.create({
          email: values.email!,
          name: values.name,
          role,
          password: chosen,
        });
        console.log(`Created ${user.id} ${user.email} (${user.role}).`);
        if (generated) console.log(`Password (shown only this once): ${generated}`);
        return 0;
      });
    }
    if (action === 'list') {
      return withUsers(async (users) => {
        for (const u of await users.list()) {
          const state = u.disabled
            ? 'disabled'
            : u.signInDelayedUntil
              ? `sign-ins delayed until ${u.signInDelayedUntil.toISOString()}`
              : 'active';
          const last = u.lastLoginAt ? u.lastLoginAt.toISOString() : 'never';
          console.log(`${u.id}\t${u.email}\t${u.name}\t${u.role}\t${state}\tlast login ${last}`);
        }
        return 0;
      });
    }
    if (action === 'set-password' || action === 'set-role' || action === 'disable' || action === 'enable') {
      if (!target) throw new UsageError(`name the user (email or id) to ${action.replace('-', ' ')}`);
      if (action === 'set-role' && !role) throw new UsageError('--role is required');
      const chosen = action === 'set-password' ? await chosenPassword(values['password-stdin']) : undefined;
      return withUsers(async (users) => {
        const user = await users.find(target);
        if (!user) {
          console.error(`No user ${target}.`);
          return 1;
        }
        if (action === 'set-password') {
          const generated = await users.setPassword(user.id, chosen);
          console.log(`Password changed for ${user.email}; their sessions have ended.`);
          if (generated) console.log(`Password (shown only this once): ${generated}`);
        } else if (action === 'set-role') {
          await users.update(user.id, { role });
          console.log(`${user.email} is now ${role}.`);
        } else {
          await users.update(user.id, { disabled: action === 'disable' });
          console.log(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${user.email}.`);
        }
        return 0;
      });
    }
    throw new UsageError('expected create, list, set-password, set-role, disable or enable');
  },
};

interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  disabled: boolean;
  /** Some client failing on this account waits until then (others do not). */
  signInDelayedUntil: Date | undefined;
  lastLoginAt: Date | null;
}

/** What the command does to users: the same through the database or the running service's API. */
interface UserAdmin {
  /** `generated`: the password made up because none was given (shown once). */
  create(input: {
    email: string;
    name: string | undefined;
    role: Role;
    password: string | undefined;
  }): Promise<{ user: UserView; generated: string | undefined }>;
  list(): Promise<UserView[]>;
  find(emailOrId: string): Promise<UserView | undefined>;
  /** Returns the generated password when none was given. */
  setPassword(id: string, password: string | undefined): Promise<string | undefined>;
  update(id: string, changes: { role?: Role; disabled?: boolean }): Promise<void>;
}

function usersInDb(db: Db): UserAdmin {
  const view = async (u: User): Promise<UserView> => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabledAt !== null,
    signInDelayedUntil: await accountDelayedUntil(db, u.email, new Date()),
    lastLoginAt: u.lastLoginAt,
  });
  return {
    async create(input) {
      const generated = input.password === undefined ? generatePassword() : undefined;
      const user = await createUser(db, { ...input, password: input.password ?? generated! });
      return { user: await view(user), generated };
    },
    list: async () => Promise.all((await listUsers(db)).map(view)),
    async find(target) {
      const u = await findUser(db, target);
      return u ? view(u) : undefined;
    },
    async setPassword(id, password) {
      const generated = password === undefined ? generatePassword() : undefined;
      await db.transaction((tx) => setPassword(tx, id, password ?? generated!));
      return generated;
    },
    async update(id, changes) {
      await db.transaction((tx) => updateUser(tx, id, changes));
    },
  };
}

/** A user as the API answers (auth/wire.ts), with the generated password when one was made. */
type ApiUser = z.infer<typeof userWithPassword>;

function usersThroughApi(api: ServiceApi): UserAdmin {
  const view = (u: ApiUser): UserView => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    disabled: u.disabled,
    signInDelayedUntil: u.sign_in_delayed_until ? new Date(u.sign_in_delayed_until) : undefined,
    lastLoginAt: u.last_login_at ? new Date(u.last_login_at) : null,
  });
  const list = async () => (await api.request<{ data: ApiUser[] }>('GET', '/users')).data.map(view);
  return {
    async create(input) {
      const created = await api.request<ApiUser>('POST', '/users', {
        email: input.email,
        ...(input.name !== undefined ? { name: input.name } : {}),
        role: input.role,
        ...(input.password !== undefined ? { password: input.password } : {}),
      });
      return { user: view(created), generated: created.password };
    },
    list,
    async find(target) {
      const wanted = target.trim().toLowerCase();
      return (await list()).find((u) =>
        target.includes('@') ? u.email.toLowerCase() === wanted : u.id === target,
      );
    },
    async setPassword(id, password) {
      const changed = await api.request<ApiUser>(
        'POST',
        `/users/${encodeURIComponent(id)}/password`,
        password === undefined ? {} : { password },
      );
      return changed.password;
    },
    async update(id, changes) {
      await api.request('POST', `/users/${encodeURIComponent(id)}`, changes);
    },
  };
}

async function chosenPassword(fromStdin: boolean | undefined): Promise<string | undefined> {
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk));
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (!text) throw new UsageError('--password-stdin: standard input was empty');
    return text;
  }
  return loadCliConfig().cliPassword;
}

function withUsers(fn: (users: UserAdmin) => Promise<number>): Promise<number> {
  return withAdminBackend(loadCliConfig(), { db: usersInDb, api: usersThroughApi }, '/users', fn);
}

import { parseArgs } from 'node:util';
import { ApiError } from '../api/errors.ts';
import { accountDelayedUntil } from '../auth/login-throttle.ts';
import { generatePassword } from '../auth/passwords.ts';
import { isRole, ROLES } from '../auth/roles.ts';
import { createUser, findUser, listUsers, setPassword, updateUser } from '../auth/users.ts';
import { type Db, openDb } from '../db/db.ts';
import { migrate } from '../db/migrate.ts';
import { loadCliConfig, stderrLogger } from './cli-config.ts';
import { type Command, UsageError } from './main.ts';

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
  ].join('\n'),
  async run(argv) {
    const { values, positionals } = parseArgs({
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
    // Used only when no password was given; printed once.
    const generated = generatePassword();
    const role = values.role;
    if (role !== undefined && !isRole(role))
      throw new UsageError(`--role must be one of ${ROLES.join(', ')}`);

    if (action === 'create') {
      if (!values.email?.trim()) throw new UsageError('--email is required');
      if (!role) throw new UsageError('--role is required');
      const chosen = await chosenPassword(values['password-stdin']);
      return withDb(async (db) => {
        const user = await createUser(db, {
          email: values.email!,
          name: values.name,
          role,
          password: chosen ?? generated,
        });
        console.log(`Created ${user.id} ${user.email} (${user.role}).`);
        if (!chosen) console.log(`Password (shown only this once): ${generated}`);
        return 0;
      });
    }
    if (action === 'list') {
      return withDb(async (db) => {
        const now = new Date();
        for (const u of await listUsers(db)) {
          const locked = await accountDelayedUntil(db, u.email, now);
          const state = u.disabledAt
            ? 'disabled'
            : locked
              ? `sign-ins delayed until ${locked.toISOString()}`
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
      return withDb(async (db) => {
        const user = await findUser(db, target);
        if (!user) {
          console.error(`No user ${target}.`);
          return 1;
        }
        if (action === 'set-password') {
          await db.transaction((tx) => setPassword(tx, user.id, chosen ?? generated));
          console.log(`Password changed for ${user.email}; their sessions have ended.`);
          if (!chosen) console.log(`Password (shown only this once): ${generated}`);
        } else if (action === 'set-role') {
          await db.transaction((tx) => updateUser(tx, user.id, { role }));
          console.log(`${user.email} is now ${role}.`);
        } else {
          await db.transaction((tx) => updateUser(tx, user.id, { disabled: action === 'disable' }));
          console.log(`${action === 'disable' ? 'Disabled' : 'Enabled'} ${user.email}.`);
        }
        return 0;
      });
    }
    throw new UsageError('expected create, list, set-password, set-role, disable or enable');
  },
};

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
  return process.env.REFUNDRY_PASSWORD || undefined;
}

async function withDb(fn: (db: Db) => Promise<number>): Promise<number> {
  const config = loadCliConfig();
  const db = await openDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger: stderrLogger(),
  });
  try {
    await migrate(db);
    return await fn(db);
  } catch (error) {
    // Refusals (address taken, short password, last admin) are plain messages, not stack traces.
    if (error instanceof ApiError && error.status < 500) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

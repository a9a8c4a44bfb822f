import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from '../config.js';
import { recordAudit } from '../db/audit.js';
import { openConfiguredDatabase } from '../db/open.js';
import { USER_ROLES } from '../db/types.js';
import { UserInputError, createUser, disableUser, enableUser, findUserByEmail, listUsers, setPassword } from '../db/users.js';

// npm run user -- create --email kari@example.no --role moderator --region nord-troms
// npm run user -- list
// npm run user -- password --email kari@example.no
// npm run user -- disable --email kari@example.no
// npm run user -- enable --email kari@example.no
// Passwords come from stdin: typed twice without echo at a terminal, otherwise the first
// line (echo "$PASSWORD" | npm run user -- create …). They are never printed.

const USAGE = `Usage:
  npm run user -- create --email E --role ${USER_ROLES.join('|')} [--name N] [--municipality 1806 …] [--region nord-troms …]
  npm run user -- list
  npm run user -- password --email E
  npm run user -- disable --email E
  npm run user -- enable --email E
The password is read from stdin (asked for twice at a terminal).`;

class UsageError extends Error {}

/** Reads a line from the terminal with echo turned off. */
function promptHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  return new Promise((resolve, reject) => {
    rl.question(question, (answer) => {
      rl.close();
      process.stderr.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('SIGINT', () => {
      rl.close();
      reject(new UserInputError('Cancelled; nothing was changed.'));
    });
  });
}

/** The first line of piped stdin, without its line ending. */
function readFirstLine(): Promise<string> {
  return new Promise((resolve, reject) => {
    const rl = createInterface({ input: process.stdin, terminal: false });
    let done = false;
    rl.once('line', (line) => {
      done = true;
      rl.close();
      process.stdin.destroy();
      resolve(line.replace(/\r$/, ''));
    });
    rl.once('close', () => {
      if (!done) reject(new UserInputError('No password on stdin: pipe it in, e.g. echo "$PASSWORD" | npm run user -- …'));
    });
  });
}

async function readPassword(): Promise<string> {
  if (!process.stdin.isTTY) return readFirstLine();
  const first = await promptHidden('Password: ');
  const second = await promptHidden('Same password again: ');
  if (first !== second) throw new UserInputError('The two passwords differ; nothing was changed.');
  return first;
}

async function main(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      municipality: { type: 'string', multiple: true },
      region: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (!command || positionals.length > 1 || !['create', 'list', 'password', 'disable', 'enable'].includes(command)) {
    throw new UsageError(command ? `Unknown command ${JSON.stringify(positionals.join(' '))}.` : 'No command given.');
  }
  const needEmail = (): string => {
    if (!values.email) throw new UsageError(`${command} needs --email.`);
    return values.email;
  };
  // Checked before the database is opened or a password asked for.
  if (command === 'create') {
    needEmail();
    if (!values.role) throw new UsageError('create needs --role.');
    if (!(USER_ROLES as readonly string[]).includes(values.role)) {
      throw new UsageError(`Unknown role ${JSON.stringify(values.role)}; use ${USER_ROLES.join(' or ')}.`);
    }
  }
  if (command === 'password' || command === 'disable' || command === 'enable') needEmail();

  const config = loadConfig();
  const { db, close: closeDatabase } = await openConfiguredDatabase(config);
  try {
    if (command === 'list') {
      for (const user of await listUsers(db)) {
        const scopes =
          user.role === 'admin'
            ? 'all'
            : [...user.municipalities.map((m) => `municipality:${m}`), ...user.regions.map((r) => `region:${r}`)].join(',') || 'none';
        process.stdout.write(`${[user.email, user.role, scopes, ...(user.disabledAt ? ['disabled'] : [])].join('\t')}\n`);
      }
      return;
    }
    const email = needEmail();
    if (command === 'create') {
      const password = await readPassword();
      const user = await createUser(
        db,
        { email, name: values.name, role: values.role!, password, municipalities: values.municipality ?? [], regions: values.region ?? [] },
        new Date(),
      );
      process.stdout.write(`created ${user.role} ${user.email}\n`);
      return;
    }
    const user = await findUserByEmail(db, email);
    if (!user) throw new UserInputError(`No user with the email ${email.trim().toLowerCase()}.`);
    if (command === 'password') {
      await setPassword(db, user.id, await readPassword());
      process.stdout.write(`changed the password of ${user.email}; their sessions were ended\n`);
    } else if (command === 'enable') {
      // Written like the admin page's enabling, so the audit log tells who let the account in again.
      const enabled = await db.transaction().execute(async (trx) => {
        const changed = await enableUser(trx, user.id);
        if (changed) {
          await recordAudit(trx, {
            userId: null,
            action: 'user-enable',
            details: { user: user.id, email: user.email, via: 'cli', before: { disabled_at: user.disabled_at }, after: { disabled_at: null } },
            now: new Date(),
          });
        }
        return changed;
      });
      process.stdout.write(enabled ? `enabled ${user.email}\n` : `${user.email} was not disabled; nothing changed\n`);
    } else {
      await disableUser(db, user.id, new Date());
      process.stdout.write(`disabled ${user.email}\n`);
    }
  } finally {
    await db.destroy();
    await closeDatabase();
  }
}

try {
  await main(process.argv.slice(2));
} catch (error) {
  // Exit codes as every command: 2 for wrong arguments (with the usage), 1 for a failure.
  const badArguments = error instanceof UsageError || (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS'));
  if (badArguments) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
  } else if (error instanceof UserInputError || error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
  } else {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  }
  process.exitCode = badArguments ? 2 : 1;
}

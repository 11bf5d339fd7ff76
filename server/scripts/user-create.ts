/**
 * npm run user:create -- --role <rol> --scope <codes> --email <adres> [--name <naam>] [--password-stdin]
 * Creates an account in the database of DATABASE_URL. The password is asked for on the terminal
 * (not echoed), or read from standard input with --password-stdin (for scripts); never an argument,
 * so it does not end up in shell history or the process list.
 */
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config.ts';
import { openDb } from '../src/db/connection.ts';
import { prepareDatabase } from '../src/db/migrate.ts';
import { createUser, findUserByEmail } from '../src/auth/accounts.ts';
import { audit } from '../src/auth/audit.ts';
import { passwordProblem } from '../src/auth/password.ts';
import { ROLES, isRole, parseScope } from '../src/auth/roles.ts';

const USAGE = `Gebruik: npm run user:create -- --role <rol> --scope <codes> --email <adres> [--name <naam>] [--password-stdin]
  rol:   ${ROLES.join(', ')} (coordinator = coördinator)
  scope: komma-gescheiden GGD-regio's (GG3406), gemeenten (GM0363) of NL voor landelijk`;

async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    let data = '';
    for await (const chunk of process.stdin) data += chunk;
    return data.replace(/\r?\n$/, '');
  }
  // Terminal: prompt without echo.
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true });
  const ask = (q: string) => new Promise<string>((resolve) => {
    const write = (rl as unknown as { _writeToOutput: (s: string) => void });
    write._writeToOutput = (s: string) => { if (s.includes(q)) process.stdout.write(q); };
    rl.question(q, (answer) => { process.stdout.write('\n'); resolve(answer); });
  });
  const first = await ask('Wachtwoord: ');
  const second = await ask('Nogmaals: ');
  rl.close();
  if (first !== second) throw new Error('De wachtwoorden zijn niet gelijk');
  return first;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, scope: { type: 'string' }, email: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean' } },
  });
  if (!values.role || !values.email || (!values.scope && values.role !== 'beheerder')) {
    console.error(USAGE);
    return 2;
  }
  if (!isRole(values.role)) {
    console.error(`Onbekende rol "${values.role}".\n${USAGE}`);
    return 2;
  }
  const scope = parseScope(values.role, values.scope ?? 'NL');
  if ('error' in scope) {
    console.error(`Ongeldig gebied: ${scope.error}`);
    return 2;
  }
  const password = await readPassword(values['password-stdin'] ?? false);
  const problem = passwordProblem(password, values.email);
  if (problem) {
    console.error(problem);
    return 1;
  }
  const db = await openDb(loadConfig().databaseUrl);
  try {
    await prepareDatabase(db);
    if (await findUserByEmail(db, values.email)) {
      console.error(`Er is al een account met e-mailadres ${values.email}`);
      return 1;
    }
    await createUser(db, { email: values.email, name: values.name ?? values.email, role: values.role, scope: scope.codes, password });
    await audit(db, { action: 'user_created', email: 'opdrachtregel', detail: `${values.email} (${values.role}: ${scope.codes.join(',')})` });
    console.log(`Account ${values.email} aangemaakt (${values.role}, ${scope.codes.join(',')}).`);
    return 0;
  } finally {
    await db.close();
  }
}

main().then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});

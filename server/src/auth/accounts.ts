/**
 * Accounts and server-side sessions. A session token is 32 random bytes sent only in the cookie;
 * the database stores its SHA-256, so a leaked database does not hand out live sessions.
 */
import { createHash, randomBytes } from 'node:crypto';
import { NATION } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import { hashPassword } from './password.ts';
import { isRole, parseScope, type Principal, type Role } from './roles.ts';

/** Idle and absolute session lifetimes. */
export const SESSION_IDLE_MS = 2 * 60 * 60_000;
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60_000;
/** Lockout after repeated failures on one account. */
export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60_000;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface UserInput {
  email: string;
  name: string;
  role: Role;
  scope: string | readonly string[];
  password: string;
  demo?: boolean;
}

export async function createUser(db: Db, input: UserInput): Promise<number> {
  const scope = parseScope(input.role, input.scope);
  if ('error' in scope) throw new Error(scope.error);
  const now = new Date().toISOString();
  const row = await db.kysely.insertInto('app_user').values({
    email: input.email.trim().toLowerCase(),
    name: input.name,
    role: input.role,
    scope: scope.codes.join(','),
    password_hash: await hashPassword(input.password),
    demo: input.demo ? 1 : 0,
    created_at: now,
    password_changed_at: now,
  }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export function findUserByEmail(db: Db, email: string) {
  return db.kysely.selectFrom('app_user').selectAll().where('email', '=', email.trim().toLowerCase()).executeTakeFirst();
}

export function findUserById(db: Db, id: number) {
  return db.kysely.selectFrom('app_user').selectAll().where('id', '=', id).executeTakeFirst();
}

export function listUsers(db: Db) {
  return db.kysely.selectFrom('app_user')
    .select(['id', 'email', 'name', 'role', 'scope', 'disabled', 'demo', 'locked_until', 'created_at'])
    .orderBy('email').execute();
}

export async function createSession(db: Db, userId: number, now = new Date()): Promise<{ token: string; csrfToken: string }> {
  // Housekeeping: sessions past their idle or absolute limit are useless; drop them on every login.
  await db.kysely.deleteFrom('app_session').where((eb) => eb.or([
    eb('last_seen_at', '<', new Date(now.getTime() - SESSION_IDLE_MS).toISOString()),
    eb('created_at', '<', new Date(now.getTime() - SESSION_ABSOLUTE_MS).toISOString()),
  ])).execute();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(24).toString('base64url');
  await db.kysely.insertInto('app_session').values({
    token_hash: hashToken(token), user_id: userId, csrf_token: csrfToken,
    created_at: now.toISOString(), last_seen_at: now.toISOString(),
  }).execute();
  return { token, csrfToken };
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.kysely.deleteFrom('app_session').where('token_hash', '=', hashToken(token)).execute();
}

export async function deleteUserSessions(db: Db, userId: number, exceptHash?: string): Promise<void> {
  let q = db.kysely.deleteFrom('app_session').where('user_id', '=', userId);
  if (exceptHash) q = q.where('token_hash', '!=', exceptHash);
  await q.execute();
}

/** Only write last_seen_at this often: a dashboard page fires many requests at once. */
const TOUCH_EVERY_MS = 60_000;

/** The principal of a session token, or null when unknown, expired (idle or absolute) or the user is disabled. */
export async function principalForToken(db: Db, token: string, now = new Date()): Promise<Principal | null> {
  const tokenHash = hashToken(token);
  const row = await db.kysely.selectFrom('app_session')
    .innerJoin('app_user', 'app_user.id', 'app_session.user_id')
    .select(['app_session.created_at', 'app_session.last_seen_at', 'app_session.csrf_token', 'app_user.id', 'app_user.email',
      'app_user.name', 'app_user.role', 'app_user.scope', 'app_user.disabled'])
    .where('app_session.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const t = now.getTime();
  const expired = t - Date.parse(row.created_at) > SESSION_ABSOLUTE_MS || t - Date.parse(row.last_seen_at) > SESSION_IDLE_MS;
  if (expired || row.disabled || !isRole(row.role)) {
    await db.kysely.deleteFrom('app_session').where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (t - Date.parse(row.last_seen_at) > TOUCH_EVERY_MS) {
    await db.kysely.updateTable('app_session').set({ last_seen_at: now.toISOString() }).where('token_hash', '=', tokenHash).execute();
  }
  return principalOf(db, { id: row.id, email: row.email, name: row.name, role: row.role, scope: row.scope }, row.csrf_token, tokenHash);
}

/** Builds the principal of a user row; policymakers get their municipalities' regions as benchmarks. */
export async function principalOf(
  db: Db,
  user: { id: number; email: string; name: string; role: Role; scope: string },
  csrfToken: string,
  sessionId: string | null,
): Promise<Principal> {
  const codes = user.scope.split(',').filter(Boolean);
  const national = user.role === 'beheerder' || (user.role === 'coordinator' && codes.includes(NATION.code));
  const regions = user.role === 'ggd-adviseur' || (user.role === 'coordinator' && !national) ? codes : [];
  const municipalities = user.role === 'beleidsmedewerker' ? codes : [];
  const benchmarkRegions = municipalities.length === 0 ? [] : (await db.kysely.selectFrom('municipality')
    .select('region_code').distinct().where('code', 'in', municipalities).execute()).map((r) => r.region_code);
  return { userId: user.id, email: user.email, name: user.name, role: user.role, national, regions, municipalities, benchmarkRegions, csrfToken, sessionId };
}

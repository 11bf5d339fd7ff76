/**
 * Password login with two brakes: a per-account lockout after MAX_FAILED_LOGINS failures (stored,
 * so it survives restarts) and a per-address limit on failed attempts (slows spraying across
 * accounts; successful logins do not count, so a shared office address is not locked out). The
 * per-address counts live in the database too, so the limit holds across all server processes.
 * Every outcome gives the same Dutch message, so the response does not reveal which emails exist.
 */
import type { Db } from '../db/connection.ts';
import { audit } from './audit.ts';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, createSession, findUserByEmail } from './accounts.ts';
import { dummyHash, verifyPassword } from './password.ts';

export const LOGIN_FAILED_MESSAGE = 'E-mailadres of wachtwoord klopt niet, of het account is (tijdelijk) geblokkeerd';

/** Fixed-window counter of failures per key (client address), in the table login_limit. */
export class RateLimiter {
  constructor(private readonly db: Db, private readonly limit: number, private readonly windowMs: number) {}

  /** True while the key has used up its failures in the current window. */
  async blocked(key: string, now = Date.now()): Promise<boolean> {
    const row = await this.db.kysely.selectFrom('login_limit').select(['failures', 'window_ends_at']).where('address', '=', key).executeTakeFirst();
    return row !== undefined && Date.parse(row.window_ends_at) > now && row.failures >= this.limit;
  }

  /** Counts one failure for the key; one statement, so failures on several processes all count. */
  async fail(key: string, now = Date.now()): Promise<void> {
    const at = new Date(now).toISOString();
    const windowEnd = new Date(now + this.windowMs).toISOString();
    await this.db.kysely.insertInto('login_limit').values({ address: key, failures: 1, window_ends_at: windowEnd })
      .onConflict((oc) => oc.column('address').doUpdateSet((eb) => ({
        failures: eb.case().when('login_limit.window_ends_at', '<=', at).then(1).else(eb('login_limit.failures', '+', 1)).end(),
        window_ends_at: eb.case().when('login_limit.window_ends_at', '<=', at).then(windowEnd).else(eb.ref('login_limit.window_ends_at')).end(),
      })))
      .execute();
    // Ended windows are of no use: keeps the table as small as the addresses failing right now.
    await this.db.kysely.deleteFrom('login_limit').where('window_ends_at', '<=', at).execute();
  }
}

export type LoginResult =
  | { ok: true; token: string; csrfToken: string; userId: number }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited' };

export async function login(
  db: Db,
  limiter: RateLimiter,
  input: { email: string; password: string; ip: string | null },
  now = new Date(),
): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const ipKey = input.ip ?? 'onbekend';
  if (await limiter.blocked(ipKey, now.getTime())) {
    await audit(db, { email, action: 'login_failed', detail: 'te veel pogingen vanaf dit adres', ip: input.ip });
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await findUserByEmail(db, email);
  if (!user) {
    await limiter.fail(ipKey, now.getTime());
    await verifyPassword(await dummyHash(), input.password);
    await audit(db, { email, action: 'login_failed', detail: 'onbekend account', ip: input.ip });
    return { ok: false, reason: 'invalid' };
  }
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    await limiter.fail(ipKey, now.getTime());
    await audit(db, { userId: user.id, email, action: 'login_failed', detail: 'account geblokkeerd', ip: input.ip });
    return { ok: false, reason: 'locked' };
  }
  const valid = await verifyPassword(user.password_hash, input.password);
  if (!valid || user.disabled) {
    await limiter.fail(ipKey, now.getTime());
    const failures = user.failed_logins + 1;
    const lock = failures >= MAX_FAILED_LOGINS;
    await db.kysely.updateTable('app_user').set({
      failed_logins: lock ? 0 : failures,
      locked_until: lock ? new Date(now.getTime() + LOCKOUT_MS).toISOString() : user.locked_until,
    }).where('id', '=', user.id).execute();
    await audit(db, { userId: user.id, email, action: lock ? 'login_locked' : 'login_failed', detail: user.disabled ? 'account uitgeschakeld' : 'onjuist wachtwoord', ip: input.ip });
    return { ok: false, reason: lock ? 'locked' : 'invalid' };
  }
  await db.kysely.updateTable('app_user').set({ failed_logins: 0, locked_until: null }).where('id', '=', user.id).execute();
  const session = await createSession(db, user.id, now);
  await audit(db, { userId: user.id, email, action: 'login', ip: input.ip });
  return { ok: true, ...session, userId: user.id };
}

/**
 * Password login with two brakes: a per-account lockout after MAX_FAILED_LOGINS failures (stored,
 * so it survives restarts) and an in-memory per-IP limit on failed attempts (slows spraying across
 * accounts; successful logins do not count, so a shared office address is not locked out).
 * Every outcome gives the same Dutch message, so the response does not reveal which emails exist.
 */
import type { Db } from '../db/connection.ts';
import { audit } from './audit.ts';
import { LOCKOUT_MS, MAX_FAILED_LOGINS, createSession, findUserByEmail } from './accounts.ts';
import { dummyHash, verifyPassword } from './password.ts';

export const LOGIN_FAILED_MESSAGE = 'E-mailadres of wachtwoord klopt niet, of het account is (tijdelijk) geblokkeerd';

/** Fixed-window counter per key (IP). Bounded in size so it cannot grow without end. */
export class RateLimiter {
  private readonly hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly limit: number, private readonly windowMs: number, private readonly maxKeys = 10_000) {}

  /** True while the key has used up its failures in the current window. */
  blocked(key: string, now = Date.now()): boolean {
    const entry = this.hits.get(key);
    return entry !== undefined && entry.resetAt > now && entry.count >= this.limit;
  }

  /** Counts one failure for the key. */
  fail(key: string, now = Date.now()): void {
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size >= this.maxKeys) this.hits.clear();
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    entry.count += 1;
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
  if (limiter.blocked(ipKey, now.getTime())) {
    await audit(db, { email, action: 'login_failed', detail: 'te veel pogingen vanaf dit adres', ip: input.ip });
    return { ok: false, reason: 'rate_limited' };
  }
  const user = await findUserByEmail(db, email);
  if (!user) {
    limiter.fail(ipKey, now.getTime());
    await verifyPassword(await dummyHash(), input.password);
    await audit(db, { email, action: 'login_failed', detail: 'onbekend account', ip: input.ip });
    return { ok: false, reason: 'invalid' };
  }
  if (user.locked_until && Date.parse(user.locked_until) > now.getTime()) {
    limiter.fail(ipKey, now.getTime());
    await audit(db, { userId: user.id, email, action: 'login_failed', detail: 'account geblokkeerd', ip: input.ip });
    return { ok: false, reason: 'locked' };
  }
  const valid = await verifyPassword(user.password_hash, input.password);
  if (!valid || user.disabled) {
    limiter.fail(ipKey, now.getTime());
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

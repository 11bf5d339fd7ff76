import type { Db } from './db/connection.ts';
import type { AppConfig } from './config.ts';
import type { Principal } from './auth/roles.ts';
import { RateLimiter } from './auth/login.ts';
import type { ResponseCache } from './response-cache.ts';

/** What only an HTTP request has: the client's address, its CSRF header and the session cookie. */
export interface HttpInfo {
  ip: string | null;
  /** The x-csrf-token header, checked against the session on every mutation. */
  csrfHeader: string | null;
  sessionToken: string | null;
  /** The If-None-Match header: the ETag of the answer the client already holds. */
  ifNoneMatch: string | null;
  setSessionCookie(token: string): void;
  clearSessionCookie(): void;
  /** Answers 304: the client's copy is current (the body tRPC still writes is dropped). */
  setNotModified(): void;
}

/** Everything a procedure may use. Tests build it directly (inner context) on a real database. */
export interface Context {
  db: Db;
  config: AppConfig;
  /** The logged-in user, or null. The access middleware in trpc.ts decides what they may call. */
  user: Principal | null;
  http: HttpInfo | null;
  loginLimiter: RateLimiter;
  /** The app's answer cache (null: every call computes; tests and scripts that write data between calls). */
  responseCache: ResponseCache | null;
}

/** 20 failed login attempts per IP per 10 minutes, counted in the database (shared by every process). */
function createLoginLimiter(db: Db): RateLimiter {
  return new RateLimiter(db, 20, 10 * 60_000);
}

export function createInnerContext(
  db: Db,
  config: AppConfig,
  opts: { user?: Principal | null; http?: HttpInfo | null; loginLimiter?: RateLimiter; responseCache?: ResponseCache | null } = {},
): Context {
  return { db, config, user: opts.user ?? null, http: opts.http ?? null, loginLimiter: opts.loginLimiter ?? createLoginLimiter(db), responseCache: opts.responseCache ?? null };
}

/**
 * The HTTP side of sessions: the cookie, and Express middleware that resolves it to a principal
 * (res.locals.principal) for tRPC and for the /api routes.
 */
import type { NextFunction, Request, Response } from 'express';
import type { Db } from '../db/connection.ts';
import type { HttpInfo } from '../context.ts';
import { SESSION_ABSOLUTE_MS, principalForToken } from './accounts.ts';
import type { Principal } from './roles.ts';

const SESSION_COOKIE = 'rd_session';

function readCookie(req: Request, name: string): string | null {
  const header = req.headers.cookie;
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return null;
      }
    }
  }
  return null;
}

/**
 * Secure cookies when served over https (req.secure behind a trusted proxy) or when configured
 * (COOKIE_SECURE=true, `cookieSecure`).
 */
export function httpInfo(req: Request, res: Response, cookieSecure = false): HttpInfo {
  const secure = req.secure || cookieSecure;
  const header = req.headers['x-csrf-token'];
  return {
    ip: req.ip ?? null,
    csrfHeader: typeof header === 'string' && header !== '' ? header : null,
    sessionToken: readCookie(req, SESSION_COOKIE),
    ifNoneMatch: typeof req.headers['if-none-match'] === 'string' ? req.headers['if-none-match'] : null,
    setSessionCookie(token) {
      res.cookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: SESSION_ABSOLUTE_MS });
    },
    clearSessionCookie() {
      res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax', secure, path: '/' });
    },
    setNotModified() {
      res.status(304);
    },
  };
}

/** Resolves the session cookie (if any) to res.locals.principal; never rejects by itself. */
export function sessionMiddleware(db: Db) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const token = readCookie(req, SESSION_COOKIE);
      res.locals.principal = token ? await principalForToken(db, token) : null;
      next();
    } catch (error) {
      next(error);
    }
  };
}

/** For /api/*: 401 without a valid session; state-changing methods need the session's CSRF token. */
export function requireSession(req: Request, res: Response, next: NextFunction): void {
  const principal = res.locals.principal as Principal | null | undefined;
  if (!principal) {
    res.status(401).json({ error: 'Log eerst in' });
    return;
  }
  if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method) && req.headers['x-csrf-token'] !== principal.csrfToken) {
    res.status(403).json({ error: 'Ongeldig of ontbrekend CSRF-token; laad de pagina opnieuw' });
    return;
  }
  next();
}

import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import compression from 'compression';
import helmet from 'helmet';
import { sql } from 'kysely';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Logger } from 'pino';
import type { AppConfig } from './config.ts';
import { REPO_ROOT } from './config.ts';
import type { Db } from './db/connection.ts';
import { createInnerContext } from './context.ts';
import { httpInfo, requireSession, sessionMiddleware } from './auth/http.ts';
import { appRouter } from './routers/index.ts';
import { exportRouter, type ReportRenderer } from './export/routes.ts';
import { createExportCaller } from './export/caller.ts';
import { createReportRenderer } from './report/renderer.ts';
import { importRouter } from './import/routes.ts';
import { ANSWER_CACHE_CONTROL, ResponseCache, matchesEtag } from './response-cache.ts';
import { cachedAnswers } from './cached-answers.ts';

export function createApp(db: Db, config: AppConfig, logger: Logger, options: { reports?: ReportRenderer | null; clientDir?: string; responseCache?: ResponseCache } = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Behind a reverse proxy that terminates https (TRUST_PROXY=1 or a list of addresses): req.secure
  // and req.ip come from X-Forwarded-*, so session cookies get Secure and the audit log the client's address.
  if (config.trustProxy !== null) app.set('trust proxy', config.trustProxy);
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        // ECharts renders to canvas/SVG with inline styles.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
        'connect-src': ["'self'"],
        'frame-ancestors': ["'none'"],
      },
    },
  }));

  // brotli or gzip for the app shell, its assets and tRPC answers. Not for /api: the import's progress
  // is a stream read as it is written, and the downloads (XLSX, PDF) are compressed already.
  app.use(compression({ filter: (req, res) => !req.path.startsWith('/api/') && compression.filter(req, res) }));

  app.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db.kysely);
      res.json({ status: 'ok', database: 'bereikbaar' });
    } catch (error) {
      logger.error({ err: error }, 'health check failed');
      res.status(503).json({ status: 'fout', database: 'niet bereikbaar' });
    }
  });

  // Resolves the session cookie for tRPC and /api; the access rules themselves live in trpc.ts.
  app.use(['/trpc', '/api'], sessionMiddleware(db));
  // Every /api route (exports, reports) needs a session; their own code checks the scope.
  app.use('/api', requireSession);
  // One per process: screens, exports and reports of unchanged data share the answers.
  const responseCache = options.responseCache ?? new ResponseCache(db, config.responseCacheMb * 1_000_000);
  app.use('/trpc', cachedAnswers(db, responseCache, appRouter, config.minCellSchools));
  app.use('/trpc', createExpressMiddleware({
    router: appRouter,
    createContext: ({ req, res }) => createInnerContext(db, config, { user: res.locals.principal ?? null, http: httpInfo(req, res, config.cookieSecure), responseCache }),
    maxBodySize: 1_000_000,
    onError({ error, path: procedure }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, procedure }, 'procedure failed');
    },
    // Repeat GETs of unchanged data: an ETag from the answers' keys and data version, and 304 when
    // the client holds it. no-cache: the browser asks every time, so the session and access checks run.
    responseMeta({ ctx, type, errors, paths }) {
      if (type !== 'query' || errors.length > 0 || !ctx?.http) return {};
      const etag = responseCache.etagOf(ctx.http, paths?.length ?? 0);
      if (!etag) return {};
      if (matchesEtag(ctx.http.ifNoneMatch, etag)) ctx.http.setNotModified();
      return { headers: { etag, 'cache-control': ANSWER_CACHE_CONTROL } };
    },
  }));

  // File downloads (CSV, XLSX, PDF) over the same procedures; the PDF browser starts on first use.
  app.use(exportRouter({
    callerFor: (req, res) => createExportCaller(createInnerContext(db, config, { user: res.locals.principal ?? null, http: httpInfo(req, res, config.cookieSecure), responseCache })),
    reports: options.reports === undefined ? createReportRenderer(logger, config.chromiumPath) : options.reports,
    logger,
    // Each download is written to the audit log by the router itself (recordExport), once.
    db,
  }));

  // Uploads of import files (beheerder); the history and undo are tRPC procedures.
  app.use(importRouter({ db, logger, maxBytes: config.importMaxMb * 1_000_000, schoolYears: config.importSchoolYears }));

  const clientDir = options.clientDir ?? path.join(REPO_ROOT, 'dist', 'client');
  if (existsSync(clientDir)) {
    // Vite names built assets by content hash: a new build gets new names, so they can be kept for a year.
    // Everything else (index.html, unhashed files) is checked again after an hour.
    app.use('/assets', express.static(path.join(clientDir, 'assets'), { index: false, immutable: true, maxAge: '365d', fallthrough: false }));
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!trpc|api|healthz).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }

  // Last: no stack traces, SQL or paths in any response (Express' default handler shows stacks outside production).
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof error === 'object' && error !== null && 'status' in error && typeof error.status === 'number' && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) logger.error({ err: error }, 'request failed');
    res.status(status).json({ error: status === 500 ? 'Er ging iets mis op de server' : 'Ongeldig verzoek' });
  });
  return app;
}

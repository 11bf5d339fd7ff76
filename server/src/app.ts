import { existsSync } from 'node:fs';
import path from 'node:path';
import express from 'express';
import helmet from 'helmet';
import { sql } from 'kysely';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Logger } from 'pino';
import type { AppConfig } from './config.ts';
import { REPO_ROOT } from './config.ts';
import type { Db } from './db/connection.ts';
import { createInnerContext } from './context.ts';
import { appRouter } from './routers/index.ts';

export function createApp(db: Db, config: AppConfig, logger: Logger): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(helmet({
    contentSecurityPolicy: {
      directives: {
        // ECharts renders to canvas/SVG with inline styles.
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', 'blob:'],
      },
    },
  }));

  app.get('/healthz', async (_req, res) => {
    try {
      await sql`select 1`.execute(db.kysely);
      res.json({ status: 'ok', database: 'bereikbaar' });
    } catch (error) {
      logger.error({ err: error }, 'health check failed');
      res.status(503).json({ status: 'fout', database: 'niet bereikbaar' });
    }
  });

  app.use('/trpc', createExpressMiddleware({
    router: appRouter,
    createContext: () => createInnerContext(db, config),
    maxBodySize: 1_000_000,
    onError({ error, path: procedure }) {
      if (error.code === 'INTERNAL_SERVER_ERROR') logger.error({ err: error, procedure }, 'procedure failed');
    },
  }));

  const clientDir = path.join(REPO_ROOT, 'dist', 'client');
  if (existsSync(clientDir)) {
    app.use(express.static(clientDir, { index: false, maxAge: '1h' }));
    // Client-side routes: every other GET gets the app shell.
    app.get(/^\/(?!trpc|api|healthz).*/, (_req, res) => res.sendFile(path.join(clientDir, 'index.html')));
  }
  return app;
}

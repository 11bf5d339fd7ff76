/**
 * A private loopback server for batch reports (CLI, bench): the built client and /trpc for one
 * national system reader, bound to 127.0.0.1 on a random port and closed afterwards. The web app
 * itself does not use it: there, the print page runs with the requesting user's own session.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createExpressMiddleware } from '@trpc/server/adapters/express';
import type { Logger } from 'pino';
import { REPO_ROOT, type AppConfig } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { createInnerContext, type Context } from '../context.ts';
import { appRouter } from '../routers/index.ts';
import { createExportCaller, type Caller } from '../export/caller.ts';

export const CLIENT_DIR = path.join(REPO_ROOT, 'dist', 'client');

/**
 * The batch tool acts as a national reader (like a national coordinator): whoever can run it has the
 * database file already. Shaped as the authentication's principal, so the procedures check it as any user.
 */
const SYSTEM_READER = {
  userId: 0, email: 'rapport-cli@localhost', name: 'Rapportage (opdrachtregel)', role: 'coordinator', national: true,
  regions: [] as string[], municipalities: [] as string[], benchmarkRegions: [] as string[], csrfToken: 'cli', sessionId: null,
};

function systemContext(db: Db, config: AppConfig): Context {
  return { ...createInnerContext(db, config), user: SYSTEM_READER } as Context;
}

export function systemCaller(db: Db, config: AppConfig): Caller {
  return createExportCaller(systemContext(db, config));
}

export interface ReportServer {
  baseUrl: string;
  close(): Promise<void>;
}

export async function startReportServer(db: Db, config: AppConfig, logger: Logger): Promise<ReportServer> {
  if (!existsSync(path.join(CLIENT_DIR, 'index.html'))) {
    throw new Error(`De gebouwde app ontbreekt (${CLIENT_DIR}): voer eerst "npm run build" uit.`);
  }
  const app = express();
  app.use('/trpc', createExpressMiddleware({
    router: appRouter,
    createContext: () => systemContext(db, config),
    onError({ error, path: procedure }) {
      logger.error({ err: error, procedure }, 'report procedure failed');
    },
  }));
  app.use(express.static(CLIENT_DIR, { index: false, maxAge: '1h' }));
  app.get(/^\/rapport\/.*/, (_req, res) => res.sendFile(path.join(CLIENT_DIR, 'index.html')));
  const server = app.listen(0, '127.0.0.1');
  await new Promise<void>((resolve, reject) => { server.once('listening', resolve); server.once('error', reject); });
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

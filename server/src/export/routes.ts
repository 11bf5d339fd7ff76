/**
 * GET /api/export/:table.(csv|xlsx)?jaar=&sector=&regio=&gemeente=&niveau=&indicator=
 * GET /api/report/(region|municipality)/:code.(pdf|xlsx)?jaar=&sector=
 * Binary downloads do not fit tRPC, so these are plain Express routes over the same procedures.
 * Authentication is put in front of this router by the app (auth/http.ts); it is not done here.
 */
import express from 'express';
import type { Logger } from 'pino';
import { NATION } from '@rd/shared';
import type { Db } from '../db/connection.ts';
import type { Caller } from './caller.ts';
import { recordExport } from './record-export.ts';
import { exportReportWorkbook, exportTable, parseExportFilters, CONTENT_TYPES, type ExportFile } from './service.ts';
import { ExportInputError, findExportTable, type ExportFilters } from './tables.ts';
import { TRPCError } from '@trpc/server';

export interface ReportRenderer {
  /** `request` gives the app's own loopback address and the user's cookies (the print page acts as the user). */
  render(kind: 'region' | 'municipality', code: string, filters: ExportFilters, request: { baseUrl: string; cookie: string | null }): Promise<{ body: Buffer; fileName: string }>;
}

export interface ExportRouteOptions {
  /** The tRPC caller for this request's user (the app builds it with the session's principal). */
  callerFor(req: express.Request, res: express.Response): Caller;
  reports: ReportRenderer | null;
  logger: Logger;
  /** Where each download is recorded (the audit log). */
  db: Db;
}

/** The address this server was reached on, as seen from itself (loopback for the headless browser). */
function selfUrl(req: express.Request): string {
  const raw = req.socket.localAddress ?? '127.0.0.1';
  const address = raw.startsWith('::ffff:') ? raw.slice(7) : raw;
  const host = address.includes(':') ? `[${address}]` : address;
  return `http://${host}:${req.socket.localPort}`;
}

function scopeLabel(table: string, f: ExportFilters): string {
  if (findExportTable(table)?.requires === 'municipalities') return f.municipalities.join(',');
  if (findExportTable(table)?.requires === 'districts') return `${f.scope.level === 'municipality' ? f.scope.code : ''}:${(f.districts ?? []).join(',')}`;
  return f.scope.level === 'nation' ? NATION.code : f.scope.code;
}

/** Who asked: the session middleware puts the signed-in user on res.locals.principal. */
function whoOf(res: express.Response): { userId: number; email: string } | null {
  const user = res.locals.principal as { email: string; userId: number } | null | undefined;
  return user ? { userId: user.userId, email: user.email } : null;
}

function send(res: express.Response, file: { body: Buffer; fileName: string }, contentType: string) {
  res.setHeader('Content-Type', contentType);
  res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.send(file.body);
}

function fail(res: express.Response, logger: Logger, error: unknown) {
  if (error instanceof ExportInputError) return void res.status(400).type('text/plain; charset=utf-8').send(error.message);
  if (error instanceof TRPCError && error.code === 'NOT_FOUND') return void res.status(404).type('text/plain; charset=utf-8').send(error.message);
  if (error instanceof TRPCError && error.code === 'UNAUTHORIZED') return void res.status(401).type('text/plain; charset=utf-8').send(error.message);
  if (error instanceof TRPCError && error.code === 'FORBIDDEN') return void res.status(403).type('text/plain; charset=utf-8').send(error.message);
  if (error instanceof TRPCError && error.code === 'BAD_REQUEST') return void res.status(400).type('text/plain; charset=utf-8').send(error.message);
  logger.error({ err: error }, 'export failed');
  res.status(500).type('text/plain; charset=utf-8').send('Het bestand kon niet worden gemaakt. Probeer het later opnieuw.');
}

export function exportRouter({ callerFor, reports, logger, db }: ExportRouteOptions): express.Router {
  const r = express.Router();

  r.get('/api/export/:file', async (req, res) => {
    const match = /^([a-z-]+)\.(csv|xlsx)$/.exec(req.params.file);
    if (!match) return void res.status(404).type('text/plain; charset=utf-8').send('Onbekende export: gebruik /api/export/<tabel>.csv of .xlsx');
    const [, table, format] = match as unknown as [string, string, 'csv' | 'xlsx'];
    try {
      const caller = callerFor(req, res);
      const filters = await parseExportFilters(caller, req.query);
      const file: ExportFile = await exportTable(caller, table, format, filters);
      await recordExport(db, { user: whoOf(res), ip: req.ip ?? null, table, scope: scopeLabel(table, filters), format, schoolYear: filters.schoolYear, sector: filters.sector, url: req.originalUrl });
      send(res, file, file.contentType);
    } catch (error) {
      fail(res, logger, error);
    }
  });

  r.get('/api/report/:kind/:file', async (req, res) => {
    const kind = req.params.kind;
    const match = /^(G[GM]\d{4})\.(pdf|xlsx)$/.exec(req.params.file);
    if ((kind !== 'region' && kind !== 'municipality') || !match) {
      return void res.status(404).type('text/plain; charset=utf-8').send('Onbekend rapport: gebruik /api/report/region/GGxxxx.pdf of /api/report/municipality/GMxxxx.pdf');
    }
    const [, code, format] = match as unknown as [string, string, 'pdf' | 'xlsx'];
    try {
      const query = { ...req.query, regio: undefined, gemeente: undefined, [kind === 'region' ? 'regio' : 'gemeente']: code };
      const caller = callerFor(req, res);
      const filters = await parseExportFilters(caller, query);
      // Checks the scope exists (404) and that the user may see it, before a browser is started.
      await caller.overview.keyFigures({ scope: filters.scope, schoolYear: filters.schoolYear, sector: filters.sector });
      let file: { body: Buffer; fileName: string };
      if (format === 'xlsx') file = await exportReportWorkbook(caller, filters);
      else if (reports) file = await reports.render(kind, code, filters, { baseUrl: selfUrl(req), cookie: req.headers.cookie ?? null });
      else return void res.status(503).type('text/plain; charset=utf-8').send('PDF-rapporten zijn op deze server niet beschikbaar.');
      await recordExport(db, { user: whoOf(res), ip: req.ip ?? null, table: `rapport-${kind}`, scope: code, format, schoolYear: filters.schoolYear, sector: filters.sector, url: req.originalUrl });
      send(res, file, CONTENT_TYPES[format]);
    } catch (error) {
      fail(res, logger, error);
    }
  });
  return r;
}

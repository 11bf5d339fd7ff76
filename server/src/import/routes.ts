/**
 * POST /api/import/:soort            the file as the raw request body; its name in x-bestandsnaam
 * GET  /api/import/:nummer/problemen.csv   every problem of a failed upload
 * File uploads do not fit tRPC, so these are plain Express routes behind the app's session and
 * CSRF check (requireSession on /api); the history and undo are tRPC procedures (routers/imports.ts).
 *
 * The upload streams to a temporary file (never into memory) and stops at the size limit; then
 * importFile reads that file. The answer is NDJSON: progress lines while the file is checked and
 * written, then one result line, so the browser can show progress of the import itself. A database
 * that refuses the import as a whole (demo data, a wrong or missing pseudonym key) answers with one
 * 'geweigerd' line carrying the Dutch reason; the refusal is in the history and the audit log too.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express from 'express';
import type { Logger } from 'pino';
import { importKindSchema } from '@rd/shared';
import type { SchoolYearWindow } from '../config.ts';
import type { Db } from '../db/connection.ts';
import type { Principal } from '../auth/roles.ts';
import { importFile, type ImportProgress, type ImportResult } from './import-file.ts';
import { ImportRefusedError, resolvePseudonymSecret } from './import-guards.ts';
import { auditImport, auditRefusedImport, type ImportActor } from './runs.ts';
import { ImportBusyError, ProblemFileWriter, exclusively, hasProblemFile, problemFilePath, type RunRef } from './web-import.ts';

export interface ImportRouteOptions {
  db: Db;
  logger: Logger;
  maxBytes: number;
  schoolYears: SchoolYearWindow;
}

/** One line of the NDJSON answer. */
export type ImportStreamLine =
  | ({ type: 'voortgang' } & ImportProgress)
  | ({ type: 'resultaat'; fileName: string; problemsUrl: string | null } & ImportResult)
  /** The database took nothing from this file; the message says why and what to do. */
  | { type: 'geweigerd'; fileName: string; message: string };

class TooLargeError extends Error {}

function limitBytes(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      seen += chunk.length;
      done(seen > max ? new TooLargeError() : null, chunk);
    },
  });
}

/** The user's file name, reduced to a plain name: it ends up in a path and in the history. */
function safeFileName(header: string | string[] | undefined): string {
  let name = typeof header === 'string' ? header : '';
  try {
    name = decodeURIComponent(name);
  } catch {
    // Not percent-encoded: use it as it is.
  }
  const cleaned = path.basename(name.replaceAll('\\', '/')).replace(/[^\p{L}\p{N} ._()+-]/gu, '_').replace(/^[.\s]+/, '').slice(-120);
  return cleaned === '' ? 'bestand' : cleaned;
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1_000_000).toLocaleString('nl-NL')} MB`;

function actorOf(p: Principal): ImportActor {
  return { userId: p.userId, name: p.name, email: p.email };
}

/** The run's number and start time, which name its problem list; undefined for an unknown run. */
async function findRun(db: Db, id: number): Promise<RunRef | undefined> {
  const row = await db.kysely.selectFrom('import_run').select(['id', 'started_at']).where('id', '=', id).executeTakeFirst();
  return row ? { id: Number(row.id), startedAt: row.started_at } : undefined;
}

export function importRouter({ db, logger, maxBytes, schoolYears }: ImportRouteOptions): express.Router {
  const r = express.Router();
  const tooLarge = `Het bestand is te groot: de grens voor uploaden is ${megabytes(maxBytes)}. ` +
    'Splits het bestand (bijvoorbeeld per schooljaar) of importeer het op de server met npm run import.';

  r.post('/api/import/:kind', async (req, res) => {
    const principal = res.locals.principal as Principal;
    // requireSession has checked the login and the CSRF token; importing is for the beheerder.
    if (principal.role !== 'beheerder') return void res.status(403).json({ error: 'Alleen voor beheerders' });
    const kind = importKindSchema.safeParse(req.params.kind);
    if (!kind.success) return void res.status(400).json({ error: `Onbekende soort "${req.params.kind}"` });
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      res.setHeader('Connection', 'close');
      return void res.status(413).json({ error: tooLarge });
    }
    const fileName = safeFileName(req.headers['x-bestandsnaam']);
    const by = actorOf(principal);
    let dir: string | null = null;
    try {
      await exclusively(async () => {
        dir = await mkdtemp(path.join(tmpdir(), 'rd-upload-'));
        // Named as uploaded, so the history shows the user's file name.
        const file = path.join(dir, fileName);
        try {
          await pipeline(req, limitBytes(maxBytes), createWriteStream(file, { mode: 0o600 }));
        } catch (error) {
          if (error instanceof TooLargeError) {
            res.setHeader('Connection', 'close');
            return void res.status(413).json({ error: tooLarge });
          }
          // The browser stopped sending (cancelled, connection lost): nothing to import.
          logger.info({ err: error }, 'upload afgebroken');
          if (!res.headersSent) res.status(400).json({ error: 'Het uploaden is afgebroken; er is niets geïmporteerd.' });
          return;
        }
        res.status(200).setHeader('Content-Type', 'application/x-ndjson; charset=utf-8');
        res.setHeader('Cache-Control', 'no-store');
        const send = (line: ImportStreamLine) => res.write(`${JSON.stringify(line)}\n`);
        let lastSent = 0;
        const problems = new ProblemFileWriter();
        let result: ImportResult;
        try {
          result = await importFile(db, kind.data, { path: file }, {
            // Read when a file arrives, never generated for a database that holds schools.
            secret: () => resolvePseudonymSecret(db),
            schoolYears,
            by,
            onProblem: (p) => problems.add(p),
            onProgress: (p) => {
              const now = Date.now();
              if (now - lastSent < 200 && p.phase === 'valideren') return;
              lastSent = now;
              send({ type: 'voortgang', ...p });
            },
          });
        } catch (error) {
          problems.discard();
          if (!(error instanceof ImportRefusedError)) throw error;
          await auditRefusedImport(db, by, req.ip ?? null, kind.data, fileName, error);
          send({ type: 'geweigerd', fileName, message: error.message });
          res.end();
          return;
        }
        const keepProblems = !result.ok && result.problemCount > 0 && result.runId !== undefined ? await findRun(db, result.runId) : undefined;
        problems.finish(keepProblems);
        await auditImport(db, by, req.ip ?? null, kind.data, fileName, result);
        send({ type: 'resultaat', fileName, problemsUrl: keepProblems !== undefined ? `/api/import/${keepProblems.id}/problemen.csv` : null, ...result });
        res.end();
      });
    } catch (error) {
      if (error instanceof ImportBusyError) {
        req.resume();
        return void res.status(409).json({ error: error.message });
      }
      logger.error({ err: error }, 'import via upload mislukt');
      if (!res.headersSent) res.status(500).json({ error: 'Het importeren is mislukt door een fout op de server; er is niets geschreven. Probeer het later opnieuw.' });
      else res.end(`${JSON.stringify({ type: 'fout', error: 'Het importeren is mislukt door een fout op de server; er is niets geschreven.' })}\n`);
    } finally {
      if (dir) await rm(dir, { recursive: true, force: true });
    }
  });

  r.get('/api/import/:run/problemen.csv', async (req, res) => {
    const principal = res.locals.principal as Principal;
    if (principal.role !== 'beheerder') return void res.status(403).json({ error: 'Alleen voor beheerders' });
    const runId = /^\d{1,9}$/.test(req.params.run) ? Number(req.params.run) : NaN;
    const run = Number.isInteger(runId) ? await findRun(db, runId) : undefined;
    if (!run || !hasProblemFile(run)) {
      return void res.status(404).type('text/plain; charset=utf-8')
        .send('Deze problemenlijst is niet (meer) beschikbaar. Importeer het bestand opnieuw om de problemen te zien.');
    }
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="problemen-import-${runId}.csv"`);
    res.setHeader('Cache-Control', 'no-store');
    createReadStream(problemFilePath(run)).pipe(res);
  });
  return r;
}

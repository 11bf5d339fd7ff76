/**
 * Repeat GETs answered from the answer cache in front of tRPC. tRPC turns every request into a fetch
 * Request, its answer into a web stream, and writes the JSON anew; for an answer already stored that
 * is most of the request's cost. Here a GET whose every call is stored, after each call's own
 * access check (the same function the access middleware runs), is answered with the stored JSON
 * text, the same body and the same headers tRPC writes. Anything else (a call not stored, refused,
 * not a query, malformed) goes on to tRPC unchanged, which answers or refuses it as always.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { AnyRouter } from '@trpc/server';
import type { Db } from './db/connection.ts';
import type { Principal } from './auth/roles.ts';
import { enforceAccess, type ProcedureMeta } from './trpc.ts';
import { ANSWER_CACHE_CONTROL, ResponseCache, answerKey, answeredKey, etagOfAnswers, matchesEtag } from './response-cache.ts';

interface ProcedureDef {
  _def: { type: string; meta?: ProcedureMeta };
}

/** The calls of a GET as tRPC reads them: procedures from the path, inputs from `input` (see resolveResponse). */
function callsOf(req: Request): { batch: boolean; calls: { path: string; input: unknown }[] } | null {
  const url = new URL(req.url, 'http://localhost');
  const batch = url.searchParams.get('batch') === '1';
  const path = decodeURIComponent(url.pathname.slice(1));
  const text = url.searchParams.get('input');
  const inputs: unknown = text ? JSON.parse(text) : undefined;
  if (!batch) return { batch, calls: [{ path, input: inputs }] };
  if (inputs !== undefined && (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs))) return null;
  return { batch, calls: path.split(',').map((p, index) => ({ path: p, input: (inputs as Record<number, unknown> | undefined)?.[index] })) };
}

/** The stored answers of a request's calls, or null when tRPC must answer it. */
async function storedAnswers(req: Request, user: Principal, db: Db, cache: ResponseCache, procedures: Record<string, ProcedureDef | undefined>, minCellSchools: number) {
  const read = callsOf(req);
  if (!read) return null;
  const keys: string[] = [];
  for (const call of read.calls) {
    const def = procedures[call.path]?._def;
    const access = def?.meta?.access;
    if (def?.type !== 'query' || (access?.kind !== 'aggregate' && access?.kind !== 'schoolRows')) return null;
    // Every call passes its own access check before anything stored is looked at.
    await enforceAccess({ db, user, http: null }, access, 'query', async () => call.input);
    keys.push(answerKey(call.path, user, minCellSchools, call.input));
  }
  const version = await cache.currentVersion();
  if (!keys.every((key) => cache.has(version, key))) return null;
  if (!read.batch) return { body: cache.getBody(version, keys[0]!)!, etag: cache.etagOfOne(version, keys[0]!)! };
  const bodies = keys.flatMap((key, index) => [index === 0 ? BATCH_START : BATCH_SEPARATOR, cache.getBody(version, key)!]);
  return {
    body: Buffer.concat([...bodies, BATCH_END]),
    etag: etagOfAnswers(keys.map((key) => answeredKey(version, key))),
  };
}

/** A batch's body: the bodies of its calls as a JSON list. */
const BATCH_START = Buffer.from('[');
const BATCH_SEPARATOR = Buffer.from(',');
const BATCH_END = Buffer.from(']');

export function cachedAnswers(db: Db, cache: ResponseCache, router: AnyRouter, minCellSchools: number): RequestHandler {
  const procedures = router._def.procedures as Record<string, ProcedureDef | undefined>;
  return async (req: Request, res: Response, next: NextFunction) => {
    const user = res.locals.principal as Principal | null | undefined;
    // Streaming answers (trpc-accept: application/jsonl) are tRPC's own format.
    if (req.method !== 'GET' || !user || !cache.enabled || req.headers['trpc-accept'] !== undefined) return next();
    // Whatever fails here (a refusal, a malformed input), tRPC answers the request itself, with its own error.
    const stored = await storedAnswers(req, user, db, cache, procedures, minCellSchools).catch(() => null);
    if (!stored) return next();
    // The headers tRPC and the app's responseMeta write for the same answers.
    res.setHeader('vary', 'trpc-accept, accept');
    res.setHeader('cache-control', ANSWER_CACHE_CONTROL);
    res.setHeader('etag', stored.etag);
    const ifNoneMatch = req.headers['if-none-match'];
    if (matchesEtag(typeof ifNoneMatch === 'string' ? ifNoneMatch : null, stored.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.status(200).end(stored.body);
  };
}

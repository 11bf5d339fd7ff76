/**
 * Answers of published aggregates and school rows, kept per process for one data version.
 *
 * A procedure's answer depends only on the data, the procedure, its input and what the caller may
 * see; the data changes only with the data version (data/data-version.ts). So an answer is stored
 * under (procedure, input, the caller's resolved scope, the suppression threshold) for the version
 * it was computed at, and every entry retires at once when any process raises the version.
 *
 * The cache sits behind the access middleware (trpc.ts): every request is checked before it can be
 * answered from here. The key holds the caller's whole scope (role, regions, municipalities,
 * benchmark regions), not the user id: two users with the same scope share answers, two with the
 * same role but another scope never do.
 */
import { createHash } from 'node:crypto';
import { NATION } from '@rd/shared';
import type { Db } from './db/connection.ts';
import type { Principal } from './auth/roles.ts';
import { readDataVersion } from './data/data-version.ts';

interface Entry {
  data: unknown;
  /**
   * The answer as tRPC's response body for a call on its own (`{"result":{"data":…}}`), encoded
   * once when stored: repeat requests send these bytes as they are, without writing or encoding
   * the JSON again (a batch puts the bodies of its calls in a list).
   */
  body: Buffer;
  /** The ETag of a response of this call alone, made at its first repeat. */
  etag?: string;
  bytes: number;
}

/** What tRPC writes around the JSON text of one successful call's answer. */
const BODY_START = '{"result":{"data":';
const BODY_END = '}}';

export interface ResponseCacheStats {
  hits: number;
  misses: number;
  entries: number;
  bytes: number;
}

/** What a caller may see, as a key part: equal for two principals exactly when their scopes are. */
export function scopeKey(user: Principal): string {
  const list = (codes: readonly string[]) => [...codes].sort().join(',');
  return [user.role, user.national ? NATION.code : '', list(user.regions), list(user.municipalities), list(user.benchmarkRegions)].join(';');
}

/** The key of one answer: procedure, the caller's scope, the threshold and the input as sent. */
export function answerKey(procedure: string, user: Principal, minCellSchools: number, rawInput: unknown): string {
  return JSON.stringify([procedure, scopeKey(user), minCellSchools, rawInput ?? null]);
}

/** Frozen, so that no caller (an export that sorts, say) can change what the next caller is served. */
function deepFreeze(value: unknown): void {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
}

export class ResponseCache {
  /** The data version the entries belong to; -1 before the first read. */
  private version = -1;
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  private hits = 0;
  private misses = 0;
  /** The version read in flight, and the one queued behind it (see currentVersion). */
  private reading: Promise<number> | null = null;
  private queued: Promise<number> | null = null;
  /** The keys answered per HTTP request (a batch holds several calls), for its ETag. */
  private readonly answered = new WeakMap<object, string[]>();

  /** `maxBytes` bounds the entries (as JSON text); 0 turns the cache off. */
  constructor(private readonly db: Db, readonly maxBytes: number) {}

  get enabled(): boolean {
    return this.maxBytes > 0;
  }

  /**
   * The database's data version. A read always starts after the request asked, so an answer is
   * never older than the last change committed before the request; requests that arrive while a
   * read is in flight share the next one, so a busy process reads it once at a time, not per request.
   */
  currentVersion(): Promise<number> {
    if (this.reading === null) return this.startRead();
    this.queued ??= this.reading.then(() => undefined, () => undefined).then(() => {
      this.queued = null;
      return this.startRead();
    });
    return this.queued;
  }

  private startRead(): Promise<number> {
    const read: Promise<number> = readDataVersion(this.db.kysely).finally(() => {
      if (this.reading === read) this.reading = null;
    });
    this.reading = read;
    return read;
  }

  /** Moves to a newer version (dropping every entry); false when `version` is older than the entries'. */
  private adopt(version: number): boolean {
    if (version > this.version) {
      this.entries.clear();
      this.bytes = 0;
      this.version = version;
    }
    return version === this.version;
  }

  /** The stored answer, or undefined. */
  get(version: number, key: string): unknown {
    return this.lookup(version, key)?.data;
  }

  /** The stored answer as tRPC's response body of the call on its own, or undefined. */
  getBody(version: number, key: string): Buffer | undefined {
    return this.lookup(version, key)?.body;
  }

  /** The ETag of a response of only this call (etagOfAnswers), or undefined when it is not stored. */
  etagOfOne(version: number, key: string): string | undefined {
    const entry = this.adopt(version) ? this.entries.get(key) : undefined;
    if (entry) entry.etag ??= etagOfAnswers([answeredKey(version, key)]);
    return entry?.etag;
  }

  /** Whether an answer is stored, without counting it as asked for. */
  has(version: number, key: string): boolean {
    return this.adopt(version) && this.entries.has(key);
  }

  private lookup(version: number, key: string): Entry | undefined {
    const entry = this.adopt(version) ? this.entries.get(key) : undefined;
    if (entry === undefined) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Most recently used last: eviction takes the first.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry;
  }

  /** Stores an answer computed at `version` (not when a newer version has been seen since). */
  set(version: number, key: string, data: unknown): void {
    if (!this.enabled || !this.adopt(version)) return;
    const json = JSON.stringify(data);
    // undefined has no JSON text; tRPC answers it without data, so it is not kept.
    if (json === undefined) return;
    const body = Buffer.from(`${BODY_START}${json}${BODY_END}`);
    const bytes = key.length + body.length;
    // One answer may take at most an eighth, so a few huge ones cannot flush everything else.
    if (bytes > this.maxBytes / 8) return;
    deepFreeze(data);
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.delete(key);
    this.entries.set(key, { data, body, bytes });
    this.bytes += bytes;
    for (const [oldest, entry] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= entry.bytes;
    }
  }

  /** Notes that `request` got the answer of `key` at `version` (from here or freshly stored). */
  noteAnswered(request: object, version: number, key: string): void {
    const keys = this.answered.get(request) ?? [];
    keys.push(answeredKey(version, key));
    this.answered.set(request, keys);
  }

  /**
   * The ETag of a request's response when each of its `calls` was answered through the cache:
   * the same versions and keys give the same answers, on every process of one database.
   */
  etagOf(request: object, calls: number): string | null {
    const keys = this.answered.get(request);
    if (!keys || calls === 0 || keys.length !== calls) return null;
    return etagOfAnswers(keys);
  }

  stats(): ResponseCacheStats {
    return { hits: this.hits, misses: this.misses, entries: this.entries.size, bytes: this.bytes };
  }
}

/** One answered call as an ETag part: the version and the key. */
export function answeredKey(version: number, key: string): string {
  return `${version}\u0000${key}`;
}

/** The ETag of a response made of these answered calls (answeredKey), in any order. */
export function etagOfAnswers(answered: readonly string[]): string {
  return `"${createHash('sha256').update([...answered].sort().join('\u0001')).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-None-Match header names `etag` (a list, weak validators, or *). */
/** Answers may be kept by the browser only, and must be revalidated (ETag) before reuse. */
export const ANSWER_CACHE_CONTROL = 'private, no-cache';

export function matchesEtag(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t === etag || t === `W/${etag}`;
  });
}

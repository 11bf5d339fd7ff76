import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { createApp } from './app.ts';
import { loadConfig } from './config.ts';
import { openDb, type Db } from './db/connection.ts';
import { migrateToLatest } from './db/migrate.ts';

let db: Db;
let server: Server;
let base: string;

beforeAll(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db);
  const config = { ...loadConfig({}), databaseUrl: ':memory:' };
  server = createApp(db, config, pino({ level: 'silent' })).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
});

describe('HTTP app', () => {
  it('reports liveness and database readiness on /healthz', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: 'bereikbaar' });
  });

  it('sends security headers', async () => {
    const res = await fetch(`${base}/healthz`);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers an unknown procedure with a typed error and no stack trace', async () => {
    const res = await fetch(`${base}/trpc/bestaatNiet`);
    expect(res.status).toBe(404);
    const body = await res.json() as { error: { data: Record<string, unknown> } };
    expect(body.error.data.code).toBe('NOT_FOUND');
    expect(body.error.data).not.toHaveProperty('stack');
  });
});

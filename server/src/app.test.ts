import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
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
/** A built client as Vite writes it: the shell and content-hashed assets. */
const clientDir = mkdtempSync(path.join(tmpdir(), 'rd-client-'));
const ASSET = `export const chart = ${JSON.stringify('grafiek '.repeat(2000))};\n`;

beforeAll(async () => {
  db = await openDb(':memory:');
  await migrateToLatest(db);
  mkdirSync(path.join(clientDir, 'assets'));
  writeFileSync(path.join(clientDir, 'index.html'), '<!doctype html><html lang="nl"><title>Regiodashboard</title></html>');
  writeFileSync(path.join(clientDir, 'assets', 'index-Ab12Cd34.js'), ASSET);
  const config = { ...loadConfig({}), databaseUrl: ':memory:' };
  server = createApp(db, config, pino({ level: 'silent' }), { clientDir }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  rmSync(clientDir, { recursive: true, force: true });
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

  it('sends assets compressed (brotli when accepted, else gzip) and keeps hashed assets for a year', async () => {
    const url = `${base}/assets/index-Ab12Cd34.js`;
    // fetch decodes the body itself, as a browser does.
    const br = await fetch(url, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toBe(ASSET);
    expect(br.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const gzip = await fetch(url, { headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers.get('content-encoding')).toBe('gzip');
    expect(await gzip.text()).toBe(ASSET);
    // The shell is not hashed: a new build must reach users within the hour.
    const shell = await fetch(`${base}/overzicht`);
    expect(shell.headers.get('cache-control')).not.toContain('immutable');
    expect(await shell.text()).toContain('Regiodashboard');
    // A missing hashed asset is a 404, never the shell cached for a year under the asset's name.
    expect((await fetch(`${base}/assets/index-Zz99Zz99.js`)).status).toBe(404);
  });
});

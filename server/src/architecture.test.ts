/**
 * The layering rules of docs/architecture.md, checked on the import statements of the source files:
 * shared imports neither server nor client; the server's data layer imports no router, app or
 * feature module; only main.ts imports the app; the client takes only types from the server; only
 * config.ts reads the environment; and the server's modules form no import cycle. Imports are read
 * from the text (static, `export … from` and dynamic `import()`), so the check needs no compiler API.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from './config.ts';

interface Import {
  /** The importing file, relative to the repository root. */
  from: string;
  /** The imported file relative to the repository root, or the package specifier as written. */
  target: string;
  typeOnly: boolean;
  line: number;
}

const SOURCE = /\.(ts|tsx)$/;

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && SOURCE.test(e.name))
    .map((e) => path.relative(REPO_ROOT, path.join(e.parentPath, e.name)));
}

/** Workspace packages by name, so `@rd/shared` and `@rd/server/src/…` resolve to files. */
const WORKSPACES: Record<string, string> = { '@rd/shared': 'shared/src/index.ts', '@rd/server': 'server', '@rd/client': 'client' };

function resolve(from: string, specifier: string): string {
  if (specifier.startsWith('.')) return path.normalize(path.join(path.dirname(from), specifier));
  for (const [name, dir] of Object.entries(WORKSPACES)) {
    if (specifier === name) return dir;
    if (specifier.startsWith(`${name}/`)) return path.join(dir === WORKSPACES['@rd/shared'] ? 'shared/src' : dir, specifier.slice(name.length + 1));
  }
  return specifier;
}

/** Every import of a file: `import … from`, `import '…'`, `export … from` and `import('…')`. */
export function importsOf(file: string, text: string): Import[] {
  const found: Import[] = [];
  const lineAt = (index: number) => text.slice(0, index).split('\n').length;
  const statement = /^\s*(import|export)\s+(type\s+)?([^'";]*?\bfrom\s+)?['"]([^'"]+)['"]/gm;
  for (const m of text.matchAll(statement)) {
    if (m[1] === 'export' && !m[3]) continue;
    // `import { type A, type B } from` is type-only too, unless a default or namespace import comes along.
    const clause = m[3] ?? '';
    const named = clause.match(/\{([^}]*)\}/)?.[1];
    const others = clause
      .replace(/\{[^}]*\}/, '')
      .replace(/\bfrom\s*$/, '')
      .replace(/,/g, '')
      .trim();
    const allTypes =
      named !== undefined &&
      others === '' &&
      named
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith('type '));
    found.push({ from: file, target: resolve(file, m[4]!), typeOnly: !!m[2] || allTypes, line: lineAt(m.index) });
  }
  for (const m of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    found.push({ from: file, target: resolve(file, m[1]!), typeOnly: false, line: lineAt(m.index) });
  }
  return found;
}

function importsIn(dir: string): Import[] {
  return sourceFiles(dir).flatMap((f) => importsOf(f, readFileSync(path.join(REPO_ROOT, f), 'utf8')));
}

const show = (i: Import) => `${i.from}:${i.line} → ${i.target}`;
const under = (target: string, ...dirs: string[]) => dirs.some((d) => target === d || target.startsWith(`${d}/`));

/** The server's data layer: storage, the derived tables and the queries over them. */
const DATA_LAYER = ['server/src/db', 'server/src/data', 'server/src/rollups'];
/** What sits above it: the API, the app and the feature modules that call the API. */
const ABOVE_DATA = [
  'server/src/routers',
  'server/src/trpc.ts',
  'server/src/app.ts',
  'server/src/main.ts',
  'server/src/context.ts',
  'server/src/auth',
  'server/src/export',
  'server/src/report',
  'server/src/import',
  'server/src/seed',
];

describe('import directions', () => {
  it('reads type-only and value imports apart', () => {
    const text = [
      "import type { A } from './a.ts';",
      "import { type B, type C } from './b.ts';",
      "import { type D, e } from './d.ts';",
      "export { f } from './f.ts';",
      "export type { G } from './g.ts';",
      "const h = await import('./h.ts');",
      "import './side-effect.ts';",
    ].join('\n');
    expect(importsOf('server/src/x.ts', text).map((i) => [i.target, i.typeOnly])).toEqual([
      ['server/src/a.ts', true],
      ['server/src/b.ts', true],
      ['server/src/d.ts', false],
      ['server/src/f.ts', false],
      ['server/src/g.ts', true],
      ['server/src/side-effect.ts', false],
      ['server/src/h.ts', false],
    ]);
  });

  it('shared imports nothing from the server or the client', () => {
    const imports = importsIn('shared/src');
    expect(imports.length).toBeGreaterThan(10);
    expect(imports.filter((i) => under(i.target, 'server', 'client')).map(show)).toEqual([]);
  });

  it('the server data layer imports no router, app or feature module', () => {
    const imports = DATA_LAYER.flatMap(importsIn);
    expect(imports.length).toBeGreaterThan(50);
    expect(imports.filter((i) => under(i.target, ...ABOVE_DATA)).map(show)).toEqual([]);
  });

  it('the app is on top: only main.ts imports app.ts, and nothing imports main.ts', () => {
    // Tests start the app to ask it over HTTP; they are not part of a layer.
    const imports = importsIn('server/src').filter((i) => !i.from.endsWith('.test.ts'));
    expect(imports.filter((i) => i.target === 'server/src/app.ts').map((i) => i.from)).toEqual(['server/src/main.ts']);
    expect(imports.filter((i) => i.target === 'server/src/main.ts').map(show)).toEqual([]);
  });

  it('the client takes only types from the server', () => {
    const imports = importsIn('client/src').filter((i) => under(i.target, 'server'));
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((i) => !i.typeOnly).map(show)).toEqual([]);
  });

  it('only config.ts reads environment variables (tests and the test tooling in test-support/ aside)', () => {
    const readers = ['server/src', 'client/src', 'shared/src']
      .flatMap(sourceFiles)
      .filter((f) => !/\.test\.tsx?$/.test(f) && !f.startsWith('server/src/test-support/') && f !== 'server/src/config.ts')
      .filter((f) => /\bprocess\.env\b/.test(readFileSync(path.join(REPO_ROOT, f), 'utf8')));
    expect(readers).toEqual([]);
  });

  // Cycles that exist today, each named by its files in alphabetical order. The list may only shrink:
  // a new cycle fails this test, and so does a listed one that is gone (then take it off the list).
  const KNOWN_CYCLES = [
    // The publication decisions are taken with the cell metrics; the metrics are published by them.
    'server/src/data/analytics.repository.ts | server/src/data/disclosure.ts',
    // Type-only in one direction: the problem types live with the formats, the cell reader beside them.
    'server/src/import/cells.ts | server/src/import/formats.ts',
    'server/src/import/import-file.ts | server/src/import/runs.ts',
    // The web import writes its problem list with the export writers, whose table specs name the API caller type.
    'server/src/export/caller.ts | server/src/export/tables.ts | server/src/export/writers.ts | server/src/import/web-import.ts | server/src/routers/imports.ts | server/src/routers/index.ts',
  ];

  it('the server modules form no import cycle beyond the known ones', () => {
    const graph = new Map<string, string[]>();
    for (const i of [...importsIn('server/src'), ...importsIn('shared/src')]) {
      if (!i.target.startsWith('server/') && !i.target.startsWith('shared/')) continue;
      graph.set(i.from, [...(graph.get(i.from) ?? []), i.target]);
    }
    // Depth-first search; a back edge closes a cycle.
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const stack: string[] = [];
    const visit = (file: string) => {
      state.set(file, 'open');
      stack.push(file);
      for (const next of graph.get(file) ?? []) {
        if (state.get(next) === 'open') cycles.push(stack.slice(stack.indexOf(next)).sort().join(' | '));
        else if (!state.has(next)) visit(next);
      }
      stack.pop();
      state.set(file, 'done');
    };
    for (const file of [...graph.keys()].sort()) if (!state.has(file)) visit(file);
    expect([...new Set(cycles)].sort()).toEqual([...KNOWN_CYCLES].sort());
  });
});

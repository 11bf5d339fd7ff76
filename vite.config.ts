/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const rootDir = fileURLToPath(new URL('.', import.meta.url));

// One config for the client build (root: client/) and for Vitest over all workspaces.
export default defineConfig({
  root: 'client',
  plugins: [react()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
  },
  server: {
    proxy: { '/trpc': 'http://localhost:3000', '/api': 'http://localhost:3000', '/healthz': 'http://localhost:3000' },
  },
  test: {
    dir: rootDir,
    include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'server/scripts/**/*.test.ts', 'client/src/**/*.test.{ts,tsx}'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});

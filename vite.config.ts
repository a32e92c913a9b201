import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';
import { assetList, precompress } from './scripts/viteAssets.js';

export default defineConfig({
  root: 'client',
  plugins: [react(), assetList(), precompress()],
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    // recharts is the largest chunk and loads with the session page; everything is served precompressed.
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      // The service worker is its own entry, served from the root as /sw.js (its scope is the whole app).
      input: { index: 'client/index.html', sw: 'client/src/sw.ts' },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js'),
        // What the first page needs (react, the stores, the shared schemas and rules) is one file, not the entry
        // and twenty-odd sub-kilobyte chunks the pages on demand also use: one gzip stream compresses better
        // (about 4.8 KB less) and is one request. The worker is left out: it is a script of its own that imports nothing.
        codeSplitting: { groups: [{ name: 'shell', tags: ['$initial'], test: (id) => !id.endsWith('/client/src/sw.ts') }] },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3000', ws: true },
    },
  },
  test: {
    root: '.',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: '.',
          include: ['test/shared/**/*.test.ts', 'test/server/**/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          root: '.',
          include: ['test/client/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          setupFiles: ['test/support/clientSetup.ts'],
          // Typing into forms with user-event is slow on a busy 2-core machine; this is a hang guard, not a speed check.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          root: '.',
          include: ['test/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

import { resolve } from 'node:path';
import { defineConfig } from 'vite';

// No React plugin: Vite's own transform handles JSX; fast refresh is not worth a native dependency here.
export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  build: { outDir: resolve(import.meta.dirname, '../dist/web'), emptyOutDir: true, chunkSizeWarningLimit: 2000 },
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/api': 'http://127.0.0.1:3000', '/healthz': 'http://127.0.0.1:3000' } },
});

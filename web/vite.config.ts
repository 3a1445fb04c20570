import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The single-page app is served by the API server from the same origin, so it only
 * calls relative `/v1/...` URLs. In `vite dev` (`npm run dev`) those, and the API
 * reference, are proxied to a local API (AIM_API, default http://localhost:3000).
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    proxy: Object.fromEntries(['/v1', '/auth', '/openapi.json', '/docs', '/health'].map((path) => [path, process.env.AIM_API ?? 'http://localhost:3000'])),
  },
});

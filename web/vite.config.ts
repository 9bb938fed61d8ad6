import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The server serves web/dist and /graphql on one port; in dev the Vite server stands in front of it.
export default defineConfig({
  plugins: [react()],
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which chunks a route loads (bench/wallboard.ts sums them).
    manifest: true,
  },
});

import { defineConfig } from 'vite';

// Served by the gateway at /app (same origin as the API); built assets carry content hashes.
export default defineConfig({
  base: '/app/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // npm exec vite during development: the API through a running gateway (./deploy/up).
    proxy: { '/api': process.env.TALENT_GATEWAY_URL ?? 'http://127.0.0.1:8080' },
  },
});

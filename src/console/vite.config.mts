/** The staff console: `npm run console:build` writes dist/console, which the service serves at /console. */
import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  base: '/console/',
  plugins: [vue()],
  define: {
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
  },
  build: {
    outDir: here('../../dist/console'),
    emptyOutDir: true,
    // The first page's JavaScript must stay under 500 kB gzipped: pages are loaded per route.
    chunkSizeWarningLimit: 700,
  },
  // `npx vite --config src/console/vite.config.mts` during development, with `npm start` on :3000 behind it.
  server: {
    proxy: {
      '/admin': 'http://localhost:3000',
      '/dev': 'http://localhost:3000',
    },
  },
});

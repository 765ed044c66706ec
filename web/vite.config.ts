import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { bundleReport } from './bundle-report';

const root = fileURLToPath(new URL('.', import.meta.url));
const repository = fileURLToPath(new URL('..', import.meta.url));

export default defineConfig({
  root,
  // bundle-report.json: which chunks and packages each page loads (npm run bundle-report).
  plugins: [react(), bundleReport(repository)],
  // form-js's editor ships its own older preact beside the one its viewer and the properties panel use: two
  // copies in one component tree leave the editor blank. One copy for all.
  resolve: { dedupe: ['preact'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages load one large chunk each, and only they do: the ranking board's charts (echarts,
    // only the parts it draws, ~600 kB) and the modeler (bpmn-js Modeler, its properties panel and
    // Camunda 8's lint rules, ~1.7 MB). The decision pages' dmn-js (~320 kB) shares diagram-js and the FEEL
    // editor (~700 kB) with the modeler in a chunk only those pages load. Every other chunk stays well below 700 kB.
    chunkSizeWarningLimit: 1800,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${process.env.API_PORT ?? 3000}`,
    },
  },
});

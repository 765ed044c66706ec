import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  plugins: [react()],
  // form-js's editor ships its own older preact beside the one its viewer and the properties panel use: two
  // copies in one component tree leave the editor blank. One copy for all.
  resolve: { dedupe: ['preact'] },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Two pages load one large chunk each, and only they do: the ranking board's charts (echarts,
    // only the parts it draws, ~600 kB) and the modeler (bpmn-js Modeler, its properties panel and
    // Camunda 8's lint rules, ~1.7 MB). Every other chunk stays well below 700 kB.
    chunkSizeWarningLimit: 1800,
  },
  server: {
    proxy: {
      '/api': `http://127.0.0.1:${process.env.API_PORT ?? 3000}`,
    },
  },
});

import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// The app is served by `onespec serve`: same origin as /api, so no proxy in production. In
// development (`npx vite`), point /api at a running `onespec serve`.
export default defineConfig({
  plugins: [react()],
  build: { outDir: "dist", emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 2048 },
  server: { proxy: { "/api": "http://127.0.0.1:4400" } },
});

// Vite builds the portal into web/dist: hashed files under assets/ (served with a year-long cache
// by `leados serve`), no inline scripts or styles (the server's CSP allows 'self' only), no
// source maps in the shipped folder.
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    target: "es2020",
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: {
    // `npm run dev`: the API of a local `leados serve` (make run) behind the dev server.
    proxy: { "/v1": "http://127.0.0.1:8080", "/verify-email": "http://127.0.0.1:8080" },
  },
});

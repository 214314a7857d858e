import { defineConfig } from "vitest/config";

// Tauri serves the built files from ui/dist; `tauri dev` uses the dev server below.
export default defineConfig({
  clearScreen: false,
  server: { port: 5173, strictPort: true, host: "127.0.0.1" },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.40+ / WebView2: modern targets are safe.
    target: "es2022",
    // No source maps in the shipped bundle.
    sourcemap: false,
  },
  test: {
    environment: "happy-dom",
    include: ["src/**/*.test.ts"],
  },
});

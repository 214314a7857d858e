// Runs the Tauri CLI for this repo's layout, where the Rust app (src-tauri/) is a sibling
// of the frontend (ui/) rather than inside it: points the CLI at both folders, then passes
// the arguments through. Usage, from ui/: `npm run tauri -- dev`, `npm run tauri -- build`.
import { spawnSync } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const ui = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const env = {
  ...process.env,
  TAURI_APP_PATH: process.env.TAURI_APP_PATH ?? join(ui, "..", "src-tauri"),
  TAURI_FRONTEND_PATH: process.env.TAURI_FRONTEND_PATH ?? ui,
};
const bin = join(ui, "node_modules", ".bin", process.platform === "win32" ? "tauri.cmd" : "tauri");
const result = spawnSync(bin, process.argv.slice(2), {
  cwd: ui,
  env,
  stdio: "inherit",
  shell: process.platform === "win32",
});
if (result.error) {
  console.error(result.error.message);
  process.exit(1);
}
process.exit(result.status ?? 1);

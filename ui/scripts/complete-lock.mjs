// Adds the @tauri-apps/cli platform packages that package-lock.json lacks.
//
// The npm registry reachable from the project's build machines serves only some of the
// CLI's per-platform packages, so `npm install` there leaves the others out of the lock,
// and `npm ci` then refuses the lock as out of sync. This writes an entry (version, os,
// cpu, libc; no integrity, which cannot be fetched here) for each missing one, so
// `npm ci` works here and still installs the right binary elsewhere.
// Run from ui/ after any `npm install`: `node scripts/complete-lock.mjs`.
// src/lockfile.test.ts fails when it is needed.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ui = join(dirname(fileURLToPath(import.meta.url)), "..");

/** name suffix → [os, cpu, libc] */
const PLATFORMS = {
  "darwin-arm64": ["darwin", "arm64"],
  "darwin-x64": ["darwin", "x64"],
  "linux-arm-gnueabihf": ["linux", "arm", "glibc"],
  "linux-arm64-gnu": ["linux", "arm64", "glibc"],
  "linux-arm64-musl": ["linux", "arm64", "musl"],
  "linux-riscv64-gnu": ["linux", "riscv64", "glibc"],
  "linux-x64-gnu": ["linux", "x64", "glibc"],
  "linux-x64-musl": ["linux", "x64", "musl"],
  "win32-arm64-msvc": ["win32", "arm64"],
  "win32-ia32-msvc": ["win32", "ia32"],
  "win32-x64-msvc": ["win32", "x64"],
};

/** Lock keys of the CLI's optional platform packages that the lock lacks. */
export function missingCliPackages(lock) {
  const cli = lock.packages["node_modules/@tauri-apps/cli"];
  if (!cli) return [];
  return Object.keys(cli.optionalDependencies ?? {})
    .map((name) => `node_modules/${name}`)
    .filter((key) => !(key in lock.packages));
}

export function completeLock(lock) {
  const cli = lock.packages["node_modules/@tauri-apps/cli"];
  for (const key of missingCliPackages(lock)) {
    const name = key.slice("node_modules/".length);
    const suffix = name.slice("@tauri-apps/cli-".length);
    const platform = PLATFORMS[suffix];
    if (!platform) throw new Error(`unknown platform package ${name}; add it to PLATFORMS`);
    const [os, cpu, libc] = platform;
    const entry = { version: cli.optionalDependencies[name], cpu: [cpu], dev: true };
    if (libc) entry.libc = [libc];
    Object.assign(entry, { license: cli.license, optional: true, os: [os], engines: cli.engines });
    lock.packages[key] = entry;
  }
  const [[rootKey, root], ...rest] = Object.entries(lock.packages);
  rest.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  lock.packages = Object.fromEntries([[rootKey, root], ...rest]);
  return lock;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const path = join(ui, "package-lock.json");
  const lock = JSON.parse(readFileSync(path, "utf8"));
  const missing = missingCliPackages(lock);
  writeFileSync(path, `${JSON.stringify(completeLock(lock), null, 2)}\n`);
  console.log(missing.length ? `added ${missing.join(", ")}` : "package-lock.json already complete");
}

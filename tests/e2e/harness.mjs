// What the end-to-end tests share: launching the app through tauri-driver on a fresh
// database (ENROLGAP_DB), fresh webview data (XDG_* dirs, so the language starts at
// Chinese) and the files the app's "pick" returns (ENROLGAP_SCRIPTED_PICK, since
// WebDriver cannot drive the native file dialog); waiting for jobs; screenshots.
//
// Env: ENROLGAP_E2E_APP (required: the built app binary), TAURI_DRIVER, TAURI_NATIVE_DRIVER,
// ENROLGAP_E2E_SCREENSHOTS (default target/screenshots).

import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { after } from "node:test";
import { fileURLToPath } from "node:url";
import { Session, startTauriDriver } from "./webdriver.mjs";

export const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const app = process.env.ENROLGAP_E2E_APP;
export const shots = resolve(root, process.env.ENROLGAP_E2E_SCREENSHOTS ?? "target/screenshots");
export const demo = join(root, "fixtures", "demo");
export const TITLE = "应保尽保 · 参保缺口排查";

export const scratch = mkdtempSync(join(tmpdir(), "enrolgap-e2e-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let nextPort = 4444 + Math.floor(Math.random() * 500) * 2;

/** The database a test named `name` runs on. */
export function dbPath(name) {
  return join(scratch, name, "enrolgap.sqlite3");
}

/** Starts tauri-driver and a session on the app with `pick` as the scripted file pick. */
export async function launch(t, name, pick, extraEnv = {}) {
  assert.ok(app, "ENROLGAP_E2E_APP must point at the built app");
  const home = join(scratch, name);
  for (const d of ["data", "cache", "config"]) mkdirSync(join(home, d), { recursive: true });
  const env = {
    ...process.env,
    ENROLGAP_DB: dbPath(name),
    ENROLGAP_SCRIPTED_PICK: pick.join(delimiter),
    XDG_DATA_HOME: join(home, "data"),
    XDG_CACHE_HOME: join(home, "cache"),
    XDG_CONFIG_HOME: join(home, "config"),
    WEBKIT_DISABLE_DMABUF_RENDERER: "1",
    ...extraEnv,
  };
  delete env.ENROLGAP_PASSPHRASE;
  const port = nextPort;
  nextPort += 2;
  const logs = [];
  const driver = await startTauriDriver({ port, nativePort: port + 1, env, log: (l) => logs.push(l) });
  let session;
  try {
    session = await Session.create(driver.url, { "tauri:options": { application: app } });
  } catch (err) {
    driver.stop();
    throw new Error(`${err.message}\n--- tauri-driver output ---\n${logs.join("")}`);
  }
  let open = true;
  session.close = async () => {
    if (!open) return;
    open = false;
    await session.delete();
    driver.stop();
  };
  t.after(() => session.close());
  await session.waitFor("return document.body.dataset.ready === 'true'", { what: "app ready" });
  return session;
}

/** Waits until every preview says what its import will replace (its dry run done). */
export function waitForDecisions(s, count) {
  return s.waitFor(
    `return document.body.dataset.busy === 'false' &&
       document.querySelectorAll('#import-previews .p-decision[data-checked=true]').length === ${count}`,
    { what: "the import decisions", timeoutMs: 120_000 },
  );
}

/** Waits for the running job to end; returns {error, status} as shown. */
export function waitForJob(session, what, timeoutMs = 120_000) {
  return session.waitFor(
    `const b = document.body.dataset.busy;
     if (b !== 'false') return null;
     const box = document.getElementById('error-box');
     return { error: box.hidden ? null : document.getElementById('error').textContent,
              status: document.getElementById('status').textContent };`,
    { timeoutMs, what },
  );
}

export async function saveScreenshot(session, file) {
  mkdirSync(shots, { recursive: true });
  const png = Buffer.from(await session.screenshot(), "base64");
  assert.ok(png.length > 1000, "screenshot should not be empty");
  writeFileSync(join(shots, file), png);
}

/** Every list of the demo county: household and enrolment first, then the rest by name. */
export function demoFiles() {
  const first = ["household.xlsx", "enrolment.xlsx"];
  const rest = readdirSync(demo)
    .filter((f) => /\.xlsx$/i.test(f) && !first.includes(f))
    .sort();
  return [...first, ...rest].map((f) => join(demo, f));
}

/** Clicks a menu entry and waits for its screen. */
export async function go(s, screen) {
  await s.click(`#nav-${screen}`);
  await s.waitFor(`return document.body.dataset.screen === '${screen}'`, { what: `screen ${screen}` });
}

/** Sets a form control's value and fires `change` as a user would. */
export async function choose(s, css, value) {
  await s.execute(
    `const el = document.querySelector(arguments[0]);
     el.value = arguments[1];
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    [css, value],
  );
}

export async function pressKey(s, key) {
  await s.execute(
    "document.dispatchEvent(new KeyboardEvent('keydown', { key: arguments[0], bubbles: true }))",
    [key],
  );
}

export async function toggleLang(s, shot) {
  await s.click("#lang-toggle");
  await saveScreenshot(s, shot);
  await s.click("#lang-toggle");
}

/** Resizes the app's window (the officers' laptops: 1366×768 and 1100×650). */
export async function resize(s, width, height) {
  await s.cmd("POST", "/window/rect", { x: 0, y: 0, width, height });
  await s.waitFor(`return window.outerWidth <= ${width} && window.outerHeight <= ${height}`, { what: `window ${width}×${height}` });
}

/** Screenshots at both sizes the officers' screens have, back at 1366×768 after. */
export async function shootBoth(s, name) {
  await resize(s, 1366, 768);
  await saveScreenshot(s, `${name}-1366x768.png`);
  await resize(s, 1100, 650);
  await saveScreenshot(s, `${name}-1100x650.png`);
  await resize(s, 1366, 768);
}

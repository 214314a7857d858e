// End-to-end test of the desktop app through WebDriver (tauri-driver + WebKitWebDriver).
//
// Run by scripts/e2e.sh, which builds the app and runs this under Xvfb. Each test starts
// its own tauri-driver with its own environment: a fresh database (ENROLGAP_DB), fresh
// webview data (XDG_* dirs, so the language choice starts at Chinese), and the files the
// app's "pick" returns (ENROLGAP_SCRIPTED_PICK), since WebDriver cannot drive the native
// file dialog.
//
// Env: ENROLGAP_E2E_APP (required: the built app binary), TAURI_DRIVER, TAURI_NATIVE_DRIVER,
// ENROLGAP_E2E_SCREENSHOTS (default target/screenshots).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";
import { Session, startTauriDriver } from "./webdriver.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const app = process.env.ENROLGAP_E2E_APP;
const shots = resolve(root, process.env.ENROLGAP_E2E_SCREENSHOTS ?? "target/screenshots");
const demo = join(root, "fixtures", "demo");
const TITLE = "应保尽保 · 参保缺口排查";

const scratch = mkdtempSync(join(tmpdir(), "enrolgap-e2e-"));
after(() => rmSync(scratch, { recursive: true, force: true }));

let nextPort = 4444 + Math.floor(Math.random() * 500) * 2;

/** The database a test named `name` runs on. */
function dbPath(name) {
  return join(scratch, name, "enrolgap.sqlite3");
}

/** Starts tauri-driver and a session on the app with `pick` as the scripted file pick. */
async function launch(t, name, pick) {
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
  t.after(async () => {
    await session.delete();
    driver.stop();
  });
  await session.waitFor("return document.body.dataset.ready === 'true'", { what: "app ready" });
  return session;
}

/** Waits for the running job to end; returns {error, status} as shown. */
function waitForJob(session, what) {
  return session.waitFor(
    `const b = document.body.dataset.busy;
     if (b !== 'false') return null;
     const box = document.getElementById('error-box');
     return { error: box.hidden ? null : document.getElementById('error').textContent,
              status: document.getElementById('status').textContent };`,
    { timeoutMs: 120_000, what },
  );
}

async function saveScreenshot(session, file) {
  mkdirSync(shots, { recursive: true });
  const png = Buffer.from(await session.screenshot(), "base64");
  assert.ok(png.length > 1000, "screenshot should not be empty");
  writeFileSync(join(shots, file), png);
}

/** Every list of the demo county: household and enrolment first, then the rest by name. */
function demoFiles() {
  const first = ["household.xlsx", "enrolment.xlsx"];
  const rest = readdirSync(demo)
    .filter((f) => /\.xlsx$/i.test(f) && !first.includes(f))
    .sort();
  return [...first, ...rest].map((f) => join(demo, f));
}

function readTruth() {
  const lines = readFileSync(join(demo, "truth.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim());
  assert.equal(lines[0], "code,id_number,name,birth_date");
  return lines.slice(1).map((line) => {
    const [code, id_number, name, birth_date] = line.split(",");
    return { code, id_number, name, birth_date };
  });
}

test("demo county: import, analyse, see every gap, switch to English", { timeout: 300_000 }, async (t) => {
  const truth = readTruth();
  assert.ok(truth.length > 0, "truth.csv lists no gaps");
  const asOf = readFileSync(join(demo, "as_of.txt"), "utf8").trim();
  const s = await launch(t, "demo", demoFiles());

  assert.equal(await s.title(), TITLE);
  assert.match(await s.text("#summary"), /尚无分析结果/);

  await s.click("#pick-import");
  const imported = await waitForJob(s, "import to finish");
  assert.equal(imported.error, null, `import failed: ${imported.error}`);
  assert.match(imported.status, new RegExp(`已导入 ${demoFiles().length} 个文件`));
  const updates = Number(await s.execute("return document.body.dataset.progressUpdates ?? '0'"));
  assert.ok(updates > 0, "no progress update reached the UI");

  await s.execute(
    `const el = document.getElementById('as-of');
     el.value = arguments[0];
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    [asOf],
  );
  await s.click("#analyze");
  const analysed = await waitForJob(s, "analysis to finish");
  assert.equal(analysed.error, null, `analysis failed: ${analysed.error}`);

  assert.equal(await s.text("#gap-count"), String(truth.length));
  const rows = await s.findAll("#gaps-table tbody tr");
  assert.equal(rows.length, truth.length);
  const names = await s.execute(
    "return [...document.querySelectorAll('#gaps-table tbody td.name')].map((td) => td.textContent)",
  );
  assert.deepEqual([...names].sort(), truth.map((g) => g.name).sort());
  // Only masked ID numbers are shown.
  const page = await s.execute("return document.body.innerText");
  for (const g of truth) {
    if (g.id_number) assert.ok(!page.includes(g.id_number), "a full ID number is on screen");
  }
  assert.ok(page.includes(asOf));
  await saveScreenshot(s, "gaps-zh.png");

  await s.click("#lang-toggle");
  const headers = await s.execute(
    "return [...document.querySelectorAll('#gaps-table th')].map((th) => th.textContent)",
  );
  assert.ok(headers.includes("Name"), `English headers expected, got ${headers}`);
  assert.equal(await s.text("#gap-count"), String(truth.length));
  assert.equal(await s.title(), TITLE);
  await saveScreenshot(s, "gaps-en.png");

  // Importing the same files again is refused with a readable message.
  await s.click("#pick-import");
  const again = await waitForJob(s, "re-import to be refused");
  assert.ok(again.error, "importing the same files twice should fail");
  assert.match(again.error, /already imported/);
  assert.doesNotMatch(again.error, /[{}]|"kind"/);
  // The earlier results stay on screen.
  assert.equal(await s.text("#gap-count"), String(truth.length));
});

test("a file that is not a spreadsheet gives a readable error", { timeout: 180_000 }, async (t) => {
  const bad = join(root, "fixtures", "errors", "not_a_spreadsheet.xlsx");
  const s = await launch(t, "bad-file", [bad]);

  await s.click("#pick-import");
  const result = await waitForJob(s, "import to fail");
  assert.ok(result.error, "expected an error");
  assert.match(result.error, /not_a_spreadsheet\.xlsx/);
  assert.match(result.error, /不是可识别的电子表格/);
  assert.doesNotMatch(result.error, /[{}]|"kind"/);
  assert.ok(await s.execute("return !document.getElementById('error-box').hidden"));
  await saveScreenshot(s, "error-zh.png");
});

test("a long import shows progress and can be cancelled, leaving nothing behind", { timeout: 240_000 }, async (t) => {
  // Big enough that a debug build takes several seconds to import it.
  const big = join(scratch, "big_household.csv");
  const lines = ["姓名,公民身份号码,性别,出生日期,乡镇(街道),村(社区)"];
  for (let i = 0; i < 150_000; i++) {
    const id = `4415211980${String(1 + (i % 12)).padStart(2, "0")}01${String(i % 10_000).padStart(4, "0")}`;
    lines.push(`测试${i},${id},男,1980-01-01,可塘镇,可塘社区`);
  }
  writeFileSync(big, `${lines.join("\n")}\n`);
  const s = await launch(t, "cancel", [big]);

  await s.click("#pick-import");
  await s.waitFor(
    "return document.body.dataset.busy === 'true' && Number(document.body.dataset.progressUpdates ?? 0) > 0",
    { what: "progress to show" },
  );
  assert.ok(await s.execute("return !document.getElementById('progress').hidden"));
  await saveScreenshot(s, "progress-zh.png");
  await s.click("#cancel");
  const cancelled = await waitForJob(s, "import to be cancelled");
  assert.equal(cancelled.error, "已取消，数据库未改动。");
  assert.ok(await s.execute("return document.getElementById('progress').hidden"));

  // Nothing was stored: the same file imports again instead of being refused.
  await s.click("#pick-import");
  const again = await waitForJob(s, "import to finish");
  assert.equal(again.error, null, `import after cancel failed: ${again.error}`);
  assert.match(again.status, /已导入 1 个文件/);
});

test("an encrypted database asks for its passphrase and opens with it", { timeout: 180_000 }, async (t) => {
  const cli = process.env.ENROLGAP_E2E_CLI ?? join(root, "target", "debug", "enrolgap");
  const db = dbPath("locked");
  const passphrase = "correct horse battery";
  mkdirSync(dirname(db), { recursive: true });
  execFileSync(cli, ["--db", db, "import", join(demo, "household.xlsx")], { stdio: "ignore" });
  execFileSync(cli, ["--db", db, "encrypt"], {
    stdio: "ignore",
    env: { ...process.env, ENROLGAP_PASSPHRASE: passphrase },
  });
  const s = await launch(t, "locked", []);

  assert.equal(await s.text("#error"), "数据库已加密，请输入口令。");
  assert.ok(await s.execute("return !document.getElementById('unlock-box').hidden"));

  const unlockWith = async (value) => {
    await s.execute("document.getElementById('passphrase').value = arguments[0]", [value]);
    await s.click("#unlock");
  };
  await unlockWith("not the passphrase");
  await s.waitFor("return /口令不正确/.test(document.getElementById('error').textContent)", {
    what: "wrong passphrase message",
  });
  await saveScreenshot(s, "unlock-zh.png");

  await unlockWith(passphrase);
  await s.waitFor("return document.getElementById('error-box').hidden", { what: "unlock" });
  assert.ok(await s.execute("return document.getElementById('unlock-box').hidden"));
  assert.match(await s.text("#summary"), /尚无分析结果/);
  // The passphrase never stays in the page.
  assert.equal(await s.execute("return document.getElementById('passphrase').value"), "");
});

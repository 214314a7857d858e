// End-to-end test of the desktop app through WebDriver (tauri-driver + WebKitWebDriver).
//
// Run by scripts/e2e.sh, which builds the app and runs this under Xvfb. Each test starts
// its own tauri-driver with its own environment (see harness.mjs). Lists over time (a
// newer list replacing the one in force) are in lists.test.mjs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import {
  choose,
  dbPath,
  demo,
  demoFiles,
  go,
  launch,
  pressKey,
  root,
  saveScreenshot,
  scratch,
  TITLE,
  toggleLang,
  waitForDecisions,
  waitForJob,
} from "./harness.mjs";

function readTruth() {
  const lines = readFileSync(join(demo, "truth.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim());
  assert.equal(lines[0], "code,id_number,name,birth_date");
  return lines.slice(1).map((line) => {
    const [code, id_number, name, birth_date] = line.split(",");
    return { code, id_number, name, birth_date };
  });
}

/** The engine's own numbers for the demo county, from the command line on its own database. */
function engineReports(asOf) {
  const cli = process.env.ENROLGAP_E2E_CLI ?? join(root, "target", "debug", "enrolgap");
  const db = join(scratch, "cli", "enrolgap.sqlite3");
  mkdirSync(dirname(db), { recursive: true });
  const run = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  run("import", ...demoFiles());
  run("analyze", "--as-of", asOf);
  const before = JSON.parse(run("report", "--format", "json"));
  run("review", "--accept", "1");
  run("analyze", "--as-of", asOf);
  const after = JSON.parse(run("report", "--format", "json"));
  return { before, after };
}

const pct = (rate) => `${(rate * 100).toFixed(2)}%`;

/** The gaps grid's rows, and one column's cells in them. */
const ROWS = "#gaps-grid .tabulator-row";
const cell = (field) => `${ROWS} .tabulator-cell[tabulator-field=${field}]`;

test("demo county: the whole flow, import to follow-up", { timeout: 600_000 }, async (t) => {
  const truth = readTruth();
  assert.ok(truth.length > 0, "truth.csv lists no gaps");
  const asOf = readFileSync(join(demo, "as_of.txt"), "utf8").trim();
  const engine = engineReports(asOf);
  const out = join(scratch, "demo-out");
  const followup = join(out, "followup", "filled.xlsx");
  for (const d of ["worklists", "saved", "followup"]) mkdirSync(join(out, d), { recursive: true });
  const s = await launch(t, "demo", demoFiles(), {
    ENROLGAP_SCRIPTED_FOLDER: join(out, "worklists"),
    ENROLGAP_SCRIPTED_SAVE: join(out, "saved"),
    ENROLGAP_SCRIPTED_FOLLOWUP: followup,
  });

  assert.equal(await s.title(), TITLE);
  assert.match(await s.text("#summary"), /尚无分析结果/);

  // ---- import: preview every file, then import them all ----
  await go(s, "import");
  await s.click("#pick-import");
  const files = demoFiles();
  await s.waitFor(
    `return document.querySelectorAll('#import-previews .preview .p-detected').length === ${files.length}`,
    { what: "a preview of every file" },
  );
  const detected = await s.execute(
    "return [...document.querySelectorAll('#import-previews .preview')].map((c) => [c.querySelector('.p-file').textContent, c.querySelector('.p-detected').textContent])",
  );
  assert.deepEqual(detected[0], ["household.xlsx", "户籍人口"]);
  assert.deepEqual(detected[1], ["enrolment.xlsx", "参保记录"]);
  const idRole = await s.execute(
    "return [...document.querySelectorAll('#import-previews .preview')][0].querySelectorAll('select.p-role.mapped').length",
  );
  assert.ok(idRole >= 4, `the household list's columns should be recognised, got ${idRole}`);
  await saveScreenshot(s, "import-preview-zh.png");

  await s.click("#import-start");
  const imported = await waitForJob(s, "import to finish");
  assert.equal(imported.error, null, `import failed: ${imported.error}`);
  assert.match(imported.status, new RegExp(`已导入 ${files.length} 个文件`));
  assert.ok(Number(await s.execute("return document.body.dataset.progressUpdates ?? '0'")) > 0, "no progress reached the UI");
  assert.equal((await s.findAll("#import-history tbody tr")).length, files.length);
  await saveScreenshot(s, "import-done-zh.png");

  // ---- analyse, then the overview ----
  await s.execute(
    `const el = document.getElementById('as-of');
     el.value = arguments[0];
     el.dispatchEvent(new Event('change', { bubbles: true }));`,
    [asOf],
  );
  await s.click("#analyze");
  const analysed = await waitForJob(s, "analysis to finish");
  assert.equal(analysed.error, null, `analysis failed: ${analysed.error}`);

  await go(s, "overview");
  const county = engine.before.coverage[0];
  assert.equal(county.township, "");
  assert.equal(await s.text("#ov-county-rate"), pct(county.rate));
  const counts = await s.text("#ov-county-counts");
  assert.ok(counts.includes(String(county.residents)) && counts.includes(String(county.enrolled)), counts);
  assert.equal(await s.text("#gap-count"), String(truth.length));
  const townships = engine.before.coverage.filter((c) => c.township && !c.village);
  const bars = await s.execute(
    "return [...document.querySelectorAll('#ov-townships .bar')].map((b) => [b.dataset.label, b.querySelector('.value').textContent])",
  );
  assert.deepEqual(bars, townships.map((c) => [c.township, pct(c.rate)]));
  const pending = engine.before.summary.review_pending;
  assert.ok(pending > 0);
  // The review is counted by person: one person may have several candidates.
  const [, reviewPeople] = /(\d+) 人的疑似匹配待复核/.exec(await s.text("#ov-next"));
  assert.ok(Number(reviewPeople) > 0 && Number(reviewPeople) <= pending, reviewPeople);
  assert.equal(await s.text("#ov-funnel-card .funnel-flagged .value"), String(engine.before.funnel.flagged));
  await saveScreenshot(s, "overview-zh.png");
  await toggleLang(s, "overview-en.png");

  // ---- gaps: virtualised grid, filter, detail, an outcome by hand ----
  await go(s, "gaps");
  await s.waitFor(`return document.getElementById('gaps-shown').dataset.count === '${truth.length}'`, { what: "the gaps grid" });
  const rendered = (await s.findAll(ROWS)).length;
  assert.ok(rendered > 0 && rendered < truth.length, `only visible rows are rendered, got ${rendered}`);
  await choose(s, "#f-code", "newborn_not_enrolled");
  const newborns = truth.filter((g) => g.code === "newborn_not_enrolled");
  await s.waitFor(`return document.getElementById('gaps-shown').dataset.count === '${newborns.length}'`, { what: "the newborns" });
  const names = await s.execute(`return [...document.querySelectorAll('${cell("name")}')].map((c) => c.textContent)`);
  assert.deepEqual([...names].sort(), newborns.map((g) => g.name).sort());
  // Search by name within the filter.
  await s.execute(
    `const el = document.getElementById('f-search'); el.value = arguments[0];
     el.dispatchEvent(new Event('input', { bubbles: true }));`,
    [newborns[0].name],
  );
  await s.waitFor("return document.getElementById('gaps-shown').dataset.count === '1'", { what: "search" });
  await s.click(cell("name"));
  await s.waitFor("return document.getElementById('d-name') !== null", { what: "detail panel" });
  assert.match(await s.text("#d-name"), new RegExp(newborns[0].name));
  assert.ok((await s.findAll("#gap-detail .sources li")).length >= 1, "the detail lists the source rows");
  assert.ok((await s.text("#gap-detail .tier")).length > 0, "the detail says how it was matched");
  await choose(s, "#d-outcome", "mobilised");
  await s.execute("document.getElementById('d-officer').value = '张干事'");
  await s.click("#d-save");
  await s.waitFor("return /已保存/.test(document.getElementById('d-msg')?.textContent ?? '')", { what: "outcome saved" });
  await s.waitFor(`return [...document.querySelectorAll('${cell("status")}')].map((c) => c.textContent).join() === '已动员待缴费'`, {
    what: "the row's new status",
  });
  // Only masked ID numbers are on screen, on any screen.
  const page = await s.execute("return document.body.innerText");
  for (const g of truth) {
    if (g.id_number) assert.ok(!page.includes(g.id_number), "a full ID number is on screen");
  }
  await saveScreenshot(s, "gaps-filtered-zh.png");
  await s.click("#f-clear");
  await s.click(cell("name"));
  await saveScreenshot(s, "gaps-zh.png");
  await toggleLang(s, "gaps-en.png");

  // ---- review: accept 林晓明 with the A key; the analysis runs again ----
  await go(s, "review");
  const analysisBefore = await s.execute("return document.body.dataset.analysis");
  assert.match(await s.text("#review-count"), new RegExp(`^${reviewPeople} 人待复核（${pending} 条可能的匹配）$`));
  const person = await s.text("#review-table tr[data-field=name] td.person");
  assert.equal(person, "林晓明");
  assert.equal(await s.text("#review-table tr[data-field=name] td.candidate"), "林小明");
  assert.deepEqual(
    await s.execute("return [...document.querySelectorAll('#review-table tr[data-field=name] mark')].map((m) => m.textContent)"),
    ["晓", "小"],
  );
  await saveScreenshot(s, "review-zh.png");
  await toggleLang(s, "review-en.png");
  // Skip (S) sends 林晓明 to the end of the queue without deciding; skipping the other brings him back.
  await pressKey(s, "s");
  assert.notEqual(await s.text("#review-table tr[data-field=name] td.person"), "林晓明");
  assert.match(await s.text("#review-msg"), /已跳过：林晓明/);
  await pressKey(s, "s");
  assert.equal(await s.text("#review-table tr[data-field=name] td.person"), "林晓明");
  await pressKey(s, "a");
  await s.waitFor(
    `return document.body.dataset.analysis !== '${analysisBefore}' && document.body.dataset.busy === 'false'`,
    { what: "re-analysis after the decision", timeoutMs: 120_000 },
  );
  assert.match(await s.text("#review-msg"), /林晓明/);
  const [, peopleAfter] = /^(\d+) 人待复核/.exec(await s.text("#review-count"));
  assert.match(await s.text("#review-count"), new RegExp(`（${engine.after.summary.review_pending} 条可能的匹配）`));
  assert.equal(await s.text("#nav-review-count"), peopleAfter === "0" ? "" : peopleAfter);
  assert.equal(await s.text("#nav-gaps-count"), String(engine.after.summary.gaps_total));
  await saveScreenshot(s, "review-decided-zh.png");
  // Undo (U) takes the decision back: 林晓明 waits again, first; A then decides again.
  for (const key of ["u", "a"]) {
    const analysisNow = await s.execute("return document.body.dataset.analysis");
    await pressKey(s, key);
    await s.waitFor(
      `return document.body.dataset.analysis !== '${analysisNow}' && document.body.dataset.busy === 'false'`,
      { what: `re-analysis after ${key}`, timeoutMs: 120_000 },
    );
    if (key === "u") {
      assert.match(await s.text("#review-msg"), /已撤销：林晓明/);
      assert.equal(await s.text("#review-table tr[data-field=name] td.person"), "林晓明");
      assert.match(await s.text("#review-count"), new RegExp(`^${reviewPeople} 人待复核（${pending} 条可能的匹配）$`));
    }
  }
  assert.match(await s.text("#review-count"), new RegExp(`（${engine.after.summary.review_pending} 条可能的匹配）`));
  await go(s, "overview");
  assert.equal(await s.text("#ov-county-rate"), pct(engine.after.coverage[0].rate));

  // ---- worklists: export into the (scripted) folder, read one back ----
  await go(s, "worklists");
  await s.click("#wl-export");
  await s.waitFor("return document.getElementById('wl-done') !== null || !document.getElementById('error-box').hidden", {
    what: "worklists exported",
  });
  assert.ok(await s.execute("return document.getElementById('error-box').hidden"), await s.text("#error"));
  const written = readdirSync(join(out, "worklists")).filter((f) => f.endsWith(".xlsx"));
  const listed = await s.execute("return document.querySelectorAll('#wl-files li').length");
  assert.ok(written.length >= 2 && listed >= 1, `worklists written: ${written}`);
  assert.match(await s.text("#wl-done"), /已遮挡/);
  await saveScreenshot(s, "worklists-zh.png");
  await toggleLang(s, "worklists-en.png");
  // The school's worklist comes back filled in (re-sorted, two outcomes written) by the
  // fill_worklist example, as a school's clerk would return it.
  const unit = written.find((f) => f.startsWith("学校-"));
  assert.ok(unit, `a school worklist among ${written}`);
  const fill = process.env.ENROLGAP_E2E_FILL ?? join(root, "target", "debug", "examples", "fill_worklist");
  execFileSync(fill, [join(out, "worklists", unit), followup, "已参保,已在外地参保"], { stdio: "inherit" });
  await s.click("#wl-followup");
  await s.waitFor("return document.querySelector('#wl-followup-result .followup') !== null || !document.getElementById('error-box').hidden", {
    what: "follow-up read back",
  });
  assert.ok(await s.execute("return document.getElementById('error-box').hidden"), await s.text("#error"));
  assert.match(await s.text("#wl-followup-result"), /filled\.xlsx：读取 \d+ 行，新登记 2 行/);
  // The funnel: the newborn's outcome recorded by hand (mobilised), and two students from
  // the returned worklist (one enrolled, which counts as mobilised until paid).
  assert.equal(await s.text("#wl-funnel .funnel-contacted .value"), "3");
  assert.equal(await s.text("#wl-funnel .funnel-mobilised .value"), "2");
  await saveScreenshot(s, "followup-zh.png");

  // ---- quality: correction list through the (scripted) save dialog ----
  await go(s, "quality");
  await s.waitFor("return document.querySelectorAll('#q-table tbody tr').length > 0", { what: "quality findings" });
  await s.click("#q-export");
  await s.waitFor("return /已保存/.test(document.getElementById('q-msg').textContent)", { what: "correction list saved" });
  assert.ok(readdirSync(join(out, "saved")).some((f) => f.endsWith(".xlsx")), "correction list written");
  await saveScreenshot(s, "quality-zh.png");

  // ---- settings: a backup; audit: the log verifies ----
  await go(s, "settings");
  assert.equal(await s.execute("return document.getElementById('set-newborn').value"), "90");
  await s.click("#set-backup");
  await s.waitFor("return /已备份/.test(document.getElementById('set-data-msg').textContent)", { what: "backup" });
  assert.ok(readdirSync(join(out, "saved")).some((f) => f.endsWith(".sqlite3")), "backup written");
  await saveScreenshot(s, "settings-zh.png");
  await go(s, "audit");
  await s.click("#audit-verify");
  await s.waitFor("return /日志完整/.test(document.getElementById('audit-result').textContent)", { what: "audit verified" });
  assert.ok((await s.findAll("#audit-table tbody tr")).length >= 3);
  // The review decision, its undo and the decision made again, in the order made (the log
  // lists the newest first), naming the item, never the resident.
  const reviewed = await s.execute(
    "return [...document.querySelectorAll('#audit-table tbody tr')].filter((r) => r.cells[1].textContent === '复核决定').map((r) => r.cells[2].textContent).reverse()",
  );
  assert.equal(reviewed.length, 3, reviewed.join("\n"));
  assert.match(reviewed[0], /^复核第 \d+ 条：是同一人$/);
  assert.match(reviewed[1], /^撤销复核第 \d+ 条的结论（是同一人）$/);
  assert.match(reviewed[2], /^复核第 \d+ 条：是同一人$/);
  assert.ok(reviewed.every((d) => !d.includes("林晓明") && !d.includes("林小明")), "no resident named");
  await saveScreenshot(s, "audit-zh.png");

  // ---- importing the same files again is refused, readably ----
  await go(s, "import");
  await s.click("#pick-import");
  await s.waitFor(
    `return document.querySelectorAll('#import-previews .preview .p-detected').length === ${files.length}`,
    { what: "previews again" },
  );
  await waitForDecisions(s, files.length);
  assert.match(await s.text("#import-previews .preview .warn"), /已导入/);
  await s.click("#import-start");
  const again = await waitForJob(s, "re-import to be refused");
  assert.ok(again.error, "importing the same files twice should fail");
  assert.match(again.error, /已于 \d{4}-\d{2}-\d{2} \d{2}:\d{2} 导入/);
  assert.doesNotMatch(again.error, /[{}]|"kind"/);
});

test("a file that is not a spreadsheet gives a readable error", { timeout: 180_000 }, async (t) => {
  const bad = join(root, "fixtures", "errors", "not_a_spreadsheet.xlsx");
  const s = await launch(t, "bad-file", [bad]);

  await go(s, "import");
  await s.click("#pick-import");
  await s.waitFor("return document.querySelector('#import-previews .error-text') !== null", { what: "preview error" });
  const error = await s.text("#import-previews .error-text");
  assert.match(error, /not_a_spreadsheet\.xlsx/);
  assert.match(error, /不是可识别的电子表格/);
  assert.doesNotMatch(error, /[{}]|"kind"/);
  assert.ok(await s.execute("return document.getElementById('import-start').disabled"));
  await saveScreenshot(s, "error-zh.png");
});

test("a long import shows progress and can be cancelled, leaving nothing behind", { timeout: 540_000 }, async (t) => {
  // Big enough that a debug build takes several seconds to import it.
  const big = join(scratch, "big_household.csv");
  const lines = ["姓名,公民身份号码,性别,出生日期,乡镇(街道),村(社区)"];
  for (let i = 0; i < 150_000; i++) {
    const id = `4415211980${String(1 + (i % 12)).padStart(2, "0")}01${String(i % 10_000).padStart(4, "0")}`;
    lines.push(`测试${i},${id},男,1980-01-01,可塘镇,可塘社区`);
  }
  writeFileSync(big, `${lines.join("\n")}\n`);
  const s = await launch(t, "cancel", [big]);

  const pickAndStart = async () => {
    await s.click("#pick-import");
    await s.waitFor("return document.querySelector('#import-previews .p-detected') !== null", { what: "preview" });
    await s.click("#import-start");
  };
  await go(s, "import");
  await pickAndStart();
  await s.waitFor(
    "return document.body.dataset.busy === 'true' && Number(document.body.dataset.progressUpdates ?? 0) > 0",
    { what: "progress to show" },
  );
  assert.ok(await s.execute("return !document.getElementById('progress').hidden"));
  // The rest of the app stays usable while the job runs.
  await go(s, "settings");
  await go(s, "import");
  await saveScreenshot(s, "progress-zh.png");
  await s.click("#cancel");
  const cancelled = await waitForJob(s, "import to be cancelled");
  assert.equal(cancelled.error, "已取消，数据库未改动。");
  assert.ok(await s.execute("return document.getElementById('progress').hidden"));

  // Nothing was stored: the same file imports again instead of being refused.
  await pickAndStart();
  // A debug build on a busy 2-core machine: allow for it.
  const again = await waitForJob(s, "import to finish", 400_000);
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

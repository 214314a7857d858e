// End-to-end test of lists over time: the demo county imported and analysed, then a newer
// household list (July, 14 people fewer: moved out) imported over it. The preview shows
// the replace decision with the command line's counts before the import, the officer can
// change it, the stale banner asks for a new analysis on every screen, the overview then
// lists the cases closed and why, and the Lists screen shows June's list as superseded.
// Retiring and restoring a version work from the Lists screen.
//
// Run by scripts/e2e.sh (see harness.mjs). The newer list is written by the newer_list
// example (env ENROLGAP_E2E_NEWER_LIST, default target/debug/examples/newer_list).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { choose, demo, demoFiles, go, launch, root, saveScreenshot, scratch, waitForDecisions, waitForJob } from "./harness.mjs";

const NEWER_TITLE = "海丰县2026年7月户籍人口";
const MOVED_OUT = "15";

/** The household list of July: June's, under a July title, without its last rows. */
function writeNewerHousehold() {
  const newer = join(scratch, "newer-list", "household-2026-07.xlsx");
  mkdirSync(dirname(newer), { recursive: true });
  const tool = process.env.ENROLGAP_E2E_NEWER_LIST ?? join(root, "target", "debug", "examples", "newer_list");
  execFileSync(tool, [join(demo, "household.xlsx"), newer, NEWER_TITLE, MOVED_OUT], { stdio: "inherit" });
  return newer;
}

/** What the engine says, through the command line on its own database. */
function engineOverNewer(asOf, newer) {
  const cli = process.env.ENROLGAP_E2E_CLI ?? join(root, "target", "debug", "enrolgap");
  const db = join(scratch, "cli-newer", "enrolgap.sqlite3");
  mkdirSync(dirname(db), { recursive: true });
  const run = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  run("import", ...demoFiles());
  run("analyze", "--as-of", asOf);
  const dry = run("import", "--dry-run", newer);
  const replaceLine = dry.split("\n").map((l) => l.trim()).find((l) => l.startsWith("替换"));
  assert.ok(replaceLine, `the command line names what it replaces:\n${dry}`);
  run("import", newer);
  run("analyze", "--as-of", asOf);
  return { replaceLine, report: JSON.parse(run("report", "--format", "json")) };
}

async function resize(s, width, height) {
  await s.cmd("POST", "/window/rect", { x: 0, y: 0, width, height });
  await s.waitFor(`return window.outerWidth <= ${width} && window.outerHeight <= ${height}`, { what: `window ${width}×${height}` });
}

/** Screenshots at both sizes the officers' screens have. */
async function shootBoth(s, name) {
  await resize(s, 1366, 768);
  await saveScreenshot(s, `${name}-1366x768.png`);
  await resize(s, 1100, 650);
  await saveScreenshot(s, `${name}-1100x650.png`);
  await resize(s, 1366, 768);
}

const banner = (s) => s.execute("return document.getElementById('stale-banner').hidden ? null : document.getElementById('stale-text').textContent");

test("a newer list replaces the one in force: decision before import, stale banner, closed cases, history", { timeout: 900_000 }, async (t) => {
  const asOf = readFileSync(join(demo, "as_of.txt"), "utf8").trim();
  const newer = writeNewerHousehold();
  const engine = engineOverNewer(asOf, newer);
  const changes = engine.report.changes;
  assert.ok(changes.closed_not_listed > 0, "the people who moved out close cases");

  // ---- June: the demo county, imported and analysed ----
  const june = await launch(t, "newer", demoFiles());
  await go(june, "import");
  await june.click("#pick-import");
  await waitForDecisions(june, demoFiles().length);
  // Nothing is in force yet: every file is the first of its kind.
  assert.match(await june.text("#import-previews .p-decision"), /首次导入此类名单/);
  await june.click("#import-start");
  assert.equal((await waitForJob(june, "June's import")).error, null);
  assert.equal(await banner(june), "已导入名单，尚未分析");
  await choose(june, "#as-of", asOf);
  await june.click("#stale-analyze");
  assert.equal((await waitForJob(june, "June's analysis")).error, null);
  assert.equal(await banner(june), null);
  await june.close();

  // ---- July: the newer household list, over June's ----
  const s = await launch(t, "newer", [newer]);
  assert.equal(await banner(s), null, "the analysis is current when the app opens again");
  await go(s, "import");
  await s.click("#pick-import");
  await waitForDecisions(s, 1);
  const lines = () => s.execute("return [...document.querySelectorAll('#import-previews .p-decision li')].map((l) => l.textContent)");
  const decided = await lines();
  assert.equal(decided[0], "名单日期 2026年7月（取自标题），范围 全县，本次 327 行");
  assert.equal(decided[1], engine.replaceLine);
  await shootBoth(s, "import-decision-zh");
  // The officer may add it beside June's instead, and change their mind again.
  const secondLine = (text) =>
    s.waitFor(
      `return document.body.dataset.busy === 'false' &&
         document.querySelectorAll('#import-previews .p-decision li')[1]?.textContent === ${JSON.stringify(text)}`,
      { what: `the decision “${text}”` },
    );
  await choose(s, "#import-previews select.p-mode", "adds");
  await secondLine("不替换任何名单：与使用中的户籍人口并用");
  await choose(s, "#import-previews select.p-mode", "by_scope");
  await secondLine(engine.replaceLine);
  await s.click("#lang-toggle");
  await saveScreenshot(s, "import-decision-en.png");
  await s.click("#lang-toggle");

  await s.click("#import-start");
  const imported = await waitForJob(s, "July's import");
  assert.equal(imported.error, null, `import failed: ${imported.error}`);
  assert.ok((await s.text("#import-settled")).includes(engine.replaceLine), "the import says what it replaced");
  // Out of date until analysed again, on every screen.
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await go(s, "gaps");
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await saveScreenshot(s, "stale-gaps-zh.png");

  await s.click("#stale-analyze");
  assert.equal((await waitForJob(s, "July's analysis")).error, null);
  assert.equal(await banner(s), null);

  // ---- since the last analysis: new and closed cases, counts as on the gaps screen ----
  const rows = await s.execute("return document.getElementById('gaps-shown').dataset.count");
  assert.equal(rows, String(engine.report.summary.gaps_total));
  await go(s, "overview");
  assert.equal(await s.text("#gap-count"), String(engine.report.summary.gaps_total));
  const closed =
    changes.closed_enrolled + changes.closed_deceased + changes.closed_excluded + changes.closed_settled + changes.moved_to_review + changes.closed_not_listed;
  assert.equal(
    await s.text("#ov-changes"),
    `缺口名单 ${rows} 条（${changes.new_gaps + changes.still_open} 人）：新增 ${changes.new_gaps} 人，仍未解决 ${changes.still_open} 人；已关闭 ${closed} 人`,
  );
  assert.equal(await s.text("#ov-closed-reasons li[data-reason=not_listed] strong"), String(changes.closed_not_listed));
  assert.equal((await s.findAll("#ov-closed-cases li")).length, Math.min(closed, 8) + (closed > 8 ? 1 : 0));
  // June's household list is history now; the overview shows the one in force.
  assert.equal(await s.execute("return document.querySelector('#ov-lists tr[data-kind=household]').dataset.status"), "in_force");
  assert.match(await s.text("#ov-lists tr[data-kind=household]"), /2026年7月/);
  const page = await s.execute("return document.body.innerText");
  assert.doesNotMatch(page, /\d{17}[\dXx]/, "a full ID number is on screen");
  await shootBoth(s, "overview-changes-zh");
  await s.click("#lang-toggle");
  assert.match(await s.text("#ov-closed-reasons"), /No longer on any list/);
  await saveScreenshot(s, "overview-changes-en.png");
  await s.click("#lang-toggle");

  // ---- the Lists screen: July in force, June superseded by it ----
  await go(s, "lists");
  await s.waitFor("return document.querySelector('#lists tr[data-batch=\"9\"]') !== null", { what: "the versions" });
  const status = (batch) => s.execute(`return document.querySelector('#lists tr[data-batch="${batch}"]').dataset.status`);
  assert.equal(await status(9), "in_force");
  assert.equal(await status(1), "superseded");
  assert.match(await s.text('#lists tr[data-batch="1"] .state'), /已被替换 → 批次 9/);
  const left = engine.replaceLine.match(/减少 (\d+) 人，新增 (\d+) 人/);
  assert.equal(await s.text('#lists tr[data-batch="9"] .changes'), `替换了批次 1（341 行）：减少 ${left[1]} 人，新增 ${left[2]} 人`);
  await shootBoth(s, "lists-zh");
  await s.click("#lang-toggle");
  await saveScreenshot(s, "lists-en.png");
  await s.click("#lang-toggle");

  // Retiring July leaves no household list in force: the overview says so.
  await s.execute("window.confirm = () => true");
  await s.click('#lists tr[data-batch="9"] button.l-retire');
  await s.waitFor(`return document.querySelector('#lists tr[data-batch="9"]')?.dataset.status === 'retired'`, { what: "retired" });
  assert.match(await s.text("#lists-msg"), /批次 9 已停用/);
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await go(s, "overview");
  assert.equal(await s.execute("return document.querySelector('#ov-lists tr[data-kind=household]').dataset.status"), "retired");
  await saveScreenshot(s, "overview-retired-zh.png");
  // And restoring it puts it back.
  await go(s, "lists");
  await s.click('#lists tr[data-batch="9"] button.l-restore');
  await s.waitFor(`return document.querySelector('#lists tr[data-batch="9"]')?.dataset.status === 'in_force'`, { what: "restored" });
  assert.match(await s.text("#lists-msg"), /批次 9 已恢复使用/);
});

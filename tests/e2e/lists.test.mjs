// End-to-end test of lists over time on the two-month campaign county
// (fixtures/campaign/2026-07 and 2026-08): July imported and analysed, then every August
// file imported over it. Before the import each preview says what it will replace, with
// the command line's counts, and the officer can change it; after it the stale banner asks
// for a new analysis on every screen; the August gaps then equal the August truth, the
// overview lists the cases closed and why with counts that match the gaps screen, and the
// Lists screen shows July's household list as superseded. Retiring and restoring work.
//
// Run by scripts/e2e.sh (see harness.mjs).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { test } from "node:test";
import { choose, go, launch, root, saveScreenshot, scratch, shootBoth, waitForDecisions, waitForJob } from "./harness.mjs";

const campaign = join(root, "fixtures", "campaign");
const JULY = join(campaign, "2026-07");
const AUGUST = join(campaign, "2026-08");

/** A month's lists, in the order they are picked (and so numbered as batches). */
function monthFiles(dir) {
  return readdirSync(dir)
    .filter((f) => /\.xlsx$/i.test(f))
    .sort()
    .map((f) => join(dir, f));
}

const asOf = (dir) => readFileSync(join(dir, "as_of.txt"), "utf8").trim();

function readTruth(dir) {
  const lines = readFileSync(join(dir, "truth.csv"), "utf8").split(/\r?\n/).filter((l) => l.trim());
  assert.equal(lines[0], "code,id_number,name,birth_date");
  return lines.slice(1).map((line) => line.split(",")[0]);
}

/** The app writes a day as 2026-07-31 in every language; the command line as 2026年7月31日. */
const isoDays = (line) =>
  line.replace(/(\d{4})年(\d{1,2})月(\d{1,2})日/g, (_, y, m, d) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);

/** Per file, the lines under its heading in the command line's import output. */
function linesByFile(output) {
  const byFile = new Map();
  let current = null;
  for (const line of output.split("\n")) {
    const head = /^(?:预览（未导入）|已导入) (.+?)：/.exec(line);
    if (head) byFile.set((current = head[1]), []);
    else if (current && line.startsWith("  ")) byFile.get(current).push(isoDays(line.trim()));
  }
  return byFile;
}

/** What the engine says, through the command line on its own database. */
function engineAugustOverJuly() {
  const cli = process.env.ENROLGAP_E2E_CLI ?? join(root, "target", "debug", "enrolgap");
  const db = join(scratch, "cli-campaign", "enrolgap.sqlite3");
  mkdirSync(dirname(db), { recursive: true });
  const run = (...args) => execFileSync(cli, ["--db", db, ...args], { encoding: "utf8" });
  run("import", ...monthFiles(JULY));
  run("analyze", "--as-of", asOf(JULY));
  const preview = linesByFile(run("import", "--dry-run", ...monthFiles(AUGUST)));
  const imported = linesByFile(run("import", ...monthFiles(AUGUST)));
  run("analyze", "--as-of", asOf(AUGUST));
  return { preview, imported, report: JSON.parse(run("report", "--format", "json")) };
}

/** The lines that name a replacement or new events (the app words "nothing replaced" for a preview). */
const decisive = (lines) => lines.filter((l) => /^(替换|新增)/.test(l));

async function inEnglish(s, shot) {
  await s.click("#lang-toggle");
  await saveScreenshot(s, shot);
  await s.click("#lang-toggle");
}

/** An element's text read in one step (screens re-render as data reloads). */
const textOf = (s, css) => s.execute("return document.querySelector(arguments[0])?.innerText.trim() ?? null", [css]);

const banner = (s) => s.execute("return document.getElementById('stale-banner').hidden ? null : document.getElementById('stale-text').textContent");

/** Each preview card's file and the lines of its decision. */
const decisions = (s) =>
  s.execute(`return Object.fromEntries([...document.querySelectorAll('#import-previews .preview')].map((c) =>
    [c.querySelector('.p-file').textContent, [...c.querySelectorAll('.p-decision li')].map((l) => l.textContent)]))`);

/** Waits for the Lists screen's message (re-rendered as the versions reload) to say `text`. */
const listsMessage = (s, text) =>
  s.waitFor(`return (document.getElementById('lists-msg')?.textContent ?? '').includes(${JSON.stringify(text)})`, { what: text });

const CLOSED_FIELDS = {
  enrolled: "closed_enrolled",
  deceased: "closed_deceased",
  excluded: "closed_excluded",
  settled: "closed_settled",
  in_review: "moved_to_review",
  not_listed: "closed_not_listed",
};

test("August over July: the replace decisions before import, the stale banner, the August truth, closed cases, history", { timeout: 900_000 }, async (t) => {
  const engine = engineAugustOverJuly();
  const { changes } = engine.report;
  const truth = readTruth(AUGUST);
  const july = monthFiles(JULY);
  const august = monthFiles(AUGUST);
  const julyHousehold = july.findIndex((f) => basename(f).startsWith("户籍人口")) + 1;
  const augustHousehold = july.length + august.findIndex((f) => basename(f).startsWith("户籍人口")) + 1;

  // ---- July: imported and analysed ----
  const first = await launch(t, "campaign", july);
  await go(first, "import");
  await first.click("#pick-import");
  await waitForDecisions(first, july.length);
  await first.click("#import-start");
  assert.equal((await waitForJob(first, "July's import")).error, null);
  assert.equal(await banner(first), "已导入名单，尚未分析");
  await choose(first, "#as-of", asOf(JULY));
  await first.click("#stale-analyze");
  assert.equal((await waitForJob(first, "July's analysis")).error, null);
  assert.equal(await banner(first), null);
  await first.close();

  // ---- August: every preview says what it will replace, as the command line does ----
  const s = await launch(t, "campaign", august);
  assert.equal(await banner(s), null, "the analysis is current when the app opens again");
  await go(s, "import");
  await s.click("#pick-import");
  await waitForDecisions(s, august.length);
  const shown = await decisions(s);
  for (const file of august.map((f) => basename(f))) {
    assert.deepEqual(decisive(shown[file].slice(1)), decisive(engine.preview.get(file)), file);
  }
  const household = basename(august[augustHousehold - july.length - 1]);
  assert.match(shown[household][1], /^替换 2026年7月 户籍人口（批次 \d+，\d+ 行）→ 本次 \d+ 行：减少 \d+ 人，新增 \d+ 人$/);
  await shootBoth(s, "import-decision-zh");
  await inEnglish(s, "import-decision-en.png");

  // The officer may add the household list beside July's instead, and change their mind again.
  const card = `#import-previews .p-decision[data-file="${augustHousehold - july.length - 1}"]`;
  const householdLine = (text) =>
    s.waitFor(
      `return document.body.dataset.busy === 'false' &&
         document.querySelectorAll('${card} li')[1]?.textContent === ${JSON.stringify(text)}`,
      { what: `the decision “${text}”` },
    );
  await choose(s, `${card} select.p-mode`, "adds");
  await householdLine("不替换任何名单：与使用中的户籍人口并用");
  await choose(s, `${card} select.p-mode`, "by_scope");
  await householdLine(shown[household][1]);

  await s.click("#import-start");
  const imported = await waitForJob(s, "August's import", 300_000);
  assert.equal(imported.error, null, `import failed: ${imported.error}`);
  assert.match(imported.status, new RegExp(`已导入 ${august.length} 个文件`));
  const settled = await s.execute(
    "return Object.fromEntries([...document.querySelectorAll('#import-settled .settled')].map((d) => [d.querySelector('strong').textContent, [...d.querySelectorAll('li')].map((l) => l.textContent)]))",
  );
  for (const [file, lines] of engine.imported) assert.deepEqual(decisive(settled[file].slice(1)), decisive(lines), `${file} as imported`);

  // ---- out of date until analysed again, on every screen ----
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await go(s, "gaps");
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await saveScreenshot(s, "stale-gaps-zh.png");
  await choose(s, "#as-of", asOf(AUGUST));
  await s.click("#stale-analyze");
  assert.equal((await waitForJob(s, "August's analysis")).error, null);
  assert.equal(await banner(s), null);

  // ---- the August gaps are the August truth ----
  const count = () => s.execute("return document.getElementById('gaps-shown').dataset.count");
  assert.equal(await count(), String(truth.length));
  for (const code of new Set(truth)) {
    await choose(s, "#f-code", code);
    assert.equal(await count(), String(truth.filter((c) => c === code).length), code);
  }
  await s.click("#f-clear");

  // ---- since the last analysis: new and closed cases, counts as on the gaps screen ----
  await go(s, "overview");
  assert.equal(await textOf(s, "#gap-count"), String(truth.length));
  const closed = Object.values(CLOSED_FIELDS).reduce((n, field) => n + changes[field], 0);
  assert.equal(
    await textOf(s, "#ov-changes"),
    `缺口名单 ${truth.length} 条（${changes.new_gaps + changes.still_open} 人）：新增 ${changes.new_gaps} 人，仍未解决 ${changes.still_open} 人；已关闭 ${closed} 人`,
  );
  const reasons = await s.execute(
    "return Object.fromEntries([...document.querySelectorAll('#ov-closed-reasons li')].map((l) => [l.dataset.reason, Number(l.querySelector('strong').textContent)]))",
  );
  assert.deepEqual(
    reasons,
    Object.fromEntries(Object.entries(CLOSED_FIELDS).filter(([, f]) => changes[f] > 0).map(([r, f]) => [r, changes[f]])),
  );
  assert.equal(await s.execute("return document.querySelector('#ov-lists tr[data-kind=household]').dataset.status"), "in_force");
  assert.match(await textOf(s, "#ov-lists tr[data-kind=household]"), /2026年8月/);
  assert.doesNotMatch(await s.execute("return document.body.innerText"), /\d{17}[\dXx]/, "a full ID number is on screen");
  await shootBoth(s, "overview-changes-zh");
  await inEnglish(s, "overview-changes-en.png");

  // ---- the Lists screen: August in force, July's household list superseded by it ----
  await go(s, "lists");
  const row = (batch) => `#lists tr[data-batch="${batch}"]`;
  await s.waitFor(`return document.querySelector('${row(augustHousehold)}') !== null`, { what: "the versions" });
  const status = (batch) => s.execute(`return document.querySelector('${row(batch)}').dataset.status`);
  assert.equal(await status(augustHousehold), "in_force");
  assert.equal(await status(julyHousehold), "superseded");
  assert.equal(await textOf(s, `${row(julyHousehold)} .state`), `已被替换 → 批次 ${augustHousehold}`);
  const [, left, joined] = /减少 (\d+) 人，新增 (\d+) 人/.exec(shown[household][1]);
  assert.match(await textOf(s, `${row(augustHousehold)} .changes`), new RegExp(`^替换了批次 ${julyHousehold}（\\d+ 行）：减少 ${left} 人，新增 ${joined} 人$`));
  await shootBoth(s, "lists-zh");
  await inEnglish(s, "lists-en.png");

  // Retiring August's household list leaves none in force: the overview says so.
  await s.execute("window.confirm = () => true");
  await s.click(`${row(augustHousehold)} button.l-retire`);
  await s.waitFor(`return document.querySelector('${row(augustHousehold)}')?.dataset.status === 'retired'`, { what: "retired" });
  await listsMessage(s, `批次 ${augustHousehold} 已停用`);
  assert.equal(await banner(s), "结果已过期，请重新分析");
  await go(s, "overview");
  assert.equal(await s.execute("return document.querySelector('#ov-lists tr[data-kind=household]').dataset.status"), "retired");
  await saveScreenshot(s, "overview-retired-zh.png");
  // And restoring it puts it back.
  await go(s, "lists");
  await s.click(`${row(augustHousehold)} button.l-restore`);
  await s.waitFor(`return document.querySelector('${row(augustHousehold)}')?.dataset.status === 'in_force'`, { what: "restored" });
  await listsMessage(s, `批次 ${augustHousehold} 已恢复使用`);
});

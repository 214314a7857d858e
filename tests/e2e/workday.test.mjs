// The app an officer works in all day, on the demo county under an en-US locale: the gaps
// grid (default order, sort, hide a column, header filter, sideways scroll at 1100×650,
// export of what is shown, masked), outcomes recorded safely (nothing preselected, the
// officer kept, one outcome for several rows, audited), dates as YYYY-MM-DD, no machine
// codes on screen; then every screen in both languages at 1366×768 and 1100×650.

import assert from "node:assert/strict";
import { readdirSync, readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { choose, demo, demoFiles, go, launch, resize, saveScreenshot, scratch, shootBoth, waitForJob } from "./harness.mjs";

const ROWS = "#gaps-grid .tabulator-row";
const cells = (s, field) =>
  s.execute(`return [...document.querySelectorAll('${ROWS} .tabulator-cell[tabulator-field=${field}]')].map((c) => c.textContent)`);
const shown = (s) => s.execute("return Number(document.getElementById('gaps-shown').dataset.count)");
const ISO = /^\d{4}-\d{2}-\d{2}$/;

const CHINESE = /[\u4e00-\u9fff]/;

/** The texts the engine writes per language on a screen: the quality findings' messages,
 *  the audit entries' details; none elsewhere. */
async function screenTexts(s, screen) {
  const column = { quality: ["#q-table", 6], audit: ["#audit-table", 3] }[screen];
  if (!column) return [];
  return s.execute(
    "return [...document.querySelectorAll(arguments[0] + ' tbody tr td:nth-child(' + arguments[1] + ')')].map((c) => c.textContent)",
    column,
  );
}

/** Types into a header filter as a user would (Tabulator listens for keyup). */
async function headerFilter(s, field, value) {
  await s.execute(
    `const input = document.querySelector('#gaps-grid .tabulator-col[tabulator-field=' + arguments[0] + '] .tabulator-header-filter input');
     input.value = arguments[1];
     for (const type of ['input', 'keyup', 'change']) input.dispatchEvent(new Event(type, { bubbles: true }));`,
    [field, value],
  );
}

test("a day's work in the gaps grid, under an en-US locale", { timeout: 600_000 }, async (t) => {
  const asOf = readFileSync(join(demo, "as_of.txt"), "utf8").trim();
  const out = join(scratch, "workday-out");
  mkdirSync(out, { recursive: true });
  const s = await launch(t, "workday", demoFiles(), { LANG: "en_US.UTF-8", LC_ALL: "en_US.UTF-8", ENROLGAP_SCRIPTED_FOLDER: out });
  await resize(s, 1366, 768);

  // The top bar's date is YYYY-MM-DD whatever the locale, and a month-first date is refused.
  assert.match(await s.execute("return document.getElementById('as-of').value"), ISO);
  await choose(s, "#as-of", "07/31/2026");
  assert.equal(await s.execute("return document.getElementById('as-of').getAttribute('aria-invalid')"), "true");
  await choose(s, "#as-of", asOf.replaceAll("-", "/"));
  assert.equal(await s.execute("return document.getElementById('as-of').value"), asOf);

  await go(s, "import");
  await s.click("#pick-import");
  await s.waitFor(`return document.querySelectorAll('#import-previews .p-detected').length === ${demoFiles().length}`, { what: "previews" });
  await s.click("#import-start");
  assert.equal((await waitForJob(s, "import")).error, null);
  const imported = await s.execute("return [...document.querySelectorAll('#import-history tbody td:nth-child(4)')].map((c) => c.textContent)");
  for (const at of imported) assert.match(at, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, "import times as YYYY-MM-DD HH:MM");
  await s.click("#analyze");
  assert.equal((await waitForJob(s, "analysis")).error, null);

  // ---- the grid opens on the urgent cases, nearest deadline first ----
  await go(s, "gaps");
  await s.waitFor(`return document.querySelectorAll('${ROWS}').length > 0`, { what: "grid rows" });
  const total = await shown(s);
  const priorities = await cells(s, "priority");
  assert.equal(priorities[0], "紧急");
  const rank = { 紧急: 0, 高: 1, 一般: 2 };
  assert.deepEqual([...priorities], [...priorities].sort((a, b) => rank[a] - rank[b]), "urgent first, then 高, then 一般");
  const heads = await s.execute("return [...document.querySelectorAll('#gaps-grid .tabulator-col-title')].map((h) => h.scrollWidth <= h.clientWidth + 1)");
  assert.ok(heads.every(Boolean), "no heading is cut off");

  // Sort by name: the rows follow.
  await s.click("#gaps-grid .tabulator-col[tabulator-field=name] .tabulator-col-title");
  await s.waitFor("return document.querySelector('#gaps-grid .tabulator-col[tabulator-field=name]').getAttribute('aria-sort') !== 'none'", { what: "sorted" });
  // Compared in the page, with the collation the grid itself sorts by.
  const order = await s.execute(`const dir = document.querySelector('#gaps-grid .tabulator-col[tabulator-field=name]').getAttribute('aria-sort');
    const names = [...document.querySelectorAll('${ROWS} .tabulator-cell[tabulator-field=name]')].map((c) => c.textContent);
    const sign = dir === 'ascending' ? 1 : -1;
    return { rows: names.length, inOrder: names.every((n, i) => i === 0 || sign * names[i - 1].localeCompare(n) <= 0) };`);
  assert.ok(order.rows > 1 && order.inOrder, JSON.stringify(order));
  await saveScreenshot(s, "grid-sorted-zh.png");

  // Hide a column with the chooser, show it again.
  await s.click("#gaps-columns-toggle");
  await s.click("#gaps-columns input[data-field=birth]");
  assert.equal(await s.execute("return getComputedStyle(document.querySelector('#gaps-grid .tabulator-col[tabulator-field=birth]')).display"), "none");
  await saveScreenshot(s, "grid-column-hidden-zh.png");
  await s.click("#gaps-columns input[data-field=birth]");
  await s.click("#gaps-columns-toggle");

  // Filter under a heading: one township.
  const townships = [...new Set(await cells(s, "township"))].filter(Boolean);
  await headerFilter(s, "township", townships[0]);
  await s.waitFor(`return Number(document.getElementById('gaps-shown').dataset.count) < ${total}`, { what: "header filter" });
  assert.ok((await cells(s, "township")).every((c) => c === townships[0]));
  const filtered = await shown(s);

  // Export what is shown, masked: one workbook per unit, as many rows as shown.
  await s.click("#gaps-export");
  await s.waitFor("return document.getElementById('gaps-export-msg').textContent !== '' || !document.getElementById('error-box').hidden", { what: "export" });
  assert.ok(await s.execute("return document.getElementById('error-box').hidden"), await s.text("#error"));
  const [, rows] = /已导出 \d+ 个文件、(\d+) 行（身份证号和电话已脱敏）/.exec(await s.text("#gaps-export-msg"));
  assert.ok(Number(rows) > 0 && Number(rows) <= filtered, `${rows} rows exported of ${filtered} shown`);
  assert.ok(readdirSync(out).some((f) => f.endsWith(".xlsx")));
  await headerFilter(s, "township", "");
  await s.waitFor(`return Number(document.getElementById('gaps-shown').dataset.count) === ${total}`, { what: "filter cleared" });

  // ---- at 1100×650 the grid scrolls sideways and the last column is reachable ----
  await resize(s, 1100, 650);
  // Scrolled to the far right, the header follows (on the next frame) and the last column shows whole.
  await s.execute("const h = document.querySelector('#gaps-grid .tabulator-tableholder'); h.scrollLeft = h.scrollWidth;");
  await new Promise((r) => setTimeout(r, 500));
  const scroll = await s.execute(`const h = document.querySelector('#gaps-grid .tabulator-tableholder');
    const grid = document.getElementById('gaps-grid').getBoundingClientRect();
    const cell = document.querySelector('${ROWS} .tabulator-cell[tabulator-field=reason]').getBoundingClientRect();
    const head = document.querySelector('#gaps-grid .tabulator-col[tabulator-field=reason]').getBoundingClientRect();
    return { wider: h.scrollWidth > h.clientWidth, scrolled: h.scrollLeft > 0,
             cell: cell.right <= grid.right + 1 && cell.left >= grid.left,
             head: head.right <= grid.right + 1 && head.left >= grid.left,
             rects: [grid.left, grid.right, cell.left, cell.right, head.left, head.right].map(Math.round) };`);
  await saveScreenshot(s, "grid-scrolled-1100x650-zh.png");
  assert.ok(scroll.wider && scroll.scrolled && scroll.cell && scroll.head, JSON.stringify(scroll));
  await resize(s, 1366, 768);

  // ---- an outcome: nothing preselected, refused without one, the officer kept ----
  await s.click(`${ROWS} .tabulator-cell[tabulator-field=name]`);
  await s.waitFor("return document.getElementById('d-outcome') !== null", { what: "detail" });
  assert.equal(await s.execute("return document.getElementById('d-outcome').value"), "");
  assert.match(await s.execute("return document.getElementById('d-date').value"), ISO);
  await s.execute("const o = document.getElementById('d-officer'); o.value = '张干事'; o.dispatchEvent(new Event('input', { bubbles: true }))");
  await s.click("#d-save");
  assert.equal(await s.text("#d-msg"), "请先选择跟进结果，再保存");
  assert.equal(await s.execute("return document.querySelectorAll('#gaps-grid .tabulator-cell[tabulator-field=status]')[0].textContent"), "未跟进");
  await choose(s, "#d-outcome", "unreachable");
  await s.click("#d-save");
  await s.waitFor("return document.getElementById('d-msg')?.textContent === '已保存跟进结果'", { what: "saved" });
  assert.equal(await s.execute("return document.getElementById('d-officer').value"), "张干事", "the officer is kept after a save");
  assert.equal(await s.execute("return document.getElementById('d-outcome').value"), "", "and the outcome starts empty again");

  // ---- one outcome for three picked rows, in one call ----
  // Three people other than the first row's (a person with two gaps is on two rows).
  await s.execute(`const rows = [...document.querySelectorAll('${ROWS}')];
    const name = (r) => r.querySelector('.tabulator-cell[tabulator-field=name]').textContent;
    const seen = new Set([name(rows[0])]);
    for (const r of rows.slice(1)) {
      if (seen.size === 4) break;
      if (seen.has(name(r))) continue;
      seen.add(name(r));
      r.querySelector('.row-pick').click();
    }`);
  await s.waitFor("return document.getElementById('b-count')?.dataset.count === '3'", { what: "three picked" });
  assert.equal(await s.execute("return document.getElementById('b-outcome').value"), "");
  assert.equal(await s.execute("return document.getElementById('b-officer').value"), "张干事");
  await saveScreenshot(s, "grid-batch-zh.png");
  await choose(s, "#b-outcome", "mobilised");
  await s.click("#b-save");
  await s.waitFor("return /已为 3 人登记/.test(document.getElementById('b-msg')?.textContent ?? '') || document.getElementById('gaps-batch').hidden", {
    what: "batch saved",
  });
  await choose(s, "#f-status", "mobilised");
  // Three people (a person with two gaps shows on two rows).
  await s.waitFor("return Number(document.getElementById('gaps-shown').dataset.count) >= 3", { what: "three mobilised" });
  await s.click("#f-clear");

  // ---- a person's history from the detail panel: the analysis, the outcome by hand ----
  await s.click(`${ROWS} .tabulator-cell[tabulator-field=name]`);
  await s.waitFor("return document.getElementById('d-history-btn') !== null", { what: "detail" });
  await s.click("#d-history-btn");
  await s.waitFor("return document.querySelectorAll('#d-history li').length > 0", { what: "history" });
  const history = await s.execute("return [...document.querySelectorAll('#d-history li')].map((li) => li.textContent)");
  assert.ok(history.some((l) => l.startsWith(`${asOf} 分析：`)), history.join("\n"));
  assert.ok(!history.join(" ").match(/\d{15,}/), "no full ID in the history");
  await saveScreenshot(s, "gap-history-zh.png");

  // ---- the worklists screen: where each unit's sheet stands ----
  await go(s, "worklists");
  await s.waitFor("return document.querySelectorAll('#wl-dispatch tbody tr').length > 0", { what: "dispatch" });
  const units = await s.execute(
    "return [...document.querySelectorAll('#wl-dispatch tbody tr')].map((r) => ({ unit: r.dataset.unit, status: r.dataset.status, cells: [...r.cells].map((c) => c.textContent) }))",
  );
  assert.ok(units.some((u) => u.unit === townships[0]), JSON.stringify(units));
  for (const u of units) {
    assert.match(u.cells[1], ISO, "sent on YYYY-MM-DD");
    assert.match(u.cells[2], ISO, "due back YYYY-MM-DD");
    assert.ok(["sent", "partly_returned", "completed"].includes(u.status));
  }
  await saveScreenshot(s, "worklists-dispatch-zh.png");

  // Both are in the audit log, with what was recorded, in words.
  await go(s, "audit");
  await s.waitFor("return document.querySelectorAll('#audit-table tbody tr').length > 0", { what: "audit" });
  const log = await s.execute("return [...document.querySelectorAll('#audit-table tbody tr')].map((r) => [...r.cells].map((c) => c.textContent))");
  const recorded = log.filter((r) => r[1] === "登记跟进结果").map((r) => r[2]);
  assert.ok(recorded.some((d) => /^手工录入跟进结果：已动员待缴费，3 人，跟进日期 \d{4}-\d{2}-\d{2}，经办人 张干事$/.test(d)), recorded.join("\n"));
  assert.ok(recorded.some((d) => /外出联系不上，1 人/.test(d)), recorded.join("\n"));
  for (const row of log) {
    assert.match(row[0], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    assert.doesNotMatch(row[1], /^[a-z_]+$/, "no action code on screen");
  }
  await s.click("#audit-verify");
  await s.waitFor("return /日志完整/.test(document.getElementById('audit-result').textContent)", { what: "audit verified" });

  // ---- no machine codes in the quality screen either ----
  await go(s, "quality");
  await s.waitFor("return document.querySelectorAll('#q-table tbody tr').length > 0", { what: "findings" });
  assert.doesNotMatch(await s.execute("return document.getElementById('q-table').innerText"), /\b(id_missing|id_[a-z_]+|[a-z]+_unknown)\b/);

  // ---- every screen, both languages, both sizes ----
  for (const screen of ["overview", "import", "lists", "gaps", "review", "worklists", "quality", "settings", "audit"]) {
    await go(s, screen);
    if (screen === "gaps") await s.click(`${ROWS} .tabulator-cell[tabulator-field=name]`);
    const chineseTexts = await screenTexts(s, screen);
    await shootBoth(s, `screen-${screen}-zh`);
    await s.click("#lang-toggle");
    await s.waitFor("return document.documentElement.lang === 'en'", { what: "English" });
    await shootBoth(s, `screen-${screen}-en`);
    const englishTexts = await screenTexts(s, screen);
    assert.equal(englishTexts.length, chineseTexts.length, `${screen}: the same rows in both languages`);
    englishTexts.forEach((text, i) => {
      // An English text of its own, in which Chinese is only what it quotes from the lists
      // (“…”), their file names, the units' names and the officer's own.
      assert.notEqual(text, chineseTexts[i], `${screen}: ${text} is the Chinese text`);
      assert.match(text, /^[A-Z]/, `${screen}: ${text}`);
      let unquoted = text.replace(/“[^”]*”/g, "").replace(/\S+\.(xlsx|xls|csv)\b/g, "");
      for (const own of [...townships, "张干事"]) unquoted = unquoted.replaceAll(own, "");
      assert.doesNotMatch(unquoted, CHINESE, `${screen}: ${text}`);
    });
    if (screen === "gaps") {
      assert.match(await s.text("#gaps-shown"), /of \d+ gaps/);
      assert.deepEqual([...new Set(await cells(s, "priority"))].every((p) => ["Urgent", "High", "Normal"].includes(p)), true);
      const reasons = await cells(s, "reason");
      assert.ok(reasons.length > 0 && reasons.every((r) => r.startsWith("On ")), `reasons in English: ${reasons.slice(0, 3).join(" | ")}`);
    }
    await s.click("#lang-toggle");
    await s.waitFor("return document.documentElement.lang === 'zh-CN'", { what: "Chinese" });
  }
});

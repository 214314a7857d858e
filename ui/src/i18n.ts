// The UI's words in Simplified Chinese (default) and English.
//
// Every key must exist in both languages: `en` is typed against `zh`'s keys, and a unit
// test checks that no text is empty. Placeholders are `{name}`; `t()` fills them in.

export type Lang = "zh" | "en";

const zh = {
  "app.title": "应保尽保 · 参保缺口排查",
  "app.subtitle": "户籍人口与参保记录比对，找出应参未参人员",
  "lang.toggle": "English",
  "import.button": "选择文件并导入",
  "import.dialogTitle": "选择要导入的名单（可多选）",
  "import.kind.label": "名单类型",
  "import.kind.auto": "自动识别",
  "import.kind.household": "户籍人口",
  "import.kind.enrolment": "参保记录",
  "import.kind.birth": "新生儿名单",
  "import.kind.school": "学籍名单",
  "import.kind.welfare": "民政困难人员",
  "import.kind.roster": "劳务派遣用工名单",
  "import.kind.death": "死亡人员",
  "import.kind.exclusion": "排除名单",
  "import.none": "未选择文件",
  "import.done": "已导入 {count} 个文件，共 {imported} 行（其中有问题 {problems} 行）。",
  "import.file": "{file}（{kind}，读取 {read} 行，导入 {imported} 行，有问题 {problems} 行）",
  "analyze.asOf": "截止日期",
  "analyze.button": "分析",
  "progress.cancel": "取消",
  "progress.cancelling": "正在取消…",
  "stage.reading": "读取",
  "stage.storing": "写入",
  "stage.analysing": "分析",
  "progress.rows": "{done} / {total} 行",
  "progress.rowsOpen": "{done} 行",
  "summary.none": "尚无分析结果。请先导入户籍人口和参保记录，再选择截止日期并点击“分析”。",
  "summary.line":
    "截至 {asOf}（{year} 年度）：户籍人口 {residents} 人，已参保 {enrolled} 人，参保率 {rate}，缺口",
  "summary.people": "人",
  "summary.byCode": "（{parts}）",
  "summary.sep": "，",
  "summary.review": "另有 {count} 条疑似匹配待核实。",
  "gap.welfare_not_enrolled": "困难人员未参保",
  "gap.newborn_not_enrolled": "新生儿未参保",
  "gap.worker_not_enrolled": "派遣员工未参保",
  "gap.student_not_enrolled": "学生未参保",
  "gap.lapsed": "断保",
  "gap.resident_not_enrolled": "户籍居民未参保",
  "gap.worker_wrong_scheme": "派遣员工未参加职工医保",
  "gap.welfare_not_subsidized": "困难人员未按资助参保",
  "col.code": "类型",
  "col.name": "姓名",
  "col.id": "身份证号",
  "col.birth": "出生日期",
  "col.township": "乡镇",
  "col.village": "村(社区)",
  "col.reason": "原因",
  "col.source": "来源",
  "source.row": "第 {row} 行",
  "table.empty": "没有缺口",
  "footer.db": "数据库：{path}",
  "footer.local": "数据仅保存在本机",
  "error.title": "出错了",
  "error.dismiss": "关闭",
  "err.file_unreadable": "无法读取文件 {file}：{reason}",
  "err.not_a_spreadsheet":
    "文件 {file} 不是可识别的电子表格（{reason}）；请在 Excel 或 WPS 中另存为 .xlsx 后重试。",
  "err.password_protected": "文件 {file} 设置了打开密码，无法读取；请在 Excel 或 WPS 中取消密码后另存再导入。",
  "err.empty_file": "文件 {file} 没有数据行。",
  "err.missing_column": "文件 {file} 找不到“{column}”列；请确认表头包含该列（如 {examples}）。",
  "err.unknown_kind": "无法判断文件 {file} 是哪类名单；请在“名单类型”中选择后重新导入。",
  "err.already_imported": "文件 {file} 的内容已于 {imported_at} 导入（批次 {batch}），无需重复导入。",
  "err.invalid_argument": "输入有误：{message}",
  "err.not_ready": "{message}",
  "err.database": "数据库错误：{message}",
  "err.write_failed": "无法写入 {file}：{reason}",
  "err.database_damaged": "数据库文件已损坏；请用最近的备份恢复（命令行：enrolgap restore 备份文件）。",
  "err.not_a_backup": "无法从 {file} 恢复：{reason}；数据库未改动。",
  "err.cancelled": "已取消，数据库未改动。",
  "err.wrong_passphrase": "数据库口令不正确（或该数据库没有加密）；请检查口令。",
  "err.passphrase_needed": "数据库已加密，请输入口令。",
  "unlock.label": "数据库口令",
  "unlock.button": "解锁",
  "err.unexpected": "发生意外错误：{message}",
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  "app.title": "Enrolment gaps · find who should be insured but is not",
  "app.subtitle": "Compare household registration with enrolment records",
  "lang.toggle": "中文",
  "import.button": "Choose files and import",
  "import.dialogTitle": "Choose the lists to import (several at once)",
  "import.kind.label": "List kind",
  "import.kind.auto": "Detect",
  "import.kind.household": "Household register",
  "import.kind.enrolment": "Enrolment records",
  "import.kind.birth": "Newborns",
  "import.kind.school": "School roll",
  "import.kind.welfare": "Welfare recipients",
  "import.kind.roster": "Staffing-agency roster",
  "import.kind.death": "Deaths",
  "import.kind.exclusion": "Exclusions",
  "import.none": "No files chosen",
  "import.done": "Imported {count} file(s), {imported} rows ({problems} with problems).",
  "import.file": "{file} ({kind}, {read} rows read, {imported} imported, {problems} with problems)",
  "analyze.asOf": "As of",
  "analyze.button": "Analyse",
  "progress.cancel": "Cancel",
  "progress.cancelling": "Cancelling…",
  "stage.reading": "Reading",
  "stage.storing": "Storing",
  "stage.analysing": "Analysing",
  "progress.rows": "{done} / {total} rows",
  "progress.rowsOpen": "{done} rows",
  "summary.none":
    "No analysis yet. Import the household register and the enrolment records, pick an as-of date and click “Analyse”.",
  "summary.line":
    "As of {asOf} (coverage year {year}): {residents} residents, {enrolled} enrolled, coverage {rate}, gaps:",
  "summary.people": "people",
  "summary.byCode": " ({parts})",
  "summary.sep": ", ",
  "summary.review": "{count} possible matches await review.",
  "gap.welfare_not_enrolled": "Welfare recipient, not enrolled",
  "gap.newborn_not_enrolled": "Newborn, not enrolled",
  "gap.worker_not_enrolled": "Dispatched worker, not enrolled",
  "gap.student_not_enrolled": "Student, not enrolled",
  "gap.lapsed": "Lapsed",
  "gap.resident_not_enrolled": "Resident, not enrolled",
  "gap.worker_wrong_scheme": "Worker not in employee scheme",
  "gap.welfare_not_subsidized": "Welfare recipient, not subsidised",
  "col.code": "Type",
  "col.name": "Name",
  "col.id": "ID number",
  "col.birth": "Born",
  "col.township": "Township",
  "col.village": "Village",
  "col.reason": "Reason",
  "col.source": "Source",
  "source.row": "row {row}",
  "table.empty": "No gaps",
  "footer.db": "Database: {path}",
  "footer.local": "Data stays on this computer",
  "error.title": "Error",
  "error.dismiss": "Dismiss",
  "err.file_unreadable": "Cannot read file {file}: {reason}",
  "err.not_a_spreadsheet":
    "{file} is not a spreadsheet this tool can read ({reason}). Save it as .xlsx in Excel or WPS and try again.",
  "err.password_protected":
    "{file} is protected by a password. Remove the password in Excel or WPS, save, and import again.",
  "err.empty_file": "{file} has no data rows.",
  "err.missing_column":
    "{file} has no “{column}” column. Check that the header row contains it (e.g. {examples}).",
  "err.unknown_kind": "Cannot tell which kind of list {file} is. Choose the list kind and import again.",
  "err.already_imported":
    "The contents of {file} were already imported on {imported_at} (batch {batch}); no need to import again.",
  "err.invalid_argument": "Invalid input: {message}",
  "err.not_ready": "{message}",
  "err.database": "Database error: {message}",
  "err.write_failed": "Cannot write {file}: {reason}",
  "err.database_damaged":
    "The database file is damaged. Restore it from the latest backup (command line: enrolgap restore BACKUP).",
  "err.not_a_backup": "Cannot restore from {file}: {reason}. The database was not changed.",
  "err.cancelled": "Cancelled; the database was not changed.",
  "err.wrong_passphrase":
    "The database passphrase is wrong (or this database is not encrypted). Check the passphrase.",
  "err.passphrase_needed": "The database is encrypted. Enter its passphrase.",
  "unlock.label": "Database passphrase",
  "unlock.button": "Unlock",
  "err.unexpected": "Unexpected error: {message}",
};

export const messages: Record<Lang, Record<Key, string>> = { zh, en };

export const LANG_STORAGE_KEY = "enrolgap.lang";

/** The text for `key` in `lang`, with `{name}` placeholders filled from `vars`. */
export function t(lang: Lang, key: Key, vars: Record<string, string | number> = {}): string {
  return messages[lang][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    return value === undefined ? whole : String(value);
  });
}

/** The saved language, or Chinese. */
export function loadLang(storage: Pick<Storage, "getItem"> | undefined): Lang {
  try {
    return storage?.getItem(LANG_STORAGE_KEY) === "en" ? "en" : "zh";
  } catch {
    return "zh";
  }
}

export function saveLang(storage: Pick<Storage, "setItem"> | undefined, lang: Lang): void {
  try {
    storage?.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // Storage may be unavailable; the choice then lasts for this session only.
  }
}

/** Formats a count the way each language groups digits. */
export function formatNumber(lang: Lang, n: number): string {
  return n.toLocaleString(lang === "zh" ? "zh-CN" : "en-US");
}

/** A fraction (0..1) as a percentage with two decimals. */
export function formatPercent(fraction: number): string {
  return `${(fraction * 100).toFixed(2)}%`;
}

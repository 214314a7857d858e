import { describe, expect, it } from "vitest";
import type { ErrorKind } from "./bindings";
import { baseName, formatError, isEngineError, needsPassphrase } from "./errors";

const every: ErrorKind[] = [
  { kind: "file_unreadable", file: "/home/a/x.xlsx", reason: "没有权限" },
  { kind: "not_a_spreadsheet", file: "notes.txt", reason: "未知格式" },
  { kind: "password_protected", file: "locked.xlsx" },
  { kind: "empty_file", file: "empty.xlsx" },
  { kind: "missing_column", file: "hh.xlsx", column: "身份证号", examples: "公民身份号码、证件号码" },
  { kind: "unknown_kind", file: "list.xlsx" },
  { kind: "already_imported", file: "hh.xlsx", batch: 3, imported_at: "2026-06-01 10:00" },
  { kind: "invalid_argument", message: "日期无效" },
  { kind: "not_ready", message: "请先导入名单" },
  { kind: "database", message: "disk I/O error" },
  { kind: "write_failed", file: "out.csv", reason: "磁盘已满" },
  { kind: "cancelled" },
  { kind: "database_damaged", file: "/data/county.sqlite3" },
  { kind: "database_busy", file: "/data/county.sqlite3" },
  { kind: "database_in_use", file: "/data/county.sqlite3", action: "加密" },
  { kind: "disk_full", file: "/data/county.sqlite3" },
  { kind: "database_io", file: "/data/county.sqlite3" },
  { kind: "database_read_only", file: "/data/county.sqlite3" },
  { kind: "newer_database", file: "/data/county.sqlite3", found: 9, supported: 6 },
  { kind: "not_our_database", file: "/data/other.db" },
  { kind: "no_database", file: "/data/county.sqlite3" },
  { kind: "audit_tampered", entry: 3, reason: "第 3 条被改动过" },
  { kind: "wrong_passphrase", given: true },
  { kind: "not_a_backup", file: "/backups/x.sqlite3", reason: "不是 enrolgap 备份" },
] as ErrorKind[];

describe("formatError", () => {
  it("covers every kind in the test list", () => {
    expect(new Set(every.map((e) => e.kind)).size).toBe(every.length);
  });

  it("phrases every engine error kind in both languages without placeholders or JSON", () => {
    for (const err of every) {
      for (const lang of ["zh", "en"] as const) {
        const text = formatError(lang, err);
        expect(text, `${lang}:${err.kind}`).not.toMatch(/[{}]/);
        expect(text).not.toContain('"kind"');
        expect(text.length).toBeGreaterThan(5);
      }
    }
  });

  it("fills the error's fields and shows file names without folders", () => {
    const err = every[4];
    expect(formatError("zh", err)).toBe(
      "文件 hh.xlsx 找不到“身份证号”列；请确认表头包含该列（如 公民身份号码、证件号码）。",
    );
    expect(formatError("en", every[0])).toBe("Cannot read file x.xlsx: 没有权限");
    expect(formatError("zh", { kind: "cancelled" })).toBe("已取消，数据库未改动。");
  });

  it("asks for a passphrase, or for a correct one", () => {
    expect(formatError("zh", { kind: "wrong_passphrase", given: false })).toBe("数据库已加密，请输入口令。");
    expect(formatError("en", { kind: "wrong_passphrase", given: true })).toMatch(/passphrase is wrong/);
    expect(needsPassphrase({ kind: "wrong_passphrase", given: false })).toBe(true);
    expect(needsPassphrase({ kind: "database", message: "x" })).toBe(false);
  });

  it("treats anything else as unexpected, readably", () => {
    expect(formatError("zh", "command analyze not found")).toBe("发生意外错误：command analyze not found");
    expect(formatError("en", new Error("boom"))).toBe("Unexpected error: boom");
    expect(formatError("en", { kind: "nonsense" })).toBe("Unexpected error: [object Object]");
    expect(isEngineError({ kind: "database", message: "x" })).toBe(true);
    expect(isEngineError(null)).toBe(false);
  });

  it("strips folders on both separators", () => {
    expect(baseName("C:\\Users\\a\\户籍.xlsx")).toBe("户籍.xlsx");
    expect(baseName("/tmp/b.csv")).toBe("b.csv");
    expect(baseName("c.xls")).toBe("c.xls");
  });
});

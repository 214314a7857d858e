import { describe, expect, it } from "vitest";
import { formatTimestamp, isIsoDate, normaliseDate, today } from "./dates";

describe("dates", () => {
  it("writes today as YYYY-MM-DD in the local calendar", () => {
    expect(today(new Date(2026, 6, 1, 23, 59))).toBe("2026-07-01");
  });

  it("accepts only real calendar dates written YYYY-MM-DD", () => {
    expect(isIsoDate("2028-02-29")).toBe(true);
    expect(isIsoDate("2026-02-29")).toBe(false);
    expect(isIsoDate("2026-7-31")).toBe(false);
    expect(isIsoDate("07/31/2026")).toBe(false);
  });

  it("reads the other ways officers write dates, never month-first", () => {
    expect(normaliseDate("2026/7/31")).toBe("2026-07-31");
    expect(normaliseDate("2026.07.31")).toBe("2026-07-31");
    expect(normaliseDate("20260731")).toBe("2026-07-31");
    expect(normaliseDate("2026年7月31日")).toBe("2026-07-31");
    expect(normaliseDate("07/31/2026")).toBeNull();
    expect(normaliseDate("下周")).toBeNull();
  });

  it("shows engine timestamps as YYYY-MM-DD HH:MM", () => {
    expect(formatTimestamp("2026-07-31T09:05:00")).toBe("2026-07-31 09:05");
    const zoned = formatTimestamp("2026-07-31T09:05:00+08:00");
    expect(zoned).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
    expect(zoned).not.toContain("T");
    expect(formatTimestamp("soon")).toBe("soon");
  });
});

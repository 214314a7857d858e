import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain JS helper without type declarations
import { missingCliPackages } from "../scripts/complete-lock.mjs";

describe("package-lock.json", () => {
  it("lists every @tauri-apps/cli platform package, so `npm ci` accepts it", () => {
    const lock = JSON.parse(readFileSync(join(__dirname, "..", "package-lock.json"), "utf8"));
    expect(
      missingCliPackages(lock),
      "run `node scripts/complete-lock.mjs` in ui/ after `npm install`",
    ).toEqual([]);
  });
});

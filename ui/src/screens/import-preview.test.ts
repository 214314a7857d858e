import { describe, expect, it } from "vitest";
import { maskIdLike, roleLabel } from "./import-preview";

describe("roles", () => {
  it("names the column roles in both languages, unknown ones as they are", () => {
    expect(roleLabel("zh", "id_number")).toBe("身份证号");
    expect(roleLabel("en", "id_number")).toBe("ID number");
    expect(roleLabel("en", "shoe_size")).toBe("shoe_size");
  });

  it("masks ID-like cells in the preview", () => {
    expect(maskIdLike("44152119800101000X")).toBe("441521********000X");
    expect(maskIdLike("441521800101000")).toBe("441521*****1000");
    expect(maskIdLike("张三")).toBe("张三");
    expect(maskIdLike("13800138000")).toBe("138****8000");
    expect(maskIdLike("0660-1234567")).toBe("0660-1234567");
  });
});

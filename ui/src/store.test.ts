import { describe, expect, it } from "vitest";
import { Store } from "./store";

describe("store", () => {
  it("calls a listener only for the fields it subscribed to, once per change", () => {
    const store = new Store({ a: 1, b: "x", c: false });
    const calls: string[] = [];
    store.subscribe(["a"], () => calls.push(`a=${store.state.a}`));
    store.subscribe(["a", "b"], () => calls.push("ab"));
    const stop = store.subscribe("*", () => calls.push("all"));
    store.set({ a: 2, b: "y" });
    store.set({ c: true });
    stop();
    store.set({ c: false });
    expect(calls).toEqual(["a=2", "ab", "all", "all"]);
    expect(store.state).toEqual({ a: 2, b: "y", c: false });
  });
});

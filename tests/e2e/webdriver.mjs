// A tiny W3C WebDriver client over fetch, plus a helper that runs tauri-driver.
// Enough for the e2e test: sessions, elements, clicks, text, scripts, screenshots.

import { spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

const ELEMENT = "element-6066-11e4-a52e-4f735466cecf";

export class WebDriverError extends Error {}

/** Starts `tauri-driver` on `port` with `env`; resolves once it accepts connections. */
export async function startTauriDriver({ port, nativePort, env, log }) {
  const args = ["--port", String(port), "--native-port", String(nativePort)];
  if (process.env.TAURI_NATIVE_DRIVER) args.push("--native-driver", process.env.TAURI_NATIVE_DRIVER);
  // Own process group, so stopping it also ends WebKitWebDriver and the app it started.
  const child = spawn(process.env.TAURI_DRIVER ?? "tauri-driver", args, {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout.on("data", (d) => log?.(String(d)));
  child.stderr.on("data", (d) => log?.(String(d)));
  let exited = false;
  child.on("exit", () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`tauri-driver exited early (code ${child.exitCode})`);
    try {
      await fetch(`${url}/status`);
      return { url, stop: () => stopProcess(child) };
    } catch {
      await sleep(200);
    }
  }
  stopProcess(child);
  throw new Error("tauri-driver did not start within 20 s");
}

function stopProcess(child) {
  try {
    process.kill(-child.pid, "SIGTERM");
  } catch {
    // Already gone.
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
  child.unref();
}

async function call(url, method, path, body, timeoutMs = 60_000) {
  let res;
  try {
    res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new WebDriverError(`${method} ${path}: ${err?.name ?? "error"}: ${err?.message ?? err}`);
  }
  const text = await res.text();
  let json;
  try {
    json = JSON.parse(text);
  } catch {
    throw new WebDriverError(`${method} ${path}: HTTP ${res.status}: ${text.slice(0, 300)}`);
  }
  if (!res.ok) {
    const v = json.value ?? {};
    throw new WebDriverError(`${method} ${path}: ${v.error ?? res.status}: ${v.message ?? text.slice(0, 300)}`);
  }
  return json.value;
}

export class Session {
  static async create(url, capabilities) {
    const value = await call(url, "POST", "/session", {
      capabilities: { alwaysMatch: capabilities },
    }, 120_000);
    return new Session(url, value.sessionId);
  }

  constructor(url, id) {
    this.url = url;
    this.id = id;
  }

  cmd(method, path, body) {
    return call(this.url, method, `/session/${this.id}${path}`, body);
  }

  async find(css) {
    const value = await this.cmd("POST", "/element", { using: "css selector", value: css });
    return value[ELEMENT];
  }

  async findAll(css) {
    const value = await this.cmd("POST", "/elements", { using: "css selector", value: css });
    return value.map((v) => v[ELEMENT]);
  }

  async click(css) {
    const id = await this.find(css);
    await this.cmd("POST", `/element/${id}/click`, {});
  }

  async text(css) {
    const id = await this.find(css);
    return this.cmd("GET", `/element/${id}/text`);
  }

  title() {
    return this.cmd("GET", "/title");
  }

  execute(script, args = []) {
    return this.cmd("POST", "/execute/sync", { script, args });
  }

  /**
   * Base64 PNG of the window's viewport.
   *
   * WebKitWebDriver takes the screenshot after the page's next presentation update, and
   * an idle page under Xvfb may never produce one (the command then hangs). So first
   * start a short animation of an all-but-invisible 1 px element to force updates; it
   * removes itself after about two seconds.
   */
  async screenshot() {
    await this.execute(`
      const dot = document.createElement("div");
      dot.setAttribute("aria-hidden", "true");
      dot.style.cssText =
        "position:fixed;right:0;bottom:0;width:1px;height:1px;pointer-events:none;background:#000;opacity:0.01";
      document.body.append(dot);
      let n = 0;
      const tick = () => {
        dot.style.opacity = n % 2 ? "0.01" : "0.02";
        if (++n < 120) requestAnimationFrame(tick);
        else dot.remove();
      };
      requestAnimationFrame(tick);`);
    return this.cmd("GET", "/screenshot");
  }

  /** Polls `script` (returning a truthy value when done) until it is truthy. */
  async waitFor(script, { timeoutMs = 60_000, what = script } = {}) {
    const deadline = Date.now() + timeoutMs;
    let last;
    while (Date.now() < deadline) {
      last = await this.execute(script);
      if (last) return last;
      await sleep(200);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what} (last: ${JSON.stringify(last)})`);
  }

  async delete() {
    try {
      // Closing the last window ends the app.
      await call(this.url, "DELETE", `/session/${this.id}/window`, undefined, 15_000);
    } catch {
      // The app may already be gone.
    }
    try {
      await call(this.url, "DELETE", `/session/${this.id}`, undefined, 15_000);
    } catch {
      // The app may already be gone.
    }
  }
}

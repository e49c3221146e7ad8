// A real forward proxy for tests: tinyproxy (from the system packages; .ci/run installs it),
// listening on 127.0.0.1, optionally demanding Basic credentials. `requests()` lists the
// request lines it served, e.g. "CONNECT 127.0.0.1:8443 HTTP/1.1" or "GET http://…/v1/models HTTP/1.1".
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { availableOrFailInCi } from "./ci.js";
import { freePort } from "./litellm-proxy.js";

export interface ForwardProxy {
  /** http://127.0.0.1:PORT (no credentials). */
  url: string;
  port: number;
  requests(): string[];
  stop(): Promise<void>;
}

/** Whether tinyproxy can run here; in CI its absence fails the test instead. */
export function tinyproxyAvailable(): boolean {
  const found = spawnSync("tinyproxy", ["-v"], { encoding: "utf8" });
  return availableOrFailInCi(
    !found.error && found.status === 0,
    "tinyproxy (apt-get install tinyproxy; .ci/run installs it)",
  );
}

async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const accepts = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, "127.0.0.1", () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(false));
  });

export async function startTinyproxy(options: { user?: string; password?: string } = {}): Promise<ForwardProxy> {
  const dir = mkdtempSync(path.join(tmpdir(), "tinyproxy-"));
  const port = await freePort();
  const conf = path.join(dir, "tinyproxy.conf");
  const lines = [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Timeout 60",
    "LogLevel Connect",
    "MaxClients 50",
    "Allow 127.0.0.1",
    "DisableViaHeader Yes",
  ];
  if (options.user) lines.push(`BasicAuth ${options.user} ${options.password ?? ""}`);
  writeFileSync(conf, `${lines.join("\n")}\n`);
  // -d: stays in the foreground and logs to stderr.
  const child = spawn("tinyproxy", ["-d", "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  let log = "";
  child.stdout.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr.on("data", (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  await until(() => child.exitCode !== null || accepts(port), `tinyproxy on port ${port}`);
  if (child.exitCode !== null) throw new Error(`tinyproxy exited: ${log.trim().split("\n").slice(-3).join(" | ")}`);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: () => [...log.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => (m[1] as string).trim()),
    stop: async () => {
      if (child.exitCode === null) {
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

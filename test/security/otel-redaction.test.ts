// Issue 29, item 7: what reaches an OpenTelemetry collector is redacted like everything else.
// The key is printed by a command (far enough into its output that OTel's 8 KiB cut of a tool
// output falls inside it), config.toml's secret header by `cat config.toml`, and both come back
// in a failure message (a failing command, a proxy error echoing them): the real collector
// (test/support/otel-collector.ts, built by scripts/otelcol-setup.sh) receives only [REDACTED].
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ENV, home, KEY, modelName, repo, useFakeServer, waitFor } from "../faults/support.js";
import { runCli } from "../support/cli.js";
import { attrs, useCollector } from "../support/otel-collector.js";

const fake = useFakeServer();
const collector = useCollector();

const HEADER = "team-header-secret-4b9e2d7c1a";
/** Every 10-character piece of `secret`: none may arrive. */
const pieces = (secret: string, size = 10) =>
  Array.from({ length: secret.length - size + 1 }, (_, i) => secret.slice(i, i + size));

describe("OpenTelemetry: secrets in command output and failure messages", () => {
  it("the collector receives [REDACTED], never the key or a secret from config.toml", async (ctx) => {
    const c = collector.need(ctx);
    const dir = repo();
    writeFileSync(path.join(dir, "key.txt"), `${KEY}\n`);
    const model = modelName("otel-secrets");
    const codexHome = home(
      fake.server.url,
      model,
      `[otel]\nexporter = { otlp-http = { endpoint = "${c.httpUrl}", protocol = "json" } }\n`,
      `http_headers = { "X-Team-Token" = "${HEADER}" }\n`,
    );
    fake.server.setScript(model, [
      // OTel keeps the first 8,192 characters of a tool output: the cut falls inside the key.
      { shell: ["bash", "-lc", "head -c 8180 /dev/zero | tr '\\0' x; cat key.txt"] },
      { shell: ["bash", "-lc", 'cat "$CODEX_HOME/config.toml"; echo "failed with $(cat key.txt)" >&2; exit 3'] },
      { text: "read them" },
      { fault: { status: 400, error: { message: `invalid header X-Team-Token: ${HEADER} for key ${KEY}` } } },
    ]);
    const first = await runCli(["exec", "--full-auto", "-C", dir, "print the key"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(first.code, first.stderr).toBe(0);
    const second = await runCli(["exec", "resume", "--last", "--full-auto", "-C", dir, "again"], {
      home: codexHome,
      env: ENV,
      timeoutMs: 60_000,
    });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain("invalid header X-Team-Token: [REDACTED] for key [REDACTED]");

    const received = await waitFor(
      "both sessions' tool results and the failure",
      () => {
        const logs = c.logs().filter((l) => JSON.stringify(l).includes(model));
        const results = logs.filter((l) => l.eventName === "codex.tool_result");
        const text = JSON.stringify(c.documents());
        return results.length >= 2 && text.includes("invalid header X-Team-Token") && { logs, text };
      },
      20_000,
    );
    const outputs = received.logs
      .filter((l) => l.eventName === "codex.tool_result")
      .map((l) => String(attrs(l.attributes).output));
    expect(outputs[0]).toMatch(/x{100}\[REDACTED\]|x{100}…$/);
    expect(outputs[1]).toContain('"X-Team-Token" = "[REDACTED]"');
    expect(received.text).toContain("[REDACTED]");
    for (const piece of [...pieces(KEY), ...pieces(HEADER)]) expect(received.text).not.toContain(piece);
  });
});

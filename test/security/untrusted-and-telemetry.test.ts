// Red-team findings of issue 15, through the built CLI with scripted model calls:
// - item 5: telemetry pruning deleted files that were not ours (`dir = ".."` took .bashrc,
//   .gitconfig, a PDF; `dir = "."` took config.toml and .env). Now a telemetry dir that is
//   CODEX_HOME or contains it is refused, and pruning deletes only our own logs anywhere else;
// - item 7: `-a untrusted` let repository-controlled code run as "known safe": `./ls`, `bin/cat`
//   (judged by basename), a repo `ls` found through `.` in PATH, and git status/diff running the
//   repo's core.fsmonitor, diff.external, textconv and filter drivers.
import { execFileSync } from "node:child_process";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { FakeStep } from "../fixtures/fake-model-server.js";
import { runCli } from "../support/cli.js";
import {
  cleanup,
  ENV,
  modelName,
  refusalLine,
  repo,
  responseItems,
  rollout,
  useFakeServer,
} from "../faults/support.js";

const fake = useFakeServer();

function providerToml(model: string, extra = ""): string {
  return `model = "${model}"\n${extra}\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\n`;
}

/** `<tmp>/user` (a home folder with dotfiles, a PDF and a sibling `shared` folder) and its CODEX_HOME `user/.codex`. */
function userLayout(configToml: string) {
  const base = mkdtempSync(path.join(os.tmpdir(), "cl-sec-"));
  cleanup.push(base);
  const user = path.join(base, "user");
  const codexHome = path.join(user, ".codex");
  mkdirSync(codexHome, { recursive: true });
  writeFileSync(path.join(codexHome, "config.toml"), configToml);
  return { base, user, codexHome };
}

/** Files a user has, with old modification times (the first in line for an unfiltered prune). */
function plant(dir: string, names: string[]): Map<string, Buffer> {
  const planted = new Map<string, Buffer>();
  for (const name of names) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    const bytes = name.endsWith(".pdf")
      ? Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0x00, 0xff, 0xfe])
      : Buffer.from(`# ${name}\n`.repeat(50));
    writeFileSync(file, bytes);
    utimesSync(file, 1000, 1000);
    planted.set(file, bytes);
  }
  return planted;
}

function expectUntouched(planted: Map<string, Buffer>): void {
  for (const [file, bytes] of planted) {
    expect(existsSync(file), `${file} was deleted`).toBe(true);
    expect(readFileSync(file).equals(bytes), `${file} changed`).toBe(true);
  }
}

type Layout = ReturnType<typeof userLayout>;

const DOTFILES = [".bashrc", ".gitconfig", "paper.pdf", ".env", "config.toml", "docs/notes.txt"];

describe("item 5: a telemetry dir that is CODEX_HOME or contains it is refused by every command", () => {
  it.each<[string, (l: Layout) => string]>([
    ['dir = "." (CODEX_HOME itself)', () => "."],
    ['dir = ".." (the home folder holding CODEX_HOME)', () => ".."],
    ["CODEX_HOME as an absolute path", (l) => l.codexHome],
    ["a parent of CODEX_HOME, absolute", (l) => l.base],
    [
      "a symlink to the home folder",
      (l) => {
        symlinkSync(l.user, path.join(l.base, "link-to-user"));
        return path.join(l.base, "link-to-user");
      },
    ],
  ])(
    "%s: exit 2 with one line naming telemetry.dir; nothing in CODEX_HOME or the home folder changes",
    async (_name, dirOf) => {
      const model = modelName("refuse");
      fake.server.setScript(model, [{ text: "never" }]);
      const layout = userLayout("");
      const dir = dirOf(layout);
      writeFileSync(
        path.join(layout.codexHome, "config.toml"),
        providerToml(model, `[telemetry]\ndir = ${JSON.stringify(dir)}\nmax_total_bytes = 1\n`),
      );
      const planted = new Map([
        ...plant(layout.user, DOTFILES),
        ...plant(layout.codexHome, [".env", "auth.json", "sessions/2020/01/01/rollout-old.jsonl"]),
      ]);
      planted.set(path.join(layout.codexHome, "config.toml"), readFileSync(path.join(layout.codexHome, "config.toml")));
      const env = { ...ENV, HOME: layout.user, CODEX_HOME: layout.codexHome };
      for (const args of [
        ["exec", "-C", repo(), "hello"],
        ["telemetry", "config"],
        ["telemetry", "summary"],
        ["config", "get"],
        ["mcp", "list"],
        ["logout"],
      ]) {
        const r = await runCli(args, { home: layout.codexHome, env });
        expect(r.code, `${args.join(" ")}: ${r.stderr}`).toBe(2);
        expect(refusalLine(r.stderr)).toBe(
          `${path.join(layout.codexHome, "config.toml")}: telemetry.dir: expected a folder of its own for the logs (default "logs"), not CODEX_HOME or a folder containing it, got ${JSON.stringify(dir)} (${path.resolve(layout.codexHome, dir)})`,
        );
        expect(r.stdout).toBe("");
      }
      expect(fake.server.requests(model)).toEqual([]); // nothing was sent
      expectUntouched(planted);
      expect(existsSync(path.join(layout.user, ".active"))).toBe(false);
      expect(existsSync(path.join(layout.codexHome, ".active"))).toBe(false);
    },
  );

  it("a -c telemetry.dir override is blamed on the flag; doctor shows the same line as its failed config check", async () => {
    const model = modelName("refuse-flag");
    const layout = userLayout(providerToml(model));
    const env = { ...ENV, HOME: layout.user, CODEX_HOME: layout.codexHome };
    const r = await runCli(["exec", "-c", "telemetry.dir=..", "-C", repo(), "hello"], { home: layout.codexHome, env });
    expect(r.code).toBe(2);
    expect(refusalLine(r.stderr)).toMatch(
      /^-c telemetry\.dir=\.\.: telemetry\.dir: expected a folder of its own for the logs/,
    );
    const doctor = await runCli(["doctor", "-c", "telemetry.dir=."], { home: layout.codexHome, env });
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).toMatch(/✗ config +-c telemetry\.dir=\.: telemetry\.dir: expected a folder of its own/);
  });
});

describe("item 5: pruning a shared folder deletes only our own old logs", () => {
  it("telemetry dir = a folder beside CODEX_HOME full of other files: those stay byte-for-byte, our old logs go", async () => {
    const model = modelName("prune-shared");
    fake.server.setScript(model, [{ text: "first" }, { text: "second" }]);
    // CODEX_HOME is <base>/codex; the telemetry dir "../shared" is a folder of the user's.
    const base = mkdtempSync(path.join(os.tmpdir(), "cl-sec-"));
    cleanup.push(base);
    const codexHome = path.join(base, "codex");
    const shared = path.join(base, "shared");
    mkdirSync(codexHome);
    writeFileSync(
      path.join(codexHome, "config.toml"),
      providerToml(model, `[telemetry]\ndir = "../shared"\nmax_total_bytes = 1\n`),
    );
    const planted = plant(shared, [...DOTFILES, "notes.log", "20200101-000000.log.bak", "old/20200101-000000.log"]);
    // A link named like a debug log, pointing at a file outside: neither is deleted.
    const outsideTarget = path.join(base, "outside.txt");
    writeFileSync(outsideTarget, "not yours\n");
    planted.set(outsideTarget, Buffer.from("not yours\n"));
    symlinkSync(outsideTarget, path.join(shared, "20200101-000001.log"));
    const ours = [
      ...plant(shared, ["20200102-000000.log", "codex-tui.log.1", "codex-litellm-session.jsonl.2.gz"]).keys(),
    ];
    const env = { ...ENV, HOME: base, CODEX_HOME: codexHome };
    for (const prompt of ["one", "two"]) {
      const r = await runCli(["exec", "-C", repo(), prompt], { home: codexHome, env });
      expect(r.code, r.stderr).toBe(0);
    }
    expectUntouched(planted);
    expect(readFileSync(path.join(shared, "20200101-000001.log"), "utf8")).toBe("not yours\n");
    for (const f of ours) expect(existsSync(f), `${f} was not pruned`).toBe(false);
    // The last run's own logs stay: its debug log (the first run's went, when no longer in use) and the usage log.
    expect(existsSync(path.join(shared, "codex-litellm-session.jsonl"))).toBe(true);
    expect(readdirSync(shared).filter((n) => /^\d{8}-\d{6}\.log$/.test(n) && n !== "20200101-000001.log")).toHaveLength(
      1,
    );
  });
});

describe("item 7: -a untrusted never runs repository-controlled programs without asking", () => {
  /**
   * A repo whose `./ls`, `bin/cat`, and git hooks (core.fsmonitor, diff.external, a textconv and
   * a clean filter, core.pager) each append their name to a marker file outside the repo.
   */
  function trappedRepo() {
    const dir = repo();
    const marker = path.join(path.dirname(dir), "marker");
    const trap = (file: string, name: string) => {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, `#!/bin/sh\necho ${name} >> ${JSON.stringify(marker)}\nexit 0\n`);
      chmodSync(file, 0o755);
      return file;
    };
    trap(path.join(dir, "ls"), "repo-ls");
    trap(path.join(dir, "bin", "cat"), "repo-bin-cat");
    const hook = trap(path.join(path.dirname(dir), "hook.sh"), "git-hook");
    writeFileSync(path.join(dir, "x"), "hello from x\n");
    const git = (...args: string[]) =>
      execFileSync("git", ["-c", "user.name=t", "-c", "user.email=t@example.com", ...args], {
        cwd: dir,
        stdio: "pipe",
      });
    git("add", "x");
    git("commit", "-q", "-m", "x");
    writeFileSync(path.join(dir, "x"), "hello from x, changed\n"); // so diff and status have work to do
    writeFileSync(path.join(dir, ".gitattributes"), "x diff=evil filter=evil\n");
    for (const [key, value] of [
      ["core.fsmonitor", hook],
      ["diff.external", hook],
      ["diff.evil.textconv", hook],
      ["filter.evil.clean", hook],
      ["core.pager", hook],
    ]) {
      git("config", key as string, value as string);
    }
    return { dir, marker };
  }

  const declined =
    /^command not run: approval policy is untrusted and this is not a known read-only command; approval was declined$/;

  async function untrustedTurn(dir: string, steps: FakeStep[], env: Record<string, string> = {}) {
    const model = modelName("untrusted");
    fake.server.setScript(model, [...steps, { text: "done" }]);
    const base = mkdtempSync(path.join(os.tmpdir(), "cl-sec-home-"));
    cleanup.push(base);
    writeFileSync(path.join(base, "config.toml"), providerToml(model));
    // danger-full-access: no sandbox stands between a command that runs and the marker.
    const r = await runCli(["exec", "-a", "untrusted", "-s", "danger-full-access", "-C", dir, "go"], {
      home: base,
      env: { ...ENV, ...env },
      timeoutMs: 30_000,
    });
    expect(r.code, r.stderr).toBe(0);
    const outputs = responseItems(rollout(base))
      .filter((i) => i.type === "function_call_output")
      .map((i) => String(i.output));
    return outputs;
  }

  it("./ls, bin/cat, paths in scripts and git status/diff/log/show are not run; the model is told so; host ls and cat still run", async () => {
    const { dir, marker } = trappedRepo();
    const attacks: string[][] = [
      ["./ls"],
      ["bin/cat", "x"],
      ["bash", "-lc", "./ls"],
      ["bash", "-lc", "cat x && bin/cat x"],
      ["git", "status"],
      ["git", "diff"],
      ["git", "log", "-p"],
      ["git", "show"],
      ["bash", "-lc", "git status && git diff"],
    ];
    const outputs = await untrustedTurn(dir, [
      ...attacks.map((shell) => ({ shell })),
      { shell: ["cat", "x"] },
      { shell: ["bash", "-lc", "ls | wc -l"] },
    ]);
    expect(outputs).toHaveLength(attacks.length + 2);
    outputs.slice(0, attacks.length).forEach((o, i) => expect(o, JSON.stringify(attacks[i])).toMatch(declined));
    expect(existsSync(marker), existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe(false);
    // Known-safe host programs still run without asking.
    expect(outputs[attacks.length]).toContain("hello from x, changed");
    expect(outputs[attacks.length + 1]).toMatch(/Process exited with code 0\n/);
    // The traps are real: the same git commands run by hand fire them.
    execFileSync("git", ["status"], { cwd: dir, stdio: "pipe" });
    execFileSync("git", ["diff"], { cwd: dir, stdio: "pipe" });
    expect(readFileSync(marker, "utf8")).toContain("git-hook");
  });

  it("a bare `ls` or `cat` that PATH finds in the workspace (`.` first, or a repo folder) is not run", async () => {
    const { dir, marker } = trappedRepo();
    const hostPath = process.env.PATH ?? "/usr/bin:/bin";
    const viaDot = await untrustedTurn(dir, [{ shell: ["ls"] }, { shell: ["bash", "-lc", "ls"] }], {
      PATH: `.${path.delimiter}${hostPath}`,
    });
    const viaRepoBin = await untrustedTurn(dir, [{ shell: ["cat", "x"] }], {
      PATH: `${path.join(dir, "bin")}${path.delimiter}${hostPath}`,
    });
    for (const o of [...viaDot, ...viaRepoBin]) expect(o).toMatch(declined);
    expect(existsSync(marker), existsSync(marker) ? readFileSync(marker, "utf8") : "").toBe(false);
  });
});

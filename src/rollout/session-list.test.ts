import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { userMessage } from "../gateway/items.js";
import {
  line,
  makeTempDir,
  metaLine,
  orderedUuid,
  placeUpstreamOneShell,
  userEventLine,
  userItemLine,
  writeSyntheticSession,
  type TempDir,
} from "./__fixtures__/helpers.js";
import { RolloutRecorder } from "./rollout-recorder.js";
import {
  findLatestSession,
  findSessionById,
  InvalidCursorError,
  listSessions,
  readSessionSummary,
} from "./session-list.js";

let tmp: TempDir;
let home: string;
beforeEach(() => {
  tmp = makeTempDir();
  home = tmp.path;
});
afterEach(() => tmp.cleanup());

/** A session `orderedUuid(n)` started at `date` in `cwd` whose first prompt is `userMessage`. */
const writeSession = (n: number, date: Date, userMessage: string, cwd = "/p") =>
  writeSyntheticSession(home, { date, id: orderedUuid(n), cwd, userMessage });

/** A session `id` in /p whose file holds exactly `lines`. */
const writeSessionFile = (id: string, date: Date, lines: string[]) =>
  writeSyntheticSession(home, { date, id, cwd: "/p", lines });

const day = (y: number, m: number, d: number, hh = 12, mm = 0, ss = 0) => new Date(y, m - 1, d, hh, mm, ss);

describe("listing order", () => {
  it("lists newest first across years, months and days, then by uuid within the same second", async () => {
    writeSession(1, day(2025, 12, 31), "2025-12-31");
    writeSession(2, day(2026, 2, 1), "2026-02-01");
    writeSession(3, day(2026, 10, 3), "2026-10-03 (folder 10 sorts after 9)");
    writeSession(4, day(2026, 9, 30), "2026-09-30");
    writeSession(5, day(2026, 10, 3, 9), "earlier same day");
    writeSession(6, day(2026, 10, 3), "same second, larger uuid");
    const page = await listSessions({ codexHome: home, all: true });
    expect(page.sessions.map((s) => s.preview)).toEqual([
      "same second, larger uuid",
      "2026-10-03 (folder 10 sorts after 9)",
      "earlier same day",
      "2026-09-30",
      "2026-02-01",
      "2025-12-31",
    ]);
    expect(page.nextCursor).toBeNull();
    const first = page.sessions[0]!;
    expect(first).toMatchObject({
      id: orderedUuid(6),
      cwd: "/p",
      model_provider: "litellm",
      timestamp: "2026-11-25T10:00:00.000Z",
      originator: "codex-litellm",
    });
    expect(first.mtime).toBeInstanceOf(Date);
    expect(first.path.endsWith(`-${orderedUuid(6)}.jsonl`)).toBe(true);
  });

  it("returns an empty page when there is no sessions folder", async () => {
    expect(await listSessions({ codexHome: join(home, "nothing-here") })).toMatchObject({
      sessions: [],
      nextCursor: null,
    });
  });

  it("ignores stray files and folders", async () => {
    writeSession(1, day(2026, 3, 3), "real");
    mkdirSync(join(home, "sessions", "notes"), { recursive: true });
    writeFileSync(join(home, "sessions", "2026", "03", "03", "README.txt"), "x");
    writeFileSync(join(home, "sessions", "2026", "03", "03", "rollout-bad-name.jsonl"), "x");
    const page = await listSessions({ codexHome: home, all: true });
    expect(page.sessions.map((s) => s.preview)).toEqual(["real"]);
  });
});

describe("filtering and previews", () => {
  it("keeps only sessions started in the given cwd unless `all`", async () => {
    writeSession(1, day(2026, 3, 1), "in a", "/repo/a");
    writeSession(2, day(2026, 3, 2), "in b", "/repo/b");
    writeSession(3, day(2026, 3, 3), "in a again", "/repo/a/");
    expect((await listSessions({ codexHome: home, cwd: "/repo/a" })).sessions.map((s) => s.preview)).toEqual([
      "in a again",
      "in a",
    ]);
    expect((await listSessions({ codexHome: home, cwd: "/repo/a", all: true })).sessions).toHaveLength(3);
    expect((await listSessions({ codexHome: home })).sessions).toHaveLength(3);
  });

  it("can keep only some session sources", async () => {
    writeSessionFile(orderedUuid(1), day(2026, 3, 1), [
      metaLine(orderedUuid(1), "/p", { source: "exec" }),
      userItemLine("exec run"),
    ]);
    writeSession(2, day(2026, 3, 2), "tui run");
    expect(
      (await listSessions({ codexHome: home, all: true, sources: ["cli", "vscode"] })).sessions.map((s) => s.preview),
    ).toEqual(["tui run"]);
  });

  it("previews the first real user message, skipping injected context", async () => {
    const id = orderedUuid(1);
    writeSessionFile(id, day(2026, 3, 1), [
      metaLine(id, "/p"),
      line("turn_context", {
        cwd: "/p",
        model: "m",
        approval_policy: "never",
        sandbox_policy: { type: "read-only" },
        summary: "auto",
      }),
      line("response_item", {
        type: "message",
        role: "developer",
        content: [{ type: "input_text", text: "dev stuff" }],
      }),
      userItemLine("<user_instructions>\n\nbe brief\n\n</user_instructions>"),
      userItemLine("# AGENTS.md instructions for /p\n\n<INSTRUCTIONS>\nx\n</INSTRUCTIONS>"),
      userItemLine("  <environment_context>\n  <cwd>/p</cwd>\n</environment_context>"),
      userItemLine("## My request for Codex:\n  Refactor the parser  "),
      userEventLine("## My request for Codex:\n  Refactor the parser  "),
    ]);
    const [session] = (await listSessions({ codexHome: home, all: true })).sessions;
    expect(session?.preview).toBe("Refactor the parser");
  });

  it("falls back to the file name's time when session_meta has no timestamp", async () => {
    const id = orderedUuid(1);
    writeSessionFile(id, day(2026, 3, 1, 7, 8, 9), [metaLine(id, "/p", { timestamp: undefined }), userItemLine("hi")]);
    const [session] = (await listSessions({ codexHome: home, all: true })).sessions;
    expect(session?.timestamp).toBe(day(2026, 3, 1, 7, 8, 9).toISOString());
  });

  it("previews image-only first messages as [Image]", async () => {
    const id = orderedUuid(1);
    writeSessionFile(id, day(2026, 3, 1), [
      metaLine(id, "/p"),
      line("event_msg", { type: "user_message", message: "", images: ["data:image/png;base64,AA"] }),
    ]);
    expect((await listSessions({ codexHome: home, all: true })).sessions[0]?.preview).toBe("[Image]");
  });

  it("skips sessions without session_meta or without any user message, as upstream", async () => {
    writeSession(1, day(2026, 3, 1), "kept");
    writeSyntheticSession(home, { date: day(2026, 3, 2), id: orderedUuid(2), cwd: "/p" }); // no user message
    writeSessionFile(orderedUuid(3), day(2026, 3, 3), [userItemLine("no meta")]);
    writeSessionFile(orderedUuid(4), day(2026, 3, 4), []); // empty file
    writeSessionFile(orderedUuid(5), day(2026, 3, 5), ["{garbage"]);
    expect((await listSessions({ codexHome: home, all: true })).sessions.map((s) => s.preview)).toEqual(["kept"]);
  });

  it("lists upstream Codex 0.169 sessions with their real first prompt as preview", async () => {
    placeUpstreamOneShell(home);
    const page = await listSessions({ codexHome: home, cwd: "/RUN/t1/repo" });
    expect(page.sessions).toHaveLength(1);
    expect(page.sessions[0]).toMatchObject({
      id: "01a2125d-3ef2-7213-a5dd-0a482ce2bc6c",
      cwd: "/RUN/t1/repo",
      model_provider: "litellm",
      preview: "Create out.txt containing hi",
      source: "exec",
      git: { commit_hash: "fb138ee2bb827df3bf98f8fb999e3696fb88db43", branch: "master" },
    });
  });

  it("still lists a session whose first message is too large to read from the head", async () => {
    const id = orderedUuid(1);
    writeSessionFile(id, day(2026, 3, 1), [metaLine(id, "/p"), userItemLine("y".repeat(400_000))]);
    const [session] = (await listSessions({ codexHome: home, all: true })).sessions;
    expect(session?.id).toBe(id);
    expect(session?.preview).toBe("");
  });

  it("lists sessions written by the recorder", async () => {
    const recorder = await RolloutRecorder.create({
      codexHome: home,
      cwd: "/proj",
      cliVersion: "0.1.0",
      source: "exec",
      modelProvider: "litellm",
    });
    recorder.recordResponseItems([
      userMessage("<environment_context>\n</environment_context>"),
      userMessage("hello there"),
    ]);
    recorder.recordEvent({ type: "user_message", message: "hello there" });
    await recorder.close();
    const latest = await findLatestSession({ codexHome: home, cwd: "/proj" });
    expect(latest).toMatchObject({
      id: recorder.sessionId,
      path: recorder.path,
      preview: "hello there",
      source: "exec",
    });
    expect(await readSessionSummary(recorder.path)).toMatchObject({ id: recorder.sessionId });
  });
});

describe("pagination", () => {
  it("walks all sessions page by page without overlap, stable under new sessions", async () => {
    for (let i = 1; i <= 23; i += 1) {
      writeSyntheticSession(home, {
        date: day(2026, 4, 1 + (i % 5), 10, i),
        id: orderedUuid(i),
        cwd: "/p",
        userMessage: `s${i}`,
      });
    }
    const all = (await listSessions({ codexHome: home, all: true, pageSize: 100 })).sessions.map((s) => s.id);
    expect(all).toHaveLength(23);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await listSessions({ codexHome: home, all: true, pageSize: 5, cursor });
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.nextCursor;
      pages += 1;
      if (pages === 2) {
        // A session started while paging does not shift later pages.
        writeSession(99, day(2026, 5, 1), "new");
      }
    } while (cursor !== null && pages < 20);
    expect(seen).toEqual(all);
    expect(pages).toBe(5);
  });

  it("rejects a malformed cursor", async () => {
    await expect(listSessions({ codexHome: home, cursor: "nonsense" })).rejects.toBeInstanceOf(InvalidCursorError);
  });

  it("with 2,000 sessions, the first page reads only a bounded number of file heads", async () => {
    for (let i = 0; i < 2000; i += 1) {
      writeSyntheticSession(home, {
        date: day(2026, 1 + Math.floor(i / 200), 1 + (i % 25), 8, i % 60, Math.floor(i / 60) % 60),
        id: orderedUuid(i),
        cwd: i % 2 === 0 ? "/even" : "/odd",
        userMessage: `session ${i}`,
      });
    }
    const page = await listSessions({ codexHome: home, cwd: "/even", pageSize: 25 });
    expect(page.sessions).toHaveLength(25);
    expect(page.sessions.every((s) => s.cwd === "/even")).toBe(true);
    expect(page.headsRead).toBeLessThanOrEqual(50); // half the sessions are filtered out
    expect(page.nextCursor).not.toBeNull();

    const unfiltered = await listSessions({ codexHome: home, all: true, pageSize: 25 });
    expect(unfiltered.headsRead).toBe(25);

    const next = await listSessions({ codexHome: home, cwd: "/even", pageSize: 25, cursor: page.nextCursor });
    expect(next.sessions).toHaveLength(25);
    expect(new Set([...page.sessions, ...next.sessions].map((s) => s.id)).size).toBe(50);

    const capped = await listSessions({ codexHome: home, cwd: "/nowhere", pageSize: 25, maxScanFiles: 100 });
    expect(capped).toMatchObject({ sessions: [], headsRead: 100, reachedScanCap: true });
    expect(capped.nextCursor).not.toBeNull();
  });
});

describe("lookup by id", () => {
  it("finds the file whose name ends with -<uuid>.jsonl", async () => {
    const a = writeSession(1, day(2025, 6, 1), "a");
    const b = writeSession(2, day(2026, 6, 1), "b");
    expect(await findSessionById(home, orderedUuid(1))).toBe(a);
    expect(await findSessionById(home, orderedUuid(2).toUpperCase())).toBe(b);
    expect(await findSessionById(home, orderedUuid(3))).toBeNull();
    expect(await findSessionById(home, "not-a-uuid")).toBeNull();
    expect(await findSessionById(join(home, "missing"), orderedUuid(1))).toBeNull();
  });
});

describe("the session index", () => {
  const indexFile = () => join(home, ".codex-litellm-session-index");
  /** Makes every day folder look settled (the index never trusts a folder changed seconds ago). */
  function settle() {
    const old = new Date(Date.now() - 60_000);
    for (const dir of readdirSync(join(home, "sessions"), { recursive: true, withFileTypes: true }))
      if (dir.isDirectory()) utimesSync(join(dir.parentPath, dir.name), old, old);
  }

  it("a listing filtered by directory does not open other directories' sessions again (index kept outside sessions/)", async () => {
    writeSession(7, day(2026, 11, 1), "in p");
    writeSession(8, day(2026, 11, 2), "in q", "/q/./sub");
    writeSyntheticSession(home, { date: day(2026, 11, 3), id: orderedUuid(9), cwd: "/q/sub" }); // no first message yet
    writeFileSync(join(home, ".codex-litellm-session-heads.json"), "{}"); // an earlier format
    settle();
    const first = await listSessions({ codexHome: home, cwd: "/p" });
    expect(first).toMatchObject({ sessions: [{ preview: "in p" }], filesOpened: 3 });
    expect(existsSync(indexFile())).toBe(true);
    expect(existsSync(join(home, ".codex-litellm-session-heads.json"))).toBe(false);
    const again = await listSessions({ codexHome: home, cwd: "/p" });
    // The /q session is known to be elsewhere; /p's own is read (for its preview), and so is the
    // third one, whose first message may have come since.
    expect(again).toMatchObject({ sessions: [{ preview: "in p" }], filesOpened: 2 });
    expect((await listSessions({ codexHome: home, cwd: "/q/sub" })).sessions.map((s) => s.preview)).toEqual(["in q"]);
    expect((await listSessions({ codexHome: home, cwd: "/q/sub", sources: ["vscode"] })).sessions).toEqual([]);
  });

  it("a day folder that changed is listed again; a damaged index is rebuilt", async () => {
    writeSession(10, day(2026, 11, 1), "first");
    settle();
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual(["first"]);
    // Another program (upstream Codex) adds a session to the same folder: its mtime changes.
    writeSession(11, day(2026, 11, 1, 13), "added later");
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual([
      "added later",
      "first",
    ]);
    writeFileSync(indexFile(), "codex-litellm session index 3\nD\tnot\ta number\nF\tbroken\n\0\n");
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual([
      "added later",
      "first",
    ]);
    writeFileSync(indexFile(), "garbage");
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual([
      "added later",
      "first",
    ]);
  });

  it("a deleted session leaves the index once its folder is listed again", async () => {
    const gone = writeSession(14, day(2026, 11, 6), "soon deleted", "/q");
    writeSession(15, day(2026, 11, 6, 15), "stays");
    settle();
    await listSessions({ codexHome: home, cwd: "/p" });
    const { readFileSync, rmSync } = await import("node:fs");
    const name = gone.slice(gone.lastIndexOf("/") + 1);
    expect(readFileSync(indexFile(), "utf8")).toContain(name);
    rmSync(gone);
    settle();
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual(["stays"]);
    expect(readFileSync(indexFile(), "utf8")).not.toContain(name);
  });

  it("a folder changed moments ago is not trusted: a file added within the same mtime tick is still found", async () => {
    const dayDir = dirname(writeSession(12, day(2026, 11, 5), "one"));
    const stamp = Math.floor(Date.now() / 1000); // a whole second: set again below, exactly
    utimesSync(dayDir, stamp, stamp);
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions).toHaveLength(1);
    writeSession(13, day(2026, 11, 5, 14), "two");
    utimesSync(dayDir, stamp, stamp); // as on a file system with coarse timestamps
    expect((await listSessions({ codexHome: home, cwd: "/p" })).sessions.map((s) => s.preview)).toEqual(["two", "one"]);
  });
});

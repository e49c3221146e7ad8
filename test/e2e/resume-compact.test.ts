import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runCli, tempHome } from "../support/cli.js";
import { makeRepo } from "./exec-scenario.js";
import { cleanup, useFakeServer } from "../faults/support.js";

const fake = useFakeServer({ apiKey: "sk-resume-key-1234" });

const env = { LITELLM_API_KEY: "sk-resume-key-1234" };
let n = 0;

function setup(extraToml = "") {
  const model = `resume-${++n}`;
  const repo = makeRepo();
  cleanup.push(path.dirname(repo));
  const home = tempHome(
    `model = "${model}"\n${extraToml}\n[model_providers.litellm]\nbase_url = "${fake.server.url}"\n`,
  );
  return { model, repo, home };
}

type Body = {
  input: { type: string; role?: string; content?: { text: string }[]; output?: string }[];
  tools: unknown[];
};
const texts = (body: Body) => body.input.filter((i) => i.type === "message").map((i) => i.content?.[0]?.text ?? "");
const rolloutRecords = (home: string) => {
  const dir = path.join(home, "sessions");
  const files = readdirSync(dir, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith(".jsonl"));
  expect(files).toHaveLength(1);
  return readFileSync(path.join(dir, files[0] as string), "utf8")
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l));
};

describe("exec resume", () => {
  it("--last and <id> continue the same session with its full history, appending to the same rollout", async () => {
    const { model, repo, home } = setup();
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", "echo first-output"] },
      { text: "first answer" },
      { text: "second answer" },
      { text: "third answer" },
    ]);
    const first = await runCli(["exec", "--json", "--full-auto", "-C", repo, "first question"], { home, env });
    expect(first.code).toBe(0);
    const threadId = JSON.parse(first.stdout.split("\n")[0] as string).thread_id as string;
    const second = await runCli(["exec", "resume", "--last", "--json", "-C", repo, "second question"], { home, env });
    expect(second.code).toBe(0);
    expect(JSON.parse(second.stdout.split("\n")[0] as string).thread_id).toBe(threadId);
    const body = fake.server.requests(model)[2]?.body as Body;
    expect(texts(body)).toContain("first question");
    expect(texts(body)).toContain("first answer");
    expect(texts(body).at(-1)).toBe("second question");
    expect(body.input.some((i) => i.type === "function_call_output" && String(i.output).includes("first-output"))).toBe(
      true,
    );
    const third = await runCli(["exec", "resume", threadId, "-C", repo, "third question"], { home, env });
    expect(third.code).toBe(0);
    expect(third.stdout).toBe("third answer\n");
    expect(texts(fake.server.requests(model)[3]?.body as Body)).toEqual(
      expect.arrayContaining(["first question", "second question", "second answer", "third question"]),
    );
    // One rollout, appended to: three user turns, one session_meta.
    const records = rolloutRecords(home);
    expect(records.filter((r) => r.type === "session_meta")).toHaveLength(1);
    expect(
      records.filter((r) => r.type === "event_msg" && r.payload.type === "user_message").map((r) => r.payload.message),
    ).toEqual(["first question", "second question", "third question"]);
  });

  it("an unknown id or nothing to resume is one clear line", async () => {
    const { repo, home } = setup();
    const unknown = await runCli(["exec", "resume", "019a0000-0000-7000-8000-000000000000", "-C", repo, "x"], {
      home,
      env,
    });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no session with id 019a0000-0000-7000-8000-000000000000");
    const none = await runCli(["exec", "resume", "--last", "-C", repo, "x"], { home, env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no recorded session to resume");
  });
});

describe("resume safeguard", () => {
  it("a stored session larger than context_length stops with exit 2, or is compacted first with --compact", async () => {
    const { model, repo, home } = setup();
    fake.server.setScript(model, [
      { text: "big answer", usage: { input_tokens: 50_000, output_tokens: 100 } },
      { text: "the summary of it all" },
      { text: "after compaction" },
    ]);
    expect((await runCli(["exec", "-C", repo, "make it big"], { home, env })).code).toBe(0);
    const refused = await runCli(["exec", "resume", "--last", "-c", "context_length=20000", "-C", repo, "go on"], {
      home,
      env,
    });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /holds about 50,100 tokens, more than the context window of 20,000; run again with --compact/,
    );
    expect(fake.server.requests(model)).toHaveLength(1);
    const compacted = await runCli(
      ["exec", "resume", "--last", "--compact", "-c", "context_length=20000", "-C", repo, "go on"],
      { home, env },
    );
    expect(compacted.code).toBe(0);
    expect(compacted.stdout).toBe("after compaction\n");
    const [, summaryReq, turnReq] = fake.server.requests(model).map((r) => r.body as Body);
    expect(summaryReq?.tools).toEqual([]);
    expect(texts(summaryReq as Body).at(-1)).toContain("hand-off summary");
    const after = texts(turnReq as Body);
    expect(after.some((t) => t.includes("the summary of it all"))).toBe(true);
    expect(after).not.toContain("big answer");
    const records = rolloutRecords(home);
    expect(records.find((r) => r.type === "compacted")?.payload.replacement_history.length).toBeGreaterThan(0);
  });
});

describe("compaction", () => {
  it("auto-compacts when usage crosses model_auto_compact_token_limit, and the compacted record resumes", async () => {
    const { model, repo, home } = setup("model_auto_compact_token_limit = 10000");
    fake.server.setScript(model, [
      { shell: ["bash", "-lc", "echo step"], usage: { input_tokens: 12_000, output_tokens: 50 } },
      { text: "SUMMARY: ran echo step" },
      { text: "finished after compaction", usage: { input_tokens: 900, output_tokens: 20 } },
      { text: "resumed fine" },
    ]);
    const r = await runCli(["exec", "--full-auto", "-C", repo, "long task"], { home, env });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe("finished after compaction\n");
    const bodies = fake.server.requests(model).map((q) => q.body as Body);
    expect(bodies[1]?.tools).toEqual([]); // the summary request
    expect(texts(bodies[2] as Body).some((t) => t.includes("SUMMARY: ran echo step"))).toBe(true);
    const resumed = await runCli(["exec", "resume", "--last", "-C", repo, "and now?"], { home, env });
    expect(resumed.code).toBe(0);
    const resumedTexts = texts(fake.server.requests(model)[3]?.body as Body);
    expect(resumedTexts.some((t) => t.includes("SUMMARY: ran echo step"))).toBe(true);
    expect(resumedTexts).toContain("long task");
    expect(resumedTexts.at(-1)).toBe("and now?");
  });

  it("a context-window-exceeded error compacts once and retries; a second one fails clearly", async () => {
    const { model, repo, home } = setup();
    const overflow = {
      fault: {
        status: 400,
        error: { message: "litellm.ContextWindowExceededError: This model's maximum context length is 8192 tokens" },
      },
    };
    fake.server.setScript(model, [overflow, { text: "short summary" }, { text: "answered after compacting" }]);
    const ok = await runCli(["exec", "-C", repo, "question"], { home, env });
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe("answered after compacting\n");
    expect(ok.stderr).toContain("compacting the conversation and retrying");
    const second = setup();
    fake.server.setScript(second.model, [overflow, { text: "short summary" }, overflow]);
    const failed = await runCli(["exec", "-C", second.repo, "question"], { home: second.home, env });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("does not fit the model's context window even after compacting");
  });
});

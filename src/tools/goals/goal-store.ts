// A thread's goal (upstream's `get_goal`/`create_goal`/`update_goal`): one per session, kept in
// CODEX_HOME/goals/<session id>.json so it survives resume (upstream keeps the same record in its
// goals SQLite database, keyed by thread id). Tokens are charged to an active goal as upstream
// charges them: a request's usage once the next request (or the turn's end) shows the goal still
// active, and at once when the model pauses or blocks it.
import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../../util/fs.js";
import { lazy } from "../../util/lazy.js";

export const GOAL_STATUSES = ["active", "paused", "blocked", "usage_limited", "budget_limited", "complete"] as const;
export type GoalStatus = (typeof GOAL_STATUSES)[number];

/** Built when a goal file is first read (a session without goals never needs it). */
const goalRecordSchema = lazy(() =>
  z.object({
    goal_id: z.string(),
    objective: z.string(),
    status: z.enum(GOAL_STATUSES),
    token_budget: z.number().int().nullable(),
    tokens_used: z.number().int(),
    time_used_seconds: z.number().int(),
    created_at_ms: z.number().int(),
    updated_at_ms: z.number().int(),
  }),
);
export type GoalRecord = z.infer<ReturnType<typeof goalRecordSchema>>;

/** Where a session's goal is kept. */
export const goalFile = (codexHome: string, threadId: string) => path.join(codexHome, "goals", `${threadId}.json`);

export class GoalStore {
  #goal: GoalRecord | null = null;
  /** Usage of the last request that started with the goal active, not charged yet. */
  #pendingTokens = 0;
  #activeSince: number | null = null;
  /** The file's writes, one after the other: a slower earlier write must not land after a later one. */
  #writes: Promise<void> = Promise.resolve();

  constructor(
    readonly threadId: string,
    /** Null: nothing is kept on disk (an ephemeral session). */
    private readonly file: string | null,
    /** What a goal's objective is kept as: the session's secrets redacted, like the rollout. */
    private readonly redact: (text: string) => string = (text) => text,
    private readonly now: () => number = Date.now,
  ) {}

  /** Reads the kept goal (resume); without a file, `fallback` (what the resumed history shows), if any. */
  async load(fallback: GoalRecord | null = null): Promise<void> {
    const text = this.file ? await readFile(this.file, "utf8").catch(() => null) : null;
    if (text === null) {
      this.#goal = fallback;
      return;
    }
    try {
      const parsed = goalRecordSchema().safeParse(JSON.parse(text));
      this.#goal = parsed.success ? parsed.data : null;
    } catch {
      this.#goal = null;
    }
  }

  get goal(): GoalRecord | null {
    return this.#goal;
  }

  async create(objective: string, tokenBudget: number | null): Promise<GoalRecord> {
    const at = this.now();
    this.#pendingTokens = 0;
    this.#activeSince = at;
    return this.save({
      goal_id: crypto.randomUUID(),
      objective: this.redact(objective),
      status: "active",
      token_budget: tokenBudget,
      tokens_used: 0,
      time_used_seconds: 0,
      created_at_ms: at,
      updated_at_ms: at,
    });
  }

  /** The user's `/goal clear`: no goal any more (its file goes). */
  async clear(): Promise<void> {
    this.#goal = null;
    this.#pendingTokens = 0;
    this.#activeSince = null;
    if (this.file) await rm(this.file, { force: true });
  }

  /** The user's `/goal resume`: the goal is pursued again, its counters kept. */
  async resume(): Promise<GoalRecord | null> {
    if (!this.#goal) return null;
    this.#activeSince = this.now();
    return this.save({ ...this.#goal, status: "active", updated_at_ms: this.now() });
  }

  /** The model's status change; pausing or blocking first charges the request that asked for it. */
  async setStatus(status: GoalStatus): Promise<GoalRecord | null> {
    if (!this.#goal) return null;
    if (status !== "complete") this.charge();
    else this.chargeTime();
    this.#pendingTokens = 0;
    this.#activeSince = null;
    return this.save({ ...this.#goal, status, updated_at_ms: this.now() });
  }

  /** A request's usage arrived: the previous one is charged, this one waits for the next. */
  async onRequestUsage(totalTokens: number): Promise<void> {
    if (this.#goal?.status !== "active") return;
    const before = this.#goal.tokens_used;
    this.charge();
    this.#pendingTokens = totalTokens;
    if (this.#goal.tokens_used !== before) await this.save(this.#goal);
  }

  /** The turn ended: what it still owes the goal is charged. */
  async onTurnEnd(): Promise<void> {
    if (this.#goal?.status !== "active") return;
    this.charge();
    this.#pendingTokens = 0;
    await this.save(this.#goal);
  }

  private charge(): void {
    const goal = this.#goal;
    if (goal?.status !== "active") return;
    goal.tokens_used += this.#pendingTokens;
    this.#pendingTokens = 0;
    this.chargeTime();
    if (goal.token_budget !== null && goal.tokens_used >= goal.token_budget) goal.status = "budget_limited";
  }

  private chargeTime(): void {
    const goal = this.#goal;
    if (goal?.status !== "active") return;
    const at = this.now();
    const since = this.#activeSince ?? at;
    const seconds = Math.floor((at - since) / 1000);
    goal.time_used_seconds += seconds;
    this.#activeSince = since + seconds * 1000;
  }

  private async save(goal: GoalRecord): Promise<GoalRecord> {
    this.#goal = goal;
    const file = this.file;
    if (file) {
      // Each write takes the goal as it is when its turn comes, so the file ends with the latest.
      this.#writes = this.#writes.then(() =>
        this.#goal ? writeFileAtomic(file, JSON.stringify(this.#goal, null, 2) + "\n") : undefined,
      );
      await this.#writes;
    }
    return goal;
  }
}

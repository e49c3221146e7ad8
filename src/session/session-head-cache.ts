import { readFile } from "node:fs/promises";
import path from "node:path";
import { writeFileAtomic } from "../util/fs.js";
import type { SessionHead } from "./session-head.js";
import type { SessionMetaPayload } from "./rollout-types.js";

/** Outside `sessions/`, so upstream Codex's own scan of that tree never meets it. */
export const HEAD_CACHE_FILE = ".codex-litellm-session-heads.json";
const VERSION = 1;

type CachedHead = { meta: Partial<SessionMetaPayload>; preview: string | null; cutShort: boolean };

/**
 * What listing learnt from each rollout's head (its session_meta and first user message),
 * keyed by file name. A head never changes once a session has its first message, so listing
 * 10,000 sessions reads each file once, ever. Only complete heads are kept; a lost or corrupt
 * cache is simply rebuilt.
 */
export class SessionHeadCache {
  private dirty = false;

  private constructor(
    private readonly file: string,
    private readonly heads: Map<string, CachedHead>,
  ) {}

  static async load(codexHome: string): Promise<SessionHeadCache> {
    const file = path.join(codexHome, HEAD_CACHE_FILE);
    try {
      const data = JSON.parse(await readFile(file, "utf8")) as { version?: number; heads?: Record<string, CachedHead> };
      if (data.version === VERSION && data.heads && typeof data.heads === "object") return new SessionHeadCache(file, new Map(Object.entries(data.heads)));
    } catch {
      // missing or unreadable: start empty
    }
    return new SessionHeadCache(file, new Map());
  }

  get(name: string): SessionHead | undefined {
    return this.heads.get(name) as SessionHead | undefined;
  }

  set(name: string, head: SessionHead): void {
    if (!head.meta || (head.preview === null && !head.cutShort)) return;
    const m = head.meta;
    // Only what a listing shows: upstream's session_meta can carry 20 KB of instructions.
    const meta: Partial<SessionMetaPayload> = { id: m.id, timestamp: m.timestamp, cwd: m.cwd, model_provider: m.model_provider, source: m.source, originator: m.originator, cli_version: m.cli_version };
    if (m.model !== undefined) meta.model = m.model;
    if (m.git) meta.git = m.git;
    this.heads.set(name, { meta, preview: head.preview, cutShort: head.cutShort });
    this.dirty = true;
  }

  async save(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    await writeFileAtomic(this.file, JSON.stringify({ version: VERSION, heads: Object.fromEntries(this.heads) }), { mode: 0o600 }).catch(() => {});
  }
}

// What the proxy said about its models (the Codex catalog, /model/info answers), kept in
// CODEX_HOME/litellm_models_cache.json per base URL, as upstream keeps its models_cache.json: a
// start-up with a fresh answer on disk does not wait for the proxy, a stale one is used at once
// and refreshed in the background.
import { join } from "node:path";
import { readFileIfExists, writeFileAtomic } from "../util/fs.js";

export const MODEL_META_CACHE_FILE = "litellm_models_cache.json";
/** How long an answer counts as fresh (upstream's models cache uses the same five minutes). */
export const MODEL_META_FRESH_MS = 5 * 60_000;

interface Stored {
  at: number;
  value: unknown;
}
type CacheFile = { version: 1; proxies: Record<string, Record<string, Stored>> };

export class ModelMetaCache {
  private readonly path: string;
  private readonly loaded: Promise<CacheFile>;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    codexHome: string,
    private readonly baseUrl: string,
    private readonly now: () => number = Date.now,
  ) {
    this.path = join(codexHome, MODEL_META_CACHE_FILE);
    this.loaded = readCacheFile(this.path);
  }

  /** The stored answer for `key` and whether it is still fresh; undefined when none is stored. */
  async get<T>(key: string): Promise<{ value: T; fresh: boolean } | undefined> {
    const stored = (await this.loaded).proxies[this.baseUrl]?.[key];
    if (!stored || typeof stored.at !== "number") return undefined;
    return { value: stored.value as T, fresh: this.now() - stored.at < MODEL_META_FRESH_MS };
  }

  /** Stores an answer; writes are serialised, each one re-reading the file so other processes' entries survive. */
  put(key: string, value: unknown): Promise<void> {
    this.writing = this.writing.then(async () => {
      const file = await readCacheFile(this.path);
      (file.proxies[this.baseUrl] ??= {})[key] = { at: this.now(), value };
      await writeFileAtomic(this.path, JSON.stringify(file)).catch(() => {});
    });
    return this.writing;
  }
}

async function readCacheFile(path: string): Promise<CacheFile> {
  try {
    const parsed = JSON.parse((await readFileIfExists(path)) ?? "null") as CacheFile | null;
    if (parsed?.version === 1 && typeof parsed.proxies === "object" && parsed.proxies !== null) return parsed;
  } catch {
    // A damaged cache is only a slower start: it is rewritten with the next answer.
  }
  return { version: 1, proxies: {} };
}

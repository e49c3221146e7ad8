// What the proxy said about its models (the Codex catalog, /model/info answers), kept in
// CODEX_HOME/litellm_models_cache.json per base URL, as upstream keeps its models_cache.json: a
// start-up with a fresh answer on disk does not wait for the proxy, a stale one is used at once
// and refreshed in the background.
import { join } from "node:path";
import { readFileIfExists, writeFileAtomic } from "../util/fs.js";
import { isJsonObject } from "../util/json.js";

export const MODEL_META_CACHE_FILE = "litellm_models_cache.json";
/** How long an answer counts as fresh (upstream's models cache uses the same five minutes). */
export const MODEL_META_FRESH_MS = 5 * 60_000;

/** Per base URL, per key: `{at, value}` as written; read back through `get`, which checks it. */
type CacheFile = { version: 1; proxies: Record<string, Record<string, unknown>> };

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

  /**
   * The stored answer for `key` as `read` makes it out, and whether it is still fresh; undefined
   * when none is stored or `read` does not recognise it (a damaged entry is asked for again).
   */
  async get<T>(
    key: string,
    read: (stored: unknown) => T | undefined,
  ): Promise<{ value: T; fresh: boolean } | undefined> {
    const stored: unknown = (await this.loaded).proxies[this.baseUrl]?.[key];
    if (!isJsonObject(stored) || typeof stored.at !== "number") return undefined;
    const value = read(stored.value);
    return value === undefined ? undefined : { value, fresh: this.now() - stored.at < MODEL_META_FRESH_MS };
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
    const parsed: unknown = JSON.parse((await readFileIfExists(path)) ?? "null");
    if (isJsonObject(parsed) && parsed.version === 1 && isJsonObject(parsed.proxies)) {
      const proxies: CacheFile["proxies"] = {};
      for (const [url, entries] of Object.entries(parsed.proxies)) if (isJsonObject(entries)) proxies[url] = entries;
      return { version: 1, proxies };
    }
  } catch {
    // A damaged cache is only a slower start: it is rewritten with the next answer.
  }
  return { version: 1, proxies: {} };
}

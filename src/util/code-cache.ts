// The launcher (cli/launcher.ts) loads every command's code with V8's code cache
// (cli/commonjs-chunks.ts) and offers to write it here; the launcher and the code it loads are
// separate bundles, so the offer is on `globalThis`. exec writes it as it exits; the interactive
// UI once its session is ready, because a terminal closed on it ends the process before any exit
// code of ours runs, and the start is what the cache is for.

declare global {
  /** Set by the launcher when it loaded the program's CommonJS chunks. */
  var __codexLitellmCodeCache: { store: () => void } | undefined;
}

/** Writes the code cache of the chunks whose cache was missing or stale, with what has run so far. */
export function storeCodeCache(): void {
  globalThis.__codexLitellmCodeCache?.store();
}

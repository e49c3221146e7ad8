// For the long-session bench (bench/tui-long-session.bench.ts): with CODEX_LITELLM_UI_STATS=<file>
// set, each SIGUSR2 appends one JSON line to <file> describing the running UI after a full
// garbage collection: transcript items, heap and RSS, the process's active handles and timers by
// type, and the listeners on the streams and emitters the UI subscribes to, so a leak shows as a
// count that keeps growing. With CODEX_LITELLM_UI_PROFILE=<file> too, each SIGURG starts a CPU
// profile or stops it and writes it to <file> (a .cpuprofile, for bench/cpuprofile-top.mjs), so
// a bench can profile one measured stretch. Loaded only when those variables are set.
import { appendFileSync, writeFileSync } from "node:fs";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { EventEmitter } from "node:events";
import { Session } from "node:inspector";
import type { TuiHost } from "./host.js";

/** A full GC, without the process having been started with --expose-gc. */
function collector(): () => void {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  return typeof gc === "function" ? () => void Reflect.apply(gc, undefined, []) : () => undefined;
}

function listenerCounts(emitter: EventEmitter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of emitter.eventNames()) out[String(name)] = emitter.listenerCount(name);
  return out;
}

function countBy(values: string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

/** The UI's state as one JSON object (see the file's comment). */
export function uiStats(host: TuiHost, gc: () => void = collector()): Record<string, unknown> {
  gc();
  const mem = process.memoryUsage();
  return {
    time: Date.now(),
    // Transcript items: an answer that reached the scrollback in parts is one.
    items: [...host.state.committed, ...host.state.live].filter((c) => !(c.kind === "assistant" && c.joined)).length,
    running: host.state.running,
    heapUsed: mem.heapUsed,
    rss: mem.rss,
    external: mem.external,
    arrayBuffers: mem.arrayBuffers,
    resources: countBy(process.getActiveResourcesInfo()),
    listeners: {
      process: listenerCounts(process),
      stdin: listenerCounts(process.stdin),
      stdout: listenerCounts(process.stdout),
      host: host.listenerCount,
    },
  };
}

export function installUiStats(host: TuiHost, file: string, profileFile?: string): void {
  const gc = collector();
  process.on("SIGUSR2", () => appendFileSync(file, `${JSON.stringify(uiStats(host, gc))}\n`));
  if (!profileFile) return;
  let session: Session | null = null;
  process.on("SIGURG", () => {
    if (!session) {
      session = new Session();
      session.connect();
      session.post("Profiler.enable", () => session?.post("Profiler.start"));
      return;
    }
    const running = session;
    session = null;
    running.post("Profiler.stop", (err, result) => {
      if (!err) writeFileSync(profileFile, JSON.stringify(result.profile));
      running.disconnect();
    });
  });
}

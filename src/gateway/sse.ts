import { createParser, type EventSourceMessage } from "eventsource-parser";
import { abortError } from "./retry.js";

export class StreamIdleTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data from the model for ${formatMs(idleMs)} (stream_idle_timeout_ms = ${idleMs})`);
    this.name = "StreamIdleTimeoutError";
  }
}

/** A duration for messages: `300 ms`, `1.5 s`, `300 s` (a sub-second timeout is not "0 s"). */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/**
 * Yields the server-sent events of a response body. Each read must bring data within
 * `idleMs`, else the body is cancelled and StreamIdleTimeoutError thrown; `signal` aborts
 * a pending read at once.
 */
export async function* readSse(body: ReadableStream<Uint8Array>, idleMs: number, signal?: AbortSignal): AsyncGenerator<EventSourceMessage> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  try {
    for (;;) {
      const chunk = await readWithin(reader, idleMs, signal);
      if (chunk.done) break;
      parser.feed(decoder.decode(chunk.value, { stream: true }));
      while (pending.length) yield pending.shift() as EventSourceMessage;
    }
    parser.feed("\n\n"); // a last event without its blank line still counts
    while (pending.length) yield pending.shift() as EventSourceMessage;
  } finally {
    reader.cancel().catch(() => {});
  }
}

function readWithin(reader: ReadableStreamDefaultReader<Uint8Array>, idleMs: number, signal?: AbortSignal) {
  if (signal?.aborted) return Promise.reject(abortError());
  return new Promise<Awaited<ReturnType<typeof reader.read>>>((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", onAbort);
    };
    const timer = setTimeout(() => {
      done();
      reject(new StreamIdleTimeoutError(idleMs));
    }, idleMs);
    const onAbort = () => {
      done();
      reject(abortError());
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    reader.read().then(
      (r) => {
        done();
        resolve(r);
      },
      (e: unknown) => {
        done();
        reject(e);
      },
    );
  });
}

import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { Readable } from "node:stream";
import { abortError } from "./retry.js";

export class StreamIdleTimeoutError extends Error {
  constructor(readonly idleMs: number) {
    super(`no data from the model for ${formatMs(idleMs)} (stream_idle_timeout_ms = ${idleMs})`);
    this.name = "StreamIdleTimeoutError";
  }
}

/**
 * The largest server-sent event read, in characters: far beyond any real event (a response with
 * every output item, an image), small enough that a hostile stream cannot make us hold gigabytes.
 */
export const MAX_SSE_EVENT_CHARS = 16 * 1024 * 1024;

export class StreamEventTooLargeError extends Error {
  constructor(readonly maxChars: number) {
    super(`one event of the stream was longer than ${maxChars} characters; stopped reading it`);
    this.name = "StreamEventTooLargeError";
  }
}

/** A duration for messages: `300 ms`, `1.5 s`, `300 s` (a sub-second timeout is not "0 s"). */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`;
}

/**
 * Yields the server-sent events of a response body. Data must keep coming: after `idleMs`
 * without any, the body is cancelled and StreamIdleTimeoutError thrown; `signal` cancels it at
 * once. One timer (re-armed per chunk) and one abort listener serve the whole stream: a token
 * stream brings hundreds of thousands of small chunks. An event longer than `maxEventChars`
 * ends the stream with StreamEventTooLargeError.
 */
export async function* readSse(
  body: Readable,
  idleMs: number,
  signal?: AbortSignal,
  maxEventChars = MAX_SSE_EVENT_CHARS,
): AsyncGenerator<EventSourceMessage> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  // Characters fed since the last complete event: the parser buffers an event until it ends.
  let unfinished = 0;
  const parser = createParser({
    onEvent: (event) => {
      unfinished = 0;
      pending.push(event);
    },
  });
  // Destroying the stream ends the loop below with an error; `stopped.why` says why.
  const stopped: { why: Error | null } = { why: null };
  const fail = (err: Error) => {
    stopped.why ??= err;
    body.destroy(err);
  };
  const timer = setTimeout(() => fail(new StreamIdleTimeoutError(idleMs)), idleMs);
  const onAbort = () => fail(abortError());
  if (signal?.aborted) onAbort();
  else signal?.addEventListener("abort", onAbort, { once: true });
  try {
    try {
      const chunks: AsyncIterable<unknown> = body;
      for await (const chunk of chunks) {
        timer.refresh();
        if (chunk instanceof Uint8Array) {
          const text = decoder.decode(chunk, { stream: true });
          unfinished += text.length;
          parser.feed(text);
          if (unfinished > maxEventChars) fail(new StreamEventTooLargeError(maxEventChars));
        }
        yield* pending.splice(0);
      }
    } catch (err) {
      if (stopped.why) throw stopped.why;
      throw err;
    }
    if (stopped.why) throw stopped.why;
    parser.feed("\n\n"); // a last event without its blank line still counts
    yield* pending.splice(0);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
    body.destroy();
  }
}

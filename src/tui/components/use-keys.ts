// Keys for the UI's components, without Ink's gap. Ink's useInput subscribes in a passive effect,
// which React runs some time after the commit that drew the component: on a loaded machine tens of
// milliseconds later. Keys typed in that window (a prompt is on screen, the user types) went to the
// component that had just been replaced, and were lost. Here one <KeyRouter/> per Ink instance
// holds the only Ink subscription for the instance's life, and components register with it during
// the commit itself (a layout effect), before any further input can be read.
import { useInput, useStdin, type Key } from "ink";
import { useCallback, useLayoutEffect, useRef } from "react";

export type KeyHandler = (input: string, key: Key) => void;
type RawHandler = (data: string) => void;

interface Router {
  /** KeyRouters mounted for the instance (0: each component listens through Ink itself). */
  mounted: number;
  /** Raw input events (bracketed-paste markers included), before any key handler sees them. */
  raw: Set<{ current: RawHandler }>;
  keys: Set<{ current: KeyHandler }>;
}

/** One router per Ink instance, found through the instance's input emitter. */
const routers = new WeakMap<object, Router>();

function routerOf(emitter: object): Router {
  let router = routers.get(emitter);
  if (!router) routers.set(emitter, (router = { mounted: 0, raw: new Set(), keys: new Set() }));
  return router;
}

/** Mount once at the root of an Ink tree (App, screen()): its components then hear keys from the commit that draws them. */
export function KeyRouter(): null {
  const { internal_eventEmitter: events } = useStdin();
  const router = routerOf(events);
  // Raw events first (a paste must be known as one before its keys are handled): this listener
  // joins at the commit, Ink's own (below) only at the passive effects, so it comes earlier.
  useLayoutEffect(() => {
    const onRaw = (data: string) => {
      for (const handler of [...router.raw]) handler.current(data);
    };
    router.mounted += 1;
    events.on("input", onRaw);
    return () => {
      router.mounted -= 1;
      events.off("input", onRaw);
    };
  }, [events, router]);
  const dispatch = useCallback<KeyHandler>(
    (input, key) => {
      for (const [piece, pieceKey] of typedPieces(input, key))
        for (const handler of [...router.keys]) handler.current(piece, pieceKey);
    },
    [router],
  );
  useInput(dispatch);
  return null;
}

/** The handler, registered with the router from the commit on while active; and the router, to ask whether one is mounted. */
function useRegistered<H>(pick: (router: Router) => Set<{ current: H }>, handler: H, isActive: boolean) {
  const { internal_eventEmitter: events } = useStdin();
  const router = routerOf(events);
  const ref = useRef(handler);
  ref.current = handler;
  useLayoutEffect(() => {
    if (!isActive) return;
    const set = pick(router);
    set.add(ref);
    return () => void set.delete(ref);
  }, [router, isActive]);
  return { events, router, ref };
}

const keysOf = (router: Router) => router.keys;
const rawOf = (router: Router) => router.raw;

/** Ink's useInput, listening from the commit that draws the component (under a KeyRouter). */
export function useKeys(handler: KeyHandler, options: { isActive?: boolean } = {}): void {
  const isActive = options.isActive !== false;
  const { router, ref } = useRegistered(keysOf, handler, isActive);
  // Rendered without a KeyRouter (a component on its own): through Ink, as useInput.
  const direct = useCallback<KeyHandler>(
    (input, key) => {
      if (router.mounted === 0) for (const [piece, pieceKey] of typedPieces(input, key)) ref.current(piece, pieceKey);
    },
    [router, ref],
  );
  useInput(direct, { isActive });
}

/** Every raw input event (escape sequences and paste markers as the terminal sent them), before key handlers. */
export function useRawInput(handler: RawHandler, isActive = true): void {
  const { events, router, ref } = useRegistered(rawOf, handler, isActive);
  useLayoutEffect(() => {
    if (!isActive) return;
    const direct = (data: string) => {
      if (router.mounted === 0) ref.current(data);
    };
    events.on("input", direct);
    return () => void events.off("input", direct);
  }, [events, router, ref, isActive]);
}

/** A control key other than Enter and line feed (components take those with text: "hello\r"). */
function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return char.length === 1 && (code === 0x7f || (code < 0x20 && code !== 0x0a && code !== 0x0d));
}

/**
 * Ink hands keys read together as one event, split only at escape sequences: text typed in the
 * same read as a control key (a busy UI, a fast typist) came as text ("abc\x7f", "a draft\x14"),
 * and the Backspace or Ctrl+T in it was lost. Such a chunk is handed over in pieces, each control
 * key with the key Ink gives it alone.
 */
export function typedPieces(input: string, key: Key): [string, Key][] {
  if (input.length < 2 || ![...input].some(isControl) || !plain(key)) return [[input, key]];
  const pieces: string[] = [];
  let text = "";
  for (const char of input) {
    if (!isControl(char)) {
      text += char;
      continue;
    }
    if (text) pieces.push(text);
    pieces.push(char);
    text = "";
  }
  if (text) pieces.push(text);
  return pieces.map((piece): [string, Key] => {
    if (piece === "\r") return [piece, { ...key, return: true }];
    if (!isControl(piece)) return [piece, key];
    if (piece === "\t") return [piece, { ...key, tab: true }];
    if (piece === "\b") return ["", { ...key, backspace: true }];
    if (piece === "\x7f") return [piece, { ...key, delete: true }];
    return [String.fromCharCode(piece.charCodeAt(0) + 96), { ...key, ctrl: true }];
  });
}

/** Ink's key for a chunk it took as text: no flag set. */
function plain(key: Key): boolean {
  return !(
    key.ctrl ||
    key.meta ||
    key.shift ||
    key.escape ||
    key.return ||
    key.tab ||
    key.backspace ||
    key.delete ||
    key.upArrow ||
    key.downArrow ||
    key.leftArrow ||
    key.rightArrow ||
    key.pageUp ||
    key.pageDown
  );
}

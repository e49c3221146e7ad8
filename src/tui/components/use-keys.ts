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
      for (const handler of [...router.keys]) handler.current(input, key);
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
      if (router.mounted === 0) ref.current(input, key);
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

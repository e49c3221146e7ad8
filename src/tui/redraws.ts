// When the UI draws the host's changes: coalesced, at most one draw every UPDATE_MS however fast
// tokens stream, or at once when the user is waiting for that very frame (the ready session).
// Ink itself draws a frame as soon as it is asked (KEY_FRAME_FPS), so a key typed meanwhile is
// echoed at once.

/** The session's updates are drawn at most this often (about 30 frames a second, Ink's default pace). */
export const UPDATE_MS = 33;
/** Ink's own limit, above which it holds frames back: high, so a typed key's frame waits for nothing. */
export const KEY_FRAME_FPS = 1000;

export class Redraws {
  #timer: NodeJS.Timeout | null = null;
  #due = 0;

  constructor(private readonly draw: () => void) {}

  /** Draws within `delayMs`, together with every other change until then (sooner if one asks for sooner). */
  soon(delayMs = UPDATE_MS): void {
    const due = performance.now() + delayMs;
    if (this.#timer) {
      if (this.#due <= due) return;
      clearTimeout(this.#timer);
    }
    this.#due = due;
    this.#timer = setTimeout(() => this.now(), delayMs);
  }

  /** Draws what has changed now, instead of when it was due. */
  now(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.draw();
  }
}

/**
 * Resolves once the frame asked for now has been drawn: React renders Ink's frame in a task it
 * schedules with setImmediate, so this one runs after it. Work that is not needed on screen
 * (loading the markdown renderer, the UI log; listing files) waits for it.
 */
export const afterDraw = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

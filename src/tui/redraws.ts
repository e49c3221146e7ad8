// When the UI draws the host's changes: coalesced, at most one draw every 16 ms however fast
// tokens stream, or at once when the user is waiting for that very frame (the ready session).

export class Redraws {
  #timer: NodeJS.Timeout | null = null;
  #due = 0;

  constructor(private readonly draw: () => void) {}

  /** Draws within `delayMs`, together with every other change until then (sooner if one asks for sooner). */
  soon(delayMs = 16): void {
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

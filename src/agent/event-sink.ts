import type { AgentEvent, PersistenceEvent, SessionEvent } from "../protocol/events.js";

/**
 * Where the session's events are kept (the rollout file): it gets every event before the
 * front-end, and the `PersistenceEvent`s the front-end never sees. Its writes are synchronous,
 * so it can say at once that an event was not kept; it returns that failure instead of throwing,
 * and the session decides what it stops (see `emitKept`): a turn cannot go on when its history or
 * usage is not on disk, but a turn that is already ending still ends, and the front-end still
 * hears of it.
 */
export interface EventPersistence {
  persist(event: SessionEvent): Error | null;
}

/** An event the session cannot go on without keeping was not kept: the turn (or compaction) stops. */
export class NotPersistedError extends Error {
  constructor(failure: Error) {
    super(failure.message, { cause: failure });
    this.name = failure.name;
  }
}

/** Hands each event to persistence first, then (display events only) to the front-end. */
export class EventSink {
  constructor(
    private readonly persistence: EventPersistence | undefined,
    private readonly onEvent: (event: AgentEvent) => void,
  ) {}

  /** A failure to keep the event stops nothing. */
  emit(event: AgentEvent): void {
    this.persistence?.persist(event);
    this.onEvent(event);
  }

  /**
   * For an event the session cannot go on without keeping (usage, a compaction): when
   * persistence could not keep it, the front-end is not told and the running turn (or
   * compaction) stops with the failure; no tool runs whose call is not on disk.
   */
  emitKept(event: AgentEvent): void {
    this.keep(event);
    this.onEvent(event);
  }

  /** A record for the rollout file only, kept or the running turn stops (as `emitKept`). */
  recordKept(record: PersistenceEvent): void {
    this.keep(record);
  }

  /** A record for the rollout file only, from a turn that is ending anyway: a failure stops nothing. */
  record(record: PersistenceEvent): void {
    this.persistence?.persist(record);
  }

  private keep(event: SessionEvent): void {
    const failure = this.persistence?.persist(event);
    if (failure) throw new NotPersistedError(failure);
  }
}

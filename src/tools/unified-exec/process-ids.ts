// The ids exec_command's processes are reached by (write_stdin's `session_id`), as upstream 0.171
// draws them: uniformly at random in 1000..99999, never one in use nor one of the last 256
// processes that ended, so an id the model remembers from an earlier process (or from before a
// resume) most likely names no process ("Unknown process id") rather than a different one.
// Sequential ids (1000, 1001, ...) are for tests and benches only, as upstream's test builds
// (CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS=1).
import { randomInt } from "node:crypto";

/**
 * Set (to `1`) by the test suite and the benches: each session numbers its exec_command processes
 * from 1000 instead of drawing their ids at random. Never passed to a command (tools/exec/env.ts).
 */
export const SEQUENTIAL_PROCESS_IDS_ENV = "CODEX_LITELLM_SEQUENTIAL_PROCESS_IDS";

export const MIN_PROCESS_ID = 1000;
/** One past the largest id. */
export const PROCESS_ID_LIMIT = 100_000;
/** How many ended processes' ids are kept from being drawn again. */
export const REMEMBERED_ENDED_IDS = 256;

export class ProcessIdAllocator {
  private readonly inUse = new Set<number>();
  /** Insertion order is the order they ended: the first is the oldest. */
  private readonly ended = new Set<number>();
  private nextSequential = MIN_PROCESS_ID;

  constructor(private readonly sequential = false) {}

  /** A fresh id, held until {@link release}. */
  reserve(): number {
    for (;;) {
      const id = this.sequential ? this.nextSequentialId() : randomInt(MIN_PROCESS_ID, PROCESS_ID_LIMIT);
      if (this.inUse.has(id) || this.ended.has(id)) continue;
      this.inUse.add(id);
      return id;
    }
  }

  /** The process `id` named has left: its id is remembered (not drawn again) for a while. */
  release(id: number): void {
    if (!this.inUse.delete(id)) return;
    this.ended.add(id);
    if (this.ended.size <= REMEMBERED_ENDED_IDS) return;
    const oldest = this.ended.values().next().value;
    if (oldest !== undefined) this.ended.delete(oldest);
  }

  /** How many ids are held or remembered (bounded by the live processes plus {@link REMEMBERED_ENDED_IDS}). */
  get remembered(): number {
    return this.inUse.size + this.ended.size;
  }

  private nextSequentialId(): number {
    const id = this.nextSequential;
    this.nextSequential = id + 1 >= PROCESS_ID_LIMIT ? MIN_PROCESS_ID : id + 1;
    return id;
  }
}

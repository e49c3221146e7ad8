// The process id allocator: ids at random in 1000..99999, never one in use nor one of the last
// 256 released, its memory bounded; sequential from 1000 when asked (tests).
import { describe, expect, it } from "vitest";
import { MIN_PROCESS_ID, PROCESS_ID_LIMIT, ProcessIdAllocator, REMEMBERED_ENDED_IDS } from "./process-ids.js";

const inRange = (id: number) => Number.isInteger(id) && id >= MIN_PROCESS_ID && id < PROCESS_ID_LIMIT;

describe("ProcessIdAllocator", () => {
  it("draws ids in range, spread over it, never one still held", () => {
    const ids = new ProcessIdAllocator();
    const held = Array.from({ length: 2000 }, () => ids.reserve());
    expect(held.every(inRange)).toBe(true);
    expect(new Set(held).size).toBe(held.length);
    // Uniform over 99,000 ids: 2000 draws reach both ends of the span, not just its start.
    expect(held.some((id) => id < 11_000)).toBe(true);
    expect(held.some((id) => id >= 90_000)).toBe(true);
    const steps = held.slice(1).map((id, i) => id - (held[i] as number));
    expect(steps.filter((step) => step === 1).length).toBeLessThan(10);
  });

  it("does not hand out an id again among the next draws once released, and its memory stays bounded", () => {
    const ids = new ProcessIdAllocator();
    const released: number[] = [];
    // Start and end many processes: each new one is drawn while the last 256 ended ones are remembered.
    for (let i = 0; i < 5000; i++) {
      const id = ids.reserve();
      expect(released.slice(-REMEMBERED_ENDED_IDS)).not.toContain(id);
      ids.release(id);
      released.push(id);
      expect(ids.remembered).toBeLessThanOrEqual(REMEMBERED_ENDED_IDS);
    }
    const live = Array.from({ length: 64 }, () => ids.reserve());
    expect(ids.remembered).toBe(REMEMBERED_ENDED_IDS + live.length);
  });

  it("releasing an id twice, or one never handed out, changes nothing", () => {
    const ids = new ProcessIdAllocator();
    const id = ids.reserve();
    ids.release(id);
    ids.release(id);
    ids.release(42);
    expect(ids.remembered).toBe(1);
  });

  it("counts up from 1000 when sequential, skipping held and recently ended ids, wrapping at the top", () => {
    const ids = new ProcessIdAllocator(true);
    expect([ids.reserve(), ids.reserve(), ids.reserve()]).toEqual([1000, 1001, 1002]);
    ids.release(1001);
    expect(ids.reserve()).toBe(1003);
    let last = 0;
    for (let n = 1004; n < PROCESS_ID_LIMIT; n++) {
      last = ids.reserve();
      ids.release(last);
    }
    expect(last).toBe(PROCESS_ID_LIMIT - 1);
    // 1000, 1002 and 1003 are still held; 1001 was forgotten long ago.
    expect(ids.reserve()).toBe(1001);
    expect(ids.reserve()).toBe(1004);
  });
});

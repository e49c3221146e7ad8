import { describe, expect, it } from "vitest";
import { UserError } from "../../util/errors.js";
import { filterFromFlags, parseTimeBound, recordMatcher } from "./filter.js";
import type { UsageRecord } from "./record.js";

// A fixed "now": 2025-11-10 15:30 local time.
const NOW = new Date(2025, 10, 10, 15, 30).getTime();

describe("--since / --until", () => {
  it.each([
    ["7d", NOW - 7 * 86_400_000],
    ["24h", NOW - 86_400_000],
    ["30m", NOW - 1_800_000],
    ["90s", NOW - 90_000],
    ["2w", NOW - 14 * 86_400_000],
    ["1.5h", NOW - 5_400_000],
    ["now", NOW],
    ["today", new Date(2025, 10, 10).getTime()],
    ["yesterday", new Date(2025, 10, 9).getTime()],
    ["2025-11-02", new Date(2025, 10, 2).getTime()],
    ["2025-11-02T12:00", new Date(2025, 10, 2, 12, 0).getTime()],
    ["2025-11-02 12:00:30", new Date(2025, 10, 2, 12, 0, 30).getTime()],
    ["2025-11-02T12:00:00Z", Date.UTC(2025, 10, 2, 12)],
    ["2025-11-02T12:00:00.250Z", Date.UTC(2025, 10, 2, 12, 0, 0, 250)],
    ["2025-11-02T12:00:00+02:00", Date.UTC(2025, 10, 2, 10)],
  ])("--since %s", (value, expected) => {
    expect(parseTimeBound(value, "--since", NOW, false)).toBe(expected);
  });

  it("takes a bare date (and today/yesterday) as an upper bound including that whole day", () => {
    expect(parseTimeBound("2025-11-02", "--until", NOW, true)).toBe(new Date(2025, 10, 3).getTime());
    expect(parseTimeBound("today", "--until", NOW, true)).toBe(new Date(2025, 10, 11).getTime());
    expect(parseTimeBound("yesterday", "--until", NOW, true)).toBe(new Date(2025, 10, 10).getTime());
    expect(parseTimeBound("2025-11-02T12:00", "--until", NOW, true)).toBe(new Date(2025, 10, 2, 12).getTime());
    expect(parseTimeBound("1d", "--until", NOW, true)).toBe(NOW - 86_400_000);
  });

  it.each(["", "7", "7y", "last week", "2025-13-01", "2025-02-30", "2025-11-02T25:00", "11/02/2025"])(
    "rejects %j with a one-line UserError",
    (value) => {
      expect(() => parseTimeBound(value, "--since", NOW)).toThrow(UserError);
      try {
        parseTimeBound(value, "--since", NOW);
      } catch (err) {
        expect((err as Error).message).toContain("--since");
        expect((err as Error).message).not.toContain("\n");
      }
    },
  );

  it("rejects an empty range", () => {
    expect(() => filterFromFlags({ since: "2025-11-05", until: "2025-11-04" }, NOW)).toThrow(/not before --until/);
    expect(filterFromFlags({ since: "2025-11-04", until: "2025-11-04" }, NOW)).toEqual({
      since: new Date(2025, 10, 4).getTime(),
      until: new Date(2025, 10, 5).getTime(),
    });
  });
});

describe("record matcher", () => {
  const rec = (session_id: string, model: string) => ({ session_id, model }) as UsageRecord;
  const t = new Date(2025, 10, 4, 12).getTime();

  it("filters by time (since inclusive, until exclusive), model and session prefix", () => {
    const f = filterFromFlags(
      { since: "2025-11-04", until: "2025-11-04", model: ["a,b", "c"], session: ["019a"] },
      NOW,
    );
    const m = recordMatcher(f);
    expect(m(rec("019a44bc", "a"), t)).toBe(true);
    expect(m(rec("019a44bc", "c"), new Date(2025, 10, 4).getTime())).toBe(true);
    expect(m(rec("019a44bc", "c"), new Date(2025, 10, 5).getTime())).toBe(false);
    expect(m(rec("019a44bc", "c"), new Date(2025, 10, 4).getTime() - 1)).toBe(false);
    expect(m(rec("019a44bc", "d"), t)).toBe(false);
    expect(m(rec("029a44bc", "a"), t)).toBe(false);
    expect(recordMatcher({})(rec("x", "y"), 0)).toBe(true);
  });
});

import { describe, expect, it } from "vitest";
import { detectSandbox } from "./detect.js";

describe("sandbox detection on Termux", () => {
  it("explains that Android has no sandbox instead of suggesting apt-get", () => {
    const d = detectSandbox({
      platform: "android",
      env: { TERMUX_VERSION: "0.118.0", PREFIX: "/data/data/com.termux/files/usr" },
      bwrapCandidates: [],
    });
    expect(d.kind).toBe("none");
    expect(d.reason).toBe("Android (Termux) offers apps no way to sandbox commands");
  });

  it("still suggests installing bubblewrap on Linux", () => {
    const d = detectSandbox({ platform: "linux", env: {}, bwrapCandidates: [] });
    expect(d.reason).toContain("apt-get install bubblewrap");
  });
});

import { describe, expect, it } from "vitest";
import { qualifiedToolName, qualifyTools, sanitizeToolName } from "./names.js";

describe("qualified MCP tool names (upstream qualify_tools)", () => {
  it("mcp__<server>__<tool>", () => {
    const names = [
      ...qualifyTools([
        { server: "server1", tool: "tool1" },
        { server: "server1", tool: "tool2" },
      ]).keys(),
    ];
    expect(names).toEqual(["mcp__server1__tool1", "mcp__server1__tool2"]);
  });

  it("characters outside [a-zA-Z0-9_-] become _", () => {
    expect(qualifiedToolName("server.one", "tool.two-three")).toBe("mcp__server_one__tool_two-three");
    expect(sanitizeToolName("a b/c:é")).toBe("a_b_c__");
    expect(sanitizeToolName("")).toBe("_");
  });

  it("names over 64 characters: a 24-character prefix and the SHA-1 of the raw name (upstream's test vectors)", () => {
    const names = [
      ...qualifyTools([
        {
          server: "my_server",
          tool: "extremely_lengthy_function_name_that_absolutely_surpasses_all_reasonable_limits",
        },
        {
          server: "my_server",
          tool: "yet_another_extremely_lengthy_function_name_that_absolutely_surpasses_all_reasonable_limits",
        },
      ]).keys(),
    ].sort();
    expect(names).toEqual([
      "mcp__my_server__extremel119a2b97664e41363932dc84de21e2ff1b93b3e9",
      "mcp__my_server__yet_anot419a82a89325c1b477274a41f8c65ea5f3a7f341",
    ]);
    expect(names.every((n) => n.length === 64)).toBe(true);
  });

  it("duplicates are skipped: the same raw name, or two raw names that sanitise alike", () => {
    const skipped: string[] = [];
    const tools = qualifyTools(
      [
        { server: "s", tool: "dup", n: 1 },
        { server: "s", tool: "dup", n: 2 },
        { server: "s", tool: "a.b", n: 3 },
        { server: "s", tool: "a_b", n: 4 },
      ],
      (name) => skipped.push(name),
    );
    expect([...tools].map(([name, t]) => [name, t.n])).toEqual([
      ["mcp__s__dup", 1],
      ["mcp__s__a_b", 3],
    ]);
    expect(skipped).toEqual(["mcp__s__dup", "mcp__s__a_b"]);
  });
});

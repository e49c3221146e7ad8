import { describe, expect, it } from "vitest";
import { parsePatch } from "./parse.js";
import {
  APPLY_PATCH_FREEFORM_DESCRIPTION,
  APPLY_PATCH_JSON_DESCRIPTION,
  APPLY_PATCH_LARK_GRAMMAR,
  applyPatchFreeformTool,
  applyPatchJsonTool,
} from "./tool-spec.js";

describe("apply_patch tool definitions", () => {
  it("freeform tool for the Responses wire", () => {
    expect(applyPatchFreeformTool()).toEqual({
      type: "custom",
      name: "apply_patch",
      description: APPLY_PATCH_FREEFORM_DESCRIPTION,
      format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
    });
  });

  it("JSON function tool for the Chat wire", () => {
    const tool = applyPatchJsonTool();
    expect(tool).toEqual({
      type: "function",
      name: "apply_patch",
      description: APPLY_PATCH_JSON_DESCRIPTION,
      parameters: {
        type: "object",
        properties: { input: { type: "string", description: expect.any(String) } },
        required: ["input"],
        additionalProperties: false,
      },
    });
    expect(JSON.parse(JSON.stringify(tool))).toEqual(tool);
  });

  it("the grammar has a rule for every construct of the format", () => {
    for (const literal of [
      '"*** Begin Patch" LF',
      '"*** End Patch" LF?',
      '"*** Add File: " file_path LF content_line+',
      '"*** Delete File: " file_path LF',
      '"*** Update File: " file_path LF rename_to? edit_lines?',
      '"*** Move to: " file_path LF',
      '("@@" | "@@ " /(.+)/) LF',
      '(" " | "-" | "+") /(.*)/ LF',
      '"*** End of File" LF',
      "%import common.LF",
    ]) {
      expect(APPLY_PATCH_LARK_GRAMMAR).toContain(literal);
    }
  });

  it("the example in the description is a valid patch", () => {
    const example = APPLY_PATCH_FREEFORM_DESCRIPTION.slice(
      APPLY_PATCH_FREEFORM_DESCRIPTION.lastIndexOf("*** Begin Patch"),
    );
    expect(parsePatch(example).hunks.map((hunk) => hunk.type)).toEqual(["add", "update", "delete"]);
    expect(APPLY_PATCH_JSON_DESCRIPTION).toContain(example);
  });
});

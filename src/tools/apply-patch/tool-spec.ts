/**
 * The apply_patch tool as offered to the model:
 * - Responses wire: a freeform ("custom") tool whose input is constrained by a Lark
 *   grammar, so the model writes the raw patch text;
 * - Chat wire: a JSON function tool with one string argument, `input`, holding the patch.
 */
import { z } from "zod";
import { parametersJsonSchema } from "../function-tool.js";

export const APPLY_PATCH_TOOL_NAME = "apply_patch";

/**
 * Lark grammar of the patch format (the same language upstream Codex constrains the
 * model to). `.` never matches a newline, so every path and line is a single line.
 */
export const APPLY_PATCH_LARK_GRAMMAR = `start: patch_open file_section+ patch_close

patch_open: "*** Begin Patch" LF
patch_close: "*** End Patch" LF?

file_section: new_file | removed_file | changed_file

new_file: "*** Add File: " file_path LF content_line+
content_line: "+" /(.*)/ LF

removed_file: "*** Delete File: " file_path LF

changed_file: "*** Update File: " file_path LF rename_to? edit_lines?
rename_to: "*** Move to: " file_path LF
edit_lines: (anchor_line | diff_line)+ end_of_file_line?
anchor_line: ("@@" | "@@ " /(.+)/) LF
diff_line: (" " | "-" | "+") /(.*)/ LF
end_of_file_line: "*** End of File" LF

file_path: /(.+)/

%import common.LF
`;

const FORMAT_GUIDE = `A patch is plain text between "*** Begin Patch" and "*** End Patch". Inside, one section per file:

*** Add File: <path>      create a file (an existing one is replaced); every line of its contents starts with "+"
*** Delete File: <path>   remove a file; nothing follows
*** Update File: <path>   edit a file in place; may be followed by "*** Move to: <new path>" to rename it

An update is a series of hunks. A hunk starts with "@@", optionally followed by a line of the file (such as a class or function signature) that comes before the change, to say where to look. Then every line starts with one character:
" " (a space) an unchanged line kept for context, "-" a line to remove, "+" a line to add.
Give about 3 lines of context above and below each change, exactly as they appear in the file, and order hunks as they occur in the file. If the change is at the very end of the file, end the hunk with "*** End of File".
Paths are relative to the working directory. A patch may touch several files; if any part of it cannot be applied, no file is changed.

Example:
*** Begin Patch
*** Add File: docs/hello.md
+# Hello
+Greetings from the patch.
*** Update File: src/greet.py
@@ def greet(name):
-    print("Hi " + name)
+    print(f"Hello, {name}!")
     return name
*** Delete File: src/old_greet.py
*** End Patch`;

export const APPLY_PATCH_FREEFORM_DESCRIPTION = `Edit files by sending a patch. This is a freeform tool: send the patch text itself, not JSON.

${FORMAT_GUIDE}`;

export const APPLY_PATCH_JSON_DESCRIPTION = `Edit files by sending a patch in the "input" argument.

${FORMAT_GUIDE}`;

export const APPLY_PATCH_INPUT_DESCRIPTION =
  'The whole patch, from the "*** Begin Patch" line through the "*** End Patch" line.';

/** Responses API freeform tool (`custom_tool_call` with the patch as `input`). */
export interface ApplyPatchFreeformTool {
  type: "custom";
  name: typeof APPLY_PATCH_TOOL_NAME;
  description: string;
  format: { type: "grammar"; syntax: "lark"; definition: string };
}

/** The arguments of the JSON function tool: `{"input": "<patch>"}`. */
export const ApplyPatchJsonArgs = z.object({ input: z.string().describe(APPLY_PATCH_INPUT_DESCRIPTION) });

/** JSON function tool (`function_call` with arguments `{"input": "<patch>"}`). */
export interface ApplyPatchJsonTool {
  type: "function";
  name: typeof APPLY_PATCH_TOOL_NAME;
  description: string;
  parameters: Record<string, unknown>;
}

export function applyPatchFreeformTool(): ApplyPatchFreeformTool {
  return {
    type: "custom",
    name: APPLY_PATCH_TOOL_NAME,
    description: APPLY_PATCH_FREEFORM_DESCRIPTION,
    format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
  };
}

export function applyPatchJsonTool(): ApplyPatchJsonTool {
  return {
    type: "function",
    name: APPLY_PATCH_TOOL_NAME,
    description: APPLY_PATCH_JSON_DESCRIPTION,
    parameters: parametersJsonSchema(APPLY_PATCH_TOOL_NAME, ApplyPatchJsonArgs),
  };
}

import { describe, expect, it } from "vitest";
import { errorResult, toolResultForModel } from "./result.js";

describe("MCP results for the model (upstream as_function_call_output_payload)", () => {
  it("text content: the JSON of the content array", () => {
    expect(toolResultForModel({ content: [{ type: "text", text: "hi" }] })).toEqual({
      output: '[{"type":"text","text":"hi"}]',
      contentItems: null,
      success: true,
    });
  });

  it("structured content wins over content", () => {
    expect(toolResultForModel({ content: [{ type: "text", text: "5" }], structuredContent: { sum: 5 } })).toEqual({
      output: '{"sum":5}',
      contentItems: null,
      success: true,
    });
    expect(toolResultForModel({ content: [], structuredContent: null }).output).toBe("[]");
  });

  it("images: content items, data: URLs kept or built from mimeType", () => {
    const out = toolResultForModel({
      content: [
        { type: "text", text: "caption" },
        { type: "image", data: "QUJD", mimeType: "image/png" },
        { type: "image", data: "data:image/jpeg;base64,WFla", mimeType: "image/jpeg" },
        { type: "resource", resource: { uri: "file:///x", text: "t" } },
      ],
    });
    expect(out.contentItems).toEqual([
      { type: "input_text", text: "caption" },
      { type: "input_image", image_url: "data:image/png;base64,QUJD" },
      { type: "input_image", image_url: "data:image/jpeg;base64,WFla" },
      { type: "input_text", text: '{"type":"resource","resource":{"uri":"file:///x","text":"t"}}' },
    ]);
    expect(JSON.parse(out.output)).toEqual(out.contentItems);
  });

  it("isError results and call failures are unsuccessful text results", () => {
    expect(toolResultForModel({ content: [{ type: "text", text: "bad" }], isError: true }).success).toBe(false);
    expect(toolResultForModel(errorResult("tool call error: boom"))).toEqual({
      output: '[{"type":"text","text":"tool call error: boom"}]',
      contentItems: null,
      success: false,
    });
  });
});

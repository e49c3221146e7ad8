// What a client reads from a streamed Responses answer through the openai SDK.
import type OpenAI from "openai";

/** Reads a streamed answer to its end: the event types in order, the text of its deltas, the completed response. */
export async function readResponseStream(stream: AsyncIterable<OpenAI.Responses.ResponseStreamEvent>) {
  const types: string[] = [];
  let text = "";
  let final: OpenAI.Responses.Response | undefined;
  for await (const ev of stream) {
    types.push(ev.type);
    if (ev.type === "response.output_text.delta") text += ev.delta;
    if (ev.type === "response.completed") final = ev.response;
  }
  return { types, text, final };
}

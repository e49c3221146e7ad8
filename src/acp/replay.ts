// A recorded session's conversation as the `session/update`s `session/load` replays: what the
// user said, the answers, the reasoning, and where turns were stopped or the context compacted.
import type { SessionUpdate } from "@agentclientprotocol/sdk";
import type { TranscriptEntry } from "../rollout/resume-history.js";

export function replayUpdates(transcript: TranscriptEntry[], hideReasoning: boolean): SessionUpdate[] {
  return transcript.flatMap((entry, index): SessionUpdate[] => {
    const messageId = `replay-${index}`;
    const text = (kind: "user_message_chunk" | "agent_message_chunk" | "agent_thought_chunk", body: string) => [
      { sessionUpdate: kind, messageId, content: { type: "text" as const, text: body } },
    ];
    switch (entry.kind) {
      case "user":
        return text("user_message_chunk", entry.text);
      case "assistant":
        return text("agent_message_chunk", entry.text);
      case "reasoning":
        return hideReasoning ? [] : text("agent_thought_chunk", entry.text);
      case "web_search":
        return [
          {
            sessionUpdate: "tool_call",
            toolCallId: messageId,
            title: `Search the web: ${entry.text}`,
            kind: "fetch",
            status: "completed",
            rawInput: { query: entry.text },
          },
        ];
      case "turn_aborted":
      case "context_compacted":
        return text("agent_thought_chunk", entry.text);
      case "declined_command":
        return [
          {
            sessionUpdate: "tool_call",
            toolCallId: messageId,
            title: entry.text,
            kind: "execute",
            status: "failed",
            rawInput: { command: entry.text, declined: true, aborted: entry.aborted },
          },
        ];
    }
  });
}

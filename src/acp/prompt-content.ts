// An ACP prompt (text, resource links, embedded resources, images) as the user message the
// session sends: the text with links as mentions and embedded files as context blocks, and the
// images as data URLs.
import { fileURLToPath } from "node:url";
import type { ContentBlock } from "@agentclientprotocol/sdk";

export interface PromptInput {
  text: string;
  images: string[];
}

/** A `file://` URI as a path; other URIs as they are. */
function uriPath(uri: string): string {
  if (!uri.startsWith("file://")) return uri;
  try {
    return fileURLToPath(uri);
  } catch {
    return uri;
  }
}

export function promptInput(blocks: ContentBlock[]): PromptInput {
  const parts: string[] = [];
  const context: string[] = [];
  const images: string[] = [];
  for (const block of blocks) {
    switch (block.type) {
      case "text":
        parts.push(block.text);
        break;
      case "resource_link":
        parts.push(`@${uriPath(block.uri)}`);
        break;
      case "resource": {
        const { resource } = block;
        if ("text" in resource) {
          parts.push(`@${uriPath(resource.uri)}`);
          context.push(`<context ref="${uriPath(resource.uri)}">\n${resource.text.replace(/\n$/, "")}\n</context>`);
        } else if (resource.mimeType?.startsWith("image/"))
          images.push(`data:${resource.mimeType};base64,${resource.blob}`);
        else parts.push(`@${uriPath(resource.uri)}`);
        break;
      }
      case "image":
        images.push(
          block.uri && /^https?:/.test(block.uri) && !block.data
            ? block.uri
            : `data:${block.mimeType};base64,${block.data}`,
        );
        break;
      case "audio":
        // Not offered in `initialize` (promptCapabilities.audio is false): a client that sends it anyway is told in the text.
        parts.push("[an audio clip was attached; this agent cannot hear audio]");
        break;
    }
  }
  const text = [parts.join(" ").trim(), ...context].filter(Boolean).join("\n\n");
  return { text, images };
}

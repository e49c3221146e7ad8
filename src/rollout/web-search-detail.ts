import { isJsonObject } from "../util/json.js";

/** What upstream's UI names a web search by: its query, the page it opened, or the text it looked for there. */
export function webSearchDetail(query: string, action: Record<string, unknown> | null): string {
  const field = (key: string) => (typeof action?.[key] === "string" ? action[key] : "");
  if (action?.type === "open_page") return field("url");
  if (action?.type === "find_in_page") return `'${field("pattern")}' in ${field("url")}`;
  return query || field("query");
}

/** The detail of a recorded `web_search_call` item. */
export function webSearchCallDetail(raw: Readonly<Record<string, unknown>>): string {
  return webSearchDetail("", isJsonObject(raw.action) ? raw.action : null);
}

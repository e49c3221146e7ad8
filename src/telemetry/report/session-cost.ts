// What LiteLLM charged for a recorded session so far, from the usage log: a session opened again
// (ACP's session/load and session/resume) shows its whole cost, not only the turns run since.

import { readUsage } from "./read-usage.js";

/**
 * The sum of `cost_usd` over the usage log's records of `sessionId` (its subagents' included, as
 * `telemetry sessions` sums them); null when unknown: no record of it, a record without a cost,
 * or a log that cannot be read.
 */
export async function recordedSessionCost(logFile: string, sessionId: string): Promise<number | null> {
  let sum: number | null = 0;
  let records = 0;
  try {
    await readUsage(logFile, { sessions: [sessionId] }, ({ record }) => {
      if (record.session_id !== sessionId) return; // the filter also takes id prefixes
      records += 1;
      sum = sum === null || record.cost_usd === null ? null : sum + record.cost_usd;
    });
  } catch {
    return null;
  }
  return records === 0 ? null : sum;
}

// `codex-litellm acp` through the real LiteLLM proxy: the editor's scenario (permissions, diff,
// command output, end_turn) with the window from the proxy's model info and the cost LiteLLM
// computes from its prices.
import { describe, expect, it } from "vitest";
import { useLiteLLM } from "../support/litellm.js";
import { acpHome, ASKING, permissionScript, runPermissionScenario } from "./acp-scenario.js";

const ll = useLiteLLM();
const MODEL = "fake-priced-acp";

describe.skipIf(!ll.available)("codex-litellm acp through the real LiteLLM proxy", () => {
  it("prompt → permissions granted → diff and output → usage_update with LiteLLM's cost → end_turn", async () => {
    await ll.fake.setScript(MODEL, permissionScript());
    const home = acpHome(ll.openaiBaseUrl, MODEL, ASKING, 'wire_api = "chat"\n');
    await runPermissionScenario({
      home,
      env: { LITELLM_API_KEY: ll.masterKey },
      model: MODEL,
      secret: ll.masterKey,
      // The proxy's model_info for its priced models: an 8,192-token window, $1 / $2 per million tokens.
      window: 8192,
      cost: (amount) => expect(amount).toBeCloseTo((1000 + 1200 + 1400) * 1e-6 + (50 + 40 + 30) * 2e-6, 10),
    });
  });
});

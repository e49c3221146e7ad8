import { formatWithSeparators } from "../../util/numbers.js";
import { Box, Text } from "ink";
import React, { useEffect, useRef, useState } from "react";
import { connectToProxy, probeProxy, type ProxyConnection } from "../../agent/model-choices.js";
import { WINDOW_SOURCE_TEXT } from "../../agent/model-profile.js";
import { ONBOARDING_ENV_KEY, saveOnboarding } from "../../config/onboarding.js";
import type { ProviderConfig } from "../../config/providers.js";
import type { WireApi } from "../../config/schema.js";
import { SelectList } from "./SelectList.js";
import { TextInput } from "./TextInput.js";
import { errorMessage } from "../../util/errors.js";

type Step =
  | { step: "url"; error?: string }
  | { step: "checking"; what: string }
  | { step: "key"; url: string; error?: string }
  | { step: "model"; url: string; key: string; proxy: ProxyConnection }
  | { step: "window"; url: string; key: string; model: string; found: string; error?: string }
  | { step: "saving" }
  | { step: "saved" };

export interface OnboardingProps {
  codexHome: string;
  defaultUrl: string;
  wireApi: WireApi;
  /** The litellm provider already in config.toml: its headers, key header and CA file are used. */
  configured?: ProviderConfig;
  /** Called with the key as soon as it is typed, before it is sent or anything can print it (the session's redactor). */
  registerSecret: (key: string) => void;
  /** Debug-log hook: each step is an event. */
  event: (name: string, fields?: Record<string, unknown>) => void;
  onDone: () => void;
}

/** First run (or `login` from the UI): proxy URL (checked), API key (hidden), default model. */
export function Onboarding({
  codexHome,
  defaultUrl,
  wireApi,
  configured,
  registerSecret,
  event,
  onDone,
}: OnboardingProps) {
  const [state, setState] = useState<Step>({ step: "url" });
  // One step at a time: a second Enter pressed before the screen changes (a slow proxy, a busy
  // machine) would start the step again, and its late answer would undo the steps after it.
  const busy = useRef(false);
  const oneAtATime =
    <A extends unknown[]>(step: (...args: A) => Promise<void>) =>
    async (...args: A): Promise<void> => {
      if (busy.current) return;
      busy.current = true;
      try {
        await step(...args);
      } finally {
        busy.current = false;
      }
    };

  const submitUrl = oneAtATime(async (typed: string) => {
    const url = typed || defaultUrl;
    event("onboarding.url", { url });
    setState({ step: "checking", what: `Checking ${url}…` });
    const problem = await probeProxy(url, configured);
    event("onboarding.url_checked", { url, ok: problem === null, problem });
    setState(problem ? { step: "url", error: `${problem}. Check the URL and try again.` } : { step: "key", url });
  });

  const submitKey = oneAtATime(async (url: string, key: string) => {
    if (!key) return setState({ step: "key", url, error: "The key is empty." });
    registerSecret(key);
    setState({ step: "checking", what: `Listing models at ${url}…` });
    try {
      const proxy = await connectToProxy(url, key, wireApi, configured);
      event("onboarding.key_accepted", { url: proxy.baseUrl, models: proxy.models.length });
      setState({ step: "model", url: proxy.baseUrl, key, proxy });
    } catch (err) {
      event("onboarding.key_rejected", { url });
      setState({ step: "key", url, error: errorMessage(err) });
    }
  });

  const chooseModel = oneAtATime(async (s: Extract<Step, { step: "model" }>, model: string) => {
    setState({ step: "checking", what: `Looking up ${model}'s context window…` });
    const discovered = await s.proxy.contextWindow(model);
    event("onboarding.window_discovered", { model, window: discovered.window, source: discovered.source });
    setState({
      step: "window",
      url: s.url,
      key: s.key,
      model,
      found: `${formatWithSeparators(discovered.window)} tokens from ${WINDOW_SOURCE_TEXT[discovered.source]}`,
    });
  });

  /** Enter keeps discovering each model's window (nothing is written); a number is saved as model_context_window. */
  const submitWindow = oneAtATime(async (s: Extract<Step, { step: "window" }>, typed: string) => {
    const contextWindow = typed ? Number(typed.replace(/[_,]/g, "")) : undefined;
    if (contextWindow !== undefined && !(Number.isInteger(contextWindow) && contextWindow > 0))
      return setState({ ...s, error: `"${typed}" is not a number of tokens.` });
    setState({ step: "saving" });
    await saveOnboarding(codexHome, { baseUrl: s.url, apiKey: s.key, model: s.model, wireApi, contextWindow });
    event("onboarding.saved", { model: s.model, model_context_window: contextWindow ?? null });
    setState({ step: "saved" });
  });
  // Done once the "saved" line is drawn: it, not "Saving…", is what stays above the session.
  useEffect(() => {
    if (state.step === "saved") onDone();
  }, [state.step, onDone]);

  return (
    <Box flexDirection="column" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold>Welcome to codex-litellm — let's connect to your LiteLLM proxy.</Text>
      {state.step === "url" ? (
        <Box flexDirection="column">
          {state.error ? <Text color="red">{state.error}</Text> : null}
          <TextInput
            key={`url-${state.error ?? ""}`}
            label={`LiteLLM proxy URL [${defaultUrl}]: `}
            onSubmit={(v) => void submitUrl(v)}
          />
        </Box>
      ) : state.step === "saved" ? (
        <Text color="green">✓ Saved config.toml and CODEX_HOME/.env</Text>
      ) : state.step === "checking" || state.step === "saving" ? (
        <Text dimColor>{state.step === "saving" ? "Saving config.toml and CODEX_HOME/.env…" : state.what}</Text>
      ) : state.step === "key" ? (
        <Box flexDirection="column">
          <Text color="green">✓ {state.url} is reachable</Text>
          {state.error ? <Text color="red">{state.error}</Text> : null}
          <TextInput
            key={`key-${state.error ?? ""}`}
            label={`API key (saved as ${ONBOARDING_ENV_KEY} in CODEX_HOME/.env): `}
            mask
            onSubmit={(v) => void submitKey(state.url, v)}
          />
        </Box>
      ) : state.step === "window" ? (
        <Box flexDirection="column">
          <Text color="green">
            ✓ {state.model}: context window {state.found}
          </Text>
          {state.error ? <Text color="red">{state.error}</Text> : null}
          <TextInput
            key={`window-${state.error ?? ""}`}
            label="Context window in tokens (Enter: discover each model's at start): "
            onSubmit={(v) => void submitWindow(state, v.trim())}
          />
        </Box>
      ) : (
        <SelectList
          filterable
          title={`Default model (${state.proxy.models.length} served by the proxy)`}
          items={state.proxy.models.map((id) => ({ label: id, value: id }))}
          onSelect={(m) => void chooseModel(state, m)}
          onCancel={() => setState({ step: "url" })}
        />
      )}
    </Box>
  );
}

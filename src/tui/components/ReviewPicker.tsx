import { Box, Text } from "ink";
import React, { useEffect, useState } from "react";
import { useKeys } from "./use-keys.js";
import type { ReviewTarget } from "../../protocol/review.js";
import type { TuiHost } from "../host.js";
import { startReview } from "../review-command.js";
import { baseBranchChoices, commitChoices, type CommitChoice } from "../review-choices.js";
import { SelectList } from "./SelectList.js";
import { TextInput } from "./TextInput.js";

type Step = "preset" | "branch" | "commit" | "custom";

const PRESETS: { label: string; detail?: string; value: Step | "uncommitted" }[] = [
  { label: "Review against a base branch", detail: "(PR style)", value: "branch" },
  { label: "Review uncommitted changes", value: "uncommitted" },
  { label: "Review a commit", value: "commit" },
  { label: "Custom review instructions", value: "custom" },
];

/** /review: upstream's presets, then the branch, the commit or the instructions. */
export function ReviewPicker({ host, onDone }: { host: TuiHost; onDone: () => void }) {
  const [step, setStep] = useState<Step>("preset");
  const start = (target: ReviewTarget) => {
    onDone();
    void startReview(host, target);
  };
  if (step === "preset")
    return (
      <SelectList
        title="Select a review preset"
        items={PRESETS}
        onSelect={(value) => (value === "uncommitted" ? start({ type: "uncommittedChanges" }) : setStep(value))}
        onCancel={onDone}
      />
    );
  const cwd = host.config?.cwd ?? process.cwd();
  if (step === "branch") return <BranchStep cwd={cwd} onPick={start} onCancel={onDone} />;
  if (step === "commit") return <CommitStep cwd={cwd} onPick={start} onCancel={onDone} />;
  return <CustomStep onPick={start} onCancel={onDone} />;
}

interface StepProps {
  onPick: (target: ReviewTarget) => void;
  onCancel: () => void;
}

function useLoaded<T>(load: () => Promise<T>): T | null {
  const [value, setValue] = useState<T | null>(null);
  // Loaded once, when the step opens.
  useEffect(() => {
    void load().then(setValue);
  }, []);
  return value;
}

function BranchStep({ cwd, onPick, onCancel }: StepProps & { cwd: string }) {
  const branches = useLoaded(() => baseBranchChoices(cwd));
  if (!branches) return <Text dimColor>Looking for branches…</Text>;
  if (branches.length === 0) return <Nothing text="No other local branch to compare with." onCancel={onCancel} />;
  return (
    <SelectList
      filterable
      title="Select a base branch"
      items={branches.map((branch) => ({ label: branch, value: branch }))}
      onSelect={(branch) => onPick({ type: "baseBranch", branch })}
      onCancel={onCancel}
    />
  );
}

function CommitStep({ cwd, onPick, onCancel }: StepProps & { cwd: string }) {
  const commits = useLoaded(() => commitChoices(cwd));
  if (!commits) return <Text dimColor>Looking for commits…</Text>;
  if (commits.length === 0) return <Nothing text="No commits to review." onCancel={onCancel} />;
  return (
    <SelectList<CommitChoice>
      filterable
      title="Select a commit to review"
      items={commits.map((c) => ({ label: c.subject || c.sha.slice(0, 7), detail: c.sha.slice(0, 7), value: c }))}
      onSelect={(c) => onPick({ type: "commit", sha: c.sha, title: c.subject || null })}
      onCancel={onCancel}
    />
  );
}

function CustomStep({ onPick, onCancel }: StepProps) {
  useKeys((_input, key) => {
    if (key.escape) onCancel();
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>Custom review instructions</Text>
      <TextInput label="› " onSubmit={(text) => (text ? onPick({ type: "custom", instructions: text }) : onCancel())} />
      <Text dimColor>Enter start the review · Esc cancel</Text>
    </Box>
  );
}

function Nothing({ text, onCancel }: { text: string; onCancel: () => void }) {
  useKeys((_input, key) => {
    if (key.escape || key.return) onCancel();
  });
  return <Text dimColor>{text} (Esc)</Text>;
}

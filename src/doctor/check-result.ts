/** `warn`: works, but not as well as it could (does not change the exit code). */
export type CheckStatus = "ok" | "warn" | "fail" | "skip";

export interface DoctorCheck {
  /** What was checked, e.g. "key" or "mcp docs". */
  name: string;
  status: CheckStatus;
  /** One line: what was looked at and what was found. */
  detail: string;
  /** How to fix it (failed checks and warnings, sometimes skipped ones). */
  hint?: string;
}

export const ok = (name: string, detail: string): DoctorCheck => ({ name, status: "ok", detail });
export const warn = (name: string, detail: string, hint: string): DoctorCheck => ({
  name,
  status: "warn",
  detail,
  hint,
});
export const fail = (name: string, detail: string, hint?: string): DoctorCheck => ({
  name,
  status: "fail",
  detail,
  ...(hint && { hint }),
});
export const skip = (name: string, detail: string, hint?: string): DoctorCheck => ({
  name,
  status: "skip",
  detail,
  ...(hint && { hint }),
});

export { hasFailures, runDoctor, type DoctorOptions } from "./checks.js";
export type { CheckStatus, DoctorCheck } from "./check-result.js";
export { formatChecks } from "./format.js";
export { formatBytes } from "./local-checks.js";

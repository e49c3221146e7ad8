export {
  formatBytes,
  hasFailures,
  runDoctor,
  type CheckStatus,
  type DoctorCheck,
  type DoctorOptions,
} from "./checks.js";
export { formatChecks } from "./format.js";

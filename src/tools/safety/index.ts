export { isHostProgram, type ProgramLookup } from "./host-program.js";
export { isKnownSafeCommand, isSafeToCallWithExec, shellScriptOf, type HostProgramCheck } from "./safe-commands.js";
export { parsePlainCommands, type ShellWord } from "./shell-parse.js";

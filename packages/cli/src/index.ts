/** The CLI's library surface: what the commands do, callable without spawning a process. */
export { formatDiagnostics, type OutputFormat } from "./report.js";
export { readConfigFile, substituteEnv, type LoadedConfig } from "./config-file.js";
export { main } from "./main.js";

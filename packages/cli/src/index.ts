/** The CLI's library surface: the command in-process (docs/cli.md, "Exit codes"). */
export { main } from "./main.js";

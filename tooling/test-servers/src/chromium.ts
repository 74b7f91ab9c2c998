/**
 * Debian's chromium driven by playwright-core, launched the one way this project launches it
 * (headless, no sandbox as root, nothing fetched from the network). No browser is downloaded:
 * install it with `apt-get install chromium`, or point CHROMIUM_PATH at another binary.
 */
import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--no-first-run",
] as const;

export async function launchChromium(
  options: { extraArgs?: string[]; handleSignals?: boolean } = {},
): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH))
    throw new Error(
      `no chromium at ${CHROMIUM_PATH}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`,
    );
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, ...(options.extraArgs ?? [])],
    handleSIGINT: options.handleSignals ?? true,
    handleSIGTERM: options.handleSignals ?? true,
    handleSIGHUP: options.handleSignals ?? true,
  });
}

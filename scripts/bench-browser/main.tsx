/**
 * The browser bench page: `window.bench` mounts forms and records keystroke latencies; the
 * driver (scripts/bench-browser.ts) builds this page with Vite, loads it in Chromium and calls it.
 * All timing happens here, with performance.now(); the driver only sends keys and collects.
 */
import type { ReactElement } from "react";
import { createRoot, type Root } from "react-dom/client";
import Form, { getDefaultRegistry } from "@rjsf/core";
import { ConnectionForm, type Config } from "@onespec/forms";
import "@onespec/forms/styles.css";
import * as largest from "@bench-forms/largest";
import * as oneField from "@bench-forms/one-field";
import * as oneOf from "@bench-forms/oneof";
import * as conditional from "@bench-forms/conditional";
import {
  CONDITIONAL,
  ONE_FIELD,
  ONEOF,
  SELECTED_BRANCH,
  type BenchApi,
  type KeystrokeSamples,
  type MountVariant,
  type TypingVariant,
} from "./protocol.js";

const oneOfData: Config = {
  name: "bench",
  [ONEOF.property]: { [ONEOF.discriminator]: ONEOF.tag(SELECTED_BRANCH) },
};
const oneOfTarget = `#root_${ONEOF.property}_${ONEOF.field}`;
const oneFieldTarget = `#root_${ONE_FIELD.field}`;
// Every rule on: the ten fields the rules bring in are shown, and each render resolves all ten.
const conditionalData: Config = {
  name: "bench",
  ...Object.fromEntries(
    Array.from({ length: CONDITIONAL.rules }, (_, i) => [CONDITIONAL.flag(i), "on"]),
  ),
};
const conditionalTarget = `#root_${CONDITIONAL.field}`;

function formFor(variant: MountVariant | TypingVariant): { element: ReactElement; target: string } {
  switch (variant) {
    case "one-field":
      return { element: <ConnectionForm connector={oneField} />, target: oneFieldTarget };
    case "largest":
      return { element: <ConnectionForm connector={largest} />, target: "" };
    case "largest-rjsf":
      return {
        element: (
          <Form
            schema={largest.schema}
            uiSchema={largest.uiSchema}
            validator={largest.createFormValidator()}
          />
        ),
        target: "",
      };
    case "plain-input":
      return {
        element: <input id="plain" type="text" aria-label="Plain input" />,
        target: "#plain",
      };
    case "oneof":
      return {
        element: <ConnectionForm connector={oneOf} formData={oneOfData} />,
        target: oneOfTarget,
      };
    case "conditional":
      return {
        element: <ConnectionForm connector={conditional} formData={conditionalData} />,
        target: conditionalTarget,
      };
    case "oneof-rjsf-field":
      return {
        element: <ConnectionForm connector={oneOf} formData={oneOfData} fields={rjsfOneOf} />,
        target: oneOfTarget,
      };
  }
}

/** RJSF's own OneOfField (MultiSchemaField), in place of onespec's DiscriminatedOneOfField. */
const rjsfOneOf = { OneOfField: getDefaultRegistry().fields.OneOfField };

/** Resolves with performance.now() in the first task after the next frame was produced. */
function afterNextPaint(): Promise<number> {
  return new Promise((resolve) =>
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }),
  );
}

const stage = document.getElementById("stage")!;
let root: Root | undefined;
let host: HTMLElement | undefined;

async function fresh(): Promise<HTMLElement> {
  root?.unmount();
  host?.remove();
  root = undefined;
  window.gc?.();
  await afterNextPaint();
  host = document.createElement("div");
  stage.append(host);
  return host;
}

// Keystrokes: one record per keydown, finished after the frame that follows its input event.
let recording = false;
let current: { start: number; input?: number } | undefined;
let samples: KeystrokeSamples = { handler: [], work: [], paint: [] };
let waiting: { count: number; resolve: () => void }[] = [];

addEventListener(
  "keydown",
  (event) => {
    if (recording && event.target instanceof HTMLInputElement) current = { start: event.timeStamp };
  },
  true,
);
// Capturing at window is the first listener the input event reaches; bubbling to window comes
// after React's listener on its root and after the microtask checkpoint that follows it, so by
// then React has rendered and committed the change (and run the effects of that discrete update).
addEventListener(
  "input",
  () => {
    if (current) current.input = performance.now();
  },
  true,
);
addEventListener("input", () => {
  const record = current;
  if (!record || record.input === undefined) return;
  current = undefined;
  const handled = performance.now();
  void afterNextPaint().then((at) => {
    samples.handler.push(handled - record.input!);
    samples.work.push(handled - record.start);
    samples.paint.push(at - record.start);
    waiting = waiting.filter((w) =>
      samples.paint.length >= w.count ? (w.resolve(), false) : true,
    );
  });
});

const bench: BenchApi = {
  async mount(variant) {
    const into = await fresh();
    const { element } = formFor(variant);
    let inDom = 0;
    const ready = new Promise<void>((resolve) => {
      const observer = new MutationObserver(() => {
        if (!into.querySelector("form, input")) return;
        inDom = performance.now();
        observer.disconnect();
        resolve();
      });
      observer.observe(into, { childList: true, subtree: true });
    });
    const started = performance.now();
    root = createRoot(into);
    root.render(element);
    await ready;
    const painted = await afterNextPaint();
    return {
      dom: inDom - started,
      paint: painted - started,
      inputs: into.querySelectorAll("input, select, textarea").length,
    };
  },
  async startTyping(variant) {
    const into = await fresh();
    const { element, target } = formFor(variant);
    root = createRoot(into);
    root.render(element);
    for (let i = 0; i < 100 && !into.querySelector(target); i++) await afterNextPaint();
    const input = into.querySelector<HTMLInputElement>(target);
    if (!input) throw new Error(`${variant}: no ${target} in the form`);
    input.focus();
    await afterNextPaint();
    samples = { handler: [], work: [], paint: [] };
    waiting = [];
    recording = true;
  },
  measured(count) {
    if (samples.paint.length >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`keystroke ${count} not measured within 5 s (no input event?)`)),
        5000,
      );
      waiting.push({ count, resolve: () => (clearTimeout(timer), resolve()) });
    });
  },
  stopTyping() {
    recording = false;
    current = undefined;
    return samples;
  },
  focusedValue() {
    const el = document.activeElement;
    return el instanceof HTMLInputElement ? el.value : "";
  },
};
window.bench = bench;

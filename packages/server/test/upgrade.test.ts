/**
 * Saved connections of an older connector version, upgraded on read (tooling/test-fixtures/history:
 * real specs and their next versions): the API shows them upgraded and says so, a test or a
 * validation runs the upgraded config with the secrets at their new places, and saving stores
 * the upgrade with the current version. No secret value leaves the server.
 */
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HISTORY_DIR } from "@onespec/test-fixtures";
import { MASK } from "@onespec/runtime";
import { ConnectionStore, buildApp, catalogFromSchemas } from "../src/index.js";

const tmp = mkdtempSync(path.join(os.tmpdir(), "onespec-server-upgrade-"));
let store: ConnectionStore;
let app: ReturnType<typeof buildApp>;
const bodies: string[] = [];
const SECRETS = ["sk_live_S3CRET", "tok_S3CRET", "sk_both_S3CRET"];

const STRIPE_V1 = {
  account_id: "acct_1",
  client_secret: "sk_live_S3CRET",
  start_date: "2023-01-01T00:00:00Z",
};
const JIRA_V1 = {
  domain: "acme.atlassian.net",
  email: "ann@example.com",
  api_token: "tok_S3CRET",
  expand_issue_changelog: true,
};
let stripe: string;
let jira: string;
let current: string;

beforeAll(async () => {
  store = new ConnectionStore(path.join(tmp, "connections.db"));
  // As a serve of 1.0.0 saved them: secrets at 1.0.0's secret paths, the version beside.
  stripe = store.create("source-stripe", "Stripe", STRIPE_V1, ["/client_secret"], "1.0.0").id;
  jira = store.create("source-jira", "Jira", JIRA_V1, ["/api_token"], "1.0.0").id;
  current = store.create(
    "source-stripe",
    "Now",
    { ...STRIPE_V1, client_secret: undefined, secret_key: "sk_x" },
    ["/secret_key"],
    "3.0.0",
  ).id;
  const catalog = await catalogFromSchemas({ schemas: path.join(HISTORY_DIR, "v3") });
  app = buildApp({ catalog, store });
});
afterAll(async () => {
  await app?.close();
  store?.close();
  rmSync(tmp, { recursive: true, force: true });
});

async function api(method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const r = await app.inject({
    method,
    url,
    ...(payload !== undefined && { payload: payload as object }),
  });
  bodies.push(r.body);
  return { status: r.statusCode, json: r.json<any>() };
}

describe("saved connections of an older connector version in serve", () => {
  it("are shown upgraded, saying from which version; secrets masked at their new places", async () => {
    const { json: list } = await api("GET", "/api/connections");
    const byId = new Map<string, any>(list.map((c: { id: string }) => [c.id, c]));
    expect(byId.get(stripe)).toMatchObject({
      connectorVersion: "3.0.0",
      upgradedFrom: "1.0.0",
      config: { account_id: "acct_1", secret_key: MASK, start_date: "2023-01-01T00:00:00Z" },
    });
    expect(byId.get(stripe)!.config).not.toHaveProperty("client_secret");
    expect(byId.get(jira)).toMatchObject({
      connectorVersion: "3.0.0",
      upgradedFrom: "1.0.0",
      config: {
        domain: "acme.atlassian.net",
        credentials: { auth_type: "api_token", email: "ann@example.com", api_token: MASK },
        expand_changelog: true,
      },
    });
    // Saved for the current version: as stored, nothing said.
    expect(byId.get(current)).toMatchObject({ connectorVersion: "3.0.0" });
    expect(byId.get(current)).not.toHaveProperty("upgradedFrom");
    const { json: one } = await api("GET", `/api/connections/${jira}`);
    expect(one.upgradedFrom).toBe("1.0.0");
  });

  it("validate with the connection runs the upgraded config, its secrets moved with it", async () => {
    for (const [name, id] of [
      ["source-stripe", stripe],
      ["source-jira", jira],
    ])
      expect(
        (await api("POST", `/api/connectors/${name}/validate`, { connectionId: id })).json,
      ).toEqual({
        valid: true,
        problems: [],
      });
  });

  it("saving stores the upgrade: the current version, the secret at its new pointer, still encrypted", async () => {
    const { json: shown } = await api("GET", `/api/connections/${stripe}`);
    const saved = await api("PUT", `/api/connections/${stripe}`, { config: shown.config });
    expect(saved.status).toBe(200);
    expect(saved.json).toMatchObject({ connectorVersion: "3.0.0", config: { secret_key: MASK } });
    expect(saved.json).not.toHaveProperty("upgradedFrom");
    expect(store.get(stripe)!.connectorVersion).toBe("3.0.0");
    expect(store.secrets(stripe)).toEqual([{ pointer: "/secret_key", value: "sk_live_S3CRET" }]);
    const again = await api("GET", `/api/connections/${stripe}`);
    expect(again.json).not.toHaveProperty("upgradedFrom");
  });

  it("a connection whose migration cannot apply is shown as stored, with why", async () => {
    const both = store.create(
      "source-stripe",
      "Both",
      { ...STRIPE_V1, client_secret: "sk_both_S3CRET", secret_key: "sk_both_S3CRET" },
      ["/client_secret", "/secret_key"],
      "1.0.0",
    ).id;
    const { json } = await api("GET", `/api/connections/${both}`);
    expect(json).toMatchObject({ connectorVersion: "1.0.0" });
    expect(json.upgradeProblem).toMatch(/step 1 \(rename\): config \/secret_key is already set/);
  });

  it("no response carried a secret value", () => {
    for (const body of bodies) for (const secret of SECRETS) expect(body).not.toContain(secret);
  });
});

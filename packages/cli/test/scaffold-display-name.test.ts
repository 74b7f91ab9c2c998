import { describe, expect, it } from "vitest";
import { defaultDisplayName } from "../src/scaffold/answers.js";

describe("the display name a scaffolded connector gets from its name", () => {
  it.each([
    ["acme-crm", "Acme CRM"],
    ["salesforce", "Salesforce"],
    ["google-sheets", "Google Sheets"],
    ["aws-s3", "AWS S3"],
    ["internal_erp_api", "Internal ERP API"],
    ["my-db", "My DB"],
    ["crmish", "Crmish"],
  ])("%s → %s", (name, display) => expect(defaultDisplayName(name)).toBe(display));
});

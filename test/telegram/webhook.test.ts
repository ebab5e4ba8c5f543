import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { updates } from "../fakes/telegram-api.js";
import { startHarness, type Harness } from "./harness.js";

const SECRET = "s3cret_Token-42";

describe("Telegram webhook mode", () => {
  let h: Harness;
  let url: string;
  beforeEach(async () => {
    h = await startHarness({
      env: { TELEGRAM_WEBHOOK_URL: "https://herald.example/telegram/updates", TELEGRAM_WEBHOOK_SECRET: SECRET },
      options: { webhookListen: { port: 0, host: "127.0.0.1" } },
    });
    url = `http://127.0.0.1:${h.adapter.webhookAddress()!.port}/telegram/updates`;
  });
  afterEach(async () => {
    await h.close();
  });

  const post = (body: unknown, secret?: string) =>
    fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}) },
      body: JSON.stringify(body),
    });

  it("registers the webhook with its secret instead of polling", async () => {
    const [call] = h.fake.callsOf("setWebhook");
    expect(call!.payload.url).toBe("https://herald.example/telegram/updates");
    expect(call!.payload.secret_token).toBe(SECRET);
    expect(h.fake.callsOf("deleteWebhook")).toHaveLength(0);
  });

  it("refuses an update without the secret header or with a wrong one", async () => {
    const update = { update_id: 1, ...updates.command("/headline", updates.privateChat) };
    expect((await post(update)).status).toBe(401);
    expect((await post(update, "wrong")).status).toBe(401);
    expect(h.fake.callsOf("sendMessage")).toHaveLength(0);
  });

  it("handles an update carrying the right secret", async () => {
    const since = h.fake.mark();
    const response = await post({ update_id: 2, ...updates.command("/headline", updates.privateChat) }, SECRET);
    expect(response.status).toBe(200);
    const call = await h.fake.waitFor("sendMessage", { since });
    expect(call.payload.text).toContain("Harbour");
  });

  it("answers 404 off the webhook path and 400 to a body that is not an update", async () => {
    expect((await fetch(url.replace("/updates", "/other"), { method: "POST", body: "{}" })).status).toBe(404);
    const bad = await fetch(url, { method: "POST", headers: { "x-telegram-bot-api-secret-token": SECRET }, body: "not json" });
    expect(bad.status).toBe(400);
    expect((await fetch(url.replace("/telegram/updates", "/healthz"))).status).toBe(200);
  });
});

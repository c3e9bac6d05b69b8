import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import { signIn } from "../helpers/dashboard.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

describe("the reports inbox and the user card in the widget", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;
  let spamEventId: string;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 1, members: 2, extraRooms: 1 }, async () => ({ REPORTS_POLL_SECONDS: "0" }));
    const [reporter, spammer] = [rig.c.members[0]!, rig.c.members[1]!];
    spamEventId = await spammer.client.send(rig.c.defaultRoom.roomId, "Free crypto at example.invalid");
    await reporter.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(rig.c.defaultRoom.roomId)}/report/${encodeURIComponent(spamEventId)}`, { reason: "crypto spam" });
    // A second report stays open, for the reporter's card.
    const other = await spammer.client.send(rig.c.defaultRoom.roomId, "and another thing");
    await reporter.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(rig.c.defaultRoom.roomId)}/report/${encodeURIComponent(other)}`, { reason: "rude" });
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Moderation" }).click();
  });
  afterAll(() => rig?.close());

  it("opens a report, removes the message, bans the sender everywhere and dismisses it, each after a preview", async () => {
    const spammer = rig.c.members[1]!;
    await widget.getByRole("tab", { name: "Reports" }).click();
    await widget.locator(`[data-list="reports"] [data-event-id="${spamEventId}"] button`).click();
    const detail = widget.locator('[data-view="report-detail"]');
    expect(await detail.locator('[data-event="message"]').textContent()).toBe("Free crypto at example.invalid");
    expect(await detail.locator("[data-reason]").textContent()).toBe("crypto spam");
    await screenshot(rig.page.locator("iframe"), "screenshot-report.png");

    const redact = detail.locator('[data-report-action="redact"]');
    await redact.locator("summary").click();
    await redact.getByRole("button", { name: "Preview" }).click();
    await redact.locator('[data-preview="report-redact"]').waitFor();
    await redact.getByRole("button", { name: "Remove the message" }).click();
    await detail.locator('[data-event="redacted"]').waitFor();

    const moderate = detail.locator('[data-report-action="moderate"]');
    await moderate.locator("summary").click();
    await moderate.locator('[data-moderate="ban-all"]').click();
    await moderate.getByRole("button", { name: "Preview" }).click();
    const preview = moderate.locator('[data-preview="moderate-ban"]');
    expect(await preview.locator('[data-summary="count"] summary').textContent()).toBe("3");
    await moderate.getByRole("button", { name: /^Ban from every managed room in 3 rooms$/ }).click();
    await expect.poll(() => moderate.locator("[data-job]").getAttribute("data-state"), { timeout: 30_000 }).toBe("done");

    const dismiss = detail.locator('[data-report-action="dismiss"]');
    await dismiss.locator("summary").click();
    await dismiss.getByRole("button", { name: "Preview" }).click();
    await dismiss.getByRole("button", { name: /^Dismiss report \d+$/ }).click();
    await dismiss.getByRole("button", { name: "Back to the reports" }).click();
    await widget.locator('[data-view="reports"][aria-busy]').waitFor({ state: "detached" });
    expect(await widget.locator(`[data-list="reports"] [data-event-id="${spamEventId}"]`).count()).toBe(0);

    const token = await signIn(rig.dash, rig.c.moderators[0]!);
    const audit = (await rig.dash.api("GET", `/api/audit?target=${encodeURIComponent(spammer.userId)}`, { token })).body.map((r: any) => r.action);
    expect(audit).toEqual(expect.arrayContaining(["reports.redact", "moderation.ban", "reports.dismiss"]));
  });

  it("shows a person's card from the People section and from the audit log, and acts from it", async () => {
    const [reporter, spammer] = [rig.c.members[0]!, rig.c.members[1]!];
    await widget.getByRole("tab", { name: "People" }).click();
    const lookup = widget.locator('[data-form="user-lookup"]');
    await lookup.getByLabel("Matrix ID").fill(reporter.userId);
    await lookup.getByRole("button", { name: "Show" }).click();
    const card = widget.locator(`#moderation-panel-people [data-view="user-card"][data-user-id="${reporter.userId}"]`);
    await card.locator('[data-list="user-rooms"]').waitFor();
    expect(await card.locator(`[data-room-id="${rig.c.defaultRoom.roomId}"]`).getAttribute("data-membership")).toBe("join");
    expect(await card.locator('[data-section="reports-by"] [data-report-id]').count()).toBe(1);

    // Set a level from the card, through rooms.set-power-level.
    const level = card.locator('[data-form="card-level"]');
    await level.getByLabel("Level in").selectOption(rig.c.defaultRoom.roomId);
    await level.getByLabel("New level").fill("10");
    await level.getByRole("button", { name: "Set the level" }).click();
    await expect.poll(() => card.locator(`[data-room-id="${rig.c.defaultRoom.roomId}"] .level`).getAttribute("data-level")).toBe("10");
    await screenshot(rig.page.locator("iframe"), "screenshot-user-card.png");

    await widget.getByRole("tab", { name: "Audit" }).click();
    const row = widget.locator('tr[data-audit-action="moderation.ban"]').first();
    await row.locator(`[data-action="user-card"][data-user="${spammer.userId}"]`).click();
    const spammerCard = row.locator('[data-view="user-card"]');
    await spammerCard.locator('[data-list="user-rooms"]').waitFor();
    expect(await spammerCard.locator(`[data-room-id="${rig.c.defaultRoom.roomId}"]`).getAttribute("data-membership")).toBe("ban");
    expect(await spammerCard.locator('[data-section="audit"] [data-audit-action="reports.dismiss"]').count()).toBe(1);
  });
});

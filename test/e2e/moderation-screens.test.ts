import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import type { FrameLocator } from "playwright-core";
import { ANNOUNCEMENT_MARKER } from "../../server/features/announcements/announce.ts";
import { signIn } from "../helpers/dashboard.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";
import { englishLeft } from "./english-left.ts";

const hs = inject("synapse");

describe("the Moderation and Audit screens in the widget", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 2, members: 1, extraRooms: 3 });
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Moderation" }).click();
  });
  afterAll(() => rig?.close());

  it("announces to chosen rooms: rendered preview, a progress bar that reaches done, the message in every room", async () => {
    const form = widget.locator('[data-form="announce"]');
    await form.getByLabel("Message").fill("**Meetup** on Friday, see [the wiki](https://example.org/wiki).");
    await form.getByLabel("Send to").selectOption("rooms");
    const picker = form.locator('[data-picker="rooms"]');
    await picker.getByRole("searchbox").fill("Group");
    await picker.getByRole("button", { name: "Choose all shown" }).click();
    expect(await picker.locator("input:checked").count()).toBe(3);
    await form.getByLabel("Pin it in each room").check();
    await form.getByRole("button", { name: "Preview" }).click();

    const preview = form.locator('[data-preview="announce"]');
    await preview.waitFor();
    expect(await preview.locator(".message-preview strong").textContent()).toBe("Meetup");
    expect(await preview.locator(".message-preview a").getAttribute("href")).toBe("https://example.org/wiki");
    expect(await preview.locator('[data-summary="count"] dd').textContent()).toBe("3");
    expect(await preview.locator('[data-summary="skipped"] dd').textContent()).toBe("0");
    expect(await preview.locator('[data-summary="limited"]').count()).toBe(0);
    await form.getByRole("button", { name: "Send to 3 rooms" }).dblclick();

    const job = widget.locator("#moderation-panel-announce [data-job]");
    await expect.poll(() => job.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    const bar = job.getByRole("progressbar");
    expect(await bar.getAttribute("aria-valuenow")).toBe("3");
    expect(await bar.getAttribute("aria-valuemax")).toBe("3");
    await expect.poll(() => job.locator('[data-item-state="done"]').count()).toBe(3);
    expect((await job.locator(".result-key").allTextContents()).sort()).toEqual(["Group 1", "Group 2", "Group 3"]);
    await screenshot(rig.page.locator("iframe"), "screenshot-announcement.png");

    const jobId = (await job.getAttribute("data-job"))!;
    const reader = rig.c.members[0]!.client;
    for (const room of rig.c.rooms) {
      const copies = (await reader.messages(room.roomId, 50)).filter((e) => e.type === "m.room.message" && e.content[ANNOUNCEMENT_MARKER] === jobId);
      expect(copies.length).toBe(1);
      expect(copies[0]!.content.formatted_body).toContain("<strong>Meetup</strong>");
      expect((await reader.state(room.roomId, "m.room.pinned_events")).pinned).toEqual([copies[0]!.event_id]);
    }
    // The double click above started one job.
    const jobs = await rig.dash.api("GET", "/api/audit?action=announcements.send", { token: await signIn(rig.dash, rig.c.moderators[0]!) });
    expect(jobs.body.length).toBe(1);
  });

  it("opens a conflict room for the parties and offers to open it in Element", async () => {
    await widget.getByRole("tab", { name: "Conflict room" }).click();
    const form = widget.locator('[data-form="conflict-room"]');
    const [member, mediator] = [rig.c.members[0]!, rig.c.moderators[1]!];
    await form.getByLabel("People involved").fill(member.userId);
    await form.getByLabel("Mediator").fill(mediator.userId);
    await form.getByLabel("Reason").fill("Disagreement about the meetup venue");
    await form.getByRole("button", { name: "Preview" }).click();
    const preview = form.locator('[data-preview="conflict-room"]');
    await preview.waitFor();
    expect(await preview.locator('[data-summary="encrypted"] dd').textContent()).toBe("On");
    await form.getByRole("button", { name: "Create" }).click();
    const created = widget.locator("#moderation-panel-conflict [data-created-room]");
    await created.waitFor();
    const roomId = (await created.getAttribute("data-created-room"))!;
    await expect.poll(() => created.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await created.locator("[data-link]").getAttribute("href")).toBe(`https://matrix.to/#/${encodeURIComponent(roomId)}`);
    // The same result card as every other result: the room by name with open and copy, and who was invited.
    const card = created.locator("[data-result-card]");
    expect(await card.locator(`[data-result-item="${roomId}"] .result-key`).textContent()).toBe(`Conflict resolution: ${member.userId.slice(1).split(":")[0]}`);
    expect(await card.locator(`[data-result-item="${member.userId}"]`).textContent()).toContain(`${member.userId} invited`);
    await card.locator(`[data-result-item="${roomId}"]`).getByRole("button", { name: /^Open / }).click();
    expect(await rig.navigations()).toContain(`https://matrix.to/#/${encodeURIComponent(roomId)}`);
    const invited = (await rig.c.bot.client.allState(roomId)).filter((e) => e.type === "m.room.member" && e.content.membership === "invite").map((e) => e.state_key);
    expect(invited).toEqual(expect.arrayContaining([member.userId, mediator.userId]));
  });

  it("asks for confirmation naming the rooms before banning across rooms", async () => {
    await widget.getByRole("tab", { name: "Ban and remove" }).click();
    const form = widget.locator('[data-form="cross-room"]');
    await form.getByLabel("User").fill(rig.c.members[0]!.userId);
    await form.getByRole("button", { name: "Preview" }).click();
    const confirm = form.locator('[data-preview="cross-room"]');
    await confirm.waitFor();
    const count = await confirm.locator('[data-summary="count"] dd').textContent();
    expect(Number(count)).toBeGreaterThanOrEqual(3);
    expect(await confirm.locator("h3").textContent()).toBe(`Ban ${rig.c.members[0]!.userId} in ${count} rooms?`);
    // The rooms are named, not just counted.
    expect(await confirm.locator("[data-cross-rooms] li").allTextContents()).toEqual(expect.arrayContaining(["General", "Group 1", "Group 2", "Group 3"]));
    await form.getByRole("button", { name: "Edit" }).click();
    expect(await confirm.count()).toBe(0);
  });

  it("lists the actions in the audit view, filters them and downloads them as CSV", async () => {
    await widget.getByRole("tab", { name: "Audit" }).click();
    const audit = widget.locator('[data-view="audit"]');
    await audit.locator('[data-audit-action="announcements.send"]').waitFor();
    const sent = audit.locator('[data-audit-action="announcements.send"]');
    expect(await sent.textContent()).toContain(rig.c.moderators[0]!.userId);
    // In words, never as action ids; the filter groups its actions under headings in words too.
    expect(await sent.locator(".audit-action").textContent()).toBe("Sent an announcement");
    expect(await sent.textContent()).toContain("3 rooms");
    expect(await sent.textContent()).toContain("OK");
    expect(await audit.locator("tbody").textContent()).not.toMatch(/\b(announcements|moderation|rooms)\.[a-z-]+/);
    expect(await audit.locator("optgroup").evaluateAll((groups) => groups.map((g) => g.getAttribute("label")))).toEqual(expect.arrayContaining(["Rooms and templates", "Moderation"]));
    expect(await audit.getByLabel("Action").locator("option").allTextContents()).not.toContain("moderation.ban");

    await audit.getByLabel("Action").selectOption("moderation.ban");
    await audit.getByText("No entries.").waitFor();
    expect(await audit.locator("[data-audit-action]").count()).toBe(0);
    await audit.getByLabel("Action").selectOption("");
    await audit.locator('[data-audit-action="announcements.send"]').waitFor();

    const [download] = await Promise.all([rig.page.waitForEvent("download"), audit.getByRole("button", { name: "CSV" }).click()]);
    expect(download.suggestedFilename()).toBe("dashboard-audit.csv");
    const csv = readFileSync((await download.path())!, "utf8");
    expect(csv.split("\r\n")[0]).toBe("id,at,actor,actor_kind,action,target,result,detail,request_id");
    expect(csv).toContain('"announcements.send"');
    expect(rig.cspViolations).toEqual([]);
  });

  it("walks every screen in German: no English sentence of the catalogue and no English-only word is on screen", async () => {
    const de = await rig.open("&lang=de");
    // Names and IDs the test community was seeded with are data, not language.
    const seeded = [
      ...["General", "Moderators", "Moderator coordination", "Dashboard Bot", "Moderator 1", "Moderator 2", "Member 1"],
      ...rig.c.rooms.map((r) => r.name ?? ""),
      ...[...rig.c.members, ...rig.c.moderators, rig.c.bot].map((p) => p.userId),
    ].filter(Boolean);
    const found: string[] = [];
    const look = async (where: string, ready: string) => {
      await de.locator(ready).first().waitFor();
      await expect.poll(() => de.locator('[aria-busy="true"]').count(), { timeout: 30_000 }).toBe(0);
      const text = await de.locator("body").innerText();
      found.push(...englishLeft(text, seeded).map((line) => `${where}: ${line}`));
    };
    const tab = (id: string) => de.locator(`[role="tab"][data-tab="${id}"]`).first().click();

    await tab("rooms");
    await look("Verzeichnis", '[data-view="directory"] [data-room-id]');
    // A badge that names a gap opens the Access check.
    await de.locator('[data-badge="missing-moderators"] summary').first().click();
    await de.locator('[data-open="access-check"]').first().click();
    await look("Zugriffsprüfung", '[data-view="access-check"] [data-access-room]');
    await de.locator('[data-action="fix-all"]').click();
    await look("Zugriffsprüfung, Vorschau", '[data-preview="fix-access"]');
    await tab("directory");
    await de.locator('[data-view="directory"] [data-room-id] .row-main').filter({ hasText: "General" }).click();
    const member = de.locator(`[data-view="room-detail"] [data-user-id="${rig.c.members[0]!.userId}"]`);
    await member.locator('[data-action="manage"]').click();
    await look("Raum, Mitglied verwalten", '[data-field="role"]');
    await de.locator('[data-view="room-detail"]').getByRole("button", { name: "Zurück", exact: true }).click();
    await tab("create");
    await look("Erstellen", '[data-card="test-room"]');
    await tab("templates");
    await look("Vorlagen", "#rooms-panel-templates .row");
    await tab("invite");
    const invite = de.locator('[data-form="invite"]');
    await invite.getByLabel("Personen").fill(`@nobody-${rig.c.tag}, kein-name`);
    await de.locator('[data-picker="rooms"] input[type="checkbox"]').first().check();
    await invite.locator('[data-action="preview"]').click();
    await look("Einladen, Vorschau", '[data-preview="invite"]');
    // Nothing to send: the disabled button says why.
    expect(await invite.locator("[data-why-disabled]").textContent()).toContain("Nichts zu senden");
    await tab("moderation");
    await look("Ankündigung", '[data-form="announce"]');
    await de.locator('[role="tab"][data-tab="conflict"]').click();
    await look("Konfliktraum", '[data-form="conflict-room"]');
    // The opening message is written in the room in the moderator's language: the preview shows it as it will be posted.
    const conflict = de.locator('[data-form="conflict-room"]');
    await conflict.getByLabel("Beteiligte Personen").fill(rig.c.members[0]!.userId);
    await conflict.getByLabel("Grund").fill("Streit über den Treffpunkt");
    await conflict.locator('[data-action="preview"]').click();
    await look("Konfliktraum, Vorschau", '[data-preview="conflict-room"]');
    expect(await conflict.locator('[data-preview="conflict-room"] .quote').textContent()).toBe(
      `Diesen Raum hat ${rig.c.moderators[0]!.userId} eröffnet, damit ${rig.c.members[0]!.userId} eine Meinungsverschiedenheit klären können. Grund: Streit über den Treffpunkt`,
    );
    await de.locator('[role="tab"][data-tab="cross-room"]').click();
    await de.locator('[data-form="cross-room"] input').first().fill(rig.c.members[0]!.userId);
    await de.locator('[data-form="cross-room"] [data-action="preview"]').click();
    await look("Bannen, Vorschau", '[data-preview="cross-room"]');
    // A refusal the server sends as a code with parameters, worded in German.
    const cross = de.locator('[data-form="cross-room"]');
    await cross.locator("input").first().fill(rig.c.bot.userId);
    await cross.locator('[data-action="preview"]').click();
    expect(await cross.locator('[data-said="botNotOnItself"]').textContent()).toBe("Der Bot des Dashboards kann nicht gegen sich selbst vorgehen.");
    await look("Bannen, Ablehnung", '[data-said="botNotOnItself"]');
    // A job's item outcomes in German: lifting a ban nobody has does nothing in each room, and says why.
    await cross.locator("select").first().selectOption("unban");
    await cross.locator("input").first().fill(rig.c.members[0]!.userId);
    await cross.locator('[data-action="preview"]').click();
    await cross.locator('[data-preview="cross-room"]').waitFor();
    await cross.locator('[data-action="apply"]').click();
    const job = de.locator('[data-job][data-state="done"]');
    await job.waitFor({ timeout: 60_000 });
    const outcomes = await job.locator("[data-result-item] .muted").allTextContents();
    expect(outcomes.length).toBeGreaterThanOrEqual(3);
    // The membership is named in German too, never as Matrix's "join" or "none".
    for (const outcome of outcomes) expect(outcome).toMatch(/^nichts zu tun \(Mitgliedschaft: (beigetreten|eingeladen|klopft an|verlassen|keine)\)$/);
    await look("Entbannen, Auftrag", '[data-job][data-state="done"]');
    await de.locator('[role="tab"][data-tab="reports"]').click();
    await look("Meldungen", '[data-view="reports"] .actions');
    await de.locator('[role="tab"][data-tab="people"]').click();
    await de.locator('[data-form="user-lookup"] input').fill(rig.c.members[0]!.userId);
    await de.locator('[data-form="user-lookup"] button[type="submit"]').click();
    await look("Personenkarte", '[data-view="user-card"]');
    await de.locator('[role="tab"][data-tab="ban-lists"]').click();
    await look("Bannlisten", '[data-form="follow"]');
    await tab("sync");
    await look("Sync", "[data-sync-off]");
    await tab("audit");
    await look("Protokoll", '[data-view="audit"] [data-audit-action]');
    // Dates through Intl in German: "30. Nov.", with the year only when it is not this year's.
    expect(await de.locator('[data-view="audit"] [data-audit-action] td').first().locator("span").first().textContent()).toMatch(/^\d{1,2}\. \p{L}+\.?( \d{4})?$/u);
    await tab("health");
    await look("Zustand", "[data-check]");
    expect(await de.locator("[data-check] .check-title").allTextContents()).toContain("Homeserver erreichbar");
    expect(found).toEqual([]);
  });
});

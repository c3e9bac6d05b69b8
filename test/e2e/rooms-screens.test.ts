import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { readFileSync } from "node:fs";
import type { FrameLocator } from "playwright-core";
import { setRateLimitOverride, type Community } from "../synapse/community.ts";
import type { TestClient } from "../synapse/client.ts";
import { signIn } from "../helpers/dashboard.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

/** Rooms that give the directory something to show: an encrypted room, a bridged one and a space. */
async function addVarietyRooms(c: Community): Promise<void> {
  const bot = c.bot.client;
  await setRateLimitOverride(bot, c.bot.userId, true);
  await bot.createRoom({
    preset: "private_chat",
    name: "Encrypted chat",
    room_alias_name: `${c.tag}-secret`,
    initial_state: [{ type: "m.room.encryption", state_key: "", content: { algorithm: "m.megolm.v1.aes-sha2" } }],
  });
  const bridged = await bot.createRoom({ preset: "private_chat", name: "Signal group", room_alias_name: `${c.tag}-signal` });
  await bot.sendState(bridged, "m.bridge", "signal-group", {
    bridgebot: `@signalbot:${hs.serverName}`,
    protocol: { id: "signal", displayname: "Signal" },
    channel: { id: "group", displayname: "Neighbours" },
  });
  const space = await bot.createRoom({ preset: "public_chat", name: "Community space", creation_content: { type: "m.space" } });
  await bot.sendState(space, "m.space.child", c.defaultRoom.roomId, { via: [hs.serverName] });
  await setRateLimitOverride(bot, c.bot.userId, false);
}

/** The rooms a person is invited to, read from their own sync: the invite as the homeserver holds it. */
async function invitesOf(client: TestClient): Promise<Record<string, string | undefined>> {
  const filter = encodeURIComponent(JSON.stringify({ room: { timeline: { limit: 1 } } }));
  const sync = await client.request("GET", `/_matrix/client/v3/sync?timeout=0&filter=${filter}`);
  const invites: Record<string, { invite_state: { events: Array<{ type: string; state_key: string; content: { membership?: string } }> } }> = sync.rooms?.invite ?? {};
  return Object.fromEntries(
    Object.entries(invites).map(([roomId, room]) => [
      roomId,
      room.invite_state.events.find((e) => e.type === "m.room.member" && e.state_key === client.userId)?.content.membership,
    ]),
  );
}

describe("the Rooms screens in the widget", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 2, members: 2, extraRooms: 2 }, addVarietyRooms);
    widget = await rig.open();
  });
  afterAll(() => rig?.close());

  const directory = () => widget.locator('[data-view="directory"]');
  const rooms = () => directory().locator("[data-room-id]");
  const search = async (text: string) => {
    await directory().getByRole("searchbox", { name: "Search rooms" }).fill(text);
  };

  it("lists the bot's rooms with badges, and names missing moderators", async () => {
    await expect.poll(() => rooms().count()).toBe(7);
    const row = (name: string) => rooms().filter({ hasText: name });
    expect(await row("Encrypted chat").textContent()).toContain("Encrypted");
    expect(await row("Signal group").textContent()).toContain("Bridged · signal");
    expect(await row("Community space").textContent()).toContain("Space");
    // Moderators joined only the moderator room and General; elsewhere the badge names them.
    const gap = row("Group 1").locator('[data-badge="missing-moderators"]');
    expect(await gap.locator("summary").textContent()).toBe("2 moderators missing");
    expect(await gap.locator("summary").getAttribute("title")).toContain(`${rig.c.moderators[1]!.userId} is not in the room`);
    await gap.locator("summary").click();
    expect(await gap.locator("li").allTextContents()).toEqual(rig.c.moderators.map((m) => `${m.userId} is not in the room`));
    expect(await row("General").locator('[data-badge="missing-moderators"]').count()).toBe(0);
    await gap.locator("summary").click();

    await search("group");
    await expect.poll(() => rooms().count()).toBe(3);
    await search("");
    await widget.getByRole("button", { name: "Sort and filter" }).click();
    await widget.getByLabel("Encrypted", { exact: true }).selectOption("true");
    await expect.poll(() => rooms().count()).toBe(1);
    await widget.getByLabel("Encrypted", { exact: true }).selectOption("");
    await widget.getByLabel("Sort by").selectOption("members");
    await widget.getByLabel("Order").selectOption("desc");
    await expect.poll(() => rooms().first().textContent()).toContain("General");
    await widget.getByRole("button", { name: "Sort and filter" }).click();
    await screenshot(rig.page.locator("iframe"), "screenshot-rooms.png");
  });

  it("creates a test room in one click, finds it, invites a member who receives the invite, then deletes it", async () => {
    const member = rig.c.members[0]!;
    await widget.getByRole("tab", { name: "Create" }).click();
    const card = widget.locator('[data-card="test-room"]');
    // A double click still makes one room: the idempotency key is the same.
    await card.getByRole("button", { name: "Create test room" }).dblclick();
    const created = card.locator("[data-created-room]");
    await created.waitFor();
    const roomId = (await created.getAttribute("data-created-room"))!;
    const result = card.locator("[data-result-card]");
    expect(await result.locator(".result-key").textContent()).toBe("Dashboard test room");
    expect(await result.getByRole("button", { name: /^Copy ID/ }).count()).toBe(1);
    await result.getByRole("button", { name: "Open Dashboard test room in Element" }).click();
    expect(await rig.navigations()).toContain(`https://matrix.to/#/${encodeURIComponent(roomId)}`);

    await widget.getByRole("tab", { name: "Directory" }).click();
    await search("Dashboard test room");
    await expect.poll(() => rooms().count()).toBe(1);
    await rooms().getByRole("button", { name: /^Dashboard test room\b/ }).click();
    const detail = widget.locator(`[data-view="room-detail"][data-room-id="${roomId}"]`);
    // The moderator who made it is invited; the bot is its only member.
    await detail.locator('[data-members="invite"]').getByText(rig.c.moderators[0]!.userId).first().waitFor();
    expect(await detail.locator('[data-members="join"] [data-user-id]').count()).toBe(1);

    const invite = detail.locator('[data-form="invite"]');
    await invite.getByLabel("People").fill(`${member.userId}\nnot-an-id`);
    await invite.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => invite.locator('[data-summary="invites"] dd').textContent()).toBe("1");
    expect(await invite.locator('[data-summary="invalid"] dd').textContent()).toContain("1");
    await invite.getByRole("button", { name: "Send 1 invite" }).click();
    await expect.poll(() => detail.locator("[data-job]").getAttribute("data-state")).toBe("done");
    expect(await detail.getByRole("progressbar").getAttribute("aria-valuenow")).toBe("1");
    expect((await invitesOf(member.client))[roomId]).toBe("invite");
    // The detail reloads when the job ends: the member is now a pending invite.
    await detail.locator(`[data-members="invite"] [data-user-id="${member.userId}"]`).waitFor();

    await detail.getByRole("button", { name: "Delete test room" }).click();
    await detail.getByRole("button", { name: "Delete it for everyone" }).click();
    await directory().waitFor({ state: "visible" });
    await expect.poll(() => rig.c.bot.client.joinedRooms()).not.toContain(roomId);
    await expect.poll(() => rooms().count()).toBe(0);
    await search("");
    const audit = await rig.dash.api("GET", "/api/audit?action=rooms.create", { token: await signIn(rig.dash, rig.c.moderators[0]!) });
    expect(audit.body.length).toBe(1);
  });

  it("disables removing a peer moderator and shows the server's reason", async () => {
    const peer = rig.c.moderators[1]!;
    await rooms().getByRole("button", { name: /^General\b/ }).click();
    const detail = widget.locator('[data-view="room-detail"]');
    const row = detail.locator(`[data-members="join"] [data-user-id="${peer.userId}"]`);
    expect(await row.locator(".level").textContent()).toBe("Moderator");
    await row.getByRole("button", { name: "Manage Moderator 2" }).click();
    const kick = row.getByRole("button", { name: "Remove from room" });
    expect(await kick.isDisabled()).toBe(true);
    const reason = row.locator('[data-reason-by="moderator"]').first();
    expect(await reason.isVisible()).toBe(true);
    expect(await reason.textContent()).toContain("You cannot remove someone at or above your own level (theirs 50, yours 50).");
    expect(await kick.getAttribute("aria-describedby")).toBe(await reason.getAttribute("id"));
    // A plain member can be removed: the button is live.
    const member = detail.locator(`[data-members="join"] [data-user-id="${rig.c.members[1]!.userId}"]`);
    await member.locator('[data-action="manage"]').click();
    expect(await member.getByRole("button", { name: "Remove from room" }).isDisabled()).toBe(false);
    // The level is a role, as in Element; what is above the actor's own level cannot be chosen, Custom takes a number.
    const role = member.getByLabel("Role");
    expect(await role.locator("option").allTextContents()).toEqual(["Member", "Moderator", "Admin", "Custom level"]);
    expect(await role.locator("option:disabled").allTextContents()).toEqual(["Admin"]);
    expect(await member.getByLabel("Power level").count()).toBe(0);
    await role.selectOption("custom");
    expect(await member.getByLabel("Power level").inputValue()).toBe("0");
    expect(await detail.locator('[data-section="power"]').textContent()).toContain("Moderators and admins (50+)");
    // Back in the directory, the keyboard focus is on the room that was open.
    await detail.getByRole("button", { name: "Back" }).click();
    await expect.poll(() => rooms().getByRole("button", { name: /^General\b/ }).evaluate((el) => el === document.activeElement)).toBe(true);
  });

  it("in the moderator room, offers a level-50 moderator no level change and says it is an admin act (Matrix's rules)", async () => {
    const guest = rig.c.members[0]!;
    await rig.c.bot.client.invite(rig.c.moderatorRoom.roomId, guest.userId);
    await rooms().getByRole("button", { name: /^Moderators\b/ }).click();
    const detail = widget.locator('[data-view="room-detail"]');
    const row = detail.locator(`[data-user-id="${guest.userId}"]`);
    await row.locator(".row-main").click();
    const change = row.locator('[data-action="set-level"]');
    expect(await change.isDisabled()).toBe(true);
    const reason = row.locator('[data-reason-by="moderator"]').last();
    expect(await reason.textContent()).toContain(`Changing power levels in this room needs level 100; ${rig.c.moderators[0]!.userId} has 50.`);
    expect(await reason.textContent()).toContain("Making someone a moderator or admin is an admin act.");
    expect(await change.getAttribute("aria-describedby")).toBe(await reason.getAttribute("id"));
    await detail.getByRole("button", { name: "Back" }).click();
    await rig.c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(rig.c.moderatorRoom.roomId)}/kick`, { user_id: guest.userId });
  });

  it("bulk-invites: counts what is invalid, unknown or already there, and lists the invite that failed", async () => {
    const [group1, group2] = rig.c.rooms;
    const banned = rig.c.members[1]!;
    await rig.c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(group2!.roomId)}/ban`, { user_id: banned.userId, reason: "test" });
    await widget.getByRole("tab", { name: "Invite" }).click();
    const form = widget.locator('[data-form="invite"]');
    // "@nobody" is completed with the homeserver's name, as the chat commands do.
    await form.getByLabel("People").fill(`${banned.userId}, @nobody; not-an-id`);
    const picker = form.locator('[data-picker="rooms"]');
    await picker.locator(`[data-room-id="${group1!.roomId}"]`).check();
    await picker.locator(`[data-room-id="${group2!.roomId}"]`).check();
    await form.getByRole("button", { name: "Preview" }).click();
    const count = (id: string) => form.locator(`[data-summary="${id}"] dd`).textContent();
    await expect.poll(() => count("invites")).toBe("1");
    expect(await count("already")).toContain("1");
    expect(await count("invalid")).toContain("1");
    expect(await count("unknown")).toContain("1");
    await form.locator('[data-summary="unknown"] summary').click();
    expect(await form.locator('[data-summary="unknown"] li').textContent()).toBe(`@nobody:${hs.serverName}`);
    expect(await form.locator('[data-summary="completed"] dd').textContent()).toContain("1");
    await form.locator('[data-summary="invalid"] summary').click();
    expect(await form.locator('[data-summary="invalid"] li').textContent()).toBe("not-an-id: a user ID starts with @");
    await form.getByRole("button", { name: "Send 1 invite" }).click();
    const job = widget.locator("#rooms-panel-invite [data-job]");
    await expect.poll(() => job.getAttribute("data-state")).toBe("done");
    const failed = job.locator('[data-item-state="failed"]');
    expect(await failed.textContent()).toContain(`${banned.userId} → Group 2`);
    expect(await failed.textContent()).toContain("banned from this room: unban first");
  });

  it("tells a moderator before any attempt that templates are for admins, and lets them still open one", async () => {
    await widget.getByRole("tab", { name: "Templates" }).click();
    const locked = widget.locator('[data-locked="templates"]');
    expect(await locked.textContent()).toContain("Only admins (power level 100) save, import or delete templates; your level is 50.");
    expect(await widget.getByRole("button", { name: "New template" }).count()).toBe(0);
    expect(await widget.locator('[data-action="import-templates"]').count()).toBe(0);
    await widget.locator('[data-template="community"] .row-main').click();
    const editor = widget.locator('[data-view="template-editor"]');
    await editor.getByText("community · version 1 by built-in").waitFor();
    expect(await editor.locator('[data-locked="template-edit"]').textContent()).toContain("Only admins (power level 100)");
    expect(await editor.locator('[data-action="save-template"]').isDisabled()).toBe(true);
    expect(await editor.locator('[data-action="copy-template"]').count()).toBe(0);
    await editor.getByRole("button", { name: "Back" }).click();
  });

  it("lets an admin copy a built-in (not change it), shows a colleague's save as a conflict, exports and imports", async () => {
    const admin = rig.c.moderators[1]!;
    await rig.c.bot.client.setPowerLevel(rig.c.moderatorRoom.roomId, admin.userId, 100);
    widget = await rig.open("", "mod2");
    await widget.getByRole("tab", { name: "Templates" }).click();
    expect(await widget.locator('[data-locked="templates"]').count()).toBe(0);
    await widget.locator('[data-template="community"] .row-main').click();
    const editor = widget.locator('[data-view="template-editor"]');
    await editor.getByText("community · version 1 by built-in").waitFor();
    expect(await editor.locator('[data-locked="template-edit"]').textContent()).toContain("Built-in templates stay as shipped");
    expect(await editor.locator('[data-action="save-template"]').isDisabled()).toBe(true);
    await editor.getByRole("button", { name: "Copy" }).click();
    expect(await editor.getByLabel("Identifier").inputValue()).toBe("community-copy");
    expect(await editor.getByLabel("Template name").inputValue()).toBe("Community room (copy)");
    await editor.getByRole("button", { name: "Save" }).click();
    await editor.getByText("community-copy · version 1 by").waitFor();

    // A colleague (another admin) saves the copy meanwhile.
    const colleague = await signIn(rig.dash, rig.c.bot);
    const theirs = await rig.dash.api("GET", "/api/templates/community-copy", { token: colleague });
    await rig.dash.api("POST", "/api/actions/templates.save/apply", { token: colleague, body: { id: "community-copy", body: { ...theirs.body.body, topic: "Theirs" }, expectedVersion: 1 } });

    await editor.getByLabel("Topic").fill("Mine");
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => editor.locator('[data-problem="conflict"]').textContent()).toContain("now version 2, you edited version 1");
    await editor.getByRole("button", { name: "Save mine over it" }).click();
    await editor.getByText("Saved as version 3.").waitFor();
    expect((await rig.dash.api("GET", "/api/templates/community-copy", { token: colleague })).body.body.topic).toBe("Mine");
    expect((await rig.dash.api("GET", "/api/templates/community", { token: colleague })).body).toMatchObject({ version: 1, updatedBy: "built-in" });
    await editor.getByText("Version history (3)").click();
    await editor.getByRole("button", { name: "Back" }).click();

    const [download] = await Promise.all([rig.page.waitForEvent("download"), widget.getByRole("button", { name: "Export" }).click()]);
    const bundle = JSON.parse(readFileSync((await download.path())!, "utf8"));
    expect(bundle.format).toBe("matrix-community-dashboard/templates@1");
    const copied = bundle.templates.find((x: { id: string }) => x.id === "community-copy");
    expect(copied.body.topic).toBe("Mine");

    await widget.getByRole("button", { name: "Import" }).click();
    const importer = widget.locator('[data-view="template-import"]');
    const shared = { ...bundle, templates: [{ id: "book-club", body: { ...copied.body, name: "Book club" } }, copied] };
    await importer.getByLabel("Paste an export").fill(JSON.stringify(shared));
    await importer.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => importer.locator('[data-summary="book-club"] dd').textContent()).toBe("new template");
    expect(await importer.locator('[data-summary="community-copy"] dd').textContent()).toContain("replaces");
    await importer.getByRole("button", { name: "Import 2 templates" }).click();
    await importer.getByText(/Imported: book-club \(v1\)/).waitFor();
    await importer.getByRole("button", { name: "Done" }).click();
    await widget.locator('[data-template="book-club"]').waitFor();

    // A new template, once saved, is edited as that template: the next save is its version 2.
    await widget.getByRole("button", { name: "New template" }).click();
    await editor.getByLabel("Identifier").fill("meetups");
    await editor.getByLabel("Template name").fill("Meetups");
    await editor.getByRole("button", { name: "Save" }).click();
    await editor.getByText("meetups · version 1 by").waitFor();
    await editor.getByLabel("Topic").fill("Monthly");
    await editor.getByRole("button", { name: "Save" }).click();
    await editor.getByText("Saved as version 2.").waitFor();

    // The creation preview shows the cap and the template's risky settings before anything is made.
    const member = rig.c.members[0]!;
    const risky = { name: "Risky", historyVisibility: "world_readable", defaultInvitees: [member.userId], powerLevels: { users: { [member.userId]: 1000 } } };
    expect((await rig.dash.api("POST", "/api/actions/templates.save/apply", { token: colleague, body: { id: "risky", body: risky } })).status).toBe(200);
    await widget.getByRole("tab", { name: "Create" }).click();
    const form = widget.locator('[data-form="create-room"]');
    await form.getByLabel("Template").selectOption("risky");
    await form.getByLabel("Name", { exact: true }).fill("Risky room");
    await form.getByRole("button", { name: "Preview" }).click();
    const cap = form.locator('[data-summary="power-cap"]');
    await expect.poll(() => cap.textContent()).toContain("100 (your own level)");
    await cap.locator("summary").click();
    expect(await cap.textContent()).toContain(`${member.userId}: 1000 asked, 100 given`);
    const warnings = await form.locator(".note").allTextContents();
    expect(warnings.join("\n")).toContain("History is readable by anyone");
    expect(warnings.join("\n")).toContain(`The template invites ${member.userId} to every room made from it.`);

    // The server sends the warnings as codes with parameters: in German the widget words them in German.
    const de = await rig.open("&lang=de", "mod2");
    await de.locator('[role="tab"][data-tab="create"]').first().click();
    const formDe = de.locator('[data-form="create-room"]');
    await formDe.getByLabel("Vorlage").selectOption("risky");
    await formDe.getByLabel("Name", { exact: true }).fill("Riskanter Raum");
    await formDe.locator('[data-action="preview"]').click();
    const notesDe = formDe.locator(".note");
    await notesDe.first().waitFor();
    const german = (await notesDe.allTextContents()).join("\n");
    expect(german).toContain("Der Verlauf ist für alle lesbar");
    expect(german).toContain(`Die Vorlage lädt ${member.userId} in jeden Raum ein, der aus ihr erstellt wird.`);
    expect(german).not.toContain("History is");
    expect(rig.cspViolations).toEqual([]);
  });
});

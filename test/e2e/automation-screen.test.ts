import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import type { Community } from "../synapse/community.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

/** The first moderator becomes a community admin: power level 100 in the moderator room. */
async function makeFirstModeratorAdmin(c: Community): Promise<void> {
  const room = c.moderatorRoom.roomId;
  const levels = await c.bot.client.state(room, "m.room.power_levels");
  await c.bot.client.sendState(room, "m.room.power_levels", "", { ...levels, users: { ...levels.users, [c.moderators[0]!.userId]: 100 } });
}

describe("the Automation screen in the widget", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 3, members: 0, extraRooms: 0 }, makeFirstModeratorAdmin);
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Automation" }).click();
  });
  afterAll(() => rig?.close());

  const view = () => widget.locator('[data-view="automation"]');
  const me = (token: string) => fetch(`${rig.dash.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });

  it("lets an admin create a token, shown once, that works against the API and appears in the list", async () => {
    expect(await view().locator('[data-link="openapi"]').getAttribute("href")).toBe(`${rig.dash.url}/api/openapi.json`);
    const form = view().locator('[data-form="new-token"]');
    await form.getByLabel("Name").fill("ci-bot");
    await form.getByLabel("Rooms: create, invite, levels, templates").check();
    await form.getByLabel("Expires after").selectOption("30");
    await form.getByRole("button", { name: "Preview" }).click();
    const preview = form.locator('[data-preview="new-token"]');
    await preview.waitFor();
    expect(await preview.locator('[data-summary="scopes"] dd').textContent()).toBe("read, rooms");
    expect(await preview.locator('[data-summary="level"] dd').textContent()).toBe("100");
    await form.getByRole("button", { name: "Create token" }).click();

    const created = view().locator("[data-new-token]");
    await created.waitFor();
    expect(await created.textContent()).toContain("you won't see it again");
    // Keyboard focus moved from the gone form to the token.
    await expect.poll(() => created.evaluate((el) => el === document.activeElement)).toBe(true);
    const token = await created.getByLabel("The new token").inputValue();
    expect(token).toMatch(/^mcd_[0-9a-f]{12}_/);
    await created.getByRole("button", { name: "Copy" }).click();
    await created.getByRole("button", { name: "Copied" }).waitFor();

    const res = await me(token);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ token: "ci-bot", scopes: ["read", "rooms"] });
    const row = view().locator('[data-token="ci-bot"]');
    await expect.poll(() => row.getAttribute("data-token-state")).toBe("active");
    expect(await row.textContent()).toContain(`by ${rig.c.moderators[0]!.userId}`);
    expect(await row.locator(".badge").allTextContents()).toEqual(["Active", "read", "rooms"]);
    await screenshot(rig.page.locator("iframe"), "screenshot-automation.png");

    await created.getByRole("button", { name: "Done" }).click();
    expect(await view().locator("[data-new-token]").count()).toBe(0);
    expect(await view().textContent()).not.toContain(token);
    // Shown again, the list is read again: the call above is its last use.
    await widget.getByRole("tab", { name: "Health" }).click();
    await widget.getByRole("tab", { name: "Automation" }).click();
    await expect.poll(() => row.textContent()).toContain("Last used");
  });

  it("revokes a token after a confirmation; the API then refuses it", async () => {
    const created = await rig.dash.api("POST", "/api/actions/tokens.create/apply", { token: await adminSession(), body: { name: "old-script", scopes: ["read"] } });
    const token: string = created.body.result.token;
    expect((await me(token)).status).toBe(200);
    await widget.getByRole("tab", { name: "Health" }).click();
    await widget.getByRole("tab", { name: "Automation" }).click();
    const row = view().locator('[data-token="old-script"]');
    await row.getByRole("button", { name: "Revoke old-script" }).click();
    expect(await row.textContent()).toContain("Revoke “old-script”? Anything using it is refused at once.");
    await row.getByRole("button", { name: "Revoke token" }).click();
    await expect.poll(() => row.getAttribute("data-token-state")).toBe("revoked");
    expect((await me(token)).status).toBe(401);
    expect(await view().locator('[data-token="ci-bot"]').getAttribute("data-token-state")).toBe("active");
    expect(rig.cspViolations).toEqual([]);
  });

  it("shows a token as suspended, with the reason, once its creator was banned from the moderator room", async () => {
    const room = rig.c.moderatorRoom.roomId;
    const creator = rig.c.moderators[2]!;
    await rig.c.bot.client.setPowerLevel(room, creator.userId, 100);
    const session = (await rig.dash.api("POST", "/api/session", { body: { openIdToken: await creator.client.openIdToken() } })).body.token;
    const created = await rig.dash.api("POST", "/api/actions/tokens.create/apply", { token: session, body: { name: "their-script", scopes: ["read"] } });
    const token: string = created.body.result.token;
    expect((await me(token)).status).toBe(200);
    await rig.c.bot.client.request("POST", `/_matrix/client/v3/rooms/${encodeURIComponent(room)}/ban`, { user_id: creator.userId });

    await widget.getByRole("tab", { name: "Health" }).click();
    await widget.getByRole("tab", { name: "Automation" }).click();
    const row = view().locator('[data-token="their-script"]');
    await expect.poll(() => row.getAttribute("data-token-state")).toBe("suspended");
    expect(await row.locator(".badge").first().textContent()).toBe("Suspended");
    expect(await row.locator("[data-token-suspended]").textContent()).toContain(`suspended: ${creator.userId} is not a moderator: banned from the moderator room`);
    const refused = await me(token);
    expect(refused.status).toBe(403);
    expect((await refused.json()).error.message).toContain("banned from the moderator room");
  });

  it("shows a moderator who is not an admin no Automation tab, and the API refuses them with the reason", async () => {
    widget = await rig.open("", "mod2");
    expect(await widget.getByRole("tab", { name: "Rooms" }).count()).toBe(1);
    expect(await widget.getByRole("tab", { name: "Automation" }).count()).toBe(0);
    const openIdToken = await rig.c.moderators[1]!.client.openIdToken();
    const session = (await rig.dash.api("POST", "/api/session", { body: { openIdToken } })).body.token;
    const refused = await rig.dash.api("GET", "/api/tokens", { token: session });
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain("Only community admins (power level 100) manage API tokens.");
  });

  async function adminSession(): Promise<string> {
    const openIdToken = await rig.c.moderators[0]!.client.openIdToken();
    return (await rig.dash.api("POST", "/api/session", { body: { openIdToken } })).body.token;
  }
});

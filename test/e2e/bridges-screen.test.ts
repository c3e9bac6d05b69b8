import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import { setRateLimitOverride } from "../synapse/community.ts";
import { startBridgeTestBed, bridgeEnv, type BridgeTestBed } from "../fakes/mautrix-signal/test-bed.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const LOGIN = { id: "+15550001111", name: "Community Signal", state: "CONNECTED" };

describe("the Bridges screen in the widget, with mautrix-signal registered on its own Synapse", () => {
  let bed: BridgeTestBed;
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    bed = await startBridgeTestBed();
    rig = await startWidgetRig(
      bed.synapse,
      { moderators: 1, members: 1, extraRooms: 2 },
      async (c) => {
        // Bridge commands are messages: the bot is exempted from the limiter, as doctor recommends.
        await setRateLimitOverride(c.bot.client, c.bot.userId, true);
        bed.bridge.state.logins.set(c.bot.userId, [LOGIN]);
        // Relay mode as a bridge's config.yaml allows it: relay.enabled, and the bot a bridge admin (relay.admin_only).
        bed.bridge.state.relay.enabled = true;
        bed.bridge.state.permissions[c.bot.userId] = "admin";
      },
      { env: bridgeEnv(bed.bridge) },
    );
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Bridges" }).click();
  });
  afterAll(async () => {
    await rig?.close();
    await bed?.stop();
  });

  const list = () => widget.locator('[data-view="bridges"]');
  const roomView = () => widget.locator('[data-view="bridge-room"]');
  const health = () => roomView().locator("[data-bridge-health] .health-verdict [data-health-status]");

  it("lists the configured bridge and the rooms, none bridged yet", async () => {
    const bridge = list().locator('[data-bridge="signal"]');
    await bridge.waitFor();
    expect(await bridge.textContent()).toContain(bed.bridge.botUserId);
    expect(await bridge.locator(".badges").first().locator(".badge").allTextContents()).toEqual(["Provisioning API", "No encryption", "Group names ≤ 32"]);
    await expect.poll(() => bridge.locator('[data-bridge-login="ok"]').textContent()).toBe("Logged in: Community Signal");
    const row = list().locator("[data-room-id]").filter({ hasText: "Group 1" });
    await row.waitFor();
    expect(await row.locator("[data-health-status]").getAttribute("data-health-status")).toBe("off");
    await screenshot(rig.page.locator("iframe"), "screenshot-bridges.png");
  });

  it("bridges a room to a new Signal group after a preview that states the name limit, and its health turns green", async () => {
    const room = rig.c.rooms[0]!.roomId;
    await list().getByRole("button", { name: /^Group 1\b/ }).click();
    await expect.poll(() => health().getAttribute("data-health-status")).toBe("off");
    expect(await health().textContent()).toBe("Not bridged");

    const form = roomView().locator('[data-form="create-group"]');
    const name = form.getByLabel("Group name");
    expect(await form.locator(".field-hint").first().textContent()).toContain("Signal limits group names to 32 bytes (accented letters count 2, emoji 4) · 7/32");
    await name.fill("A group name far longer than Signal allows");
    expect(await form.locator(".field-hint").first().textContent()).toContain("42 bytes: Signal allows 32");
    expect(await form.getByRole("button", { name: "Preview" }).isDisabled()).toBe(true);
    await name.fill("");
    await form.getByRole("button", { name: "Preview" }).click();
    const steps = form.locator('[data-preview="create-group"] .steps li');
    await steps.first().waitFor();
    const text = (await steps.allTextContents()).join("\n");
    expect(text).toContain(`Invite ${bed.bridge.botUserId}`);
    expect(text).toContain('Create the Signal group "Group 1" (names are limited to 32 bytes)');
    await screenshot(rig.page.locator("iframe"), "screenshot-bridge-preview.png");
    await form.getByRole("button", { name: "Create group and bridge" }).click();

    await expect.poll(() => health().getAttribute("data-health-status"), { timeout: 30_000 }).toBe("ok");
    expect(await health().textContent()).toBe("Healthy");
    const card = roomView().locator("[data-bridge-health]");
    expect(await card.locator('[data-summary="chat"] summary').textContent()).toBe("Group 1");
    expect(await card.locator('[data-summary="bot"] summary').textContent()).toBe("In the room · level 100 (needs 50)");
    expect(await card.locator('[data-summary="relay"] dd').textContent()).toBe("Off");
    expect(await card.locator('[data-summary="puppets"] dd').textContent()).toBe("1");
    expect(bed.bridge.state.portals.get(room)).toBeDefined();
    await screenshot(rig.page.locator("iframe"), "screenshot-bridge-health.png");
  });

  it("turns relay on after a preview, and the room shows as healthy in the list", async () => {
    const room = rig.c.rooms[0]!.roomId;
    await roomView().getByRole("button", { name: "Turn relay on" }).click();
    const action = roomView().locator('[data-bridge-action="bridges.set-relay"]');
    await action.locator(".steps li").first().waitFor();
    expect(await action.locator(".steps").textContent()).toContain("!signal set-relay");
    await action.getByRole("button", { name: "Turn on" }).click();
    // The bridge answers the command in the room on its own time.
    await expect.poll(() => roomView().locator('[data-summary="relay"] dd').textContent(), { timeout: 20_000 }).toBe("On");
    expect(bed.bridge.state.portals.get(room)?.relay).toBe(LOGIN.id);

    await roomView().getByRole("button", { name: "Back" }).click();
    const row = list().locator(`[data-room-id="${room}"]`);
    await expect.poll(() => row.locator("[data-health-status]").getAttribute("data-health-status")).toBe("ok");
    expect(await row.textContent()).toContain("Signal: Group 1");
    expect(await row.locator(".row-main").evaluate((button) => button === document.activeElement)).toBe(true);
    // Rooms that need no look come after bridged ones.
    expect(await list().locator("[data-room-id]").first().getAttribute("data-room-id")).toBe(room);
  });

  it("unlinks after a confirmation in red: the bridge leaves and the room is not bridged any more", async () => {
    const room = rig.c.rooms[0]!.roomId;
    await list().getByRole("button", { name: /^Group 1\b/ }).click();
    await expect.poll(() => health().getAttribute("data-health-status")).toBe("ok");
    await roomView().getByRole("button", { name: "Unlink" }).click();
    const action = roomView().locator('[data-bridge-action="bridges.unlink"]');
    await action.locator(".steps li").first().waitFor();
    expect(await action.locator(".steps").textContent()).toContain("!signal unbridge");
    await action.getByRole("button", { name: "Unlink the room" }).click();
    // The bridge bot and its puppets leave on the bridge's own time; until then the bot is "in the room but not bridged".
    await expect
      .poll(async () => (await roomView().getByRole("button", { name: "Check again" }).click(), await health().getAttribute("data-health-status")), { timeout: 30_000 })
      .toBe("off");
    expect(bed.bridge.state.portals.get(room)).toBeUndefined();
    await roomView().getByRole("button", { name: "Back" }).click();
  });

  it("creates a room from a template with a new Signal group in one step, and opens its health", async () => {
    await list().getByRole("button", { name: "New room with a group" }).click();
    const form = widget.locator('[data-form="new-bridged-room"]');
    await form.getByLabel("Name", { exact: true }).fill(`Gardening ${rig.c.tag}`);
    await form.getByLabel("Relay mode").check();
    await form.getByRole("button", { name: "Preview" }).click();
    const preview = form.locator('[data-preview="new-bridged-room"]');
    await preview.waitFor();
    expect(await preview.locator('[data-summary="group"] dd').textContent()).toBe(`Gardening ${rig.c.tag}`);
    expect(await preview.locator(".steps").textContent()).toContain("Turn relay mode on");
    await form.getByRole("button", { name: "Create room and group" }).click();
    const created = widget.locator('[data-view="new-bridged-room"][data-created-room]');
    await created.waitFor({ timeout: 30_000 });
    const room = (await created.getAttribute("data-created-room"))!;
    await created.getByRole("button", { name: "Bridge health" }).click();
    await expect.poll(() => health().getAttribute("data-health-status"), { timeout: 30_000 }).toBe("ok");
    expect(await roomView().locator('[data-summary="relay"] dd').textContent()).toBe("On");
    expect(bed.bridge.state.portals.get(room)?.relay).toBe(LOGIN.id);
    expect(bed.bridge.errors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });

  it("links the bot's Signal account by QR code: renewed codes are shown, an expired login says why, Cancel ends it on the bridge, a scan logs it in", async () => {
    const bot = rig.c.bot.userId;
    bed.bridge.state.logins.delete(bot);
    await roomView().getByRole("button", { name: "Back" }).click();
    const bridge = list().locator('[data-bridge="signal"]');
    const panel = bridge.locator("[data-bridge-login]");
    await expect.poll(() => panel.getAttribute("data-bridge-login")).toBe("none");
    expect(await panel.textContent()).toContain("The bot has no Signal login");

    await panel.getByRole("button", { name: "Link the bot's Signal account" }).click();
    const qr = bridge.locator("svg.qr-code");
    await qr.waitFor();
    const first = bed.bridge.logins.latestOf(bot)!;
    expect(await qr.getAttribute("data-qr-data")).toBe(bed.bridge.logins.qrOf(first));
    // The bridge renews an unscanned code under the same step ID, twice here: each new code is shown and waited on.
    for (let renewal = 0; renewal < 2; renewal++) {
      await expect.poll(() => bed.bridge.logins.isWaiting(first)).toBe(true);
      const renewed = bed.bridge.refreshQr(first);
      await expect.poll(() => qr.getAttribute("data-qr-data")).toBe(renewed);
    }
    // Then it gives up (410): the login has to start again.
    await expect.poll(() => bed.bridge.logins.isWaiting(first)).toBe(true);
    bed.bridge.expireQr(first);
    const failed = bridge.locator('[data-bridge-login="failed"]');
    await failed.waitFor();
    expect(await failed.textContent()).toContain("The Signal login timed out (Login timed out)");

    // Cancel ends the login on the bridge, not only on the screen.
    await failed.getByRole("button", { name: "Start again" }).click();
    await expect.poll(() => bed.bridge.logins.latestOf(bot)).toBeTruthy();
    const cancelled = bed.bridge.logins.latestOf(bot)!;
    await expect.poll(() => qr.getAttribute("data-qr-data")).toBe(bed.bridge.logins.qrOf(cancelled));
    await bridge.getByRole("button", { name: "Cancel" }).click();
    await expect.poll(() => bed.bridge.logins.exists(cancelled)).toBe(false);
    await expect.poll(() => panel.getAttribute("data-bridge-login")).toBe("none");

    await panel.getByRole("button", { name: "Link the bot's Signal account" }).click();
    await expect.poll(() => bed.bridge.logins.latestOf(bot)).toBeTruthy();
    const second = bed.bridge.logins.latestOf(bot)!;
    await expect.poll(() => qr.getAttribute("data-qr-data")).toBe(bed.bridge.logins.qrOf(second));
    const data = (await qr.getAttribute("data-qr-data"))!;
    expect(data).toMatch(/^sgnl:\/\/linkdevice\?uuid=[^&]+&pub_key=/);
    expect(await qr.getAttribute("aria-label")).toBe("QR code to link the bot's Signal account");
    expect(await qr.locator("path").getAttribute("d")).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(await bridge.locator("[data-login-waiting]").textContent()).toBe("Waiting for the scan…");
    await screenshot(rig.page.locator("iframe"), "screenshot-bridge-login.png");

    bed.bridge.scanQr(second, { phone: "+4915112345678" });
    const done = bridge.locator('[data-bridge-login="complete"]');
    await done.waitFor({ timeout: 20_000 });
    expect(await done.textContent()).toBe("Linked: the bot is logged in to Signal as +4915112345678.");
    expect(bed.bridge.state.logins.get(bot)?.map((l) => l.name)).toEqual(["+4915112345678"]);
    expect(bed.bridge.errors).toEqual([]);
    expect(rig.cspViolations).toEqual([]);
  });
});

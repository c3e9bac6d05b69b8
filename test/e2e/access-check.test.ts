import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

describe("the access check in the widget's Rooms screen", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 2, members: 1, extraRooms: 2 });
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Access check" }).click();
  });
  afterAll(() => rig?.close());

  const view = () => widget.locator('[data-view="access-check"]');
  const entry = (name: string) => view().locator("[data-access-room]").filter({ hasText: name });
  const job = () => view().locator("[data-job]");
  async function jobDone(previous?: string | null): Promise<string> {
    await expect.poll(async () => (await job().getAttribute("data-job")) !== previous && (await job().getAttribute("data-state")), { timeout: 30_000 }).toBe("done");
    return (await job().getAttribute("data-job"))!;
  }

  it("lists rooms that lack moderators in words, and fixes them all as one job", async () => {
    const [mod1, mod2] = rig.c.moderators.map((m) => m.userId);
    await entry("Group 1").waitFor();
    // The moderators joined only the moderator room and General; the groups lack them.
    expect(await view().locator("[data-access-room]").count()).toBe(2);
    expect(await entry("General").count()).toBe(0);
    // Long lists show their start: the rest on request.
    expect(await entry("Group 1").locator("[data-change]").count()).toBe(3);
    await entry("Group 1").getByRole("button", { name: "Show 1 more" }).click();
    const changes = await entry("Group 1").locator("[data-change]").allTextContents();
    expect(changes).toEqual(expect.arrayContaining([`Invite ${mod1}: a moderator who is not in the room`, `Raise ${mod2} from Member to Moderator`]));
    // Like every change, the fix is previewed and asks for a second click that says what it does.
    await view().getByRole("button", { name: "Fix 2 rooms" }).click();
    const preview = view().locator('[data-preview="fix-access"]');
    await preview.waitFor();
    expect(await preview.locator("h3").textContent()).toBe("Fix 2 rooms?");
    expect(await preview.locator("[data-fix-room]").allTextContents()).toEqual(expect.arrayContaining([expect.stringMatching(/^Group 1: \d+ changes$/), expect.stringMatching(/^Group 2: \d+ changes$/)]));
    expect(await view().locator("[data-job]").count()).toBe(0);
    await preview.locator('[data-action="confirm-fix"]').click();
    await jobDone();
    await view().locator("[data-access-clean]").waitFor();
    expect(await view().locator("[data-access-room]").count()).toBe(0);
  });

  it("shows a moderator lowered behind the dashboard's back as changed since the last check, and restores the level", async () => {
    const mod2 = rig.c.moderators[1]!.userId;
    const room = rig.c.rooms[0]!.roomId;
    const bot = rig.c.bot.client;
    const before = await job().getAttribute("data-job");
    const levels = await bot.state(room, "m.room.power_levels");
    expect(levels.users[mod2]).toBe(50);
    await bot.sendState(room, "m.room.power_levels", "", { ...levels, users: { ...levels.users, [mod2]: 0 } });

    await view().getByRole("button", { name: "Check again" }).click();
    const drifted = entry("Group 1");
    await drifted.waitFor();
    expect(await drifted.locator('[data-badge="changed"]').textContent()).toBe("Changed since last check");
    expect(await drifted.locator("[data-change]").allTextContents()).toEqual([`Raise ${mod2} from Member to Moderator`]);
    expect(await view().textContent()).toContain("1 room differs · 1 changed since the last check");
    await screenshot(rig.page.locator("iframe"), "screenshot-access-check.png");

    await view().getByRole("button", { name: "Fix Group 1" }).click();
    await view().locator('[data-preview="fix-access"] [data-action="confirm-fix"]').click();
    await jobDone(before);
    await view().locator("[data-access-clean]").waitFor();
    expect((await bot.state(room, "m.room.power_levels")).users[mod2]).toBe(50);
    expect(rig.cspViolations).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { FrameLocator } from "playwright-core";
import { person } from "../synapse/community.ts";
import { screenshot, startWidgetRig, type WidgetRig } from "./widget-rig.ts";

const hs = inject("synapse");

describe("the Ban lists screen", () => {
  let rig: WidgetRig;
  let widget: FrameLocator;
  let alias: string;

  beforeAll(async () => {
    rig = await startWidgetRig(hs, { moderators: 1, members: 1, extraRooms: 1 });
    const other = await person(hs, `${rig.c.tag}-neighbours`);
    alias = `#${rig.c.tag}-neighbour-bans:${hs.serverName}`;
    const list = await other.client.createRoom({ preset: "public_chat", name: "Neighbour bans", room_alias_name: `${rig.c.tag}-neighbour-bans` });
    const spammer = rig.c.members[0]!.userId;
    await other.client.sendState(list, "m.policy.rule.user", `rule:${spammer}`, { entity: spammer, reason: "spam wave", recommendation: "m.ban" });
    widget = await rig.open();
    await widget.getByRole("tab", { name: "Moderation" }).click();
    await widget.getByRole("tab", { name: "Ban lists" }).click();
  });
  afterAll(() => rig?.close());

  it("follows another community's list, shows its rule with the source, and enforces it with a preview", async () => {
    const screen = widget.locator('[data-screen="ban-lists"]');
    await screen.getByText("No ban lists yet.").waitFor();
    const follow = screen.locator('[data-form="follow"]');
    await follow.getByLabel("Policy room").fill(alias);
    await follow.getByRole("button", { name: "Preview" }).click();
    await follow.getByRole("button", { name: "Follow this list" }).click();
    await follow.getByText("(1 rule)").waitFor();

    const spammer = rig.c.members[0]!.userId;
    const rule = screen.locator(`[data-rule="${spammer}"]`);
    await rule.waitFor();
    expect(await rule.textContent()).toContain(`from ${alias}`);
    expect(await screen.locator("[data-lists]").textContent()).toContain("Followed");

    const enforce = screen.locator('[data-form="enforce"]');
    await enforce.getByRole("button", { name: "Preview" }).click();
    const preview = enforce.locator('[data-preview="enforce"]');
    await preview.waitFor();
    // The member is in the default room and one group room.
    expect(await preview.locator('[data-summary="bans"] dd summary').textContent()).toBe("2");
    await screenshot(rig.page.locator("iframe"), "screenshot-ban-lists.png");
    await enforce.getByRole("button", { name: "Ban and deny as listed" }).click();
    const job = screen.locator("[data-job]");
    await expect.poll(() => job.getAttribute("data-state"), { timeout: 30_000 }).toBe("done");
    for (const room of [rig.c.defaultRoom.roomId, rig.c.rooms[0]!.roomId]) {
      expect((await rig.c.bot.client.state(room, "m.room.member", spammer)).membership).toBe("ban");
    }
  });
});

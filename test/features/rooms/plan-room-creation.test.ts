import { describe, expect, it } from "vitest";
import { planRoomCreation, type CreationContext } from "../../../server/features/rooms/plan-room-creation.ts";
import { TemplateBody, type TemplateInput } from "../../../shared/templates.ts";
import type { Said } from "../../../shared/said.ts";

const BOT = "@bot:example.org";
const MOD = "@mod:example.org";
const ADMIN = "@admin:example.org";
const OUTSIDER = "@outsider:example.org";

const context = (o: Partial<CreationContext> = {}): CreationContext => ({
  botUserId: BOT,
  serverName: "example.org",
  defaultRoomVersion: "12",
  moderators: [
    { userId: MOD, level: 50 },
    { userId: ADMIN, level: 100 },
  ],
  actorLevel: 50,
  ...o,
});
const plan = (template: TemplateInput, ctx = context()) =>
  planRoomCreation({ templateId: "t", templateVersion: 1, template: TemplateBody.parse(template), name: "Room", invitees: [] }, ctx);
/** The English the chat and the CLI print. */
const texts = (warnings: Said[]) => warnings.map((w) => w.text);
const override = (p: ReturnType<typeof plan>) => p.request.power_level_content_override as { users: Record<string, number>; users_default?: number };

describe("room creation plan: a template cannot raise anyone above the actor or the bot", () => {
  it("caps every user entry, moderators' mirror included, at the creating actor's level and says so", () => {
    const p = plan({ name: "Escalate", powerLevels: { users: { [MOD]: 1000, [OUTSIDER]: 100 } } });
    expect(override(p).users).toEqual({ [MOD]: 50, [OUTSIDER]: 50, [ADMIN]: 50 });
    expect(p.powerCap).toEqual({
      level: 50,
      capped: [
        { userId: MOD, asked: 1000, given: 50 },
        { userId: OUTSIDER, asked: 100, given: 50 },
        { userId: ADMIN, asked: 100, given: 50 },
      ],
    });
    expect(texts(p.warnings)).toContain(`The template asks level 1000 for ${MOD}; capped at 50, your own level.`);
  });

  it("keeps the bot out of `users` in room version 12 (the creator is above everyone) and at 100, the highest, before", () => {
    const v12 = plan({ name: "v12", powerLevels: { users: { [BOT]: 0, [OUTSIDER]: 1000 } } }, context({ actorLevel: Number.POSITIVE_INFINITY }));
    expect(override(v12).users[BOT]).toBeUndefined();
    expect(v12.powerCap.level).toBeNull();
    const v10 = plan({ name: "v10", roomVersion: "10", powerLevels: { users: { [BOT]: 0, [OUTSIDER]: 1000 } } }, context({ actorLevel: Number.POSITIVE_INFINITY }));
    expect(override(v10).users[BOT]).toBe(100);
    expect(Math.max(...Object.values(override(v10).users))).toBe(100);
    expect(v10.powerCap).toMatchObject({ level: 100, capped: [{ userId: OUTSIDER, asked: 1000, given: 100 }] });
    expect(texts(v10.warnings)).toContain("The template lists the bot in power levels; it keeps 100, the highest level in the room.");
  });

  it("caps users_default too, so a template cannot give everyone a high level", () => {
    const p = plan({ name: "Everyone", powerLevels: { users_default: 100 } });
    expect(override(p).users_default).toBe(50);
    expect(texts(p.warnings)).toContain("The template gives everyone level 100 by default; capped at 50, your own level.");
  });

  it("leaves out power levels and memberships smuggled in as initial state (templates stored before the check)", () => {
    const template = { ...TemplateBody.parse({ name: "Old" }), initialState: [{ type: "m.room.power_levels", state_key: "", content: { users: { [MOD]: 1000 } } }] };
    const p = planRoomCreation({ templateId: "t", templateVersion: 1, template, name: "Room", invitees: [] }, context());
    expect((p.request.initial_state as Array<{ type: string }>).map((e) => e.type)).not.toContain("m.room.power_levels");
    expect(p.warnings).toContainEqual(expect.objectContaining({ code: "rooms.guarded-state-dropped", params: { type: "m.room.power_levels" }, text: expect.stringContaining("m.room.power_levels event was left out") }));
    expect(() => TemplateBody.parse({ name: "New", initialState: [{ type: "m.room.member", state_key: OUTSIDER, content: { membership: "join" } }] })).toThrow(/initial state may not set/);
  });

  it("warns about trusted_private_chat, default invitees and world-readable history", () => {
    const p = plan({ name: "Risky", preset: "trusted_private_chat", defaultInvitees: [OUTSIDER], historyVisibility: "world_readable" });
    expect(texts(p.warnings)).toEqual(
      expect.arrayContaining([
        expect.stringContaining("trusted_private_chat"),
        `The template invites ${OUTSIDER} to every room made from it.`,
        "History is world_readable: anyone, even without joining, can read every message in this room.",
      ]),
    );
    expect(texts(plan({ name: "Plain" }).warnings)).toEqual([`${ADMIN} has level 100 in the moderator room; here at most 50, your own level.`]);
    expect(plan({ name: "Plain" }, context({ actorLevel: 100 })).warnings).toEqual([]);
  });
});

import { defineAction } from "../../kernel/runtime/define-action.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { powerLevelFromState, requiredForStateEvent } from "../../kernel/matrix/power-levels.ts";
import { AutoEnforceInput, CreateListInput, SubscribeInput, type CreateListPlan, type CreateListResult, type SubscribePlan, type SubscribeResult, type Subscription } from "../../../shared/policy-lists.ts";
import { readListSettings, setAutoEnforce, writeListSettings } from "./list-settings.ts";
import { policyRules, type PolicyRules } from "./policy-rules.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";
import { RULE_EVENT_TYPE } from "./rules.ts";
import { runningWatcher } from "./watcher.ts";

/** What following and keeping ban lists uses: the bot's joins, the list settings, the rule cache, the watcher. */
type ListCaps = {
  bot: Pick<Bot, "userId" | "joinRoom" | "leaveRoom" | "createEvent" | "powerLevels" | "resolveRoom" | "createRoom">;
  store: Pick<AppContext["store"], "db">;
  rules: Pick<PolicyRules, "reload" | "list" | "forget">;
  /** The running ban-list watcher, when the server runs one (not in command-line tools). */
  watcher(): ReturnType<typeof runningWatcher>;
};

const listCaps = (app: AppContext): ListCaps => ({ bot: app.bot, store: app.store, rules: policyRules(app), watcher: () => runningWatcher(app) });

/** Joins a room by alias or ID (the bot may already be in it) and answers its room ID. */
async function joinList(app: Pick<ListCaps, "bot">, ref: string): Promise<string> {
  try {
    return await app.bot.joinRoom(ref);
  } catch (err) {
    throw describeMatrixFailure(err, `joining the policy room ${ref}`);
  }
}

async function botMayWriteRules(app: Pick<ListCaps, "bot">, roomId: string): Promise<string | null> {
  const [create, powerLevels] = await Promise.all([app.bot.createEvent(roomId), app.bot.powerLevels(roomId)]);
  const level = powerLevelFromState(app.bot.userId, create.content, powerLevels, create.sender);
  const needed = Math.max(...Object.values(RULE_EVENT_TYPE).map((t) => requiredForStateEvent(powerLevels, t)));
  return level >= needed ? null : `the bot has level ${level} there and writing rules needs ${needed}`;
}

export const createList = defineAction({
  name: "policy-lists.create-list",
  family: "policy-lists",
  permission: "admin",
  summary: "Create (or adopt) the community's own ban list",
  input: CreateListInput,
  example: { name: "Example community ban list" },
  capabilities: listCaps,
  async plan(ctx, input): Promise<CreateListPlan> {
    const current = readListSettings(ctx.caps.store.db).own;
    if (current) return { existing: current, adopt: null, name: null };
    if (!input.adopt) return { existing: null, adopt: null, name: input.name ?? "Community ban list" };
    const roomId = await ctx.caps.bot.resolveRoom(input.adopt);
    return { existing: null, adopt: roomId, name: null };
  },
  async apply(ctx, plan, input): Promise<CreateListResult> {
    const { caps } = ctx;
    if (plan.existing) return { roomId: plan.existing, created: false };
    let roomId: string;
    if (plan.adopt) {
      roomId = await joinList(caps, input.adopt!);
      const refusal = await botMayWriteRules(caps, roomId);
      if (refusal) throw ApiError.forbidden(`The bot cannot write rules into ${input.adopt}: ${refusal}.`, "Raise the bot's power level in that room, then adopt it again.").saying("banListNoWrite", { room: input.adopt! });
    } else {
      // Public and world-readable, so other communities (and their Draupnir or Mjolnir) can subscribe.
      roomId = await caps.bot.createRoom({
        preset: "public_chat",
        name: plan.name!,
        topic: "Ban list (moderation policy list) kept by the community's dashboard",
        initial_state: [{ type: "m.room.history_visibility", state_key: "", content: { history_visibility: "world_readable" } }],
        power_level_content_override: { events_default: 50, state_default: 50 },
      });
    }
    const settings = readListSettings(caps.store.db);
    writeListSettings(caps.store.db, { ...settings, own: roomId, subscriptions: settings.subscriptions.filter((s) => s.roomId !== roomId) });
    await caps.rules.reload(roomId);
    caps.watcher()?.roomsChanged();
    return { roomId, created: !plan.adopt };
  },
  target: (input) => input.adopt ?? input.name,
});

export const subscribe = defineAction({
  name: "policy-lists.subscribe",
  family: "policy-lists",
  permission: "moderator",
  summary: "Subscribe to another community's ban list",
  input: SubscribeInput,
  example: { room: "#ban-list:example.org" },
  capabilities: listCaps,
  async plan(ctx, input): Promise<SubscribePlan> {
    const roomId = await ctx.caps.bot.resolveRoom(input.room);
    const settings = readListSettings(ctx.caps.store.db);
    if (settings.own === roomId) throw ApiError.conflict(`${input.room} is the community's own ban list.`).saying("banListOwn", { room: input.room });
    return { roomId, already: settings.subscriptions.some((s) => s.roomId === roomId) };
  },
  async apply(ctx, _plan, input): Promise<SubscribeResult> {
    const { caps } = ctx;
    const roomId = await joinList(caps, input.room);
    const settings = readListSettings(caps.store.db);
    if (!settings.subscriptions.some((s) => s.roomId === roomId)) {
      writeListSettings(caps.store.db, { ...settings, subscriptions: [...settings.subscriptions, { roomId, alias: input.room.startsWith("#") ? input.room : null }] });
    }
    const { rules } = caps;
    await rules.reload(roomId);
    caps.watcher()?.roomsChanged();
    return { roomId, rules: rules.list(roomId)?.rules.length ?? 0 };
  },
  target: (input) => input.room,
});

export const unsubscribe = defineAction({
  name: "policy-lists.unsubscribe",
  family: "policy-lists",
  permission: "moderator",
  summary: "Stop following another community's ban list",
  input: SubscribeInput,
  example: { room: "#ban-list:example.org" },
  capabilities: listCaps,
  async plan(ctx, input): Promise<Subscription> {
    const settings = readListSettings(ctx.caps.store.db);
    const found = settings.subscriptions.find((s) => s.roomId === input.room || s.alias === input.room);
    if (!found) throw ApiError.notFound(`The community does not subscribe to ${input.room}.`, "List the subscriptions on the Ban lists screen.").saying("banListNotFollowed", { room: input.room });
    return found;
  },
  async apply(ctx, plan): Promise<{ roomId: string }> {
    const { caps } = ctx;
    const settings = readListSettings(caps.store.db);
    writeListSettings(caps.store.db, { ...settings, subscriptions: settings.subscriptions.filter((s) => s.roomId !== plan.roomId) });
    caps.rules.forget(plan.roomId);
    caps.watcher()?.roomsChanged();
    await caps.bot.leaveRoom(plan.roomId).catch(() => undefined);
    return { roomId: plan.roomId };
  },
  target: (input) => input.room,
});

export const autoEnforce = defineAction({
  name: "policy-lists.auto-enforce",
  family: "policy-lists",
  permission: "admin",
  summary: "Turn automatic ban-list enforcement on or off",
  input: AutoEnforceInput,
  example: { on: true },
  capabilities: listCaps,
  async plan(_ctx, input): Promise<{ on: boolean }> {
    return { on: input.on };
  },
  async apply(ctx, plan): Promise<{ on: boolean }> {
    setAutoEnforce(ctx.caps.store.db, plan.on);
    if (plan.on) ctx.caps.watcher()?.enforceSoon("automatic enforcement was turned on");
    return { on: plan.on };
  },
  target: (input) => (input.on ? "on" : "off"),
});

import type { Bot } from "../../kernel/matrix/bot.ts";
import { describeMatrixFailure } from "../../kernel/errors/homeserver-failure.ts";
import { CREATOR_POWER, powerLevelFromState, requiredForStateEvent, type PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";
import { ApiError } from "../../kernel/errors/api-error.ts";
import { widgetUrlTemplate } from "../../../shared/widget-url.ts";
import { DASHBOARD_WIDGET_ID, type WidgetInstallInput, type WidgetInstallPlan } from "../../../shared/widget-install.ts";
import { LAYOUT_EVENT, WIDGET_EVENT, planLayoutEvent, planWidgetEvent, widgetContent, TopContainerFullError } from "./widget-plan.ts";

export const WIDGET_NAME = "Community Dashboard";

type StateEvent = { type: string; state_key: string; sender: string; content: Record<string, any> };

async function roomState(bot: Bot, roomId: string, roomRef: string): Promise<StateEvent[]> {
  try {
    return await bot.getRoomState(roomId);
  } catch (err) {
    const failure = describeMatrixFailure(err, `reading the state of ${roomRef}`);
    if (failure.status === 403) {
      throw ApiError.forbidden(
        `The bot ${bot.userId} is not in the moderator room ${roomRef}, so it cannot add the widget there.`,
        `Invite ${bot.userId} to ${roomRef}; the dashboard joins when it starts (or run \`npm run setup\`).`,
      );
    }
    throw failure;
  }
}

/** Reads the moderator room and says what installing (or removing) the widget would change; sends nothing. */
export async function planWidgetInstall(
  bot: Bot,
  o: { moderatorRoom: string; publicUrl: string } & WidgetInstallInput,
): Promise<WidgetInstallPlan> {
  const roomId = await bot.resolveRoom(o.moderatorRoom);
  const state = await roomState(bot, roomId, o.moderatorRoom);
  const find = (type: string, key = "") => state.find((e) => e.type === type && e.state_key === key);
  const url = widgetUrlTemplate(o.publicUrl);
  const widgetId = DASHBOARD_WIDGET_ID;

  const widget = planWidgetEvent(
    find(WIDGET_EVENT, widgetId)?.content ?? null,
    widgetContent({ widgetId, url, name: WIDGET_NAME, creatorUserId: bot.userId }),
    o.remove,
  );
  const liveWidgetIds = state.filter((e) => e.type === WIDGET_EVENT && Object.keys(e.content).length > 0).map((e) => e.state_key);
  let layout;
  try {
    layout = planLayoutEvent(find(LAYOUT_EVENT)?.content ?? null, { widgetId, container: o.container, remove: o.remove, liveWidgetIds });
  } catch (err) {
    if (err instanceof TopContainerFullError) {
      throw ApiError.conflict(err.message, "Pin the dashboard on the right instead (`--container right`), or unpin one of those widgets in Element.");
    }
    throw err;
  }

  const changes: string[] = [];
  if (widget.change === "add") changes.push(`add the widget "${WIDGET_NAME}" (${widgetId}) at ${url}`);
  if (widget.change === "update") changes.push(`update the widget ${widgetId} to ${url}`);
  if (widget.change === "remove") changes.push(`remove the widget ${widgetId}`);
  if (layout.change === "add" || layout.change === "update") changes.push(`pin it in the ${o.container} container`);
  if (layout.change === "remove") changes.push("unpin it");

  const create = find("m.room.create");
  const powerLevels = (find("m.room.power_levels")?.content ?? null) as PowerLevelsContent | null;
  const needed = Math.max(
    ...(widget.change !== "none" ? [requiredForStateEvent(powerLevels, WIDGET_EVENT)] : []),
    ...(layout.change !== "none" ? [requiredForStateEvent(powerLevels, LAYOUT_EVENT)] : []),
    0,
  );
  const has = powerLevelFromState(bot.userId, create?.content ?? {}, powerLevels, create?.sender);
  if (has < needed) {
    throw ApiError.forbidden(
      `The bot ${bot.userId} has power level ${has} in the moderator room ${o.moderatorRoom}; ` +
        `${o.remove ? "removing" : "adding and pinning"} the widget needs ${needed} (state events ${WIDGET_EVENT} and ${LAYOUT_EVENT}).`,
      `In Element, open the moderator room → Room settings → Roles & Permissions and give ${bot.userId} power level ${needed} or more ` +
        `(or lower "Modify widgets" and "Change layout" to ${has}). Then run it again.`,
    );
  }
  return { roomId, widgetId, url, widget, layout, changes, botPowerLevel: has === CREATOR_POWER ? "creator" : has, neededPowerLevel: needed };
}

/** Sends only the state events the plan marks as changed, so a repeat sends nothing. */
export async function applyWidgetInstall(bot: Bot, plan: WidgetInstallPlan): Promise<{ sent: string[] }> {
  const sent: string[] = [];
  if (plan.widget.change !== "none") {
    sent.push(await bot.sendStateEvent(plan.roomId, WIDGET_EVENT, plan.widgetId, plan.widget.content));
  }
  if (plan.layout.change !== "none") {
    sent.push(await bot.sendStateEvent(plan.roomId, LAYOUT_EVENT, "", plan.layout.content));
  }
  return { sent };
}

import { defineAction } from "../../kernel/runtime/define-action.ts";
import { WidgetInstallInput } from "../../../shared/widget-install.ts";
import { applyWidgetInstall, planWidgetInstall } from "./install-widget.ts";
import type { AppContext } from "../../kernel/runtime/app-context.ts";

type InstallCaps = { bot: AppContext["bot"]; config: Pick<AppContext["config"], "moderatorRoom" | "publicUrl"> };

export const installWidget = defineAction({
  name: "widget.install",
  family: "admin",
  permission: "admin",
  summary: "Add the dashboard widget to the moderator room and pin it (or remove it)",
  input: WidgetInstallInput,
  example: { container: "top", remove: false },
  capabilities: (app): InstallCaps => ({ bot: app.bot, config: app.config }),
  plan: (ctx, input) =>
    planWidgetInstall(ctx.caps.bot, { moderatorRoom: ctx.caps.config.moderatorRoom, publicUrl: ctx.caps.config.publicUrl, ...input }),
  apply: (ctx, plan) => applyWidgetInstall(ctx.caps.bot, plan),
  target: (_input, plan) => plan.roomId,
});

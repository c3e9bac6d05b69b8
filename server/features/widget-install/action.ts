import { defineAction } from "../../kernel/runtime/define-action.ts";
import { WidgetInstallInput } from "../../../shared/widget-install.ts";
import { applyWidgetInstall, planWidgetInstall } from "./install-widget.ts";

export const installWidget = defineAction({
  name: "widget.install",
  family: "admin",
  permission: "admin",
  summary: "Add the dashboard widget to the moderator room and pin it (or remove it)",
  input: WidgetInstallInput,
  example: { container: "top", remove: false },
  plan: (ctx, input) =>
    planWidgetInstall(ctx.app.bot, { moderatorRoom: ctx.app.config.moderatorRoom, publicUrl: ctx.app.config.publicUrl, ...input }),
  apply: (ctx, plan) => applyWidgetInstall(ctx.app.bot, plan),
  target: (_input, plan) => plan.roomId,
});

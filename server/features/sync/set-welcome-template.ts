import { defineAction } from "../../kernel/runtime/define-action.ts";
import { WelcomeTemplateInput } from "../../../shared/sync.ts";
import { renderWelcome } from "./welcome.ts";

export const setWelcomeTemplate = defineAction({
  name: "sync.set-welcome-template",
  family: "sync",
  permission: "moderator",
  summary: "Edit the welcome message new people get in the default room",
  input: WelcomeTemplateInput,
  example: { template: "Welcome, {displayName}! Say hello in the general room." },
  async plan(ctx, input) {
    const sample = { displayName: "Alice Example", userId: `@alice:${ctx.app.bot.serverName}`, username: "alice" };
    return { before: ctx.app.syncStore.welcomeTemplate(), after: input.template, preview: renderWelcome(input.template, sample) };
  },
  async apply(ctx, plan) {
    ctx.app.syncStore.setWelcomeTemplate(plan.after);
    return { saved: true };
  },
});

import { defineAction } from "../../kernel/runtime/define-action.ts";
import { WelcomeTemplateInput } from "../../../shared/sync.ts";
import { renderWelcome } from "./welcome.ts";
import type { SyncStore } from "../../kernel/store/sync-store.ts";
import type { Bot } from "../../kernel/matrix/bot.ts";

type WelcomeTemplateCaps = { bot: Pick<Bot, "serverName">; syncStore: Pick<SyncStore, "welcomeTemplate" | "setWelcomeTemplate"> };

export const setWelcomeTemplate = defineAction({
  name: "sync.set-welcome-template",
  family: "sync",
  permission: "moderator",
  summary: "Edit the welcome message new people get in the default room",
  input: WelcomeTemplateInput,
  example: { template: "Welcome, {displayName}! Say hello in the general room." },
  capabilities: (app): WelcomeTemplateCaps => ({ bot: app.bot, syncStore: app.syncStore }),
  async plan(ctx, input) {
    const sample = { displayName: "Alice Example", userId: `@alice:${ctx.caps.bot.serverName}`, username: "alice" };
    return { before: ctx.caps.syncStore.welcomeTemplate(), after: input.template, preview: renderWelcome(input.template, sample) };
  },
  async apply(ctx, plan) {
    ctx.caps.syncStore.setWelcomeTemplate(plan.after);
    return { saved: true };
  },
});

import { describe, expect, it } from "vitest";
import type { ActionMap, ActionName, ActionParsedInput } from "../../shared/action-map.ts";
import type { Action } from "../../server/kernel/runtime/define-action.ts";
import { features } from "../../server/features/all.ts";
import type { useAction } from "../../widget/ui/hooks.ts";
import type { DashboardClient } from "../../server/entry/cli/api-client.ts";
import type { ActionResponse } from "../../shared/actions.ts";
import type { FixAccessPlan } from "../../shared/plans.ts";
import type { createRoom } from "../../server/features/rooms/create-room.ts";
import type { inviteUsers } from "../../server/features/rooms/invite.ts";
import type { kickFromRoom } from "../../server/features/rooms/kick.ts";
import type { setPowerLevel } from "../../server/features/rooms/set-power-level.ts";
import type { fixAccess } from "../../server/features/rooms/fix-access.ts";
import type { deleteTestRoom } from "../../server/features/rooms/delete-test-room.ts";
import type { saveTemplate, deleteTemplate, importTemplates } from "../../server/features/templates/template-actions.ts";
import type { openConflictRoom } from "../../server/features/moderation/conflict-room.ts";
import type { banEverywhere, unbanEverywhere, kickEverywhere, redactEverywhere } from "../../server/features/moderation/cross-room.ts";
import type { announce } from "../../server/features/announcements/announce.ts";
import type { createGroup } from "../../server/features/bridges/create-group.ts";
import type { createRoomWithGroup } from "../../server/features/bridges/create-room-with-group.ts";
import type { linkGroup } from "../../server/features/bridges/link-group.ts";
import type { setRelay } from "../../server/features/bridges/set-relay.ts";
import type { unlinkGroup } from "../../server/features/bridges/unlink.ts";
import type { resyncGroup } from "../../server/features/bridges/resync.ts";
import type { bridgeLogin } from "../../server/features/bridges/login.ts";
import type { bridgeLoginCancel, bridgeLoginInput, bridgeLoginWait } from "../../server/features/bridges/login-steps.ts";
import type { syncAccounts } from "../../server/features/sync/sync-accounts.ts";
import type { mapGroupRooms } from "../../server/features/sync/map-group-rooms.ts";
import type { mapGroupLevel } from "../../server/features/sync/map-group-level.ts";
import type { setWelcomeTemplate } from "../../server/features/sync/set-welcome-template.ts";
import type { approveIntake } from "../../server/features/onboarding/approve-intake.ts";
import type { createApiToken, revokeApiToken } from "../../server/features/tokens/token-actions.ts";
import type { cancelJob } from "../../server/features/jobs/cancel-job.ts";
import type { installWidget } from "../../server/features/widget-install/action.ts";
import type { dismissReport, redactReported, warnSender } from "../../server/features/reports/report-actions.ts";
import type { createList, subscribe, unsubscribe, autoEnforce } from "../../server/features/policy-lists/list-actions.ts";
import type { addRule, removeRule } from "../../server/features/policy-lists/rule-actions.ts";
import type { enforceLists } from "../../server/features/policy-lists/enforce.ts";

/** What an action receives (its input, parsed), what its plan shows callers (present() where it has one) and what apply answers. */
type Seen<A> = A extends Action<infer I, any, infer R, infer S> ? { input: I; plan: S; result: R } : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** `true` only when the server's action and the shared map agree both ways; anything else fails `tsc`. */
type Agrees<A, N extends ActionName> = Same<Seen<A>["input"], ActionParsedInput<N>> extends true
  ? Same<Seen<A>["plan"], ActionMap[N]["plan"]> extends true
    ? Same<Seen<A>["result"], ActionMap[N]["result"]>
    : false
  : false;

/**
 * Ban, unban and kick everywhere share one definition with redact, statically typed with redact's
 * input (a superset: it adds limitPerRoom); each validates with its own schema, which the map names.
 */
type AgreesSharingRedactInput<A, N extends ActionName> = Seen<A>["input"] extends ActionParsedInput<N>
  ? Same<Seen<A>["plan"], ActionMap[N]["plan"]> extends true
    ? Same<Seen<A>["result"], ActionMap[N]["result"]>
    : false
  : false;

// One line per action: a missing name, an extra one or a type that drifted is a type error here.
const contract: { [N in ActionName]: true } = {
  "rooms.create": true satisfies Agrees<typeof createRoom, "rooms.create">,
  "rooms.invite": true satisfies Agrees<typeof inviteUsers, "rooms.invite">,
  "rooms.kick": true satisfies Agrees<typeof kickFromRoom, "rooms.kick">,
  "rooms.set-power-level": true satisfies Agrees<typeof setPowerLevel, "rooms.set-power-level">,
  "rooms.fix-access": true satisfies Agrees<typeof fixAccess, "rooms.fix-access">,
  "rooms.delete-test-room": true satisfies Agrees<typeof deleteTestRoom, "rooms.delete-test-room">,
  "templates.save": true satisfies Agrees<typeof saveTemplate, "templates.save">,
  "templates.delete": true satisfies Agrees<typeof deleteTemplate, "templates.delete">,
  "templates.import": true satisfies Agrees<typeof importTemplates, "templates.import">,
  "moderation.conflict-room": true satisfies Agrees<typeof openConflictRoom, "moderation.conflict-room">,
  "moderation.ban": true satisfies AgreesSharingRedactInput<typeof banEverywhere, "moderation.ban">,
  "moderation.unban": true satisfies AgreesSharingRedactInput<typeof unbanEverywhere, "moderation.unban">,
  "moderation.kick": true satisfies AgreesSharingRedactInput<typeof kickEverywhere, "moderation.kick">,
  "moderation.redact": true satisfies Agrees<typeof redactEverywhere, "moderation.redact">,
  "announcements.send": true satisfies Agrees<typeof announce, "announcements.send">,
  "bridges.create-group": true satisfies Agrees<typeof createGroup, "bridges.create-group">,
  "bridges.create-room-with-group": true satisfies Agrees<typeof createRoomWithGroup, "bridges.create-room-with-group">,
  "bridges.link-group": true satisfies Agrees<typeof linkGroup, "bridges.link-group">,
  "bridges.set-relay": true satisfies Agrees<typeof setRelay, "bridges.set-relay">,
  "bridges.unlink": true satisfies Agrees<typeof unlinkGroup, "bridges.unlink">,
  "bridges.resync": true satisfies Agrees<typeof resyncGroup, "bridges.resync">,
  "bridges.login": true satisfies Agrees<typeof bridgeLogin, "bridges.login">,
  "bridges.login-wait": true satisfies Agrees<typeof bridgeLoginWait, "bridges.login-wait">,
  "bridges.login-input": true satisfies Agrees<typeof bridgeLoginInput, "bridges.login-input">,
  "bridges.login-cancel": true satisfies Agrees<typeof bridgeLoginCancel, "bridges.login-cancel">,
  "sync.accounts": true satisfies Agrees<typeof syncAccounts, "sync.accounts">,
  "sync.map-group-rooms": true satisfies Agrees<typeof mapGroupRooms, "sync.map-group-rooms">,
  "sync.map-group-level": true satisfies Agrees<typeof mapGroupLevel, "sync.map-group-level">,
  "sync.set-welcome-template": true satisfies Agrees<typeof setWelcomeTemplate, "sync.set-welcome-template">,
  "onboarding.approve-intake": true satisfies Agrees<typeof approveIntake, "onboarding.approve-intake">,
  "tokens.create": true satisfies Agrees<typeof createApiToken, "tokens.create">,
  "tokens.revoke": true satisfies Agrees<typeof revokeApiToken, "tokens.revoke">,
  "jobs.cancel": true satisfies Agrees<typeof cancelJob, "jobs.cancel">,
  "widget.install": true satisfies Agrees<typeof installWidget, "widget.install">,
  "reports.dismiss": true satisfies Agrees<typeof dismissReport, "reports.dismiss">,
  "reports.redact": true satisfies Agrees<typeof redactReported, "reports.redact">,
  "reports.warn": true satisfies Agrees<typeof warnSender, "reports.warn">,
  "policy-lists.create-list": true satisfies Agrees<typeof createList, "policy-lists.create-list">,
  "policy-lists.subscribe": true satisfies Agrees<typeof subscribe, "policy-lists.subscribe">,
  "policy-lists.unsubscribe": true satisfies Agrees<typeof unsubscribe, "policy-lists.unsubscribe">,
  "policy-lists.auto-enforce": true satisfies Agrees<typeof autoEnforce, "policy-lists.auto-enforce">,
  "policy-lists.add-rule": true satisfies Agrees<typeof addRule, "policy-lists.add-rule">,
  "policy-lists.remove-rule": true satisfies Agrees<typeof removeRule, "policy-lists.remove-rule">,
  "policy-lists.enforce": true satisfies Agrees<typeof enforceLists, "policy-lists.enforce">,
};

// The widget's hook and the CLI's client take their types from the name, and refuse a wrong one.
type WidgetActionName = Parameters<typeof useAction>[0];
type CliActionName = Parameters<DashboardClient["action"]>[0];
// @ts-expect-error: a misspelt action name does not compile in the widget
export const misspeltInWidget: WidgetActionName = "rooms.fix-acess";
// @ts-expect-error: nor in the CLI
export const misspeltInCli: CliActionName = "announcement.send";
export const widgetInfersThePlan: Same<ReturnType<typeof useAction<"rooms.fix-access">>["shownPlan"], FixAccessPlan | undefined> = true;
export const cliInfersTheResult: Same<Awaited<ReturnType<DashboardClient["action"]>>, ActionResponse<ActionMap[ActionName]["plan"], ActionMap[ActionName]["result"]>> = true;

describe("the shared action map", () => {
  it("names every action the server registers, and no other", () => {
    const registered = features.flatMap((f) => (f.actions ?? []).map((a) => a.name));
    expect(Object.keys(contract).sort()).toEqual([...registered].sort());
  });
});

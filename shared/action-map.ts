/**
 * Every action by name: what a caller sends (input, before the server fills in defaults), what
 * `plan` answers (the plan as callers see it) and what `apply` answers (result). Types only. The widget's `useAction("rooms.fix-access")` and the
 * CLI's `api.action("rooms.fix-access", …)` read their types from here, so a misspelt name is a
 * type error; test/shared/action-map.test.ts holds every server action to its entry (tsc fails when
 * an action's input, plan or result no longer matches, or an action is missing here).
 */
import type { z } from "zod";
import type { CreateRoomInput, InviteInput, KickInput, RoomCreationPlan, SetPowerLevelInput } from "./rooms.ts";
import type { AnnouncementInput, ConflictRoomInput, CrossRoomInput, RedactInput } from "./moderation.ts";
import type {
  BridgeLoginInput,
  BridgeLoginCancelInput,
  BridgeLoginProgress,
  BridgeLoginStepInput,
  BridgeLoginStepPlan,
  BridgeLoginStepWaitInput,
  BridgeLoginPlan,
  BridgeLoginStep,
  BridgeNetwork,
  BridgePlan,
  BridgeRoomInput,
  CreateGroupInput,
  CreateRoomWithGroupInput,
  LinkGroupInput,
  SetRelayInput,
} from "./bridges.ts";
import type { Template, TemplateBody, TemplateBundle, TemplateInput } from "./templates.ts";
import type { ApiTokenInfo, CreateApiTokenInput } from "./api-tokens.ts";
import type { MapGroupLevelInput, MapGroupRoomsInput, SyncApplyResult, SyncInput, SyncPlan, WelcomeTemplateInput } from "./sync.ts";
import type { ApproveIntakeInput, IntakePlan } from "./onboarding.ts";
import type { WidgetInstallInput, WidgetInstallPlan } from "./widget-install.ts";
import type { JobSnapshot } from "./jobs.ts";
import type { DismissResult, RedactReportedInput, RedactReportedPlan, RedactReportedResult, ReportActionPlan, ReportInput, WarnInput, WarnPlan, WarnResult } from "./reports.ts";
import type {
  AddRuleInput,
  AddRulePlan,
  AddRuleResult,
  AutoEnforceInput,
  CreateListInput,
  CreateListPlan,
  CreateListResult,
  EnforceInput,
  EnforceResult,
  EnforcementPlan,
  RemoveRuleInput,
  RemoveRulePlan,
  SubscribeInput,
  SubscribePlan,
  SubscribeResult,
  Subscription,
} from "./policy-lists.ts";
import type {
  AnnouncePlan,
  BotPreparation,
  ConflictPlan,
  ConflictResult,
  CreatedGroup,
  CreatedRoom,
  CreatedToken,
  CrossRoomPlan,
  DeleteTestRoomPlan,
  FixAccessPlan,
  FixAccessResult,
  ImportPlan,
  ImportResult,
  InvitePlan,
  RoomWithGroupPlan,
  RoomWithGroupResult,
  TokenPlan,
} from "./plans.ts";

/** An input as a caller sends it (fields with defaults may be left out) and as the action receives it, parsed. */
type Input<Sent, Parsed> = { sent: Sent; parsed: Parsed };
type FromSchema<Schema extends z.ZodType> = Input<z.input<Schema>, z.output<Schema>>;
/** An input without defaults: sent as it is parsed. */
type Plain<T> = Input<T, T>;
type Entry<I extends Input<unknown, unknown>, P, R> = { input: I; plan: P; result: R };
type CrossRoom<I extends Input<unknown, unknown>> = Entry<I, CrossRoomPlan, { jobId: string; rooms: number }>;

export type ActionMap = {
  // rooms
  "rooms.create": Entry<FromSchema<typeof CreateRoomInput>, RoomCreationPlan, CreatedRoom>;
  "rooms.invite": Entry<FromSchema<typeof InviteInput>, InvitePlan, { jobId: string; invites: number }>;
  "rooms.kick": Entry<FromSchema<typeof KickInput>, { room: string; user: string; reason: string | null; currentMembership: string | null; willChange: boolean }, { kicked: boolean; note?: string }>;
  "rooms.set-power-level": Entry<FromSchema<typeof SetPowerLevelInput>, { room: string; user: string; from: number; to: number; willChange: boolean }, { changed: boolean }>;
  "rooms.fix-access": Entry<Plain<{ rooms?: string[] }>, FixAccessPlan, FixAccessResult>;
  "rooms.delete-test-room": Entry<Plain<{ room: string }>, DeleteTestRoomPlan, { deleted: boolean; method: string }>;
  // templates
  "templates.save": Entry<Input<{ id: string; body: TemplateInput; expectedVersion?: number }, { id: string; body: TemplateBody; expectedVersion?: number }>, { id: string; from: number | null; to: number; body: TemplateBody }, Template>;
  "templates.delete": Entry<Plain<{ id: string }>, { template: Template }, { deleted: string }>;
  "templates.import": Entry<Input<{ bundle: z.input<typeof TemplateBundle> }, { bundle: TemplateBundle }>, ImportPlan, ImportResult>;
  // moderation
  "moderation.conflict-room": Entry<FromSchema<typeof ConflictRoomInput>, ConflictPlan, ConflictResult>;
  "moderation.ban": CrossRoom<FromSchema<typeof CrossRoomInput>>;
  "moderation.unban": CrossRoom<FromSchema<typeof CrossRoomInput>>;
  "moderation.kick": CrossRoom<FromSchema<typeof CrossRoomInput>>;
  "moderation.redact": CrossRoom<FromSchema<typeof RedactInput>>;
  // announcements
  "announcements.send": Entry<
    FromSchema<typeof AnnouncementInput>,
    AnnouncePlan,
    { jobId: string; rooms: number; skipped: number; plaintextInEncryptedRooms: boolean; notifyRoom: boolean; pin: boolean }
  >;
  // bridges
  "bridges.create-group": Entry<FromSchema<typeof CreateGroupInput>, BridgePlan & BotPreparation & { groupName: string; nameLimit: number; topic: string | null; relay: boolean; via: "provisioning" | "command" }, CreatedGroup>;
  "bridges.create-room-with-group": Entry<FromSchema<typeof CreateRoomWithGroupInput>, RoomWithGroupPlan, RoomWithGroupResult>;
  "bridges.link-group": Entry<FromSchema<typeof LinkGroupInput>, BridgePlan & BotPreparation & { chatId: string }, { room: string; remoteId: string | null; linked: boolean }>;
  "bridges.set-relay": Entry<FromSchema<typeof SetRelayInput>, BridgePlan & { enabled: boolean; was: boolean | null }, { room: string; relay: boolean }>;
  "bridges.unlink": Entry<FromSchema<typeof BridgeRoomInput>, BridgePlan & { remoteId: string | null; inviteBridgeBot: boolean }, { room: string; unlinked: boolean; wasPortal?: boolean }>;
  "bridges.resync": Entry<FromSchema<typeof BridgeRoomInput>, BridgePlan, { room: string; synced: boolean }>;
  "bridges.login": Entry<FromSchema<typeof BridgeLoginInput>, BridgeLoginPlan, { network: BridgeNetwork; flowId: string } & BridgeLoginStep>;
  "bridges.login-wait": Entry<FromSchema<typeof BridgeLoginStepWaitInput>, BridgeLoginStepPlan, BridgeLoginProgress>;
  "bridges.login-input": Entry<FromSchema<typeof BridgeLoginStepInput>, BridgeLoginStepPlan, BridgeLoginProgress>;
  "bridges.login-cancel": Entry<FromSchema<typeof BridgeLoginCancelInput>, BridgeLoginStepPlan, { cancelled: true }>;
  // sync and onboarding
  "sync.accounts": Entry<FromSchema<typeof SyncInput>, SyncPlan, SyncApplyResult>;
  "sync.map-group-rooms": Entry<FromSchema<typeof MapGroupRoomsInput>, { group: string; before: string[]; after: string[]; added: string[]; removed: string[] }, { group: string; rooms: string[] }>;
  "sync.map-group-level": Entry<FromSchema<typeof MapGroupLevelInput>, { group: string; before: number | null; after: number | null }, { group: string; level: number | null }>;
  "sync.set-welcome-template": Entry<FromSchema<typeof WelcomeTemplateInput>, { before: string; after: string; preview: string }, { saved: boolean }>;
  "onboarding.approve-intake": Entry<FromSchema<typeof ApproveIntakeInput>, IntakePlan, { jobId: string | null; people: number }>;
  // tokens, jobs, widget
  "tokens.create": Entry<FromSchema<typeof CreateApiTokenInput>, TokenPlan, CreatedToken>;
  "tokens.revoke": Entry<Plain<{ id: string }>, { token: ApiTokenInfo }, ApiTokenInfo>;
  "jobs.cancel": Entry<Plain<{ job: string }>, { job: string; kind: string; done: number; total: number }, JobSnapshot>;
  "widget.install": Entry<FromSchema<typeof WidgetInstallInput>, WidgetInstallPlan, { sent: string[] }>;
  // reports
  "reports.dismiss": Entry<FromSchema<typeof ReportInput>, ReportActionPlan, DismissResult>;
  "reports.redact": Entry<FromSchema<typeof RedactReportedInput>, RedactReportedPlan, RedactReportedResult>;
  "reports.warn": Entry<FromSchema<typeof WarnInput>, WarnPlan, WarnResult>;
  // ban lists
  "policy-lists.create-list": Entry<FromSchema<typeof CreateListInput>, CreateListPlan, CreateListResult>;
  "policy-lists.subscribe": Entry<FromSchema<typeof SubscribeInput>, SubscribePlan, SubscribeResult>;
  "policy-lists.unsubscribe": Entry<FromSchema<typeof SubscribeInput>, Subscription, { roomId: string }>;
  "policy-lists.auto-enforce": Entry<FromSchema<typeof AutoEnforceInput>, { on: boolean }, { on: boolean }>;
  "policy-lists.add-rule": Entry<FromSchema<typeof AddRuleInput>, AddRulePlan, AddRuleResult>;
  "policy-lists.remove-rule": Entry<FromSchema<typeof RemoveRuleInput>, RemoveRulePlan, { removed: true } & EnforceResult>;
  "policy-lists.enforce": Entry<FromSchema<typeof EnforceInput>, EnforcementPlan, EnforceResult>;
};

export type ActionName = keyof ActionMap;
/** What a caller sends. */
export type ActionInput<N extends ActionName> = ActionMap[N]["input"]["sent"];
/** What the action's plan and apply receive once the server has parsed it. */
export type ActionParsedInput<N extends ActionName> = ActionMap[N]["input"]["parsed"];
export type ActionPlan<N extends ActionName> = ActionMap[N]["plan"];
export type ActionResult<N extends ActionName> = ActionMap[N]["result"];

import { t, type MessageKey } from "./messages.ts";

/**
 * Actions in moderators' words, for the audit log and its filter. The server's action ids
 * (`moderation.conflict-room`) are for the API and the CLI; a screen never shows them.
 */
const labels: Record<string, MessageKey> = {
  "rooms.create": "actRoomsCreate",
  "rooms.delete-test-room": "actRoomsDeleteTestRoom",
  "rooms.fix-access": "actRoomsFixAccess",
  "rooms.invite": "actRoomsInvite",
  "rooms.kick": "actRoomsKick",
  "rooms.set-power-level": "actRoomsSetPowerLevel",
  "moderation.ban": "actModerationBan",
  "moderation.kick": "actModerationKick",
  "moderation.unban": "actModerationUnban",
  "moderation.redact": "actModerationRedact",
  "moderation.conflict-room": "actModerationConflictRoom",
  "announcements.send": "actAnnouncementsSend",
  "templates.save": "actTemplatesSave",
  "templates.delete": "actTemplatesDelete",
  "templates.import": "actTemplatesImport",
  "bridges.create-group": "actBridgesCreateGroup",
  "bridges.create-room-with-group": "actBridgesCreateRoomWithGroup",
  "bridges.link-group": "actBridgesLinkGroup",
  "bridges.unlink": "actBridgesUnlink",
  "bridges.set-relay": "actBridgesSetRelay",
  "bridges.resync": "actBridgesResync",
  "bridges.login": "actBridgesLogin",
  "bridges.login-wait": "actBridgesLoginWait",
  "bridges.login-input": "actBridgesLoginInput",
  "bridges.login-cancel": "actBridgesLoginCancel",
  "sync.accounts": "actSyncAccounts",
  "sync.map-group-rooms": "actSyncMapGroupRooms",
  "sync.map-group-level": "actSyncMapGroupLevel",
  "sync.set-welcome-template": "actSyncSetWelcomeTemplate",
  "onboarding.approve-intake": "actOnboardingApproveIntake",
  "tokens.create": "actTokensCreate",
  "tokens.revoke": "actTokensRevoke",
  "widget.install": "actWidgetInstall",
  "jobs.cancel": "actJobsCancel",
  "reports.dismiss": "actReportsDismiss",
  "reports.redact": "actReportsRedact",
  "reports.warn": "actReportsWarn",
  "policy-lists.create-list": "actPolicyListsCreateList",
  "policy-lists.subscribe": "actPolicyListsSubscribe",
  "policy-lists.unsubscribe": "actPolicyListsUnsubscribe",
  "policy-lists.auto-enforce": "actPolicyListsAutoEnforce",
  "policy-lists.add-rule": "actPolicyListsAddRule",
  "policy-lists.remove-rule": "actPolicyListsRemoveRule",
  "policy-lists.enforce": "actPolicyListsEnforce",
};

/** The filter's groups, in the order a moderator looks for them; an id's prefix picks its group. */
const groups: Array<[MessageKey, string[]]> = [
  ["actGroupRooms", ["rooms", "templates"]],
  ["actGroupModeration", ["moderation", "reports", "policy-lists"]],
  ["actGroupAnnouncements", ["announcements"]],
  ["actGroupPeople", ["sync", "onboarding"]],
  ["actGroupBridges", ["bridges"]],
  ["actGroupAdmin", ["tokens", "widget", "jobs"]],
];

/** What the target's numbers mean, per action (the server sends them as `targetParams`). */
const targets: Record<string, MessageKey> = {
  "rooms.invite": "actTargetInvite",
  "rooms.fix-access": "actTargetRooms",
  "announcements.send": "actTargetRooms",
  "templates.import": "actTargetTemplates",
  "onboarding.approve-intake": "actTargetPeople",
  "sync.accounts": "actTargetAccounts",
  "moderation.ban": "actTargetUserRooms",
  "moderation.kick": "actTargetUserRooms",
  "moderation.unban": "actTargetUserRooms",
  "moderation.redact": "actTargetUserRooms",
  "rooms.kick": "actTargetUserRoom",
  "rooms.set-power-level": "actTargetUserRoom",
  "sync.map-group-rooms": "actTargetGroup",
  "sync.map-group-level": "actTargetGroup",
};

/** An action in words; one this widget does not know yet falls back to the server's own summary. */
export function actionLabel(name: string, serverSummary?: string): string {
  const key = labels[name];
  return key ? t(key) : (serverSummary ?? name);
}

/** The audit target in words when the server sent its parts; otherwise as stored (IDs and names need no words). */
export function targetWords(action: string, target: string | null | undefined, params: Record<string, string | number> | undefined): string | undefined {
  const key = targets[action];
  if (key && params && Object.keys(params).length) return t(key, params);
  return target ?? undefined;
}

/** An audit row's target in words (the Audit screen and the user card). */
export function auditTargetWords(row: { action: string; target?: string | null; detail?: unknown }): string | undefined {
  return targetWords(row.action, row.target, (row.detail as { targetParams?: Record<string, string | number> } | undefined)?.targetParams);
}

/** The actions grouped for a select's optgroups, each group sorted by its words. */
export function groupedActions(actions: Array<{ name: string; summary?: string }>): Array<{ label: string; options: Array<[string, string]> }> {
  const other: Array<[string, string]> = [];
  const byGroup = new Map<MessageKey, Array<[string, string]>>(groups.map(([g]) => [g, []]));
  for (const a of actions) {
    const family = a.name.split(".")[0] ?? "";
    const group = groups.find(([, families]) => families.includes(family))?.[0];
    (group ? byGroup.get(group)! : other).push([a.name, actionLabel(a.name, a.summary)]);
  }
  const sorted = (list: Array<[string, string]>) => list.sort((x, y) => x[1].localeCompare(y[1]));
  return [...[...byGroup].map(([g, list]) => ({ label: t(g), options: sorted(list) })), { label: t("actGroupOther"), options: sorted(other) }].filter((g) => g.options.length);
}

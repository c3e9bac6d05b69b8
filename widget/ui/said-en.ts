/**
 * The English the widget shows itself for what the server says (shared/said.ts), instead of the
 * server's own: plan sentences, in plain words for moderators rather than the server's (which chat
 * and the CLI print), and the guardrails' refusals, which name a creator's level as the role. Every
 * other code's English is the server's (said-en-server.ts documents them). A language without a
 * table of its own uses this one. Loaded beside the first screen (widget/ui/said-words.ts).
 */
export const english = {
  // rooms.create (and every plan that creates a room)
  "rooms.capped-template-level": "The template asks level {asked} for {userId}; capped at {given}, your own level.",
  "rooms.capped-moderator-level": "{userId} has level {asked} in the moderator room; here at most {given}, your own level.",
  "rooms.bot-listed-unlimited": "The template lists the bot in power levels; room version 12 gives the creator unlimited power, so it was left out.",
  "rooms.bot-listed-kept": "The template lists the bot in power levels; it keeps {level}, the highest level in the room.",
  "rooms.capped-default-level": "The template gives everyone level {asked} by default; capped at {given}, your own level.",
  "rooms.trusted-preset": "The template's \"trusted private chat\" preset is meant to give every invitee the creator's power; here invitees get only the levels listed.",
  "rooms.default-invitees": "The template invites {users} to every room made from it.",
  "rooms.world-readable": "History is readable by anyone: even people who never join can read every message in this room.",
  "rooms.restricted-without-space": "Joining through a space needs a space; the room is invite-only instead.",
  "rooms.guarded-state-dropped": "The template's initial {type} event was left out: power and membership come only from the checked settings.",

  // announcements.send
  "announcements.plaintext-in-encrypted": "Encrypted rooms will receive this announcement unencrypted.",
  "announcements.limited": "In {count} of the rooms the bot's level does not allow all that was asked; see the list.",
  "announcements.skip-unreadable": "the room's state could not be read",
  "announcements.skip-may-not-post": "the bot may not post here (level {level}, {needed} needed)",
  "announcements.skip-encrypted": "encrypted room, and the dashboard's end-to-end encryption is off (see Health)",
  "announcements.limit-notify": "sent without @room: notifying everyone needs level {needed}, the bot has {level}",
  "announcements.limit-pin": "not pinned: pinning needs level {needed}, the bot has {level}",

  // bridges.*
  "bridges.no-encryption": "The room is encrypted and the {bridge} bridge has no encryption ({setting}=false): messages will not cross until encryption is enabled in the bridge.",
  "bridges.login-exists": "{user} already has a {bridge} login ({logins}); this adds another.",
  "bridges.step.invite-bot": "Invite {bot} and wait for it to join",
  "bridges.step.raise-bot": "Raise {bot} to power level {level} (it writes m.bridge)",
  "bridges.step.resync": "Send \"{command}\" in the room",
  "bridges.step.set-relay": "Send \"{command}\": messages from people without a {bridge} login go through {login}",
  "bridges.step.unset-relay": "Send \"{command}\"",
  "bridges.step.unbridge": "Send \"{command}\": the bridge lets go of the room, and its bot and puppets leave",
  "bridges.step.clear-state": "Clear the m.bridge state the bridge leaves behind, so the room shows as unbridged and can be linked again",
  "bridges.step.link": "Send \"{command}\" in the room",
  "bridges.step.create-group-provisioning": "Create the {bridge} group \"{group}\" (names are limited to {limit} bytes) through the bridge's provisioning API",
  "bridges.step.create-group-command": "Create the {bridge} group \"{group}\" (names are limited to {limit} bytes) with \"{command}\"",
  "bridges.step.relay-on": "Turn relay mode on, so people without a login are carried by the bridge's login",
  "bridges.step.create-room": "Create the room \"{name}\" from the template \"{template}\", inviting {bot} at power level {level}",
  "bridges.step.wait-for-bot": "Wait for {bot} to join",
  "bridges.step.start-login": "Start the \"{flow}\" login on the {bridge} bridge for {user}",
  "bridges.step.show-qr": "Show the QR code here: scan it in the {bridge} app under Settings → Linked devices",
  "bridges.step.show-prompts": "Show what the bridge asks for, step by step",

  // sync.accounts
  "sync.identity-attribute-invalid": "{username}: {attribute} is \"{value}\", not a Matrix ID such as @alice:{server}: skipped.",
  "sync.identity-no-email": "{username}: the localpart template needs an email address and this user has none: skipped.",
  "sync.identity-template-invalid": "{username}: the localpart template gives \"{value}\", which cannot be a Matrix ID: skipped.",
  "sync.identity-taken": "{username} and {other} both map to {userId}: {username} is skipped; give one of them {attribute}.",
  "sync.group-missing": "The group \"{group}\" is mapped to rooms or a power level but does not exist in Authentik.",
  "sync.room-unreadable": "Room {room} is skipped: the bot cannot read it ({cause}). Invite the bot there or remove the room from the mappings.",
  "sync.default-room-unresolved": "The default room {alias} cannot be resolved ({cause}): nobody is invited there or welcomed.",
  "sync.bot-cannot-grant": "The bot (level {botLevel}) cannot give {user} level {level} in {room}: raise the bot's level there.",
  "sync.bot-cannot-lower": "The bot (level {botLevel}) cannot lower {user} in {room}: raise the bot's level there.",
  "sync.bot-cannot-remove": "The bot (level {botLevel}) cannot remove {user} (level {targetLevel}) from {room}.",
  "sync.bot-cannot-invite": "The bot (level {botLevel}) may not invite in {room}: raise its level there.",
  "sync.deactivated-on-matrix": "{user} is deactivated on Matrix but active in Authentik: reactivate the account by hand if {username} should come back.",
  "sync.banned": "{user} is banned from {room}: not invited (unban first if that is wrong).",
  "sync.attention-deactivations": "{count} {deactivation|deactivations}: removals or account deactivations of people Authentik deactivated or deleted.",
  "sync.attention-removals": "{count} {removal|removals} from group rooms.",
  "sync.attention-lowered": "{count} {power level is|power levels are} lowered.",
  "sync.attention-too-many": "{count} changes: more than an automatic sync may apply (at most {limit}; an admin sets AUTHENTIK_AUTO_APPLY_MAX_CHANGES).",
  // sync.accounts: why an automatic sync left a plan for a moderator, and why each change is planned
  "sync.held-auto-apply-off": "automatic apply is off (AUTHENTIK_AUTO_APPLY=false)",
  "sync.held-first-sync": "this is the community's first sync: a moderator applies it",
  "sync.held-too-many-deactivations": "it has {count} {deactivation|deactivations} (people Authentik deactivated or deleted), more than AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS={limit}",
  "sync.held-too-many-changes": "it has {count} changes, more than AUTHENTIK_AUTO_APPLY_MAX_CHANGES={limit}",
  "sync.why-default-room": "the community's default room",
  "sync.why-member-of": "member of {group}",
  "sync.why-no-longer-granted": "no longer in a group that grants level {level}",
  "sync.why-inactive": "no longer active in Authentik",
  "sync.why-deactivated": "deactivated in Authentik",
  "sync.why-deleted": "deleted from Authentik",
  "sync.why-no-account": "{username} is in Authentik and has no Matrix account",
  "sync.why-name-changed": "name changed in Authentik",
  "sync.why-write-back": "store the Matrix ID in attributes.{attribute}",
  "sync.why-welcome": "new in the community",
  "sync.why-not-in-group": "not in a group that belongs in this room",

  // policy-lists (ban lists): why a match is never acted on, why a room is skipped
  "banlist.protected-own-server": "matches the homeserver's own server",
  "banlist.protected-bot": "the dashboard's bot",
  "banlist.protected-bridge-bot": "the {bridge} bridge's bot",
  "banlist.protected-puppet": "a {bridge} bridge puppet",
  "banlist.cannot-ban": "the bot cannot ban here (level {level}, {needed} needed)",
  "banlist.cannot-acl": "the bot cannot change the server ACL here (level {level}, {needed} needed)",

  // onboarding.approve
  "onboarding.authentik-unreadable": "Authentik could not be read ({cause}): people are let into the default room only.",

  // moderation.conflict-room
  "moderation.opening-not-posted": "The opening message (with the reason) is not posted: the room is encrypted and the dashboard's end-to-end encryption is off (see Health). Post it yourself.",

  // Guardrail refusals (server/features/rooms/guardrails.ts), the same as the server's English but for a creator's level
  refuseTouchLevel: "You cannot change the level of someone at or above your own level (theirs {theirs}, yours {yours}).",
  refuseTouchRemove: "You cannot remove someone at or above your own level (theirs {theirs}, yours {yours}).",
  refuseTouchBan: "You cannot ban someone at or above your own level (theirs {theirs}, yours {yours}).",
  refuseGrantAbove: "You cannot grant level {level}, above your own ({yours}).",
  refuseBotPower: "The bot has level {bot}; changing power levels in this room needs {needed}.",
  refuseBotTouchLevel: "The bot cannot change a user at or above its own level ({bot}).",
  refuseBotGrantAbove: "The bot cannot grant more than its own level ({bot}).",
  refuseBotKick: "The bot has level {bot}; kicking in this room needs {needed}.",
  refuseBotTouchRemove: "The bot cannot remove a user at or above its own level ({bot}).",
  refuseBotBan: "The bot has level {bot}; banning in this room needs {needed}.",
  refuseBotTouchBan: "The bot cannot ban a user at or above its own level ({bot}).",
  refuseBotInvite: "The bot has level {bot}; inviting in this room needs {needed}.",
  refuseTouchRedact: "You cannot remove a message of someone at or above your own level (theirs {theirs}, yours {yours}).",
  refuseBotRedact: "The bot has level {bot}; removing others' messages in this room needs {needed}.",
} as const;

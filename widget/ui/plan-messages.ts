import type { Said } from "../../shared/said.ts";
import { screenMessages, t } from "./messages.ts";

/**
 * How the widget words what plans say (warnings, steps, what needs attention), keyed by the code the
 * server sends with each sentence (shared/said.ts). Loaded with the screens that show plans, not
 * with the shell. test/widget/plan-messages.test.ts fails when the server can send a code that is
 * missing here or in a translation.
 */
const english = {
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

  // moderation.conflict-room: the note, then what the widget sends to be written in the room (in the moderator's language)
  "moderation.opening-not-posted": "The opening message (with the reason) is not posted: the room is encrypted and the dashboard's end-to-end encryption is off (see Health). Post it yourself.",
  conflictTopicText: "Mediated conversation.",
  conflictOpeningText: "This room was opened by {actor} to help {parties} resolve a disagreement. Reason: {reason}",
  conflictOpeningMediated: "This room was opened by {actor} to help {parties} resolve a disagreement, with {mediator} mediating. Reason: {reason}",
} as const;

const translations: Record<string, Partial<Record<keyof typeof english, string>>> = {
  de: {
    "rooms.capped-template-level": "Die Vorlage verlangt Stufe {asked} für {userId}; begrenzt auf {given}, deine eigene Stufe.",
    "rooms.capped-moderator-level": "{userId} hat im Moderatorenraum Stufe {asked}; hier höchstens {given}, deine eigene Stufe.",
    "rooms.bot-listed-unlimited": "Die Vorlage nennt den Bot in den Berechtigungsstufen; ab Raumversion 12 hat der Ersteller unbegrenzte Rechte, daher wurde er weggelassen.",
    "rooms.bot-listed-kept": "Die Vorlage nennt den Bot in den Berechtigungsstufen; er behält {level}, die höchste Stufe im Raum.",
    "rooms.capped-default-level": "Die Vorlage gibt allen standardmäßig Stufe {asked}; begrenzt auf {given}, deine eigene Stufe.",
    "rooms.trusted-preset": "Die Voreinstellung „vertrauter privater Chat“ soll allen Eingeladenen die Rechte des Erstellers geben; hier bekommen Eingeladene nur die aufgeführten Stufen.",
    "rooms.default-invitees": "Die Vorlage lädt {users} in jeden Raum ein, der aus ihr erstellt wird.",
    "rooms.world-readable": "Der Verlauf ist für alle lesbar: auch wer nie beitritt, kann jede Nachricht in diesem Raum lesen.",
    "rooms.restricted-without-space": "Beitritt über einen Space braucht einen Space; der Raum ist stattdessen nur auf Einladung.",
    "rooms.guarded-state-dropped": "Das anfängliche {type}-Ereignis der Vorlage wurde weggelassen: Rechte und Mitgliedschaft kommen nur aus den geprüften Einstellungen.",

    "announcements.plaintext-in-encrypted": "Verschlüsselte Räume erhalten diese Ankündigung unverschlüsselt.",
    "announcements.limited": "In {count} der Räume erlaubt die Stufe des Bots nicht alles, was gewünscht ist; siehe die Liste.",
    "announcements.skip-unreadable": "der Zustand des Raums konnte nicht gelesen werden",
    "announcements.skip-may-not-post": "der Bot darf hier nicht schreiben (Stufe {level}, {needed} nötig)",
    "announcements.skip-encrypted": "verschlüsselter Raum, und die Ende-zu-Ende-Verschlüsselung des Dashboards ist aus (siehe Zustand)",
    "announcements.limit-notify": "ohne @room gesendet: alle zu benachrichtigen braucht Stufe {needed}, der Bot hat {level}",
    "announcements.limit-pin": "nicht angeheftet: Anheften braucht Stufe {needed}, der Bot hat {level}",

    "bridges.no-encryption": "Der Raum ist verschlüsselt und die {bridge}-Bridge hat keine Verschlüsselung ({setting}=false): Nachrichten kommen nicht hinüber, bis die Verschlüsselung in der Bridge eingeschaltet ist.",
    "bridges.login-exists": "{user} hat schon eine {bridge}-Anmeldung ({logins}); dies fügt eine weitere hinzu.",
    "bridges.step.invite-bot": "{bot} einladen und warten, bis er beitritt",
    "bridges.step.raise-bot": "{bot} auf Berechtigungsstufe {level} heben (er schreibt m.bridge)",
    "bridges.step.resync": "„{command}“ im Raum senden",
    "bridges.step.set-relay": "„{command}“ senden: Nachrichten von Personen ohne {bridge}-Anmeldung laufen über {login}",
    "bridges.step.unset-relay": "„{command}“ senden",
    "bridges.step.unbridge": "„{command}“ senden: die Bridge gibt den Raum frei, ihr Bot und ihre Puppets verlassen ihn",
    "bridges.step.clear-state": "Den m.bridge-Zustand entfernen, den die Bridge zurücklässt, damit der Raum als nicht verbunden gilt und neu verknüpft werden kann",
    "bridges.step.link": "„{command}“ im Raum senden",
    "bridges.step.create-group-provisioning": "Die {bridge}-Gruppe „{group}“ über die Provisioning-API der Bridge erstellen (Namen höchstens {limit} Bytes)",
    "bridges.step.create-group-command": "Die {bridge}-Gruppe „{group}“ mit „{command}“ erstellen (Namen höchstens {limit} Bytes)",
    "bridges.step.relay-on": "Relay-Modus einschalten, damit Personen ohne Anmeldung über die Anmeldung der Bridge mitgenommen werden",
    "bridges.step.create-room": "Den Raum „{name}“ aus der Vorlage „{template}“ erstellen und {bot} mit Berechtigungsstufe {level} einladen",
    "bridges.step.wait-for-bot": "Warten, bis {bot} beitritt",
    "bridges.step.start-login": "Die Anmeldung „{flow}“ bei der {bridge}-Bridge für {user} starten",
    "bridges.step.show-qr": "Den QR-Code hier zeigen: in der {bridge}-App unter Einstellungen → Verknüpfte Geräte scannen",
    "bridges.step.show-prompts": "Zeigen, was die Bridge Schritt für Schritt verlangt",

    "sync.identity-attribute-invalid": "{username}: {attribute} ist „{value}“, keine Matrix-ID wie @alice:{server}: übersprungen.",
    "sync.identity-no-email": "{username}: die Vorlage für den lokalen Teil braucht eine E-Mail-Adresse, und diese Person hat keine: übersprungen.",
    "sync.identity-template-invalid": "{username}: die Vorlage für den lokalen Teil ergibt „{value}“, das keine Matrix-ID sein kann: übersprungen.",
    "sync.identity-taken": "{username} und {other} ergeben beide {userId}: {username} wird übersprungen; gib einer der beiden {attribute}.",
    "sync.group-missing": "Die Gruppe „{group}“ ist Räumen oder einer Berechtigungsstufe zugeordnet, gibt es in Authentik aber nicht.",
    "sync.room-unreadable": "Raum {room} wird übersprungen: der Bot kann ihn nicht lesen ({cause}). Lade den Bot dorthin ein oder nimm den Raum aus den Zuordnungen.",
    "sync.default-room-unresolved": "Der Standardraum {alias} lässt sich nicht auflösen ({cause}): niemand wird dorthin eingeladen oder begrüßt.",
    "sync.bot-cannot-grant": "Der Bot (Stufe {botLevel}) kann {user} in {room} nicht Stufe {level} geben: hebe dort die Stufe des Bots an.",
    "sync.bot-cannot-lower": "Der Bot (Stufe {botLevel}) kann {user} in {room} nicht herabstufen: hebe dort die Stufe des Bots an.",
    "sync.bot-cannot-remove": "Der Bot (Stufe {botLevel}) kann {user} (Stufe {targetLevel}) nicht aus {room} entfernen.",
    "sync.bot-cannot-invite": "Der Bot (Stufe {botLevel}) darf in {room} nicht einladen: hebe dort seine Stufe an.",
    "sync.deactivated-on-matrix": "{user} ist in Matrix deaktiviert, in Authentik aber aktiv: aktiviere das Konto von Hand wieder, falls {username} zurückkommen soll.",
    "sync.banned": "{user} ist in {room} gebannt: nicht eingeladen (hebe den Bann zuerst auf, falls das falsch ist).",
    "sync.attention-deactivations": "{count} {Deaktivierung|Deaktivierungen}: Entfernungen oder Kontodeaktivierungen von Personen, die Authentik deaktiviert oder gelöscht hat.",
    "sync.attention-removals": "{count} {Entfernung|Entfernungen} aus Gruppenräumen.",
    "sync.attention-lowered": "{count} {Berechtigungsstufe wird|Berechtigungsstufen werden} gesenkt.",
    "sync.attention-too-many": "{count} Änderungen: mehr, als ein automatischer Abgleich anwenden darf (höchstens {limit}; ein Admin setzt AUTHENTIK_AUTO_APPLY_MAX_CHANGES).",
    "sync.held-auto-apply-off": "das automatische Anwenden ist aus (AUTHENTIK_AUTO_APPLY=false)",
    "sync.held-first-sync": "es ist der erste Abgleich der Community: ein Moderator wendet ihn an",
    "sync.held-too-many-deactivations": "er hat {count} {Deaktivierung|Deaktivierungen} (Personen, die Authentik deaktiviert oder gelöscht hat), mehr als AUTHENTIK_AUTO_APPLY_MAX_DEACTIVATIONS={limit}",
    "sync.held-too-many-changes": "er hat {count} Änderungen, mehr als AUTHENTIK_AUTO_APPLY_MAX_CHANGES={limit}",
    "sync.why-default-room": "der Standardraum der Community",
    "sync.why-member-of": "Mitglied von {group}",
    "sync.why-no-longer-granted": "nicht mehr in einer Gruppe, die Stufe {level} gibt",
    "sync.why-inactive": "in Authentik nicht mehr aktiv",
    "sync.why-deactivated": "in Authentik deaktiviert",
    "sync.why-deleted": "aus Authentik gelöscht",
    "sync.why-no-account": "{username} ist in Authentik und hat kein Matrix-Konto",
    "sync.why-name-changed": "Name in Authentik geändert",
    "sync.why-write-back": "die Matrix-ID in attributes.{attribute} speichern",
    "sync.why-welcome": "neu in der Community",
    "sync.why-not-in-group": "in keiner Gruppe, die in diesen Raum gehört",

    "banlist.protected-own-server": "passt auf den eigenen Server des Homeservers",
    "banlist.protected-bot": "der Bot des Dashboards",
    "banlist.protected-bridge-bot": "der Bot der {bridge}-Bridge",
    "banlist.protected-puppet": "eine Puppet der {bridge}-Bridge",
    "banlist.cannot-ban": "der Bot darf hier nicht bannen (Stufe {level}, {needed} nötig)",
    "banlist.cannot-acl": "der Bot darf die Server-ACL hier nicht ändern (Stufe {level}, {needed} nötig)",

    "onboarding.authentik-unreadable": "Authentik konnte nicht gelesen werden ({cause}): Personen werden nur in den Standardraum gelassen.",

    "moderation.opening-not-posted": "Die Eröffnungsnachricht (mit dem Grund) wird nicht gesendet: der Raum ist verschlüsselt und die Ende-zu-Ende-Verschlüsselung des Dashboards ist aus (siehe Zustand). Sende sie selbst.",
    conflictTopicText: "Moderiertes Gespräch.",
    conflictOpeningText: "Diesen Raum hat {actor} eröffnet, damit {parties} eine Meinungsverschiedenheit klären können. Grund: {reason}",
    conflictOpeningMediated: "Diesen Raum hat {actor} eröffnet, damit {parties} eine Meinungsverschiedenheit klären können; {mediator} vermittelt. Grund: {reason}",
  },
};

export const catalogue = { english, translations };
export const tp = screenMessages(english, translations);

/** A creator's unlimited power travels as 101 in a `…level`/`…Level` parameter: it reads as the role, as elsewhere. */
const shownParams = (params: Said["params"] = {}) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, /level$/i.test(k) && typeof v === "number" && v > 100 ? t("levelCreator") : v]));

/** What the server said, in the user's language; a code this widget does not know keeps the server's English. */
export function worded(said: Said): string {
  return said.code in english ? tp(said.code as keyof typeof english, shownParams(said.params)) : said.text;
}

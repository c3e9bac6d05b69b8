import { screenMessages } from "../../ui/messages.ts";

/**
 * The health checks in moderators' words: each check's title by its id and its summary by the code
 * the server sends with it. What a server admin needs (cause, fix, commands) stays as the server
 * wrote it, behind "For server admins".
 */
const english = {
  "title.homeserver": "Homeserver reachable",
  "title.token": "Bot access token",
  "title.data-dir-modes": "Data folder private",
  "title.token-age": "Age of the bot's token",
  "title.sliding-sync": "Sliding sync on the homeserver",
  "title.moderator-room": "Moderator room",
  "title.bot-power": "Bot's power in the moderator room",
  "title.dedicated-bot": "Dedicated bot account",
  "title.server-admin": "Bot is a server admin",
  "title.room-creation": "Bot may create rooms",
  "title.rate-limit": "Synapse rate limits for the bot",
  "title.e2ee": "End-to-end encryption",
  "title.moderator-room-encryption": "Moderator room readable by the bot",
  "skipped.noHomeserver": "Not checked: the homeserver is not reachable.",
  "skipped.noSignIn": "Not checked: the bot cannot sign in.",
  "skipped.noModeratorRoom": "Not checked: the moderator room is not usable.",
  homeserverOk: "The homeserver at {url} answers.",
  homeserverUnreachable: "Cannot reach {url}.",
  homeserverNotMatrix: "{url} is not a Matrix homeserver.",
  tokenOk: "Signed in as {user}.",
  tokenInvalid: "The bot's access token is invalid or expired.",
  tokenUnchecked: "The bot's access token could not be checked.",
  tokenWrongUser: "The token belongs to {actual}, not {expected}.",
  dataDirNew: "The data folder does not exist yet; the dashboard creates it private.",
  dataDirPrivate: "The data folder is readable by the dashboard only.",
  dataDirLoose: "{count} {item|items} in the data folder can be read by other accounts.",
  tokenAgeUnknown: "Not checked: when the token was issued is not recorded.",
  tokenAgeOld: "The bot's token is {count} days old (older than {max}).",
  tokenAgeOk: "Issued {count} {day|days} ago; to be renewed within {max} days.",
  slidingSyncOk: "The homeserver offers what the room directory and chat commands need.",
  slidingSyncMissing: "The homeserver lacks what the room directory and chat commands need (sliding sync).",
  slidingSyncUnknown: "Could not tell whether the homeserver offers sliding sync.",
  modRoomOk: "{room}; the bot is a member.",
  modRoomMissing: "The moderator room {room} does not exist.",
  modRoomLookup: "The moderator room {room} could not be looked up.",
  modRoomNotJoined: "The bot is not in the moderator room {room}.",
  botPowerOk: "Power level {level} (moderators need {moderators}).",
  botPowerLow: "The bot has power level {level}; adding the widget needs {needed}.",
  dedicatedOk: "{user} looks like an account of its own for the bot.",
  dedicatedPerson: "{user} looks like a person's account.",
  dedicatedUnknown: "Could not tell whether the bot has an account of its own.",
  serverAdminYes: "The bot is a server admin: the server-wide room list and admin features are available.",
  serverAdminNo: "The bot is not a server admin: a few admin-only features are off (nothing is broken).",
  serverAdminUnknown: "Could not tell whether the bot is a server admin.",
  roomCreationOk: "The bot created and removed a test room.",
  roomCreationLimited: "Not known right now: creating rooms is rate limited.",
  roomCreationRefused: "The bot may not create rooms.",
  rateLimitExempt: "The bot is exempt from the homeserver's rate limits.",
  rateLimitCustom: "The bot has a limit of its own: {rate} per second, bursts of {burst}.",
  rateLimitDefault: "The bot has the homeserver's default rate limits: large announcements and invites go slower.",
  rateLimitUnknown: "Unknown: only a server admin can see the bot's rate limits.",
  e2eeOn: "End-to-end encryption is on (device {device}).",
  e2eeAttention: "End-to-end encryption needs attention (device {device}).",
  e2eeOff: "End-to-end encryption is off: encrypted rooms are skipped and listed.",
  e2eeUnavailable: "End-to-end encryption is unavailable: encrypted rooms are skipped and listed.",
  e2eeUnknown: "Could not check the bot's encryption device.",
  modRoomPlain: "The moderator room is not encrypted: the bot can read moderator commands.",
  modRoomEncrypted: "The moderator room is encrypted, but the bot cannot read encrypted messages: chat commands will not work there.",
  healthDetail: "Details",
  healthAskAdmin: "A server admin can fix this; the details are for them.",
};

const translations = {
  de: {
    "title.homeserver": "Homeserver erreichbar",
    "title.token": "Zugangstoken des Bots",
    "title.data-dir-modes": "Datenordner privat",
    "title.token-age": "Alter des Bot-Tokens",
    "title.sliding-sync": "Sliding Sync auf dem Homeserver",
    "title.moderator-room": "Moderationsraum",
    "title.bot-power": "Berechtigung des Bots im Moderationsraum",
    "title.dedicated-bot": "Eigenes Bot-Konto",
    "title.server-admin": "Bot ist Server-Admin",
    "title.room-creation": "Bot darf Räume erstellen",
    "title.rate-limit": "Ratenbegrenzung des Bots",
    "title.e2ee": "Ende-zu-Ende-Verschlüsselung",
    "title.moderator-room-encryption": "Moderationsraum für den Bot lesbar",
    "skipped.noHomeserver": "Nicht geprüft: Der Homeserver ist nicht erreichbar.",
    "skipped.noSignIn": "Nicht geprüft: Der Bot kann sich nicht anmelden.",
    "skipped.noModeratorRoom": "Nicht geprüft: Der Moderationsraum ist nicht nutzbar.",
    homeserverOk: "Der Homeserver unter {url} antwortet.",
    homeserverUnreachable: "{url} ist nicht erreichbar.",
    homeserverNotMatrix: "{url} ist kein Matrix-Homeserver.",
    tokenOk: "Angemeldet als {user}.",
    tokenInvalid: "Das Zugangstoken des Bots ist ungültig oder abgelaufen.",
    tokenUnchecked: "Das Zugangstoken des Bots konnte nicht geprüft werden.",
    tokenWrongUser: "Das Token gehört zu {actual}, nicht zu {expected}.",
    dataDirNew: "Den Datenordner gibt es noch nicht; das Dashboard legt ihn privat an.",
    dataDirPrivate: "Den Datenordner kann nur das Dashboard lesen.",
    dataDirLoose: "{count} {Eintrag|Einträge} im Datenordner können andere Konten lesen.",
    tokenAgeUnknown: "Nicht geprüft: Wann das Token ausgestellt wurde, ist nicht vermerkt.",
    tokenAgeOld: "Das Token des Bots ist {count} Tage alt (älter als {max}).",
    tokenAgeOk: "Vor {count} {Tag|Tagen} ausgestellt; innerhalb von {max} Tagen zu erneuern.",
    slidingSyncOk: "Der Homeserver bietet, was Raumverzeichnis und Chat-Befehle brauchen.",
    slidingSyncMissing: "Dem Homeserver fehlt, was Raumverzeichnis und Chat-Befehle brauchen (Sliding Sync).",
    slidingSyncUnknown: "Ob der Homeserver Sliding Sync bietet, ließ sich nicht feststellen.",
    modRoomOk: "{room}; der Bot ist Mitglied.",
    modRoomMissing: "Den Moderationsraum {room} gibt es nicht.",
    modRoomLookup: "Der Moderationsraum {room} ließ sich nicht nachschlagen.",
    modRoomNotJoined: "Der Bot ist nicht im Moderationsraum {room}.",
    botPowerOk: "Berechtigungsstufe {level} (Moderatoren brauchen {moderators}).",
    botPowerLow: "Der Bot hat Berechtigungsstufe {level}; um das Widget hinzuzufügen, braucht er {needed}.",
    dedicatedOk: "{user} sieht nach einem eigenen Konto für den Bot aus.",
    dedicatedPerson: "{user} sieht nach dem Konto einer Person aus.",
    dedicatedUnknown: "Ob der Bot ein eigenes Konto hat, ließ sich nicht feststellen.",
    serverAdminYes: "Der Bot ist Server-Admin: Die serverweite Raumliste und Admin-Funktionen sind verfügbar.",
    serverAdminNo: "Der Bot ist kein Server-Admin: Einige Admin-Funktionen sind aus (nichts ist kaputt).",
    serverAdminUnknown: "Ob der Bot Server-Admin ist, ließ sich nicht feststellen.",
    roomCreationOk: "Der Bot hat einen Testraum erstellt und wieder entfernt.",
    roomCreationLimited: "Gerade nicht bekannt: Das Erstellen von Räumen ist begrenzt.",
    roomCreationRefused: "Der Bot darf keine Räume erstellen.",
    rateLimitExempt: "Für den Bot gelten die Ratenbegrenzungen des Homeservers nicht.",
    rateLimitCustom: "Der Bot hat eine eigene Begrenzung: {rate} pro Sekunde, Schübe von {burst}.",
    rateLimitDefault: "Für den Bot gelten die üblichen Ratenbegrenzungen: Große Ankündigungen und Einladungen dauern länger.",
    rateLimitUnknown: "Unbekannt: Nur ein Server-Admin kann die Ratenbegrenzung des Bots sehen.",
    e2eeOn: "Ende-zu-Ende-Verschlüsselung ist an (Gerät {device}).",
    e2eeAttention: "Die Ende-zu-Ende-Verschlüsselung braucht Aufmerksamkeit (Gerät {device}).",
    e2eeOff: "Ende-zu-Ende-Verschlüsselung ist aus: Verschlüsselte Räume werden übersprungen und aufgeführt.",
    e2eeUnavailable: "Ende-zu-Ende-Verschlüsselung ist nicht verfügbar: Verschlüsselte Räume werden übersprungen und aufgeführt.",
    e2eeUnknown: "Das Verschlüsselungsgerät des Bots ließ sich nicht prüfen.",
    modRoomPlain: "Der Moderationsraum ist nicht verschlüsselt: Der Bot kann Moderationsbefehle lesen.",
    modRoomEncrypted: "Der Moderationsraum ist verschlüsselt, aber der Bot kann verschlüsselte Nachrichten nicht lesen: Chat-Befehle funktionieren dort nicht.",
    healthDetail: "Einzelheiten",
    healthAskAdmin: "Ein Server-Admin kann das beheben; die Einzelheiten sind für ihn.",
  },
};

/** Both halves, for the test that holds every translation to the English keys and variables. */
export const catalogue = { english, translations };
export const t = screenMessages(english, translations);

type Key = keyof typeof english;
const known = (key: string): key is Key => key in english;

/** A check's title in words; a check this widget does not know (a bridge's, Authentik's) keeps the server's. */
export function checkTitle(check: { id: string; title: string }): string {
  const key = `title.${check.id}`;
  return known(key) ? t(key) : check.title;
}

/** A check's summary from its code; without a known code, the server's own sentence. */
export function checkSummary(check: { summary: string; code?: string | undefined; params?: Record<string, string | number> | undefined }): string {
  return check.code && known(check.code) ? t(check.code, check.params ?? {}) : check.summary;
}

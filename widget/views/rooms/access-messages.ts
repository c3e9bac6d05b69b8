import { screenMessages } from "../../ui/messages.ts";

/** The access check's part of the catalogue, loaded with the Rooms screen. */
const english = {
  accessIntro: "Rooms whose moderators or power levels differ from the moderator list and their template.",
  accessCheckAgain: "Check again",
  accessChecking: "Checking…",
  accessClean: "Every room matches the moderator list and its template.",
  accessCount: "{count} {room differs|rooms differ}",
  accessChangedCount: "{count} changed since the last check",
  accessChanged: "Changed since last check",
  accessTemplate: "Template: {template}",
  accessFixAll: "Fix {count} {room|rooms}",
  accessFixRoom: "Fix",
  accessFixRoomLabel: "Fix {room}",
  accessProgress: "Fixing access",
  accessChanges: "What differs in {room}",
  accessConfirmTitle: "Fix {count} {room|rooms}?",
  accessConfirmRooms: "Rooms that will change",
  accessConfirmRoom: "{room}: {count} {change|changes}",
  accessConfirm: "Apply {count} {change|changes}",
  changeInvite: "Invite {user}: a moderator who is not in the room",
  changeRaise: "Raise {user} from {from} to {to}",
  changeSetting: "{setting}: back to {to} (now {from})",
  settingNotSet: "not set",
};

const translations: Record<string, Partial<Record<keyof typeof english, string>>> = {
  de: {
    accessIntro: "Räume, deren Moderatoren oder Berechtigungsstufen von der Moderatorenliste und ihrer Vorlage abweichen.",
    accessCheckAgain: "Erneut prüfen",
    accessChecking: "Prüfe…",
    accessClean: "Alle Räume entsprechen der Moderatorenliste und ihrer Vorlage.",
    accessCount: "{count} {Raum weicht ab|Räume weichen ab}",
    accessChangedCount: "{count} seit der letzten Prüfung geändert",
    accessChanged: "Seit der letzten Prüfung geändert",
    accessTemplate: "Vorlage: {template}",
    accessFixAll: "{count} {Raum|Räume} korrigieren",
    accessFixRoom: "Korrigieren",
    accessFixRoomLabel: "{room} korrigieren",
    accessProgress: "Zugriff wird korrigiert",
    accessChanges: "Was in {room} abweicht",
    accessConfirmTitle: "{count} {Raum|Räume} korrigieren?",
    accessConfirmRooms: "Räume, die sich ändern",
    accessConfirmRoom: "{room}: {count} {Änderung|Änderungen}",
    accessConfirm: "{count} {Änderung|Änderungen} anwenden",
    changeInvite: "{user} einladen: ein Moderator, der nicht im Raum ist",
    changeRaise: "{user} von {from} auf {to} anheben",
    changeSetting: "{setting}: zurück auf {to} (jetzt {from})",
    settingNotSet: "nicht gesetzt",
  },
};

/** Both halves, for the test that holds every translation to the English keys and variables. */
export const catalogue = { english, translations };
export const t = screenMessages(english, translations);

import { screenMessages } from "../../ui/messages.ts";

/** The access check's part of the catalogue, loaded with the Rooms screen. */
export const t = screenMessages({
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
  changeInvite: "Invite {user}: a moderator who is not in the room",
  changeRaise: "Raise {user} from {from} to {to}",
  changeSetting: "{setting}: back to {to} (now {from})",
  settingNotSet: "not set",
});

import type { TemplateInput } from "../../../shared/templates.ts";

/** Templates every community starts with; read-only (copy one to change it), exported like the others. */
export const builtinTemplates: Record<string, TemplateInput> = {
  community: {
    name: "Community room",
    description: "An open room for a group of the community: anyone on the server can join.",
    preset: "public_chat",
    joinRule: "public",
    historyVisibility: "shared",
    aliasPattern: "{slug}",
  },
  announcements: {
    name: "Announcements (read-only)",
    description: "Only moderators post; members read and react.",
    preset: "public_chat",
    joinRule: "public",
    historyVisibility: "shared",
    aliasPattern: "{slug}",
    powerLevels: { events_default: 50, invite: 50, events: { "m.reaction": 0 } },
  },
  conflict: {
    name: "Conflict resolution (private, encrypted)",
    description: "A private, encrypted room for a mediated conversation: parties can talk but not change settings.",
    roomName: "Conflict resolution",
    preset: "private_chat",
    joinRule: "invite",
    encrypted: true,
    historyVisibility: "invited",
    guestAccess: false,
    federate: false,
    powerLevels: { users_default: 0, events_default: 0, state_default: 50, invite: 50, kick: 50, ban: 50, redact: 50 },
  },
  test: {
    name: "Test room",
    description: "A throw-away room to check that the dashboard can create rooms; delete it afterwards.",
    roomName: "Dashboard test room",
    preset: "private_chat",
    joinRule: "invite",
    historyVisibility: "shared",
    federate: false,
    addModerators: false,
  },
};

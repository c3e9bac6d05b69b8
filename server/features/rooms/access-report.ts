import type { AppContext } from "../../kernel/runtime/app-context.ts";
import { listModerators } from "./moderators.ts";
import { accessDrift, accessFingerprint } from "./access-drift.ts";
import { botMemberships, coverageApplies, moderatorPresence, moderatorRooms } from "./coverage.ts";
import type { PowerLevelsContent } from "../../kernel/matrix/power-levels.ts";
import { AccessChecks } from "../../kernel/store/access-checks.ts";

import type { AccessReportEntry } from "../../../shared/plans.ts";

export type { AccessReportEntry };

/**
 * Rooms whose access drifted from what they should be: a moderator missing or below their level,
 * or a template's power settings changed. `record` remembers this check for the next report.
 */
export async function accessReport(app: AppContext, options: { record: boolean; rooms?: string[] }): Promise<AccessReportEntry[]> {
  await app.rooms.refresh();
  const moderators = await listModerators(app.bot, await app.moderators.roomId(), app.config.moderatorPowerLevel);
  const moderatorRoomId = await app.moderators.roomId();
  const templateOf = app.managedRooms.all();
  const checks = new AccessChecks(app.store.db);
  const wanted = options.rooms ? new Set(options.rooms) : undefined;
  const entries: AccessReportEntry[] = [];
  const checked = app.rooms.all().filter((room) => (!wanted || wanted.has(room.roomId)) && coverageApplies(app, room, moderatorRoomId) && room.create);
  // The directory's badge reads presence the same way (coverage.ts), so both screens agree: an admin
  // bot learns each moderator's memberships in one call, other bots read them for all rooms at once.
  const presence = await moderatorPresence(botMemberships(app), checked.map((r) => r.roomId), moderators, await moderatorRooms(app.bot, moderators));
  for (const room of checked) {
    if (!room.create) continue;
    const templateId = templateOf.get(room.roomId) ?? null;
    const template = templateId ? app.templates.find(templateId) : undefined;
    const { joined, invited } = presence.get(room.roomId)!;
    const present = new Set([...joined, ...invited]);
    const changes = accessDrift(
      { create: room.create, creator: room.creator ?? undefined, powerLevels: room.powerLevels, present, templateLevels: template?.body.powerLevels as PowerLevelsContent | undefined },
      moderators,
    );
    const fingerprint = accessFingerprint(room.powerLevels, present);
    const last = checks.lastFingerprint(room.roomId);
    if (options.record) checks.record(room.roomId, fingerprint);
    if (changes.length) entries.push({ roomId: room.roomId, name: room.name, template: templateId, changes, changedSinceLastCheck: last !== undefined && last !== fingerprint });
  }
  return entries.sort((a, b) => Number(b.changedSinceLastCheck) - Number(a.changedSinceLastCheck) || (a.name ?? "").localeCompare(b.name ?? ""));
}

import type { AppContext } from "../../kernel/runtime/app-context.ts";
import type { ActionContext } from "../../kernel/runtime/define-action.ts";
import { isServerAdmin } from "../../kernel/matrix/admin.ts";
import { powerLevelFromState } from "../../kernel/matrix/power-levels.ts";
import { displayLevel } from "../../kernel/authority/moderator-check.ts";
import type { AuthentikIdentity, UserCard, UserRoomFacts } from "../../../shared/user-card.ts";
import { NOT_ADMIN, readOpenReports, userHistory } from "../reports/read-reports.ts";
import { reportScope, visibleReports } from "../reports/scope.ts";

/** Membership reads run this many at a time: one request per managed room. */
const CONCURRENCY = 8;

async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

export async function authentikIdentity(app: AppContext, userId: string): Promise<AuthentikIdentity> {
  if (!app.authentik) return { configured: false };
  const known = app.syncStore.knownUsers().find((u) => u.userId === userId);
  if (!known) return { configured: true, found: false, note: "No Authentik account the sync knows maps to this Matrix ID." };
  const user = await app.authentik.getUser(known.authentikPk);
  if (!user) return { configured: true, found: false, note: `The Authentik account ${known.username} (pk ${known.authentikPk}) no longer exists.` };
  const groupNames = new Map((await app.authentik.listGroups()).map((g) => [g.pk, g.name]));
  return { configured: true, found: true, pk: user.pk, username: user.username, name: user.name, active: user.isActive, groups: user.groups.map((g) => groupNames.get(g) ?? g) };
}

/**
 * One person across the community: where they are and at which level, what is pending, who they
 * are in Authentik, reports by and about them, and what the audit log says. Reads only; the card's
 * buttons run the existing actions (rooms.invite, moderation.kick/ban, rooms.set-power-level).
 */
export async function userCard(ctx: ActionContext, userId: string): Promise<UserCard> {
  const { app } = ctx;
  const scope = await reportScope(app, ctx.actor);
  const moderatorRoomId = await app.moderators.roomId();
  // The moderator room is shown as standing, not as one of the community's rooms.
  const rooms = app.rooms.all().filter((r) => scope.managed.has(r.roomId) && r.roomId !== moderatorRoomId);
  const reportsReadable = await isServerAdmin(app.bot);
  const [memberships, profile, standing, authentik, history, by] = await Promise.all([
    mapLimited(rooms, CONCURRENCY, (r) => app.bot.membershipOf(r.roomId, userId)),
    app.bot.getUserProfile(userId).catch(() => null),
    app.moderators.standing(userId),
    authentikIdentity(app, userId),
    userHistory(app, scope, userId, { reportsReadable }),
    reportsReadable ? readOpenReports(app, { reporter: userId }) : Promise.resolve(null),
  ]);
  const facts: UserRoomFacts[] = rooms
    .map((r, i) => ({
      roomId: r.roomId,
      name: r.name,
      alias: r.canonicalAlias,
      membership: memberships[i] ?? null,
      powerLevel: displayLevel(r.create ? powerLevelFromState(userId, r.create, r.powerLevels, r.creator ?? undefined) : 0),
    }))
    .filter((f) => f.membership !== null)
    .sort((a, b) => (a.name ?? a.roomId).localeCompare(b.name ?? b.roomId));
  return {
    userId,
    displayName: (profile as { displayname?: string } | null)?.displayname ?? null,
    moderatorRoom: { membership: standing.membership, powerLevel: displayLevel(standing.powerLevel) },
    rooms: facts,
    roomsChecked: rooms.length,
    pendingInvites: facts.filter((f) => f.membership === "invite").map((f) => f.roomId),
    authentik,
    reports: by ? { available: true, against: history.reportsAgainst, by: visibleReports(by.reports, scope) } : { available: false, reason: NOT_ADMIN.reason },
    audit: history.audit,
    ...(history.banListMatches ? { banListMatches: history.banListMatches } : {}),
  };
}

import { useState } from "preact/hooks";
import type { UserCard as Card, UserRoomFacts } from "../../../shared/user-card.ts";
import type { BanListMatch, ReportSummary } from "../../../shared/reports.ts";
import type { AuditRow } from "../../client/plans.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { SelectField, TextField } from "../../ui/fields.tsx";
import { useAction, useLoad } from "../../ui/hooks.ts";
import { useJoinedRooms, roomLabel } from "../../ui/joined-rooms.ts";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { levelName } from "../../ui/words.ts";
import { formatDateTime } from "../../ui/format.ts";
import { actionLabel, auditTargetWords } from "../../ui/action-words.ts";
import { t as mainT } from "../../ui/messages.ts";
import { ModerateUser } from "./moderate-user.tsx";
import { t } from "./messages.ts";

const when = (iso: string) => formatDateTime(iso);
const membershipWord = (m: string | null) => (m ? t(`membership_${m}` as Parameters<typeof t>[0]) : "—");

/** Ban-list rules that match someone; shown only when the ban-list feature is installed. */
export function BanListMatches({ matches, title }: { matches: BanListMatch[] | undefined; title: string }) {
  if (!matches) return null;
  return (
    <section class="stack-tight" data-section="ban-list-matches">
      <h4>{title}</h4>
      {matches.length === 0 ? (
        <p class="muted">{t("cardNone")}</p>
      ) : (
        <ul class="plain-list">
          {matches.map((m) => (
            <li key={`${m.listRoomId}-${m.kind}-${m.entity}`}>
              <code>{m.entity}</code> · {m.listName ?? m.listRoomId}
              {m.reason ? ` · ${m.reason}` : ""}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function AuditList({ rows }: { rows: AuditRow[] }) {
  if (rows.length === 0) return <p class="muted">{t("cardNone")}</p>;
  return (
    <ul class="plain-list" data-list="audit">
      {rows.slice(0, 20).map((r) => (
        <li key={r.id} data-audit-action={r.action}>
          <span class="muted">{when(r.at)}</span> {r.actor} · {actionLabel(r.action)}
          {auditTargetWords(r) ? ` · ${auditTargetWords(r)}` : ""}
          {r.result === "error" ? <Badge tone="critical">{mainT("auditResultError")}</Badge> : null}
        </li>
      ))}
    </ul>
  );
}

export function ReportList({ reports }: { reports: ReportSummary[] }) {
  if (reports.length === 0) return <p class="muted">{t("cardNone")}</p>;
  return (
    <ul class="plain-list" data-list="reports">
      {reports.map((r) => (
        <li key={r.id} data-report-id={r.id}>
          #{r.id} · {r.roomName ?? r.roomId} · {when(r.receivedAt)}
          {r.reason ? ` · “${r.reason}”` : ""}
        </li>
      ))}
    </ul>
  );
}

function RoomsTable({ rooms }: { rooms: UserRoomFacts[] }) {
  if (rooms.length === 0) return <p class="muted">{t("cardNoRooms")}</p>;
  return (
    <ul class="rows" data-list="user-rooms">
      {rooms.map((r) => (
        <li key={r.roomId} class="row" data-room-id={r.roomId} data-membership={r.membership}>
          <span class="row-text">
            <span class="row-title">{r.name ?? r.alias ?? r.roomId}</span>
            <span class="row-sub">{membershipWord(r.membership)}</span>
          </span>
          <span class="level" data-level={r.powerLevel}>
            {levelName(r.powerLevel)}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Invite to a managed room the person is not in, or set their level in one they are in. */
function RoomActions({ card, onChanged }: { card: Card; onChanged(): void }) {
  const { session } = useDashboard();
  // Standing in the moderator room is the admins' to give, not a card's one-click invite.
  const rooms = (useJoinedRooms().data ?? []).filter((r) => !r.isSpace && r.roomId !== session.moderatorRoomId);
  const inRoom = new Set(card.rooms.filter((r) => r.membership === "join" || r.membership === "invite").map((r) => r.roomId));
  const invitable = rooms.filter((r) => !inRoom.has(r.roomId));
  const joined = card.rooms.filter((r) => r.membership === "join");
  const [inviteRoom, setInviteRoom] = useState("");
  const [levelRoom, setLevelRoom] = useState("");
  const [level, setLevel] = useState("0");
  const invite = useAction("rooms.invite", { idempotent: true });
  const setPower = useAction("rooms.set-power-level");
  const chosenInvite = inviteRoom || invitable[0]?.roomId || "";
  const chosenLevelRoom = levelRoom || joined[0]?.roomId || "";
  return (
    <div class="stack-tight">
      {invitable.length > 0 ? (
        <form class="inline-form" data-form="card-invite" onSubmit={(e) => (e.preventDefault(), void invite.apply({ users: [card.userId], rooms: [chosenInvite] }).then((r) => r && onChanged()))}>
          <SelectField label={t("cardInvite")} value={chosenInvite} set={setInviteRoom} options={invitable.map((r) => [r.roomId, roomLabel(r)] as [string, string])} />
          <button type="submit" class="button button-secondary button-small" disabled={invite.step.phase === "applying"}>
            {t("cardInviteDo")}
          </button>
        </form>
      ) : null}
      {invite.step.phase === "done" ? <Note tone="success">{t("cardInvited")}</Note> : <ProblemNote problem={invite.step.problem} />}
      {joined.length > 0 ? (
        <form
          class="inline-form"
          data-form="card-level"
          onSubmit={(e) => (e.preventDefault(), void setPower.apply({ room: chosenLevelRoom, user: card.userId, level: Number(level) }).then((r) => r !== undefined && onChanged()))}
        >
          <SelectField label={t("cardLevel")} value={chosenLevelRoom} set={setLevelRoom} options={joined.map((r) => [r.roomId, r.name ?? r.alias ?? r.roomId] as [string, string])} />
          <TextField label={t("cardLevelValue")} type="number" min={-100} max={100} value={level} set={setLevel} />
          <button type="submit" class="button button-secondary button-small" disabled={setPower.step.phase === "applying"}>
            {t("cardLevelDo")}
          </button>
        </form>
      ) : null}
      {setPower.step.phase === "done" ? <Note tone="success">{t("cardLevelDone")}</Note> : <ProblemNote problem={setPower.step.problem} />}
    </div>
  );
}

/** One person across the community, with what can be done about them. */
export function UserCard({ userId, onClose }: { userId: string; onClose?: () => void }) {
  const { api } = useDashboard();
  const loaded = useLoad(() => api.request<Card>("GET", `api/users/${encodeURIComponent(userId)}`), [api, userId]);
  const card = loaded.data;
  return (
    <section class="card stack" data-view="user-card" data-user-id={userId} aria-busy={loaded.loading ? "true" : undefined}>
      <div class="view-head">
        <h3>{card?.displayName ? `${card.displayName} (${userId})` : userId}</h3>
        {onClose ? (
          <button type="button" class="button button-secondary button-small" onClick={onClose}>
            {t("cardClose")}
          </button>
        ) : null}
      </div>
      <ProblemNote problem={loaded.problem} />
      {card ? (
        <>
          <p class="muted">
            {card.moderatorRoom.membership ? t("cardModeratorRoom", { membership: membershipWord(card.moderatorRoom.membership), level: card.moderatorRoom.powerLevel }) : t("cardNotInModeratorRoom")}
          </p>
          <section class="stack-tight" data-section="rooms">
            <h4>{t("cardRooms")}</h4>
            <p class="muted">{t("cardRoomsSummary", { joined: card.rooms.filter((r) => r.membership === "join").length, checked: card.roomsChecked })}</p>
            <RoomsTable rooms={card.rooms} />
            {card.pendingInvites.length > 0 ? (
              <p data-section="pending-invites">
                {t("cardPending")}: {card.pendingInvites.length}
              </p>
            ) : null}
          </section>
          <section class="stack-tight" data-section="authentik">
            <h4>{t("cardAuthentik")}</h4>
            {!card.authentik.configured ? (
              <p class="muted">{t("cardAuthentikOff")}</p>
            ) : !card.authentik.found ? (
              <p class="muted">{card.authentik.note}</p>
            ) : (
              <>
                <p>{t("cardAuthentikUser", { username: card.authentik.username, name: card.authentik.name, inactive: card.authentik.active ? "" : t("cardAuthentikInactive") })}</p>
                {card.authentik.groups.length ? <p class="muted">{t("cardGroups", { groups: card.authentik.groups.join(", ") })}</p> : null}
              </>
            )}
          </section>
          {card.reports.available ? (
            <>
              <section class="stack-tight" data-section="reports-against">
                <h4>{t("cardReportsAgainst")}</h4>
                <ReportList reports={card.reports.against} />
              </section>
              <section class="stack-tight" data-section="reports-by">
                <h4>{t("cardReportsBy")}</h4>
                <ReportList reports={card.reports.by} />
              </section>
            </>
          ) : (
            <p class="muted">{t("cardReportsUnavailable", { reason: card.reports.reason })}</p>
          )}
          <BanListMatches matches={card.banListMatches} title={t("cardBanLists")} />
          <section class="stack-tight" data-section="audit">
            <h4>{t("cardAudit")}</h4>
            <AuditList rows={card.audit} />
          </section>
          <section class="stack-tight" data-section="card-actions">
            <h4>{t("cardActions")}</h4>
            <RoomActions card={card} onChanged={loaded.reload} />
            <ModerateUser
              user={card.userId}
              choices={[
                { op: "kick", targets: { kind: "all" }, label: t("cardKickAll") },
                { op: "ban", targets: { kind: "all" }, label: t("cardBanAll") },
              ]}
            />
          </section>
        </>
      ) : null}
    </section>
  );
}

import { useEffect, useRef } from "preact/hooks";
import type { RoomDetail, RoomMember } from "../../../shared/rooms.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t, type MessageKey } from "../../ui/messages.ts";
import { useCapped } from "../../ui/capped.ts";
import { ShowAll } from "../../ui/show-all.tsx";
import { ProblemNote } from "../../ui/note.tsx";
import { joinRuleName } from "../../ui/words.ts";
import { InviteForm } from "./invite-form.tsx";
import { roomLabel } from "../../ui/joined-rooms.ts";
import { MemberRow } from "./member-row.tsx";
import { PowerTable } from "./power-table.tsx";
import { RoomBadges } from "./room-badges.tsx";
import { TestRoomCleanup } from "./test-room-cleanup.tsx";

const groups: Array<[string, MessageKey]> = [
  ["join", "membersJoined"],
  ["invite", "membersInvited"],
  ["knock", "membersKnocking"],
  ["ban", "membersBanned"],
];

function MemberGroup(props: { membership: string; title: MessageKey; members: RoomMember[]; room: string; onChanged(): void }) {
  const list = useCapped(props.members);
  if (!props.members.length) return null;
  return (
    <section class="stack-tight" data-members={props.membership}>
      <h3>{t(props.title, { count: props.members.length })}</h3>
      <ul class="rows">
        {list.shown.map((m) => (
          <MemberRow key={m.userId} member={m} room={props.room} onChanged={props.onChanged} />
        ))}
      </ul>
      <ShowAll list={list} />
    </section>
  );
}

/** One room: who is in it at which level, pending invites, the power table in words, and what to do about it. */
export function RoomDetailView({ roomId, onBack }: { roomId: string; onBack(): void }) {
  const { api, openRoom } = useDashboard();
  const detail = useLoad(() => api.request<RoomDetail>("GET", `api/rooms/${encodeURIComponent(roomId)}`), [api, roomId]);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [roomId]);
  const d = detail.data;
  const members = (membership: string): RoomMember[] => d?.members.filter((m) => m.membership === membership) ?? [];

  return (
    <section class="stack" aria-busy={detail.loading ? "true" : undefined} data-view="room-detail" data-room-id={roomId}>
      <div class="view-head">
        <button type="button" class="icon-button" onClick={onBack} aria-label={t("back")} title={t("back")}>
          <Icon name="back" size={22} />
        </button>
        <h2 ref={heading} tabIndex={-1}>
          {d ? roomLabel(d.room) : t("loading")}
        </h2>
        {openRoom ? (
          <button type="button" class="icon-button" onClick={() => openRoom(roomId)} aria-label={t("openInElement")} title={t("openInElement")} data-action="open-room">
            <Icon name="arrowOut" size={20} />
          </button>
        ) : null}
      </div>
      <ProblemNote problem={detail.problem} />
      {d ? (
        <>
          <div class="room-facts">
            <code>{d.room.canonicalAlias ?? roomId}</code>
            {d.room.topic ? <p>{d.room.topic}</p> : null}
            <p class="muted">{t("roomFacts", { members: d.room.members, version: d.room.roomVersion ?? "?", joinRule: joinRuleName(d.room.joinRule) })}</p>
            <RoomBadges room={d.room} />
          </div>
          <TestRoomCleanup room={roomId} onDeleted={onBack} />
          {groups.map(([membership, title]) => (
            <MemberGroup key={membership} membership={membership} title={title} members={members(membership)} room={roomId} onChanged={detail.reload} />
          ))}
          <section class="stack-tight" data-section="invite">
            <h3>{t("inviteToRoom")}</h3>
            <InviteForm room={roomId} onFinished={detail.reload} />
          </section>
          <section class="stack-tight" data-section="power">
            <h3>{t("powerTitle")}</h3>
            <PowerTable detail={d} />
          </section>
        </>
      ) : null}
    </section>
  );
}

import { useEffect, useRef, useState } from "preact/hooks";
import type { BridgeSummary } from "../../../shared/bridges.ts";
import type { RoomListPage, RoomSummary } from "../../../shared/rooms.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { Avatar } from "../../ui/avatar.tsx";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { Badge, Note, ProblemNote } from "../../ui/note.tsx";
import { roomLabel } from "../../ui/joined-rooms.ts";
import { HealthDot } from "./bridge-health.tsx";
import { BridgeLogin } from "./bridge-login.tsx";
import { BridgeRoom } from "./bridge-room.tsx";
import { t } from "./messages.ts";
import { ForServerAdmins } from "../../ui/for-admins.tsx";
import { NewBridgedRoom } from "./new-bridged-room.tsx";

/** Rooms that need a look come first: not working, then needing attention, then healthy, then the rest by name. */
const attention = { fail: 0, warn: 1, ok: 2, off: 3 } as const;
const rank = (room: RoomSummary) => (room.bridgeHealth ? attention[room.bridgeHealth.status] : room.bridge ? 2.5 : 3);

function ConfiguredBridges({ bridges }: { bridges: BridgeSummary[] }) {
  return (
    <section class="stack-tight" aria-labelledby="bridges-configured">
      <h3 id="bridges-configured">{t("bridgesConfigured")}</h3>
      <ul class="rows">
        {bridges.map((b) => (
          <li key={b.network} class="row bridge" data-bridge={b.network}>
            <div class="row-plain">
              <Icon name="link" size={18} />
              <span class="row-text">
                <span class="row-title">{b.displayName}</span>
                <span class="row-sub" title={t("bridgeBot")}>
                  {b.bot}
                </span>
              </span>
            </div>
            <div class="badges">
              <Badge>{b.provisioning ? t("bridgeProvisioning") : t("bridgeCommandsOnly")}</Badge>
              <Badge tone={b.encryption ? "success" : "neutral"}>{b.encryption ? t("bridgeEncryption") : t("bridgeNoEncryption")}</Badge>
              {b.relayLogin ? <Badge>{t("bridgeRelayLogin", { login: b.relayLogin })}</Badge> : null}
              <Badge>{t("bridgeNameLimit", { limit: b.groupNameLimit })}</Badge>
            </div>
            {/* Only the provisioning API can log in; a commands-only bridge is logged in by chat. */}
            {b.provisioning ? (
              <div class="bridge-login">
                <BridgeLogin bridge={b} />
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

function RoomRow({ room, onOpen }: { room: RoomSummary; onOpen(roomId: string): void }) {
  const health = room.bridgeHealth;
  const chat = health?.remoteChat?.name ?? health?.remoteChat?.id ?? room.bridge?.channel ?? room.bridge?.channelId;
  return (
    <li class="row" data-room-id={room.roomId}>
      <button type="button" class="row-main" onClick={() => onOpen(room.roomId)} title={t("bridgeOpen", { room: roomLabel(room) })}>
        <Avatar userId={room.roomId} name={roomLabel(room)} size={28} />
        <span class="row-text">
          <span class="row-title">{roomLabel(room)}</span>
          <span class="row-sub">{chat ? t("bridgedTo", { network: health?.displayName ?? room.bridge?.protocol ?? "", chat }) : (room.canonicalAlias ?? room.roomId)}</span>
        </span>
        {health ? <HealthDot status={health.status} /> : room.bridge ? <Badge>{t("badgeBridged", { protocol: room.bridge.protocol })}</Badge> : <HealthDot status="off" />}
      </button>
    </li>
  );
}

/**
 * Bridges: the configured mautrix bridges, the bot's rooms with their bridge health, and per room
 * bridging to a new or existing group, relay, resync and unlink; or a new room with its group.
 */
export function BridgesScreen({ onOpenDetail }: { onOpenDetail(roomId: string): void }) {
  const { api } = useDashboard();
  const [open, setOpen] = useState<{ room: string } | "new-room">();
  const [filter, setFilter] = useState("");
  // Back from a room: the keyboard focus returns to that room's row.
  const [returnTo, setReturnTo] = useState<string>();
  const list = useRef<HTMLElement>(null);
  useEffect(() => {
    if (open === undefined && returnTo) list.current?.querySelector<HTMLElement>(`[data-room-id="${CSS.escape(returnTo)}"] .row-main`)?.focus();
  }, [open, returnTo]);
  const back = () => {
    if (open && open !== "new-room") setReturnTo(open.room);
    setOpen(undefined);
  };
  const bridges = useLoad(() => api.request<BridgeSummary[]>("GET", "api/bridges"), [api]);
  // Read again on each return to the list: health changes with what was just done.
  const rooms = useLoad(() => api.request<RoomListPage>("GET", "api/rooms?limit=500&sort=name"), [api], open === undefined);
  const configured = bridges.data ?? [];

  if (bridges.data && configured.length === 0) {
    return (
      <section class="stack" data-view="bridges">
        <Note tone="info">
          <p>{t("bridgesNone")}</p>
          <p class="note-hint">{t("bridgesNonePlain")}</p>
          <ForServerAdmins>
            <p class="note-hint">{t("bridgesNoneHint")}</p>
          </ForServerAdmins>
        </Note>
      </section>
    );
  }
  if (open === "new-room") return <NewBridgedRoom bridges={configured} onBack={() => setOpen(undefined)} onShowHealth={(room) => setOpen({ room })} />;
  if (open) return <BridgeRoom roomId={open.room} bridges={configured} onBack={back} onOpenDetail={onOpenDetail} />;

  const needle = filter.trim().toLowerCase();
  const shown = (rooms.data?.rooms ?? [])
    .filter((r) => r.botJoined && !r.isSpace && [r.name, r.canonicalAlias, r.roomId].some((v) => v?.toLowerCase().includes(needle)))
    .sort((a, b) => rank(a) - rank(b) || roomLabel(a).localeCompare(roomLabel(b)));
  return (
    <section ref={list} class="stack" data-view="bridges" aria-busy={rooms.loading || bridges.loading ? "true" : undefined}>
      <ProblemNote problem={bridges.problem ?? rooms.problem} />
      {configured.length ? <ConfiguredBridges bridges={configured} /> : null}
      {configured.length ? (
        <div class="actions">
          <button type="button" class="button button-secondary button-small" data-action="new-bridged-room" onClick={() => setOpen("new-room")}>
            <Icon name="plus" size={16} />
            {t("bridgeNewRoom")}
          </button>
        </div>
      ) : null}
      <section class="stack-tight" aria-labelledby="bridge-rooms-title">
        <h3 id="bridge-rooms-title">{t("bridgeRooms")}</h3>
        <label class="search">
          <Icon name="search" size={18} />
          <input type="search" value={filter} placeholder={t("bridgeFilter")} aria-label={t("bridgeFilter")} onInput={(e) => setFilter(e.currentTarget.value)} />
        </label>
        {rooms.data ? (
          shown.length ? (
            <ul class="rows" data-list="bridge-rooms">
              {shown.map((room) => (
                <RoomRow key={room.roomId} room={room} onOpen={(roomId) => setOpen({ room: roomId })} />
              ))}
            </ul>
          ) : (
            <p class="muted">{t("bridgeRoomsEmpty")}</p>
          )
        ) : rooms.loading ? (
          <p class="muted">{t("loading")}</p>
        ) : null}
      </section>
    </section>
  );
}

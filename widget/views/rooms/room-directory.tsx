import { useEffect, useRef, useState } from "preact/hooks";
import type { RoomListPage, RoomListQuery } from "../../../shared/rooms.ts";
import { useDashboard } from "../../client/dashboard.ts";
import { Avatar } from "../../ui/avatar.tsx";
import { SelectField } from "../../ui/fields.tsx";
import { useLoad } from "../../ui/hooks.ts";
import { Icon } from "../../ui/icons.tsx";
import { t } from "../../ui/messages.ts";
import { ProblemNote } from "../../ui/note.tsx";
import { roomLabel } from "../../ui/joined-rooms.ts";
import { RoomBadges } from "./room-badges.tsx";
import { CopyButton } from "../../ui/copy-button.tsx";
import { t as shell } from "../../ui/shell-messages.ts";

const PAGE = 20;
type Tri = "" | "true" | "false";
type Query = { search: string; sort: RoomListQuery["sort"]; dir: RoomListQuery["dir"]; encrypted: Tri; bridged: Tri; missingModerators: Tri; scope: RoomListQuery["scope"]; offset: number };
const initial: Query = { search: "", sort: "name", dir: "asc", encrypted: "", bridged: "", missingModerators: "", scope: "joined", offset: 0 };

function queryString(q: Query): string {
  const params = new URLSearchParams({ limit: String(PAGE) });
  for (const [key, value] of Object.entries(q)) if (value !== "") params.set(key, String(value));
  return params.toString();
}

/** Every room the bot knows (or the whole server for an admin bot): search, sort, filters, pages. */
export function RoomDirectory({ active, onOpen, returnFrom, onCheckAccess }: { active: boolean; onOpen(roomId: string): void; returnFrom?: string | undefined; onCheckAccess?: () => void }) {
  const { api } = useDashboard();
  const section = useRef<HTMLElement>(null);
  // Back from a room's detail: the keyboard focus returns to that room's row.
  useEffect(() => {
    if (active && returnFrom) section.current?.querySelector<HTMLElement>(`[data-room-id="${CSS.escape(returnFrom)}"] .row-main`)?.focus();
  }, [active]);
  const [q, setQ] = useState(initial);
  const [search, setSearch] = useState("");
  const [filtersOpen, setFiltersOpen] = useState(false);
  // Typing waits a moment before asking the server; the rest applies at once.
  useEffect(() => {
    const timer = setTimeout(() => setQ((prev) => (prev.search === search ? prev : { ...prev, search, offset: 0 })), 250);
    return () => clearTimeout(timer);
  }, [search]);
  const page = useLoad(() => api.request<RoomListPage>("GET", `api/rooms?${queryString(q)}`), [api, q], active);
  const set = (patch: Partial<Query>) => setQ((prev) => ({ ...prev, offset: 0, ...patch }));
  const data = page.data;
  const tri: Array<[Tri, string]> = [["", t("filterAny")], ["true", t("filterYes")], ["false", t("filterNo")]];
  const activeFilters = [q.encrypted, q.bridged, q.missingModerators].filter(Boolean).length + (q.scope === "server" ? 1 : 0);

  return (
    <section ref={section} class="stack" aria-labelledby="directory-title" aria-busy={page.loading ? "true" : undefined} data-view="directory">
      <h2 id="directory-title" class="visually-hidden">
        {t("directoryTitle")}
      </h2>
      <div class="search-row">
        <label class="search">
          <Icon name="search" size={18} />
          <input type="search" value={search} placeholder={t("directorySearch")} aria-label={t("directorySearch")} onInput={(e) => setSearch(e.currentTarget.value)} />
        </label>
        <button type="button" class="icon-button" aria-expanded={filtersOpen} aria-controls="directory-filters" title={t("directoryFilters")} aria-label={t("directoryFilters")} onClick={() => setFiltersOpen(!filtersOpen)}>
          <Icon name="sort" size={20} />
          {activeFilters ? <span class="dot">{activeFilters}</span> : null}
        </button>
      </div>
      {filtersOpen ? (
        <div id="directory-filters" class="filters">
          <SelectField label={t("sortBy")} value={q.sort} set={(sort) => set({ sort })} options={[["name", t("sortName")], ["members", t("sortMembers")], ["alias", t("sortAlias")]]} />
          <SelectField label={t("sortDir")} value={q.dir} set={(dir) => set({ dir })} options={[["asc", t("sortAsc")], ["desc", t("sortDesc")]]} />
          <SelectField label={t("badgeEncrypted")} value={q.encrypted} set={(encrypted) => set({ encrypted })} options={tri} />
          <SelectField label={t("filterBridged")} value={q.bridged} set={(bridged) => set({ bridged })} options={tri} />
          <SelectField label={t("filterModerators")} value={q.missingModerators} set={(missingModerators) => set({ missingModerators })} options={[["", t("filterModsAny")], ["true", t("filterModsMissing")], ["false", t("filterModsComplete")]]} />
          {data?.serverScopeAvailable ? (
            <SelectField label={t("scope")} value={q.scope} set={(scope) => set({ scope })} options={[["joined", t("scopeJoined")], ["server", t("scopeServer")]]} />
          ) : null}
        </div>
      ) : null}
      <ProblemNote problem={page.problem} />
      {data ? (
        <>
          <p class="muted" aria-live="polite">
            {data.total === 0 ? t("directoryEmpty") : t("directoryCount", { from: data.offset + 1, to: data.offset + data.rooms.length, count: data.total })}
          </p>
          <ul class="rows">
            {/* Column heads for the wide (table) layout only; each row's button already names its room. */}
            <li class="row row-head" aria-hidden="true">
              <span>{shell("columnRoom")}</span>
              <span>{shell("columnAddress")}</span>
              <span>{shell("columnMembers")}</span>
              <span>{shell("columnStatus")}</span>
            </li>
            {data.rooms.map((room) => (
              <li key={room.roomId} class="row" data-room-id={room.roomId}>
                <div class="row-line">
                  {/* The visible text is the button's name (WCAG 2.5.3); the title shows what the panel cuts short. */}
                  <button type="button" class="row-main" disabled={!room.botJoined} onClick={() => onOpen(room.roomId)} title={[roomLabel(room), room.canonicalAlias, room.roomId].filter(Boolean).join("\n")}>
                    <Avatar userId={room.roomId} name={roomLabel(room)} size={32} />
                    <span class="row-text">
                      <span class="row-title">{roomLabel(room)}</span>
                      <span class="row-sub">{room.canonicalAlias ?? room.roomId}</span>
                    </span>
                    <span class="row-count">
                      <Icon name="people" size={14} />
                      {room.members}
                      <span class="visually-hidden">{t("memberCount", { count: room.members })}</span>
                    </span>
                  </button>
                  <CopyButton text={room.canonicalAlias ?? room.roomId} />
                </div>
                <RoomBadges room={room} onCheckAccess={onCheckAccess} />
              </li>
            ))}
          </ul>
          {data.total > PAGE ? (
            <div class="pager">
              <button type="button" class="button button-secondary button-small" disabled={q.offset === 0} onClick={() => setQ({ ...q, offset: Math.max(0, q.offset - PAGE) })}>
                <Icon name="back" size={16} />
                {t("pagePrevious")}
              </button>
              <button type="button" class="button button-secondary button-small" disabled={q.offset + PAGE >= data.total} onClick={() => setQ({ ...q, offset: q.offset + PAGE })}>
                {t("pageNext")}
                <Icon name="next" size={16} />
              </button>
            </div>
          ) : null}
        </>
      ) : page.loading ? (
        <p class="muted">{t("loading")}</p>
      ) : null}
    </section>
  );
}

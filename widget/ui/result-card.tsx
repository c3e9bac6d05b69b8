import type { ComponentChildren } from "preact";
import type { CheckStatus } from "../../shared/health.ts";
import { useDashboard } from "../client/dashboard.ts";
import { Icon } from "./icons.tsx";
import { t } from "./messages.ts";
import { StatusIcon } from "./status-badge.tsx";
import { useCapped } from "./capped.ts";
import { ShowAll } from "./show-all.tsx";
import { CopyButton } from "./copy-button.tsx";

/** One thing an action made or changed: a room created, an invite sent, a ban in one room. */
export type ResultItem = {
  key: string;
  label: string;
  state: "done" | "failed" | "skipped" | "pending";
  message?: string | null | undefined;
  /** An ID or alias worth copying (a room's alias, a user ID). */
  copy?: string | undefined;
  /** The room to open in the client, when the item is about one. */
  roomId?: string | undefined;
};

const status: Record<ResultItem["state"], CheckStatus> = { pending: "skipped", done: "ok", failed: "fail", skipped: "skipped" };

function OpenButton({ roomId, label }: { roomId: string; label: string }) {
  const { openRoom } = useDashboard();
  if (!openRoom) return null;
  return (
    <button type="button" class="button button-secondary button-small" data-action="open-room" aria-label={t("resultOpenLabel", { what: label })} onClick={() => openRoom(roomId)}>
      <Icon name="arrowOut" size={14} />
      {t("resultOpen")}
    </button>
  );
}

/** The per-item list of a result: state, what, why (when it did not simply work), open and copy. */
export function ResultList({ items }: { items: ResultItem[] }) {
  const listed = useCapped(items);
  if (items.length === 0) return null;
  return (
    <>
      <ul class="results" aria-label={t("jobResults")}>
        {listed.shown.map((item) => (
          <li key={item.key} data-item-state={item.state} data-result-item={item.key}>
            <StatusIcon status={status[item.state]} />
            <span class="result-text">
              <span class="result-key">{item.label}</span>
              {item.copy && item.copy !== item.label ? <code class="result-id">{item.copy}</code> : null}
              {item.message ? <span class="muted">{item.message}</span> : null}
            </span>
            {item.roomId || item.copy ? (
              <span class="result-actions">
                {item.roomId ? <OpenButton roomId={item.roomId} label={item.label} /> : null}
                {item.copy ? <CopyButton text={item.copy} label={item.label} /> : null}
              </span>
            ) : null}
          </li>
        ))}
      </ul>
      <ShowAll list={listed} />
    </>
  );
}

/**
 * What an action made or changed, the same everywhere (a created room, a conflict room, an invite
 * job, an announcement, bans): a title, each item with open and copy, then the screen's own buttons.
 */
export function ResultCard({ title, items, children, actions }: { title: string; items: ResultItem[]; children?: ComponentChildren; actions?: ComponentChildren }) {
  return (
    <section class="card stack result-card" data-result-card aria-label={title}>
      <h3 role="status">{title}</h3>
      {children}
      <ResultList items={items} />
      {actions ? <div class="actions">{actions}</div> : null}
    </section>
  );
}

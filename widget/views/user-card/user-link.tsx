import { useState } from "preact/hooks";
import { lazy } from "../../ui/lazy.tsx";
import { t } from "./messages.ts";

// The card's code arrives the first time someone opens one.
const UserCard = lazy(() => import("./user-card.tsx").then((m) => m.UserCard));

/** A button that opens the user card in place (from member rows, the audit log, a report). */
export function UserCardToggle({ userId, label = t("cardShow") }: { userId: string; label?: string }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <div class="actions">
        <button type="button" class="button button-secondary button-small" data-action="user-card" data-user={userId} aria-expanded={open} onClick={() => setOpen(!open)}>
          {label}
        </button>
      </div>
      {open ? <UserCard userId={userId} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

import { useState } from "preact/hooks";
import { TextField } from "../../ui/fields.tsx";
import { UserCard } from "./user-card.tsx";
import { t } from "./messages.ts";

/** The Moderation screen's "People" section: type a Matrix ID, see their card. */
export function UserLookup() {
  const [draft, setDraft] = useState("");
  const [shown, setShown] = useState<string | null>(null);
  return (
    <div class="stack">
      <form class="inline-form" data-form="user-lookup" onSubmit={(e) => (e.preventDefault(), setShown(draft.trim() || null))}>
        <TextField label={t("cardUser")} value={draft} set={setDraft} placeholder="@someone:example.org" required />
        <button type="submit" class="button button-primary button-small">
          {t("cardShow")}
        </button>
      </form>
      {shown ? <UserCard key={shown} userId={shown} onClose={() => setShown(null)} /> : null}
    </div>
  );
}

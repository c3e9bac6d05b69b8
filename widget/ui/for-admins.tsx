import type { ComponentChildren } from "preact";
import { t } from "./messages.ts";

/**
 * Moderators are not server admins: settings, commands and API paths sit behind this disclosure,
 * so a moderator reads what it means and passes the details on.
 */
export function ForServerAdmins({ children }: { children: ComponentChildren }) {
  return (
    <details class="for-admins" data-for="server-admins">
      <summary>{t("forServerAdmins")}</summary>
      {children}
    </details>
  );
}

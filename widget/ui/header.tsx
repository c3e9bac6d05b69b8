import type { SessionInfo } from "../../shared/session.ts";
import { Avatar } from "./avatar.tsx";
import { Icon } from "./icons.tsx";
import { t } from "./messages.ts";
import { t as shell } from "./shell-messages.ts";

/**
 * Who is signed in, and a way back to the moderator room when Element lets the widget navigate.
 * In a short frame (pinned at the top of a room) the CSS collapses it to the avatar, whose title still names who.
 */
export function Header({ session, onOpenModeratorRoom }: { session: SessionInfo; onOpenModeratorRoom?: (() => void) | undefined }) {
  return (
    <header class="header">
      <h1 class="visually-hidden">{shell("appTitle")}</h1>
      <span class="header-avatar" title={`${t("signedInAs")} ${session.userId} · ${t("moderatorLevel", { level: session.powerLevel })}`}>
        <Avatar userId={session.userId} size={36} />
      </span>
      <div class="header-who">
        <span class="header-label">{t("signedInAs")}</span>
        <span class="header-user" data-user-id={session.userId} title={session.userId}>
          {session.userId}
        </span>
        <span class="header-role">{t("moderatorLevel", { level: session.powerLevel })}</span>
      </div>
      {onOpenModeratorRoom ? (
        <button
          type="button"
          class="icon-button"
          onClick={onOpenModeratorRoom}
          data-action="open-moderator-room"
          title={t("openModeratorRoom")}
          aria-label={t("openModeratorRoom")}
        >
          <Icon name="arrowOut" size={20} />
        </button>
      ) : null}
    </header>
  );
}

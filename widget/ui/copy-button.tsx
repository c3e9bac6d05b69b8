import { useState } from "preact/hooks";
import { Icon } from "./icons.tsx";
import { t } from "./shell-messages.ts";

/**
 * A small button that copies an ID (room ID, alias, user ID) that a narrow panel cuts short. It says
 * what happened in a live region; when the client's frame may not write the clipboard, it says to select the text.
 */
export function CopyButton({ text }: { text: string }) {
  const [said, setSaid] = useState("");
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setSaid(t("copied", { id: text }));
    } catch {
      setSaid(t("copyFailed", { id: text }));
    }
  };
  return (
    <>
      <button type="button" class="icon-button icon-button-small" title={t("copyId", { id: text })} aria-label={t("copyId", { id: text })} data-copy={text} onClick={copy}>
        <Icon name="copy" size={16} />
      </button>
      <span class="visually-hidden" role="status">
        {said}
      </span>
    </>
  );
}

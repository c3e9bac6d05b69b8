import { useState } from "preact/hooks";
import { Icon } from "./icons.tsx";
import { t as shellWords } from "./shell-messages.ts";
import { t } from "./messages.ts";

/**
 * Copies an ID (room ID, alias, user ID) that a narrow panel cuts short or a result names. When the
 * client's frame may not write the clipboard, the ID stays visible to select instead.
 *
 * Without `label` it is a small icon button (lists) that says what happened in a live region of its
 * own. With one, a labelled button that reads "Copied" afterwards (result cards, where the ID
 * stands beside it and the card's own live region announces the result).
 */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed">();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome("copied"),
      () => setOutcome("failed"),
    );
  if (label !== undefined) {
    return (
      <button type="button" class="button button-secondary button-small" data-action="copy" aria-label={t("resultCopyLabel", { what: label })} onClick={copy}>
        <Icon name="copy" size={14} />
        {outcome === "copied" ? t("resultCopied") : t("resultCopy")}
      </button>
    );
  }
  return (
    <>
      <button type="button" class="icon-button icon-button-small" title={shellWords("copyId", { id: text })} aria-label={shellWords("copyId", { id: text })} data-copy={text} onClick={copy}>
        <Icon name="copy" size={16} />
      </button>
      <span class="visually-hidden" role="status">
        {outcome === "copied" ? shellWords("copied", { id: text }) : outcome === "failed" ? shellWords("copyFailed", { id: text }) : ""}
      </span>
    </>
  );
}

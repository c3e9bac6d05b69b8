import { useState } from "preact/hooks";
import { Icon } from "./icons.tsx";
import { t as shellWords } from "./shell-messages.ts";
import { t } from "./messages.ts";

/**
 * Copies an ID (room ID, alias, user ID) that a narrow panel cuts short or a result names. It says
 * what happened in a live region; when the client's frame may not write the clipboard, it says to
 * select the text instead. Without `label` it is a small icon button (lists); with one, a labelled
 * button that reads "Copied" afterwards (result cards, where the ID stands beside it).
 */
export function CopyButton({ text, label }: { text: string; label?: string }) {
  const [outcome, setOutcome] = useState<"copied" | "failed">();
  const copy = () =>
    navigator.clipboard.writeText(text).then(
      () => setOutcome("copied"),
      () => setOutcome("failed"),
    );
  const status = (
    <span class="visually-hidden" role="status">
      {outcome === "copied" ? shellWords("copied", { id: text }) : outcome === "failed" ? shellWords("copyFailed", { id: text }) : ""}
    </span>
  );
  if (label === undefined) {
    return (
      <>
        <button type="button" class="icon-button icon-button-small" title={shellWords("copyId", { id: text })} aria-label={shellWords("copyId", { id: text })} data-copy={text} onClick={copy}>
          <Icon name="copy" size={16} />
        </button>
        {status}
      </>
    );
  }
  return (
    <>
      <button type="button" class="button button-secondary button-small" data-action="copy" data-copy={text} aria-label={t("resultCopyLabel", { what: label })} onClick={copy}>
        <Icon name="copy" size={14} />
        {outcome === "copied" ? t("resultCopied") : t("resultCopy")}
      </button>
      {status}
    </>
  );
}

import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";
import { useArrival } from "./hooks.ts";
import { t } from "./messages.ts";

/** The confirming button of the form a preview sits in (PlanButtons), or the next row of buttons. */
const confirmButton = (card: HTMLElement) => card.closest("form")?.querySelector('[data-action="apply"]') ?? card.nextElementSibling;

/**
 * What the server says an action would do. It sits under the form, so when it arrives it is scrolled
 * into view together with its confirming button, and keyboard focus moves to it.
 */
export function PreviewCard({ name, title = t("previewTitle"), danger, children }: { name: string; title?: string; danger?: boolean; children: ComponentChildren }) {
  const card = useArrival<HTMLElement>(confirmButton);
  const heading = useId();
  return (
    <section ref={card} tabIndex={-1} aria-labelledby={heading} class={`card stack${danger ? " tone-border-critical" : ""}`} data-preview={name}>
      <h3 id={heading}>{title}</h3>
      {children}
    </section>
  );
}

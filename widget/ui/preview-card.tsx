import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";
import { t } from "./messages.ts";

/** What the server says an action would do; it scrolls into view when it arrives, since it sits under the form. */
export function PreviewCard({ name, title = t("previewTitle"), danger, children }: { name: string; title?: string; danger?: boolean; children: ComponentChildren }) {
  const card = useRef<HTMLDivElement>(null);
  useEffect(() => card.current?.scrollIntoView({ block: "nearest", behavior: "smooth" }), []);
  return (
    <div ref={card} class={`card stack${danger ? " tone-border-critical" : ""}`} data-preview={name}>
      <h3>{title}</h3>
      {children}
    </div>
  );
}

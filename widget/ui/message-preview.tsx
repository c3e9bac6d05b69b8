/**
 * An announcement as rooms will show it: the HTML the server rendered from Markdown and sanitised
 * (the Matrix subset, no scripts or handlers). Its links open in a new tab, never inside the widget.
 */
export function MessagePreview({ html }: { html: string }) {
  const onClick = (event: MouseEvent) => {
    const link = (event.target as Element).closest("a");
    if (!link) return;
    event.preventDefault();
    window.open(link.href, "_blank", "noopener,noreferrer");
  };
  return <div class="message-preview" onClick={onClick} dangerouslySetInnerHTML={{ __html: html }} />;
}

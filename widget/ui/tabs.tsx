import type { ComponentChildren } from "preact";

export type TabItem<T extends string> = { id: T; label: string };

/**
 * A WAI-ARIA tab list: one tab in the Tab order, arrow keys, Home and End move between tabs.
 * `look` is "tabs" for the main navigation and "chips" for a screen's own sections.
 */
export function Tabs<T extends string>(props: {
  items: Array<TabItem<NoInfer<T>>>;
  current: T;
  onSelect(id: NoInfer<T>): void;
  label: string;
  idPrefix: string;
  look?: "tabs" | "chips";
}) {
  const { items, current, onSelect, idPrefix } = props;
  const onKeyDown = (event: KeyboardEvent) => {
    const at = items.findIndex((item) => item.id === current);
    const moves: Record<string, number> = { ArrowRight: at + 1, ArrowLeft: at - 1, Home: 0, End: items.length - 1 };
    const to = moves[event.key];
    if (to === undefined) return;
    event.preventDefault();
    const next = (to + items.length) % items.length;
    onSelect(items[next]!.id);
    (event.currentTarget as HTMLElement).querySelectorAll<HTMLElement>("[role=tab]")[next]?.focus();
  };
  return (
    <div role="tablist" aria-label={props.label} class={props.look ?? "tabs"} onKeyDown={onKeyDown}>
      {items.map((item) => (
        <button
          key={item.id}
          type="button"
          role="tab"
          id={`${idPrefix}-tab-${item.id}`}
          aria-selected={item.id === current}
          aria-controls={`${idPrefix}-panel-${item.id}`}
          tabIndex={item.id === current ? 0 : -1}
          data-tab={item.id}
          onClick={() => onSelect(item.id)}
        >
          {item.label}
        </button>
      ))}
    </div>
  );
}

export function TabPanel(props: { idPrefix: string; id: string; hidden?: boolean; children: ComponentChildren }) {
  return (
    <div role="tabpanel" id={`${props.idPrefix}-panel-${props.id}`} aria-labelledby={`${props.idPrefix}-tab-${props.id}`} hidden={props.hidden}>
      {props.children}
    </div>
  );
}

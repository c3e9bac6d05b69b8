import type { ComponentChildren } from "preact";
import { useId } from "preact/hooks";

export type SummaryRow = { id: string; label: string; value: ComponentChildren; items?: string[] | undefined; tone?: "warning" | "critical" | undefined };

/**
 * A preview's facts as label/value pairs; a value with a list behind it expands to show the list.
 * The disclosure is named by its label and value ("Invites 3"); the browser announces whether it is open.
 */
export function Summary({ rows }: { rows: Array<SummaryRow | false | null | undefined> }) {
  const prefix = useId();
  return (
    <dl class="summary">
      {rows.map((row) =>
        row ? (
          <div key={row.id} class={`summary-row${row.tone ? ` text-${row.tone}` : ""}`} data-summary={row.id}>
            <dt id={`${prefix}-${row.id}-label`}>{row.label}</dt>
            <dd>
              {row.items?.length ? (
                <details>
                  <summary aria-labelledby={`${prefix}-${row.id}-label ${prefix}-${row.id}-value`}>
                    <span id={`${prefix}-${row.id}-value`}>{row.value}</span>
                  </summary>
                  <ul>
                    {row.items.map((item) => (
                      <li key={item}>{item}</li>
                    ))}
                  </ul>
                </details>
              ) : (
                row.value
              )}
            </dd>
          </div>
        ) : null,
      )}
    </dl>
  );
}

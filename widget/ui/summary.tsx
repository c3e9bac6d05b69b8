import type { ComponentChildren } from "preact";

export type SummaryRow = { id: string; label: string; value: ComponentChildren; items?: string[] | undefined; tone?: "warning" | "critical" | undefined };

/** A preview's facts as label/value pairs; a value with a list behind it expands to show the list. */
export function Summary({ rows }: { rows: Array<SummaryRow | false | null | undefined> }) {
  return (
    <dl class="summary">
      {rows.map((row) =>
        row ? (
          <div key={row.id} class={`summary-row${row.tone ? ` text-${row.tone}` : ""}`} data-summary={row.id}>
            <dt>{row.label}</dt>
            <dd>
              {row.items?.length ? (
                <details>
                  <summary>{row.value}</summary>
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

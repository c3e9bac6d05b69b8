import { useState } from "preact/hooks";

/** Long lists (a big room's members, a job over thousands of rooms) show their start until asked for all. */
export function useCapped<T>(items: T[], cap = 50): { shown: T[]; hidden: number; showAll(): void } {
  const [all, setAll] = useState(false);
  const shown = all ? items : items.slice(0, cap);
  return { shown, hidden: items.length - shown.length, showAll: () => setAll(true) };
}

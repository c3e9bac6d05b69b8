import { currentLanguage } from "./messages.ts";

/**
 * Dates and numbers in the user's language through Intl. A date shows its year only when it is not
 * this year's, as chat clients do; `now` is injected for tests.
 */
export function formatDate(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  return new Intl.DateTimeFormat(currentLanguage(), {
    day: "numeric",
    month: "short",
    ...(date.getFullYear() === now.getFullYear() ? {} : { year: "numeric" }),
  }).format(date);
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { hour: "2-digit", minute: "2-digit" }).format(new Date(iso));
}

export function formatDateTime(iso: string, now: Date = new Date()): string {
  return `${formatDate(iso, now)}, ${formatTime(iso)}`;
}

export function formatNumber(value: number): string {
  return new Intl.NumberFormat(currentLanguage()).format(value);
}

export type ColorScheme = "light" | "dark";

const systemDark = () => window.matchMedia("(prefers-color-scheme: dark)");
let followingSystem = false;

/**
 * Applies Element's theme to the page. Element names themes "light", "dark",
 * "light-high-contrast" (data-contrast="more") or "custom-…"; an empty name (the "match system" setting) or an unknown
 * custom theme follows the browser's prefers-color-scheme, also when that changes later.
 */
export function applyTheme(themeName: string | undefined): ColorScheme {
  const name = (themeName ?? "").toLowerCase();
  const explicit: ColorScheme | undefined = name.includes("dark") ? "dark" : name.includes("light") ? "light" : undefined;
  followingSystem = explicit === undefined;
  const scheme = explicit ?? (systemDark().matches ? "dark" : "light");
  document.documentElement.dataset.theme = scheme;
  // Element's "light-high-contrast": the same scheme with darker secondary text, borders and accents.
  document.documentElement.dataset.contrast = name.includes("high-contrast") ? "more" : "normal";
  return scheme;
}

systemDark().addEventListener("change", (event) => {
  if (followingSystem) document.documentElement.dataset.theme = event.matches ? "dark" : "light";
});

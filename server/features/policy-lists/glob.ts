/**
 * Matrix globs as policy lists use them (spec "Moderation policy lists"): `*` is any run of
 * characters (also none), `?` is exactly one character, everything else is literal. Compiled once
 * into an anchored RegExp; a pattern without wildcards is best compared as a plain string.
 */
export function hasWildcard(pattern: string): boolean {
  return pattern.includes("*") || pattern.includes("?");
}

export function globSource(pattern: string): string {
  let out = "";
  for (const ch of pattern) {
    if (ch === "*") out += "[\\s\\S]*";
    else if (ch === "?") out += "[\\s\\S]";
    else out += ch.replace(/[\\^$.|+()[\]{}/-]/g, "\\$&");
  }
  return out;
}

export function compileGlob(pattern: string): RegExp {
  return new RegExp(`^${globSource(pattern)}$`);
}

export function globMatches(pattern: string, value: string): boolean {
  return hasWildcard(pattern) ? compileGlob(pattern).test(value) : pattern === value;
}

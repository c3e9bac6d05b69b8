/** A chat command split up: the words of its first line, and the lines after it (an announcement's text). */
export type CommandText = { words: string[]; body: string };

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, e: string) => {
    if (e[0] === "#") return String.fromCodePoint(e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
    return ENTITIES[e.toLowerCase()] ?? whole;
  });
}

/**
 * Clients turn a picked user or room into a "pill": the plain body then shows only the display
 * name, and the ID is in the HTML link (https://matrix.to/#/@alice:example.org). Reading the HTML
 * with links replaced by their IDs gives back what the moderator meant.
 */
function textWithPills(html: string): string {
  return decodeEntities(
    html
      .replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, "")
      .replace(/<a\s[^>]*href="https:\/\/matrix\.to\/#\/([^"?]+)[^"]*"[^>]*>[\s\S]*?<\/a>/gi, (_m, id: string) => decodeURIComponent(id))
      .replace(/<br\s*\/?>/gi, "\n")
      .replace(/<\/(p|div|li|h\d|blockquote|pre)>/gi, "\n")
      .replace(/<[^>]+>/g, ""),
  ).trim();
}

/** A link to a user or room as a client shows it: the visible label, and the ID it really names. */
export type Pill = { label: string; id: string };

/**
 * Every matrix.to link in the command's HTML with its visible label. The command acts on the ID,
 * while the moderator (and whoever reads the room) sees the label, so the two must agree.
 */
export function pillsOf(content: { body?: unknown; format?: unknown; formatted_body?: unknown }): Pill[] {
  if (content.format !== "org.matrix.custom.html" || typeof content.formatted_body !== "string") return [];
  const html = content.formatted_body.replace(/<mx-reply>[\s\S]*?<\/mx-reply>/gi, "");
  return [...html.matchAll(/<a\s[^>]*href="https:\/\/matrix\.to\/#\/([^"?]+)[^"]*"[^>]*>([\s\S]*?)<\/a>/gi)].map((m) => ({
    id: safeDecode(m[1]!),
    label: decodeEntities(m[2]!.replace(/<[^>]+>/g, "")).trim(),
  }));
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Old clients quote the message they reply to at the top of the body ("> <@x> …" and a blank line). */
function withoutReplyFallback(body: string): string {
  const lines = body.split("\n");
  if (!lines[0]?.startsWith("> ")) return body;
  const firstOwn = lines.findIndex((l) => !l.startsWith(">"));
  return lines.slice(firstOwn === -1 ? lines.length : firstOwn).join("\n").trim();
}

/** Undefined unless the text starts with the prefix as a word (any case: phones capitalise). */
export function splitCommand(text: string, prefix: string): CommandText | undefined {
  const trimmed = text.trim();
  if (trimmed.slice(0, prefix.length).toLowerCase() !== prefix.toLowerCase()) return undefined;
  const after = trimmed.slice(prefix.length);
  if (after !== "" && !/^\s/.test(after)) return undefined;
  const newline = after.indexOf("\n");
  const firstLine = newline === -1 ? after : after.slice(0, newline);
  const body = newline === -1 ? "" : after.slice(newline + 1).trim();
  return { words: firstLine.trim().split(/\s+/).filter(Boolean), body };
}

/**
 * The command in a message: its words read through pills, its body (an announcement's Markdown)
 * from the plain text the moderator typed.
 */
export function readCommand(content: { body?: unknown; format?: unknown; formatted_body?: unknown }, prefix: string): CommandText | undefined {
  const plain = splitCommand(typeof content.body === "string" ? withoutReplyFallback(content.body.trim()) : "", prefix);
  if (!plain) return undefined;
  const hasPills =
    content.format === "org.matrix.custom.html" && typeof content.formatted_body === "string" && content.formatted_body.includes("https://matrix.to/#/");
  const words = hasPills ? splitCommand(textWithPills(content.formatted_body as string), prefix)?.words : undefined;
  return { words: words ?? plain.words, body: plain.body };
}

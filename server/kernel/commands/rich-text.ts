/** A chat reply in both forms Matrix wants: HTML for rich clients, plain text as the fallback. */
export type Rich = {
  text: string;
  html: string;
  /** Already a block element (list, quote, paragraphs): not wrapped in <p> again. */
  block?: true;
};

type Part = Rich | string | number;

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function toRich(part: Part): Rich {
  if (typeof part === "object") return part;
  return { text: String(part), html: escapeHtml(String(part)) };
}

/** Template tag: literal parts are trusted markup-free text, interpolated strings are escaped. */
export function rich(strings: TemplateStringsArray, ...values: Part[]): Rich {
  let text = "";
  let html = "";
  strings.forEach((s, i) => {
    text += s;
    html += escapeHtml(s);
    if (i < values.length) {
      const v = toRich(values[i]!);
      text += v.text;
      html += v.html;
    }
  });
  return { text, html };
}

export const code = (s: string): Rich => ({ text: `\`${s}\``, html: `<code>${escapeHtml(s)}</code>` });
export const bold = (p: Part): Rich => ({ text: `**${toRich(p).text}**`, html: `<strong>${toRich(p).html}</strong>` });
export const link = (href: string, label: string): Rich => ({ text: `${label} (${href})`, html: `<a href="${escapeHtml(href)}">${escapeHtml(label)}</a>` });

export function list(items: Part[]): Rich {
  const rs = items.map(toRich);
  return { text: rs.map((r) => `• ${r.text}`).join("\n"), html: `<ul>${rs.map((r) => `<li>${r.html}</li>`).join("")}</ul>`, block: true };
}

/** Paragraphs: blank line in text, <p> in HTML around whatever is not a block already. */
export function blocks(...parts: Array<Part | undefined | false>): Rich {
  const rs = parts.filter((p): p is Part => p !== undefined && p !== false && p !== "").map(toRich);
  return { text: rs.map((r) => r.text).join("\n\n"), html: rs.map((r) => (r.block ? r.html : `<p>${r.html}</p>`)).join(""), block: true };
}

export function quote(body: string): Rich {
  return { text: body.split("\n").map((l) => `> ${l}`).join("\n"), html: `<blockquote>${escapeHtml(body).replace(/\n/g, "<br>")}</blockquote>`, block: true };
}

/** The first `n` items and "… and k more". */
export function firstOf(items: Part[], n = 5): Part[] {
  return items.length <= n ? items : [...items.slice(0, n), `… and ${items.length - n} more`];
}

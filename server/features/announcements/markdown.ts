// The HTML subset the Matrix spec recommends clients render (m.room.message, org.matrix.custom.html).
const ALLOWED_TAGS = [
  "font", "del", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "p", "a", "ul", "ol", "sup", "sub", "li", "b", "i", "u",
  "strong", "em", "strike", "s", "code", "hr", "br", "div", "table", "thead", "tbody", "tr", "th", "td", "caption", "pre",
  "span", "details", "summary",
];

import type { RenderedMessage } from "../../../shared/plans.ts";

export type { RenderedMessage };

/**
 * Markdown to a Matrix message: sanitised HTML for rich clients, the source text as the plain body.
 * The renderer and sanitiser (about 6 MB resident) are loaded with the first announcement, not at start.
 */
export async function renderMarkdown(markdown: string): Promise<RenderedMessage> {
  const [{ marked }, { default: sanitizeHtml }] = await Promise.all([import("marked"), import("sanitize-html")]);
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: true });
  const formatted = sanitizeHtml(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: { a: ["href", "title"], code: ["class"], span: ["data-mx-color", "data-mx-bg-color"], ol: ["start"] },
    allowedSchemes: ["https", "http", "mailto", "matrix"],
    allowedClasses: { code: [/^language-[\w-]+$/] },
    transformTags: { a: sanitizeHtml.simpleTransform("a", { rel: "noopener" }) },
  }).trim();
  return { body: markdown, format: "org.matrix.custom.html", formatted_body: formatted };
}

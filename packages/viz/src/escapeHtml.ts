const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '\n': '&#10;',
  '\u2028': '&#8232;',
  '\u2029': '&#8233;',
};

/**
 * Escapes text for HTML/SVG element content and double- or single-quoted
 * attribute values (`& < > " '`; newlines become `&#10;` so they survive XML attribute normalisation).
 *
 * @example
 * ```ts
 * escapeHtml('a>=5 & b<3'); // 'a&gt;=5 &amp; b&lt;3'
 * ```
 */
export function escapeHtml(text: unknown): string {
  return String(text).replace(/[&<>"'\n\u2028\u2029]/g, (c) => HTML_ESCAPES[c] ?? c);
}

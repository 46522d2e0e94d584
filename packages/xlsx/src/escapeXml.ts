/** Characters XML 1.0 cannot hold in any form: C0 controls but tab, LF and CR; U+FFFE, U+FFFF; lone surrogates. */
const INVALID_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * The first character of `text` that XML 1.0 cannot hold (so no xlsx cell can), as `U+000B`, or `undefined`.
 *
 * @example
 * ```ts
 * import { findInvalidXmlChar } from '@interp/xlsx';
 * findInvalidXmlChar('a\u0007b'); // 'U+0007'
 * findInvalidXmlChar('tab\tand newline\n'); // undefined
 * ```
 */
export function findInvalidXmlChar(text: string): string | undefined {
  const m = INVALID_XML.exec(text);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\r': '&#13;' };

/**
 * Escapes text for XML element content and double-quoted attributes: `&`, `<`, `>`, `"`, and CR as `&#13;`
 * (a literal CR would be read back as LF). Characters XML cannot hold are the caller's to refuse
 * ({@link findInvalidXmlChar}).
 *
 * @example
 * ```ts
 * import { escapeXml } from '@interp/xlsx';
 * escapeXml('Input->Neuron & "more"'); // 'Input-&gt;Neuron &amp; &quot;more&quot;'
 * ```
 */
export function escapeXml(text: string): string {
  return /[&<>"\r]/.test(text) ? text.replace(/[&<>"\r]/g, (c) => ESCAPES[c] as string) : text;
}

import { escapeHtml, getScriptHashSource } from '@interp/viz';

/**
 * The script the lab adds to every report page it shows: a click on a feature (a bell-curve panel or dashboard
 * card with `data-feature`, a heatmap column or cell, or a Sankey node whose tooltip names an `SAE feature`) posts
 * `{ type: 'interp:feature', id }` to the lab, which opens that feature's card; a click on a link to another
 * report (`features.html`, ...) posts `{ type: 'interp:report', file }`, which switches the lab's tab (in the
 * sandboxed frame the link itself would lead nowhere). Self-contained; ES5 so that it runs anywhere.
 *
 * @example
 * ```ts
 * // the page's CSP admits the script by its hash (linkReportToProbe adds both)
 * const html = `<script>${reportLinkScript}</script>`;
 * const hash = getScriptHashSource(reportLinkScript); // "'sha256-…'"
 * ```
 */
export const reportLinkScript = `(function () {
  document.addEventListener('click', function (ev) {
    var t = ev.target;
    if (!t || !t.closest) return;
    var a = t.closest('a[href]');
    if (a) {
      var href = a.getAttribute('href') || '';
      if (/^[A-Za-z0-9_.-]+\\.html$/.test(href)) {
        ev.preventDefault();
        window.parent.postMessage({ type: 'interp:report', file: href }, '*');
      }
      return;
    }
    var el = t.closest('[data-feature],[data-tip]');
    if (!el) return;
    var id = el.getAttribute('data-feature');
    if (id === null) {
      var m = /SAE feature (?:#|F)(\\d+)/.exec(el.getAttribute('data-tip') || '');
      id = m ? m[1] : null;
    }
    if (id !== null && /^\\d+$/.test(id)) window.parent.postMessage({ type: 'interp:feature', id: Number(id) }, '*');
  });
})();`;

/**
 * Adds {@link reportLinkScript} to a report page of `@interp/viz` (before `</body>`) and its hash to the page's
 * Content-Security-Policy, whose `script-src` admits only the page's own inline scripts by hash. A page without
 * that policy, or without `</body>`, comes back unchanged (the lab then shows it unlinked rather than broken).
 *
 * @example
 * ```ts
 * frame.srcdoc = linkReportToProbe(renderReports(data)['logic_circuit_map.html']);
 * ```
 */
export function linkReportToProbe(html: string): string {
  const csp = /(<meta http-equiv="Content-Security-Policy" content="[^"]*?script-src )/;
  const end = html.lastIndexOf('</body>');
  if (!csp.test(html) || end < 0) return html;
  const withScript = `${html.slice(0, end)}<script>${reportLinkScript}</script>\n${html.slice(end)}`;
  return withScript.replace(csp, (m) => `${m}${escapeHtml(getScriptHashSource(reportLinkScript))} `);
}

import { d3SankeySource, d3Source } from './generated/d3Source';
import { getScriptHashSource } from './computeSha256';
import { escapeHtml } from './escapeHtml';
import { reportFiles, reportTitles, type ReportKey } from './reportFiles';
import { serializeJsonForScript } from './serializeJsonForScript';

/**
 * Options of {@link renderHtmlPage}.
 *
 * @example
 * ```ts
 * import { escapeHtml, renderHtmlPage, type HtmlPageOptions } from '@interp/viz';
 * const options: HtmlPageOptions = { title: 'Notes', body: `<p>${escapeHtml(note)}</p>`, current: 'index', data: { note } };
 * const html = renderHtmlPage(options);
 * ```
 */
export interface HtmlPageOptions {
  /** Page title (escaped). */
  title: string;
  /** Trusted HTML of the page body (already escaped by the caller). */
  body: string;
  /** Which report of the navigation bar is current (default none). */
  current?: ReportKey;
  /** Data embedded as JSON in `<script type="application/json" id="report-data">` (safely escaped). */
  data?: unknown;
  /** Inline d3-sankey after d3 (default false). */
  sankey?: boolean;
  /** Page-specific client script (trusted JS source), run after d3 and the tooltip handler. */
  script?: string;
  /** Extra CSS. */
  css?: string;
  /** The reports of the set this page belongs to, linked in the navigation bar (default all five). */
  reports?: readonly ReportKey[];
}

const BASE_CSS = `
:root { color-scheme: light; --fg: #111; --muted: #555; --line: #ddd; --accent: #0072b2; --bg: #fafafa; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: var(--fg); background: var(--bg); }
header.site { position: sticky; top: 0; z-index: 5; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 18px; padding: 8px 20px; background: #fff; border-bottom: 1px solid var(--line); }
header.site .brand { font-weight: 800; letter-spacing: 0.02em; margin-right: 8px; }
header.site nav { display: flex; flex-wrap: wrap; gap: 4px 14px; }
header.site a { color: var(--accent); text-decoration: none; padding: 2px 0; border-bottom: 2px solid transparent; }
header.site a[aria-current="page"] { color: var(--fg); font-weight: 700; border-bottom-color: var(--accent); }
main { max-width: 1840px; margin: 0 auto; padding: 16px 20px 40px; }
h1 { font-size: 22px; margin: 4px 0 4px; }
p.lead { color: var(--muted); margin: 0 0 14px; max-width: 100ch; }
.figure { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px; overflow: hidden; }
.figure svg.chart { display: block; width: 100%; height: auto; }
.tooltip { position: fixed; z-index: 50; pointer-events: none; max-width: 420px; padding: 6px 9px; border-radius: 6px; background: rgba(17,17,17,0.92); color: #fff; font-size: 12.5px; line-height: 1.35; white-space: pre-line; box-shadow: 0 2px 8px rgba(0,0,0,0.25); }
.tooltip[hidden] { display: none; }
.muted { color: var(--muted); }
`;

/**
 * The tooltip handler every page carries: any element with a `data-tip`
 * attribute shows that text in a `.tooltip` box following the pointer.
 */
const TOOLTIP_SCRIPT = `(function () {
  var tip = d3.select('body').append('div').attr('class', 'tooltip').attr('role', 'tooltip').attr('hidden', '');
  function place(ev) {
    var node = tip.node(); var pad = 14;
    var x = ev.clientX + pad, y = ev.clientY + pad;
    if (x + node.offsetWidth > window.innerWidth - 4) x = Math.max(4, ev.clientX - pad - node.offsetWidth);
    if (y + node.offsetHeight > window.innerHeight - 4) y = Math.max(4, ev.clientY - pad - node.offsetHeight);
    tip.style('left', x + 'px').style('top', y + 'px');
  }
  function target(ev) { var t = ev.target; return t && t.closest ? t.closest('[data-tip]') : null; }
  d3.select(document)
    .on('mouseover.tooltip', function (ev) {
      var el = target(ev);
      if (!el) { tip.attr('hidden', ''); return; }
      tip.text(el.getAttribute('data-tip')).attr('hidden', null); place(ev);
    })
    .on('mousemove.tooltip', function (ev) { if (tip.attr('hidden') === null) place(ev); })
    .on('mouseout.tooltip', function (ev) { var el = target(ev); if (el && !(ev.relatedTarget && el.contains(ev.relatedTarget))) tip.attr('hidden', ''); });
})();`;

/**
 * Wraps a report body into a self-contained HTML page: inline CSS, the
 * navigation bar between the five reports, the embedded JSON data, d3 (and
 * optionally d3-sankey) inlined, a generic `data-tip` tooltip handler and the
 * page's own script. No network access at all: the file opens from disk.
 *
 * @example
 * ```ts
 * const html = renderHtmlPage({ title: 'Hello', body: '<p data-tip="hi">hover me</p>' });
 * ```
 */
export function renderHtmlPage(options: HtmlPageOptions): string {
  const nav = reportTitles
    .filter(([key]) => options.reports === undefined || options.reports.includes(key))
    .map(([key, title]) => `<a href="${reportFiles[key]}"${key === options.current ? ' aria-current="page"' : ''}>${escapeHtml(title)}</a>`)
    .join('');
  const sources = [d3Source, ...(options.sankey ? [d3SankeySource] : []), TOOLTIP_SCRIPT, ...(options.script ? [options.script] : [])].map(guardScript);
  const scripts = sources.map((source) => `<script>${source}</script>`);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(getReportCsp(sources))}">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" href="data:,">
<style>${BASE_CSS}${options.css ?? ''}</style>
</head>
<body>
<header class="site"><span class="brand">interp</span><nav aria-label="Reports">${nav}</nav></header>
<main>
${options.body}
</main>
${options.data === undefined ? '' : `<script type="application/json" id="report-data">${serializeJsonForScript(options.data)}</script>\n`}${scripts.join('\n')}
</body>
</html>
`;
}

function guardScript(source: string): string {
  // Trusted sources only; guard anyway against an accidental end tag.
  return source.replace(/<\/script/gi, '<\\/script');
}

/**
 * The Content-Security-Policy of a report page: nothing loads from anywhere (`default-src 'none'`, so no
 * remote script, style, image, font or fetch); scripts run only when their text hashes to one of the
 * page's own inline scripts, so an injected `<script>`, an inline event handler (`onerror=`,
 * `onclick=`; no `'unsafe-hashes'`) or a `javascript:` URL never runs; styles may be inline (the charts
 * set `style`); images only from `data:` URLs; no `<base>`, no form submission.
 *
 * @example
 * ```ts
 * getReportCsp(['console.log(1)']); // "default-src 'none'; script-src 'sha256-...'; ..."
 * ```
 */
export function getReportCsp(inlineScripts: readonly string[]): string {
  const hashes = [...new Set(inlineScripts.map(getScriptHashSource))];
  return [
    "default-src 'none'",
    `script-src ${hashes.join(' ')}`,
    "style-src 'unsafe-inline'",
    'img-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * Client script of `features.html` (plain browser JS run with the global `d3`):
 * reads the embedded JSON, filters/sorts it, and renders feature cards lazily,
 * a batch at a time as the reader scrolls (IntersectionObserver), so a
 * 2048-feature dashboard opens as fast as a 24-feature one.
 */
export const featureDashboardScript = `(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var BATCH = 24;
  var names = data.inputNames;
  var L = names.indexOf('p1');
  var CONTEXT_FIELDS = [['example', 'example', 'example (sequence) index'], ['position', 'pos', 'position in the example'], ['token', 'token', 'token id'], ['text', 'text', 'text of the row']];
  var grid = document.getElementById('cards');
  var sentinel = document.getElementById('sentinel');
  var countEl = document.getElementById('count');
  var search = document.getElementById('search');
  var sortSel = document.getElementById('sort');
  var labelSel = document.getElementById('label-filter');
  var fMin = document.getElementById('freq-min');
  var fMax = document.getElementById('freq-max');
  var pct = d3.format('.2~%'), f3 = d3.format('.3f'), f2 = d3.format('.2f'), sgn = d3.format('+.3f');
  var list = [], shown = 0;
  // Embedded in a host page (an iframe, e.g. apps/lab): the host may show one feature with
  // postMessage({ type: 'interp:show-feature', id }), and hears { type: 'interp:row', feature, inputs }
  // when a top-activation row is clicked. Only the parent window is listened to; the message holds
  // nothing but report data.
  var embedded = window.parent !== window;
  function num(el) { var v = parseFloat(el.value); return isFinite(v) ? v / 100 : null; }
  var sorters = {
    frequency: function (a, b) { return b.frequency - a.frequency || a.id - b.id; },
    f1: function (a, b) { return b.f1 - a.f1 || a.id - b.id; },
    precision: function (a, b) { return b.precision - a.precision || a.id - b.id; },
    max: function (a, b) { return b.maxActivation - a.maxActivation || a.id - b.id; },
    id: function (a, b) { return a.id - b.id; }
  };
  function apply() {
    var raw = search.value.trim().toLowerCase();
    var idOnly = /^#\\d+$/.test(raw); // "#1649" matches the id only; "1649" also matches concepts
    var q = raw.replace(/^#/, '');
    var lab = labelSel.value, lo = num(fMin), hi = num(fMax);
    list = data.features.filter(function (f) {
      if (lab === 'labelled' && !f.label) return false;
      if (lab === 'unlabelled' && f.label) return false;
      if (lo !== null && f.frequency < lo) return false;
      if (hi !== null && f.frequency > hi) return false;
      if (!q) return true;
      if (idOnly) return String(f.id) === q;
      return String(f.id) === q || (f.label || '').toLowerCase().indexOf(q) >= 0 || (f.bestConcept || '').toLowerCase().indexOf(q) >= 0;
    }).sort(sorters[sortSel.value] || sorters.frequency);
    grid.textContent = '';
    shown = 0;
    more();
  }
  function more() {
    var end = Math.min(list.length, shown + BATCH);
    var frag = document.createDocumentFragment();
    for (var i = shown; i < end; i++) frag.appendChild(card(list[i]));
    grid.appendChild(frag);
    shown = end;
    countEl.textContent = 'Showing ' + shown + ' of ' + list.length + ' matching features (' + data.features.length + ' alive, ' + data.dead + ' dead of ' + data.total + ')';
    sentinel.hidden = shown >= list.length;
  }
  function histogram(el, f) {
    var h = f.histogram, n = h.counts.length, W = 520, H = 96, m = { l: 34, r: 8, t: 6, b: 20 };
    var hi = h.max > h.min ? h.max : h.min + 1, bw = (hi - h.min) / Math.max(1, n);
    var x = d3.scaleLinear().domain([h.min, hi]).range([m.l, W - m.r]);
    var y = d3.scaleLinear().domain([0, Math.max(1, d3.max(h.counts) || 0)]).nice().range([H - m.b, m.t]);
    var svg = d3.select(el).append('svg').attr('class', 'hist').attr('viewBox', '0 0 ' + W + ' ' + H).attr('role', 'img').attr('aria-label', 'activation histogram');
    svg.selectAll('rect').data(h.counts).join('rect').attr('class', 'bar')
      .attr('x', function (c, i) { return x(h.min + i * bw); }).attr('width', Math.max(0.5, x(h.min + bw) - x(h.min) - 1))
      .attr('y', function (c) { return y(c); }).attr('height', function (c) { return y(0) - y(c); })
      .attr('fill', d3.interpolateViridis(0.35))
      .attr('data-tip', function (c, i) { return 'activation [' + f3(h.min + i * bw) + ', ' + f3(h.min + (i + 1) * bw) + '): ' + c + ' rows'; });
    svg.append('g').attr('transform', 'translate(0,' + (H - m.b) + ')').call(d3.axisBottom(x).ticks(6).tickSizeOuter(0));
    svg.append('g').attr('transform', 'translate(' + m.l + ',0)').call(d3.axisLeft(y).ticks(3).tickSizeOuter(0));
  }
  // Markup is built node by node: data only ever reaches the page as text nodes and attribute values,
  // never through innerHTML.
  function h(tag, attrs, children) {
    var el = document.createElement(tag);
    if (attrs) Object.keys(attrs).forEach(function (k) { if (attrs[k] !== null && attrs[k] !== undefined) el.setAttribute(k, String(attrs[k])); });
    (children || []).forEach(function (c) { if (c !== null && c !== undefined) el.appendChild(typeof c === 'object' ? c : document.createTextNode(String(c))); });
    return el;
  }
  function rowsTable(f) {
    if (!f.topRows.length) return h('p', { class: 'muted' }, ['No rows.']);
    var maxA = d3.max(f.topRows, function (r) { return r.activation; }) || 1;
    var task = f.topRows.some(function (r) { return r.p1 !== undefined; });
    // Context of sequence-model rows (example, position, token, text): a column for each field any row has.
    var ctxCols = CONTEXT_FIELDS.filter(function (c) { return f.topRows.some(function (r) { return r.context && r.context[c[0]] !== undefined; }); });
    var head = h('tr', null, names.map(function (nm) { return h('th', null, [nm]); }).concat(ctxCols.map(function (c) { return h('th', { 'data-tip': c[2], class: 'ctx-' + c[0] }, [c[1]]); })).concat(task ? [h('th', { 'data-tip': 'target |c1[p1] − c2[p2]|' }, ['tgt'])] : []).concat([h('th', null, ['activation'])]));
    var body = f.topRows.map(function (r, ri) {
      var hot = {}; if (r.p1 !== undefined) { hot[r.p1] = 1; hot[L + 1 + r.p2] = 1; }
      var cells = r.inputs.map(function (v, i) {
        var cls = hot[i] ? 'hot' : task && (i === L || i === names.length - 1) ? 'ptr' : '';
        var tip = names[i] + ' = ' + v + (hot[i] ? (i <= L ? ' (pointed to by p1: a)' : ' (pointed to by p2: b)') : '');
        return h('td', { class: cls, 'data-tip': tip }, [v]);
      });
      var width = (100 * r.activation / maxA).toFixed(1) + '%';
      var bar = h('span', { class: 'actbar' });
      bar.style.width = width;
      var ctx = ctxCols.map(function (c) {
        var v = r.context ? r.context[c[0]] : undefined;
        return h('td', { class: 'ctx ctx-' + c[0], 'data-tip': v === undefined ? c[2] + ': not given' : c[2] + ' = ' + v }, [v === undefined ? '' : v]);
      });
      return h('tr', embedded ? { 'data-row': String(ri), class: 'loadable', title: 'load this row in the host page' } : { 'data-row': String(ri) }, cells.concat(ctx).concat(task ? [h('td', null, [r.target === undefined ? '' : r.target])] : []).concat([h('td', { class: 'act' }, [bar, h('span', { class: 'actval' }, [f3(r.activation)])])]));
    });
    return h('table', { class: 'rows' }, [h('thead', null, [head]), h('tbody', null, body)]);
  }
  function bars(items, label, value) {
    var m = d3.max(items, function (d) { return Math.abs(value(d)); }) || 1;
    return h('ul', { class: 'bars' }, items.map(function (d) {
      var v = value(d);
      var fill = h('span', { class: 'fill ' + (v < 0 ? 'neg' : 'pos') });
      fill.style.width = (100 * Math.abs(v) / m).toFixed(1) + '%';
      return h('li', { 'data-tip': label(d) + ': ' + f3(v) }, [h('span', { class: 'name' }, [label(d)]), h('span', { class: 'track' }, [fill]), h('span', { class: 'val' }, [f3(v)])]);
    }));
  }
  function corr(v) { return v === null || v === undefined ? 'n/a' : f2(v); }
  function dl(pairs) {
    var el = h('dl');
    pairs.forEach(function (p) { el.appendChild(h('dt', null, [p[0]])); el.appendChild(h('dd', p[2] ? { 'data-tip': p[2] } : null, [p[1]])); });
    return el;
  }
  function card(f) {
    var label = f.label ? h('span', { class: 'badge label', 'data-tip': 'monosemantic: ' + f.label }, [f.label])
      : h('span', { class: 'badge none', 'data-tip': f.bestConcept ? 'best concept (not precise enough): ' + f.bestConcept : 'no concept' }, [f.bestConcept ? '~ ' + f.bestConcept : 'unlabelled']);
    var histwrap = h('div', { class: 'histwrap' });
    var el = h('article', { class: 'card', 'data-feature': f.id }, [
      h('header', null, [h('h2', null, ['Feature #' + f.id]), label]),
      h('div', { class: 'stats' }, [
        f.bestConcept === null || f.bestConcept === undefined
          ? h('span', { class: 'scores-na', 'data-tip': 'no ground-truth labels were scored for this feature, so precision, recall and F1 are undefined' }, ['F1 ', h('b', null, ['n/a'])])
          : h('span', { 'data-tip': 'best concept: precision ' + f3(f.precision) + ', recall ' + f3(f.recall) }, ['F1 ', h('b', null, [f3(f.f1)]), ' ', h('span', { class: 'muted' }, ['(P ' + f2(f.precision) + ' · R ' + f2(f.recall) + ')'])]),
        h('span', { 'data-tip': 'fires on ' + f.firingCount + ' rows' }, ['freq ', h('b', null, [pct(f.frequency)])]),
        h('span', null, ['mean ', h('b', null, [f3(f.meanActivation)])]),
        h('span', null, ['max ', h('b', null, [f3(f.maxActivation)])])
      ]),
      histwrap,
      h('h3', null, ['Top activations '].concat(f.topRows.some(function (r) { return r.p1 !== undefined; }) ? [h('span', { class: 'muted' }, ['(highlighted: c1[p1] and c2[p2])'])] : [])),
      rowsTable(f),
      h('div', { class: 'cols' }, [
        h('section', null, [h('h3', null, [data.unitName === 'dimension' ? 'Aligned dimensions' : 'Aligned neurons']), bars(f.alignedNeurons, function (n) { return (data.unitName === 'dimension' ? 'd' : 'N') + n.neuron; }, function (n) { return n.cosine; })]),
        h('section', null, [].concat(
          f.trueFeature ? [h('h3', null, ['True feature']), dl([['closest', '#' + f.trueFeature.id, 'the known true direction closest to this decoder direction'], ['cosine', f3(f.trueFeature.cosine), 'cosine of the decoder direction with it']])] : [],
          f.outputEffect ? [h('h3', null, ['Output effect']), dl([['ablate', sgn(f.outputEffect.ablateDelta), 'mean output change when ablated'], ['add dir.', sgn(f.outputEffect.addDelta), 'mean output change when the direction is added']])] : [],
          f.correlations ? [h('h3', null, ['Correlation']), dl([['a', corr(f.correlations.a)], ['b', corr(f.correlations.b)], ['a−b', corr(f.correlations.diff)], ['target', corr(f.correlations.target)]])] : []
        ))
      ])
    ]);
    histogram(histwrap, f);
    return el;
  }
  document.getElementById('toolbar').addEventListener('submit', function (ev) { ev.preventDefault(); });
  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  [sortSel, labelSel, fMin, fMax].forEach(function (el) { el.addEventListener('change', apply); });
  document.getElementById('more').addEventListener('click', more);
  if (embedded) {
    var byId = {};
    data.features.forEach(function (f) { byId[f.id] = f; });
    grid.addEventListener('click', function (ev) {
      var tr = ev.target.closest && ev.target.closest('table.rows tr[data-row]');
      var cardEl = tr && tr.closest('article.card');
      var f = cardEl && byId[cardEl.getAttribute('data-feature')];
      var r = f && f.topRows[Number(tr.getAttribute('data-row'))];
      if (r) window.parent.postMessage({ type: 'interp:row', feature: f.id, inputs: r.inputs.slice() }, '*');
    });
    window.addEventListener('message', function (ev) {
      var m = ev.data;
      if (ev.source !== window.parent || !m || m.type !== 'interp:show-feature' || !/^\\d+$/.test(String(m.id))) return;
      search.value = '#' + m.id;
      apply();
    });
  }
  if ('IntersectionObserver' in window) {
    new IntersectionObserver(function (entries) { if (entries.some(function (e) { return e.isIntersecting; }) && shown < list.length) more(); }, { rootMargin: '600px' }).observe(sentinel);
  }
  // Deep links: features.html#1649 opens with that feature searched.
  function fromHash() { var h = decodeURIComponent(location.hash.slice(1)); if (h) search.value = /^\\d+$/.test(h) ? '#' + h : h; }
  window.addEventListener('hashchange', function () { fromHash(); apply(); });
  fromHash();
  apply();
  document.body.setAttribute('data-ready', 'true');
})();`;

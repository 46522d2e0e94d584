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
  function esc(s) { return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; }); }
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
  function rowsTable(f) {
    if (!f.topRows.length) return '<p class="muted">No rows.</p>';
    var maxA = d3.max(f.topRows, function (r) { return r.activation; }) || 1;
    var head = '<tr>' + names.map(function (nm) { return '<th>' + esc(nm) + '</th>'; }).join('') + '<th data-tip="target |c1[p1] − c2[p2]|">tgt</th><th>activation</th></tr>';
    var body = f.topRows.map(function (r) {
      var hot = {}; hot[r.p1] = 1; hot[L + 1 + r.p2] = 1;
      var cells = r.inputs.map(function (v, i) {
        var cls = hot[i] ? 'hot' : (i === L || i === names.length - 1) ? 'ptr' : '';
        var tip = names[i] + ' = ' + v + (hot[i] ? (i <= L ? ' (pointed to by p1: a)' : ' (pointed to by p2: b)') : '');
        return '<td class="' + cls + '" data-tip="' + esc(tip) + '">' + esc(v) + '</td>';
      }).join('');
      return '<tr>' + cells + '<td>' + (r.target === undefined ? '' : esc(r.target)) + '</td><td class="act"><span class="actbar" style="width:' + (100 * r.activation / maxA).toFixed(1) + '%"></span><span class="actval">' + f3(r.activation) + '</span></td></tr>';
    }).join('');
    return '<table class="rows"><thead>' + head + '</thead><tbody>' + body + '</tbody></table>';
  }
  function bars(items, label, value) {
    var m = d3.max(items, function (d) { return Math.abs(value(d)); }) || 1;
    return '<ul class="bars">' + items.map(function (d) {
      var v = value(d);
      return '<li data-tip="' + esc(label(d) + ': ' + f3(v)) + '"><span class="name">' + esc(label(d)) + '</span><span class="track"><span class="fill ' + (v < 0 ? 'neg' : 'pos') + '" style="width:' + (100 * Math.abs(v) / m).toFixed(1) + '%"></span></span><span class="val">' + f3(v) + '</span></li>';
    }).join('') + '</ul>';
  }
  function corr(v) { return v === null || v === undefined ? 'n/a' : f2(v); }
  function card(f) {
    var el = document.createElement('article');
    el.className = 'card';
    el.setAttribute('data-feature', f.id);
    var label = f.label ? '<span class="badge label" data-tip="' + esc('monosemantic: ' + f.label) + '">' + esc(f.label) + '</span>'
      : '<span class="badge none" data-tip="' + esc(f.bestConcept ? 'best concept (not precise enough): ' + f.bestConcept : 'no concept') + '">' + esc(f.bestConcept ? '~ ' + f.bestConcept : 'unlabelled') + '</span>';
    el.innerHTML = '<header><h2>Feature #' + f.id + '</h2>' + label + '</header>' +
      '<div class="stats"><span data-tip="best concept: precision ' + f3(f.precision) + ', recall ' + f3(f.recall) + '">F1 <b>' + f3(f.f1) + '</b> <span class="muted">(P ' + f2(f.precision) + ' · R ' + f2(f.recall) + ')</span></span>' +
      '<span data-tip="fires on ' + f.firingCount + ' rows">freq <b>' + pct(f.frequency) + '</b></span><span>mean <b>' + f3(f.meanActivation) + '</b></span><span>max <b>' + f3(f.maxActivation) + '</b></span></div>' +
      '<div class="histwrap"></div>' +
      '<h3>Top activations <span class="muted">(highlighted: c1[p1] and c2[p2])</span></h3>' + rowsTable(f) +
      '<div class="cols"><section><h3>Aligned neurons</h3>' + bars(f.alignedNeurons, function (n) { return 'N' + n.neuron; }, function (n) { return n.cosine; }) + '</section>' +
      '<section><h3>Output effect</h3><dl><dt>ablate</dt><dd data-tip="mean output change when ablated">' + sgn(f.outputEffect.ablateDelta) + '</dd><dt>add dir.</dt><dd data-tip="mean output change when the direction is added">' + sgn(f.outputEffect.addDelta) + '</dd></dl>' +
      '<h3>Correlation</h3><dl><dt>a</dt><dd>' + corr(f.correlations.a) + '</dd><dt>b</dt><dd>' + corr(f.correlations.b) + '</dd><dt>a−b</dt><dd>' + corr(f.correlations.diff) + '</dd><dt>target</dt><dd>' + corr(f.correlations.target) + '</dd></dl></section></div>';
    histogram(el.querySelector('.histwrap'), f);
    return el;
  }
  var timer = null;
  search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  [sortSel, labelSel, fMin, fMax].forEach(function (el) { el.addEventListener('change', apply); });
  document.getElementById('more').addEventListener('click', more);
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

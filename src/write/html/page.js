/* chronicler timeline page: draws the chart from the JSON block.
   Hand-written, no dependencies, no network. Builds its DOM with
   textContent only. Times are minutes since 1970-01-01 00:00 (naive). */
(function () {
  "use strict";
  var HOUR = 60, DAY = 1440, ROW = 24, GUTTER = 90;
  var MON = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var MONTH = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var UNITS = [
    { k: "hour", n: 1, m: 60 }, { k: "hour", n: 3, m: 180 }, { k: "hour", n: 6, m: 360 },
    { k: "hour", n: 12, m: 720 }, { k: "day", n: 1, m: DAY }, { k: "week", n: 1, m: 7 * DAY },
    { k: "month", n: 1, m: 43830 }, { k: "month", n: 3, m: 131490 }, { k: "year", n: 1, m: 525960 },
    { k: "year", n: 5, m: 2629800 }, { k: "year", n: 10, m: 5259600 }, { k: "year", n: 50, m: 26298000 },
    { k: "year", n: 100, m: 52596000 }, { k: "year", n: 500, m: 262980000 }, { k: "year", n: 1000, m: 525960000 }
  ];

  var node = document.getElementById("chronicler-data");
  var chart = document.getElementById("chart");
  var details = document.getElementById("details");
  if (!node || !chart || !details) return;
  var data;
  try { data = JSON.parse(node.textContent); } catch (err) { return; }
  var docs = data.docs || [];
  var several = docs.length > 1;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function has(t) { return typeof t === "number" && isFinite(t); }
  function date(t) { return new Date(t * 60000); }
  function yearWords(y) { return y <= 0 ? (1 - y) + " BC" : String(y); }
  function yearStart(y) { var d = new Date(0); d.setUTCFullYear(y, 0, 1); return d.getTime() / 60000; }
  function monthStart(y, m) { var d = new Date(0); d.setUTCFullYear(y, m, 1); return d.getTime() / 60000; }
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function plural(n, w) { return n + " " + w + (n === 1 ? "" : "s"); }
  function span(m) {
    if (m >= 2 * 525960) return plural(Math.round(m / 525960), "year");
    if (m >= 60 * DAY) return plural(Math.round(m / 43830), "month");
    if (m >= 2 * DAY) return plural(Math.round(m / DAY), "day");
    return plural(Math.max(1, Math.round(m / HOUR)), "hour");
  }

  // Every entry, by document, in timeline order.
  var items = [];
  docs.forEach(function (d, di) {
    (d.entries || []).forEach(function (e, i) {
      items.push({ doc: di, order: i, e: e, dated: has(e.start) });
    });
  });
  var undated = items.some(function (it) { return !it.dated; });

  // ------------------------------------------------------------ the scale
  // Knots: every start and end. Each stretch between two knots is linear;
  // its width grows with the log of its length, so long empty stretches
  // shrink and crowded days widen.
  function scale() {
    var ts = [];
    items.forEach(function (it) {
      if (!it.dated) return;
      ts.push(it.e.start);
      if (has(it.e.end) && it.e.end > it.e.start) ts.push(it.e.end);
    });
    if (!ts.length) return null;
    ts.sort(function (a, b) { return a - b; });
    var knots = [];
    ts.forEach(function (t) { if (!knots.length || t > knots[knots.length - 1]) knots.push(t); });
    if (knots.length === 1) knots = [knots[0] - 30, knots[0] + 30];
    var w = [], total = 0, k;
    for (k = 1; k < knots.length; k++) {
      w.push(Math.log(1 + (knots[k] - knots[k - 1]) / HOUR) + 0.3);
      total += w[k - 1];
    }
    var f = [0];
    for (k = 1; k < knots.length; k++) f.push(f[k - 1] + w[k - 1] / total);
    f[f.length - 1] = 1;
    // A break: a stretch no bar covers, drawn less than 0.4 times as long
    // as a plain linear axis would draw it.
    var linear = 1 / (knots[knots.length - 1] - knots[0]);
    var breaks = [];
    for (k = 1; k < knots.length; k++) {
      var a = knots[k - 1], b = knots[k];
      var covered = items.some(function (it) {
        return it.dated && it.e.start <= a && it.e.end >= b && it.e.end > it.e.start;
      });
      if (!covered && (f[k] - f[k - 1]) / (b - a) < 0.4 * linear && b - a >= DAY) breaks.push(k);
    }
    function at(t) {
      if (t <= knots[0]) return 0;
      if (t >= knots[knots.length - 1]) return 1;
      var lo = 0, hi = knots.length - 1;
      while (hi - lo > 1) { var mid = (lo + hi) >> 1; if (knots[mid] <= t) lo = mid; else hi = mid; }
      return f[lo] + (f[hi] - f[lo]) * (t - knots[lo]) / (knots[hi] - knots[lo]);
    }
    return { knots: knots, f: f, at: at, breaks: breaks };
  }

  var measure = document.createElement("canvas").getContext("2d");
  var family = "sans-serif";

  // ------------------------------------------------------------ ticks
  function aligned(u, a, b) {
    var out = [], t, guard = 0, y, m, d;
    if (u.k === "hour" || u.k === "day") {
      var step = u.k === "hour" ? u.n * HOUR : DAY;
      for (t = Math.ceil(a / step) * step; t <= b && guard < 500; t += step, guard++) out.push(t);
    } else if (u.k === "week") {
      t = Math.ceil(a / DAY) * DAY;
      while ((((t / DAY + 3) % 7) + 7) % 7 !== 0) t += DAY; // Mondays
      for (; t <= b && guard < 500; t += 7 * DAY, guard++) out.push(t);
    } else if (u.k === "month") {
      d = date(a); y = d.getUTCFullYear(); m = d.getUTCMonth();
      m = Math.ceil(m / u.n) * u.n;
      for (; guard < 500; guard++) {
        if (m > 11) { y += 1; m -= 12; }
        t = monthStart(y, m);
        if (t > b) break;
        if (t >= a) out.push(t);
        m += u.n;
      }
    } else {
      y = Math.ceil(date(a).getUTCFullYear() / u.n) * u.n;
      if (yearStart(y) < a) y += u.n;
      for (; guard < 500; y += u.n, guard++) { t = yearStart(y); if (t > b) break; out.push(t); }
    }
    return out;
  }
  function tickText(u, t) {
    var d = date(t);
    if (u.k === "hour") return d.getUTCHours() === 0 ? MON[d.getUTCMonth()] + " " + d.getUTCDate() : pad(d.getUTCHours()) + ":00";
    if (u.k === "day" || u.k === "week") return MON[d.getUTCMonth()] + " " + d.getUTCDate();
    if (u.k === "month") return d.getUTCMonth() === 0 ? yearWords(d.getUTCFullYear()) : MON[d.getUTCMonth()];
    return yearWords(d.getUTCFullYear());
  }
  function contextText(u, t) {
    var d = date(t);
    if (u.k === "hour") return MONTH[d.getUTCMonth()] + " " + d.getUTCDate() + ", " + yearWords(d.getUTCFullYear());
    if (u.k === "day" || u.k === "week") return MONTH[d.getUTCMonth()] + " " + yearWords(d.getUTCFullYear());
    if (u.k === "month") return yearWords(d.getUTCFullYear());
    return null;
  }
  function parentStarts(u, a, b) {
    if (u.k === "hour") return aligned({ k: "day", n: 1 }, a, b);
    if (u.k === "day" || u.k === "week") return aligned({ k: "month", n: 1 }, a, b);
    if (u.k === "month") return aligned({ k: "year", n: 1 }, a, b);
    return [];
  }
  function ticks(sc, width) {
    var out = [], ctx = [], k;
    for (k = 1; k < sc.knots.length; k++) {
      var a = sc.knots[k - 1], b = sc.knots[k];
      var px = (sc.f[k] - sc.f[k - 1]) * width;
      if (sc.breaks.indexOf(k) >= 0 || px < 1) continue;
      var u = UNITS[UNITS.length - 1];
      for (var i = 0; i < UNITS.length; i++) {
        if (px * UNITS[i].m / (b - a) >= 58) { u = UNITS[i]; break; }
      }
      aligned(u, a, b).forEach(function (t) { out.push({ t: t, text: tickText(u, t), major: u.k === "hour" && date(t).getUTCHours() === 0 }); });
      var cs = parentStarts(u, a, b - 0.5); // a boundary at b starts the next stretch
      cs.unshift(a);
      cs.forEach(function (t) { var s = contextText(u, t); if (s) ctx.push({ t: t, text: s }); });
    }
    return { ticks: thin(out, sc, width, true), context: thin(ctx, sc, width, false) };
  }
  function textWidth(text, font) {
    if (!measure) return text.length * 7.5;
    measure.font = font + " " + family;
    return measure.measureText(text).width;
  }
  // Keeps the labels that do not overlap the one kept before them.
  function thin(list, sc, width, centred) {
    list.sort(function (p, q) { return p.t - q.t; });
    var kept = [], right = -Infinity, last = null;
    list.forEach(function (l) {
      if (last && (l.t === last.t || (!centred && l.text === last.text))) return;
      var x = sc.at(l.t) * width, w = textWidth(l.text, centred ? "12px" : "600 12px") + 10;
      if (!centred && x + w > width) x = Math.max(right, width - w);
      var left = centred ? x - w / 2 : x;
      if (left < right || (centred && (x - w / 2 < -14 || x + w / 2 > width + 14))) return;
      l.x = x; kept.push(l); last = l; right = left + w;
    });
    return kept;
  }

  // ------------------------------------------------------------ drawing
  var markers = [];
  var pinned = null, shown = null;

  function labelWidth(text, max) {
    return Math.min(max, textWidth(text, "12.5px") + 6);
  }

  function pct(v) { return (v * 100).toFixed(4) + "%"; }

  function render() {
    var keep = pinned ? pinned.it : null;
    var focused = document.activeElement && document.activeElement.classList.contains("marker") ? document.activeElement.it : null;
    chart.textContent = "";
    markers = [];
    var total = chart.clientWidth - 28;
    if (total < 120) total = 120;
    var width = undated ? total - GUTTER : total;
    if (width < 60) width = 60;
    var sc = scale();
    var style = getComputedStyle(document.body);
    family = style.fontFamily;
    var many = items.length > 80;
    chart.style.setProperty("--label-max", many ? "130px" : "190px");
    var labelMax = many ? 130 : 190;

    if (!items.length) {
      chart.appendChild(el("p", "empty", "No dated events were found."));
      return;
    }

    // The axis.
    var axis = el("div", "axis");
    axis.setAttribute("aria-hidden", "true");
    var aplot = el("div", "plot");
    axis.appendChild(aplot);
    chart.appendChild(axis);
    var tk = sc ? ticks(sc, width) : { ticks: [], context: [] };
    var xOf = function (t) { return sc ? sc.at(t) * width : 0; };
    var frac = function (px) { return pct(px / total); };
    tk.ticks.forEach(function (t) {
      var m = el("div", "tick"); m.style.left = frac(t.x); aplot.appendChild(m);
      var l = el("div", "tick-label" + (t.major ? " major" : ""), t.text); l.style.left = frac(t.x); aplot.appendChild(l);
    });
    tk.context.forEach(function (t) {
      var l = el("div", "tick-label major", t.text);
      l.style.left = frac(t.x); l.style.bottom = "26px"; l.style.transform = "none";
      aplot.appendChild(l);
    });
    var gaps = [];
    if (sc) sc.breaks.forEach(function (k) {
      var a = sc.f[k - 1] * width, b = sc.f[k] * width;
      gaps.push([a, b]);
      var m = el("div", "break");
      m.style.left = frac((a + b) / 2);
      m.title = span(sc.knots[k] - sc.knots[k - 1]) + " shortened";
      aplot.appendChild(m);
      if (b - a > 60) {
        var l = el("div", "break-label", span(sc.knots[k] - sc.knots[k - 1]));
        l.style.left = frac((a + b) / 2); l.style.top = "auto"; l.style.bottom = "12px";
        aplot.appendChild(l);
      }
    });
    if (undated) {
      var ul = el("div", "tick-label", "undated");
      ul.style.left = frac(width + GUTTER / 2); aplot.appendChild(ul);
    }

    // The lanes: per document, its dated entries, then its vague ones.
    docs.forEach(function (d, di) {
      var mine = items.filter(function (it) { return it.doc === di; });
      var dated = mine.filter(function (it) { return it.dated && !it.e.vague; });
      var vague = mine.filter(function (it) { return !it.dated || it.e.vague; });
      var name = several ? d.title + " — " + d.id : "Dated events";
      lane(name, dated, false, d.entries.length === 0);
      if (vague.length) lane((several ? d.id + ": " : "") + "vague or undated (placed near publication)", vague, true, false);
    });

    function lane(title, list, isVague, empty) {
      var ln = el("section", "lane" + (isVague ? " vague" : ""));
      ln.appendChild(el("div", "lane-title", title));
      chart.appendChild(ln);
      if (empty || !list.length) {
        ln.appendChild(el("p", "empty", "No dated events."));
        return;
      }
      var rows = el("div", "rows");
      ln.appendChild(rows);
      tk.ticks.forEach(function (t) { var g = el("div", "grid"); g.style.left = frac(t.x); rows.appendChild(g); });
      gaps.forEach(function (g) {
        var s = el("div", "gap-shade"); s.style.left = frac(g[0]); s.style.width = frac(g[1] - g[0]); rows.appendChild(s);
      });
      // Rows: the first with room for the marker and its label, among the
      // first few; past those, the marker goes without its label (shown on
      // hover and in the details) in the first row with room for the dot.
      var ends = [];
      var maxRows = Math.max(6, Math.min(12, Math.ceil(list.length / 3)));
      function fit(left, limit) {
        for (var r = 0; r < limit; r++) if (r >= ends.length || ends[r] <= left) return r;
        return -1;
      }
      list.forEach(function (it) {
        var e = it.e;
        var x = it.dated ? xOf(e.start) : width + GUTTER / 2;
        var x2 = it.dated && has(e.end) ? xOf(e.end) : x;
        var lw = labelWidth(e.description, labelMax);
        var flip = x + 18 + lw > total;
        var left = flip ? x - 24 - lw : x - 8;
        var right = flip ? Math.max(x2, x + 8) + 4 : Math.max(x2, x + 18 + lw) + 6;
        var r = fit(left, maxRows), bare = false;
        if (r < 0) {
          bare = true; flip = false;
          left = x - 8; right = Math.max(x2, x + 8) + 4;
          r = fit(left, Infinity);
        }
        ends[r] = right;
        var flagged = e.findings && e.findings.length > 0;
        if (it.dated && x2 - x >= 2) {
          var bar = el("div", "bar" + (isVague ? " vague" : "") + (flagged ? " flagged" : ""));
          bar.style.left = frac(x); bar.style.width = frac(x2 - x); bar.style.top = (r * ROW) + "px";
          rows.appendChild(bar);
        }
        var m = el("button", "marker" + (e.stated === false ? " inferred" : "") + (isVague ? " vague" : "") + (flagged ? " flagged" : "") + (flip ? " flip" : "") + (bare ? " bare" : ""));
        m.type = "button";
        if (flip) m.style.right = frac(total - x); else m.style.left = frac(x);
        m.style.top = (r * ROW) + "px";
        m.setAttribute("data-doc", String(it.doc));
        m.setAttribute("data-event", e.event);
        m.setAttribute("data-order", String(it.order));
        m.setAttribute("aria-controls", "details");
        m.setAttribute("aria-expanded", "false");
        var label = e.display + ": " + e.description;
        if (flagged) label += ". Checker: " + e.findings.map(function (f) { return f.message; }).join("; ");
        m.setAttribute("aria-label", label);
        if (flagged) m.title = e.findings.map(function (f) { return f.severity + ": " + f.message; }).join("\n");
        m.appendChild(el("span", "dot"));
        m.appendChild(el("span", "label", e.description));
        m.it = it;
        m.addEventListener("mouseenter", function () { preview(m); });
        m.addEventListener("mouseleave", function () { unpreview(m); });
        m.addEventListener("focus", function () { preview(m); });
        m.addEventListener("blur", function () { unpreview(m); });
        m.addEventListener("click", function () { toggle(m); });
        rows.appendChild(m);
        markers.push(m);
      });
      rows.style.height = (Math.max(1, ends.length) * ROW) + "px";
    }

    // Restore the pinned entry and the focus across a re-render.
    markers.forEach(function (m) {
      if (keep && m.it === keep) { pinned = null; pin(m); }
      if (focused && m.it === focused) m.focus({ preventScroll: true });
    });
    document.documentElement.setAttribute("data-rendered", String(markers.length));
  }

  // ------------------------------------------------------------ details
  function fill(m) {
    var it = m.it, e = it.e, d = docs[it.doc];
    details.textContent = "";
    var close = el("button", "close", "×");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", function () { unpin(true); });
    details.appendChild(close);
    details.appendChild(el("h2", null, e.description));
    details.appendChild(el("div", "when", e.display));
    var s = el("div", "sentence");
    (e.parts || []).forEach(function (p) {
      var kind = p[0], text = p[1];
      s.appendChild(kind === "x" ? el("mark", null, text) : kind === "e" ? el("strong", null, text) : document.createTextNode(text));
    });
    if (e.elsewhere && e.timex) {
      var note = el("em", null, " (dated by ");
      note.appendChild(el("mark", null, e.timex));
      note.appendChild(document.createTextNode(" in another sentence)"));
      s.appendChild(note);
    }
    details.appendChild(s);
    var how = e.stated === true ? "date stated in the text" : e.stated === false ? "date inferred" : "no time expression";
    var facts = "value " + e.value + " · " + how;
    if (e.timex) facts += " · “" + e.timex + "” (" + e.timex_type + ")";
    facts += " · " + e.class + " · " + e.event;
    if (e.vague) facts += " · vague: placed near publication";
    details.appendChild(el("div", "facts", facts));
    if (several) details.appendChild(el("div", "facts", d.title + " (" + d.id + ")"));
    (e.findings || []).forEach(function (f) {
      details.appendChild(el("div", "finding", "Checker " + f.severity + " (" + f.kind + "): " + f.message));
    });
    if (pinned === m) details.appendChild(el("div", "pinned-note", "Kept open: Esc or × closes."));
    details.hidden = false;
    shown = m;
  }
  function preview(m) { if (!pinned) fill(m); }
  function unpreview(m) {
    if (!pinned && shown === m) { details.hidden = true; shown = null; }
  }
  function pin(m) {
    if (pinned) { pinned.classList.remove("active"); pinned.setAttribute("aria-expanded", "false"); }
    pinned = m;
    m.classList.add("active");
    m.setAttribute("aria-expanded", "true");
    fill(m);
  }
  function unpin(refocus) {
    var m = pinned;
    if (!m) { details.hidden = true; shown = null; return; }
    m.classList.remove("active");
    m.setAttribute("aria-expanded", "false");
    pinned = null;
    details.hidden = true;
    shown = null;
    if (refocus) m.focus();
  }
  function toggle(m) { if (pinned === m) unpin(false); else pin(m); }

  chart.addEventListener("keydown", function (ev) {
    var i = markers.indexOf(document.activeElement);
    if (ev.key === "Escape") { unpin(i >= 0); return; }
    if (i < 0) return;
    var j = ev.key === "ArrowRight" || ev.key === "ArrowDown" ? i + 1
      : ev.key === "ArrowLeft" || ev.key === "ArrowUp" ? i - 1
      : ev.key === "Home" ? 0 : ev.key === "End" ? markers.length - 1 : -1;
    if (j < 0 || j >= markers.length) return;
    ev.preventDefault();
    markers[j].focus();
    if (pinned) pin(markers[j]);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && pinned && markers.indexOf(document.activeElement) < 0) unpin(false);
  });

  var lastWidth = 0, timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { if (chart.clientWidth !== lastWidth) { lastWidth = chart.clientWidth; render(); } }, 120);
  });
  // Printing lays the page out at the paper's width: draw again for it, and after.
  window.addEventListener("beforeprint", function () { unpin(false); });
  var print = window.matchMedia && window.matchMedia("print");
  if (print && print.addEventListener) print.addEventListener("change", function () { lastWidth = chart.clientWidth; render(); });
  window.addEventListener("afterprint", function () { lastWidth = chart.clientWidth; render(); });
  lastWidth = chart.clientWidth;
  render();
})();

// Search over the records of the site: each year's index is a script
// (YEAR/search-index.js) that works from a web server and from disk alike.
// Every word of the query must appear in the title, labels or text; Chinese
// is matched as written, with no word segmentation to get wrong. Results are
// built with DOM nodes and textContent only: nothing from the records is
// ever parsed as HTML.
(function () {
  "use strict";
  var script = document.currentScript;
  var root = script.getAttribute("data-root");
  var year = script.getAttribute("data-year");
  var years = (script.getAttribute("data-years") || year).split(" ");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  var all = params.get("scope") === "all";
  var box = document.querySelector(".search-box input[name=q]");
  if (box) { box.value = query; }
  document.querySelectorAll("input[name=scope]").forEach(function (radio) {
    radio.checked = (radio.value === "all") === all;
    radio.addEventListener("change", function () {
      var next = new URLSearchParams(location.search);
      next.set("scope", radio.value);
      location.search = next.toString();
    });
  });
  // keep the scope when searching again from the box
  var form = document.querySelector(".search-box");
  if (form && all) {
    var hidden = document.createElement("input");
    hidden.type = "hidden"; hidden.name = "scope"; hidden.value = "all";
    form.appendChild(hidden);
  }
  if (!query) { return; }
  var wanted = all ? years : [year];
  var loaded = 0;
  status.textContent = "正在搜索……";
  wanted.forEach(function (y) {
    var s = document.createElement("script");
    s.src = root + y + "/search-index.js";
    s.onload = s.onerror = function () { if (++loaded === wanted.length) { show(); } };
    document.head.appendChild(s);
  });

  function fold(text) { return (text || "").toLowerCase(); }

  function show() {
    var index = window.ZERENZHI_SEARCH || {};
    var terms = fold(query).split(/\s+/).filter(Boolean);
    var hits = [];
    wanted.forEach(function (y) {
      (index[y] || []).forEach(function (r) {
        var title = fold(r.t), labels = fold([r.k, r.s, r.p || ""].concat(r.g).join(" ")), text = fold(r.x);
        var score = 0;
        for (var i = 0; i < terms.length; i++) {
          var t = terms[i], inTitle = title.indexOf(t) >= 0, inLabels = labels.indexOf(t) >= 0, inText = text.indexOf(t) >= 0;
          if (!inTitle && !inLabels && !inText) { return; }
          score += (inTitle ? 10 : 0) + (inLabels ? 4 : 0) + (inText ? 1 : 0);
        }
        hits.push({ r: r, score: score });
      });
    });
    hits.sort(function (a, b) { return b.score - a.score || (a.r.d < b.r.d ? 1 : a.r.d > b.r.d ? -1 : 0); });
    status.textContent = hits.length
      ? "“" + query + "”：找到 " + hits.length + " 份记录" + (hits.length > 200 ? "，显示前 200 份" : "")
      : "没有找到包含“" + query + "”的记录。可以换个词，或搜索全部年度。";
    hits.slice(0, 200).forEach(function (hit) { list.appendChild(item(hit.r, terms)); });
  }

  function item(r, terms) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = root + r.u;
    mark(a, r.t, terms);
    var meta = document.createElement("p");
    meta.className = "search-meta";
    meta.textContent = [r.d, r.k, r.s].concat(r.g).join(" · ");
    var snippet = document.createElement("p");
    snippet.className = "search-snippet";
    mark(snippet, excerpt(r.x, terms), terms);
    li.appendChild(a); li.appendChild(meta); li.appendChild(snippet);
    return li;
  }

  // about 120 characters of text around the first word found
  function excerpt(text, terms) {
    var lower = fold(text), at = -1;
    terms.forEach(function (t) { var i = lower.indexOf(t); if (i >= 0 && (at < 0 || i < at)) { at = i; } });
    if (at < 0) { return text.slice(0, 120) + (text.length > 120 ? "……" : ""); }
    var start = Math.max(0, at - 40);
    return (start > 0 ? "……" : "") + text.slice(start, start + 120) + (start + 120 < text.length ? "……" : "");
  }

  // appends `text` to `node`, the query's words in <mark>
  function mark(node, text, terms) {
    var lower = fold(text), i = 0;
    while (i < text.length) {
      var next = -1, len = 0;
      terms.forEach(function (t) { var j = lower.indexOf(t, i); if (j >= 0 && (next < 0 || j < next)) { next = j; len = t.length; } });
      if (next < 0) { node.appendChild(document.createTextNode(text.slice(i))); return; }
      if (next > i) { node.appendChild(document.createTextNode(text.slice(i, next))); }
      var m = document.createElement("mark");
      m.textContent = text.slice(next, next + len);
      node.appendChild(m);
      i = next + len;
    }
  }
})();

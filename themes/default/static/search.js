// charter search: filters the site's search index as you type. The page
// lists every page already, so without JavaScript nothing is lost.
(function () {
  "use strict";
  var me = document.currentScript;
  var form = document.querySelector(".search-form");
  var input = document.getElementById("search-q");
  var out = document.getElementById("search-results");
  if (!me || !form || !input || !out) { return; }
  var root = me.getAttribute("data-root") || "./";
  var index = null;

  function words(s) { return s.toLowerCase().split(/\s+/).filter(Boolean); }

  function text(entry) {
    return [entry.t, entry.s || "", (entry.h || []).join(" "), (entry.st || []).join(" ")].join(" ").toLowerCase();
  }

  function show(query) {
    out.textContent = "";
    var q = words(query);
    if (!q.length || !index) { return; }
    var hits = index.filter(function (e) {
      var t = text(e);
      return q.every(function (w) { return t.indexOf(w) >= 0; });
    });
    var heading = document.createElement("h2");
    heading.textContent = hits.length === 1 ? "1 result" : hits.length + " results";
    out.appendChild(heading);
    var list = document.createElement("ul");
    list.className = "link-list";
    hits.slice(0, 50).forEach(function (e) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = root + e.u;
      a.textContent = e.t;
      li.appendChild(a);
      if (e.s) { li.appendChild(document.createTextNode(" — " + e.s)); }
      list.appendChild(li);
    });
    out.appendChild(list);
  }

  fetch(me.getAttribute("data-index")).then(function (r) { return r.json(); }).then(function (data) {
    index = data;
    var q = new URLSearchParams(location.search).get("q");
    if (q) { input.value = q; show(q); }
  });
  input.addEventListener("input", function () { show(input.value); });
  form.addEventListener("submit", function (e) { e.preventDefault(); show(input.value); });
})();

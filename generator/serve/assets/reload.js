// charter serve: reload the page when a rebuild has been committed.
(function () {
  "use strict";
  var me = document.currentScript;
  var built = Number(me && me.getAttribute("data-build"));
  var source = new EventSource("/_charter/events");
  source.addEventListener("hello", function (e) {
    if (Number(e.data) > built) { location.reload(); }
  });
  source.addEventListener("reload", function () { location.reload(); });
  source.addEventListener("css", function (e) {
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) {
      var url = new URL(links[i].href);
      url.searchParams.set("v", e.data);
      links[i].href = url.toString();
    }
    built = Number(e.data);
  });
})();

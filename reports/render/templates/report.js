// The filter: a finding is shown when its category and its severity are both checked. Its card is
// hidden otherwise, and a highlighted run of text keeps its highlight while any finding covering it
// is shown. "#hide=disclosure,low" in the address unchecks those boxes on load (a shareable view), and
// changing a box writes it there, so the filter survives a reload.
(function () {
  "use strict";
  var form = document.getElementById("filters");
  var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
  var cards = Array.prototype.slice.call(document.querySelectorAll(".card[data-id]"));
  var marks = Array.prototype.slice.call(document.querySelectorAll("mark[data-f]"));
  var rows = Array.prototype.slice.call(document.querySelectorAll(".finding[data-cat]"));
  var shown = document.getElementById("shown");

  function apply() {
    var off = {};
    boxes.forEach(function (b) { if (!b.checked) { off[b.dataset.kind + ":" + b.value] = true; } });
    var visible = {};
    var count = 0;
    cards.forEach(function (c) {
      var on = !off["cat:" + c.dataset.cat] && !off["sev:" + c.dataset.sev];
      c.hidden = !on;
      if (on) { visible[c.dataset.id] = true; count += 1; }
    });
    rows.forEach(function (r) { r.hidden = off["cat:" + r.dataset.cat] || off["sev:" + r.dataset.sev]; });
    marks.forEach(function (m) {
      var on = m.dataset.f.split(" ").some(function (id) { return visible[id]; });
      m.classList.toggle("off", !on);
    });
    shown.textContent = "表示中 " + count + " / " + cards.length + " 件";
  }

  function fromHash() {
    var match = /(?:^|[#&])hide=([^&]*)/.exec(location.hash);
    var hide = match ? decodeURIComponent(match[1]).split(",") : [];
    boxes.forEach(function (b) { b.checked = hide.indexOf(b.value) < 0; });
  }

  function flash(el) {
    el.classList.add("flash");
    setTimeout(function () { el.classList.remove("flash"); }, 1200);
  }

  // Clicking a highlighted clause brings its explanation into view.
  document.addEventListener("click", function (ev) {
    var m = ev.target.closest ? ev.target.closest("mark[data-f]") : null;
    if (!m || m.classList.contains("off")) { return; }
    var ids = m.dataset.f.split(" ");
    for (var i = 0; i < ids.length; i += 1) {
      var card = document.getElementById(ids[i]);
      if (card && !card.hidden) { card.scrollIntoView({ block: "nearest", behavior: "smooth" }); flash(card); break; }
    }
  });

  // The unchecked boxes go into the address, so a reload (or a shared link) keeps the view.
  function toHash() {
    var hide = boxes.filter(function (b) { return !b.checked; }).map(function (b) { return b.value; });
    history.replaceState(null, "", hide.length ? "#hide=" + hide.join(",") : location.pathname + location.search);
  }

  form.addEventListener("change", function () { apply(); toHash(); });
  window.addEventListener("hashchange", function () { if (/hide=/.test(location.hash)) { fromHash(); apply(); } });
  if (/hide=/.test(location.hash)) { fromHash(); }
  apply();
}());

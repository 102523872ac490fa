// The reviewer's workspace: photo viewer (zoom by size so every edge can be scrolled to, rotate), a field and
// its box on the photo highlighted together, corrections saved without a reload (Enter saves and goes on to
// the next field), keyboard shortcuts outside the fields (J/K fields, A approve after a confirmation, D and R
// the notice and the reason, N next case, Esc leaves a field).
(function () {
  function highlight(doc, name) {
    doc.querySelectorAll(".active").forEach(function (el) { el.classList.remove("active"); });
    doc.querySelectorAll('[data-field="' + name + '"]').forEach(function (el) { el.classList.add("active"); });
    var box = doc.querySelector('polygon[data-field="' + name + '"]');
    if (box && box.scrollIntoView) box.scrollIntoView({block: "nearest", inline: "nearest"});
  }

  document.querySelectorAll(".doc").forEach(function (doc) {
    var img = doc.querySelector("img"), svg = doc.querySelector("svg"), frame = doc.querySelector(".frame");
    var scale = 1, turn = 0;
    function fit() { svg.setAttribute("viewBox", "0 0 " + img.naturalWidth + " " + img.naturalHeight); }
    if (img.complete) fit(); else img.addEventListener("load", fit);
    function apply() {
      frame.style.width = (scale * 100) + "%";
      frame.style.transform = turn ? "rotate(" + turn + "deg)" : "";
    }
    doc.querySelectorAll("[data-zoom]").forEach(function (b) {
      b.addEventListener("click", function () { scale = Math.max(0.5, scale * parseFloat(b.dataset.zoom)); apply(); });
    });
    doc.querySelectorAll("[data-rotate]").forEach(function (b) {
      b.addEventListener("click", function () { turn = (turn + 90) % 360; apply(); });
    });
    doc.querySelectorAll("tr[data-field]").forEach(function (row) {
      row.addEventListener("focusin", function () { highlight(doc, row.dataset.field); });
      row.addEventListener("click", function () { highlight(doc, row.dataset.field); });
    });
    doc.querySelectorAll("polygon[data-field]").forEach(function (box) {
      box.addEventListener("click", function () {
        highlight(doc, box.dataset.field);
        var input = doc.querySelector('tr[data-field="' + box.dataset.field + '"] input[name=value]');
        if (input) input.focus();
      });
    });
  });

  document.querySelectorAll("form.correct").forEach(function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.fetch) return;
      ev.preventDefault();
      var row = form.closest("tr"), note = row.querySelector(".corrected");
      fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                          headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, json: j}; }); })
        .then(function (res) {
          if (!res.ok) { note.textContent = res.json.error || "未保存，请重试"; note.className = "corrected error"; return; }
          row.classList.remove("low");
          var box = row.closest(".doc").querySelector('polygon[data-field="' + row.dataset.field + '"]');
          if (box) box.classList.remove("low");
          note.textContent = "已更正（原：" + (res.json.value || "") + "）";
          note.className = "corrected saved";
          step(1);  // on to the next field, as Enter in a form of fields would
        }, function () { note.textContent = "网络不通，未保存，请重试"; note.className = "corrected error"; });
    });
  });

  var inputs = Array.prototype.slice.call(document.querySelectorAll("form.correct input[name=value]"));
  function click(id) { var el = document.getElementById(id); if (el && !el.disabled) el.click(); }
  function focus(id) { var el = document.getElementById(id); if (el) { el.focus(); if (el.scrollIntoView) el.scrollIntoView({block: "center"}); } }
  function step(by) {
    if (!inputs.length) return;
    var at = inputs.indexOf(document.activeElement);
    inputs[(at + by + inputs.length) % inputs.length].focus();
  }
  document.addEventListener("keydown", function (ev) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (ev.key === "Escape" && typing) { document.activeElement.blur(); return; }
    if (typing || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var key = ev.key.toLowerCase();
    if (key === "j") step(1);
    else if (key === "k") step(-1);
    else if (key === "a") { if (window.confirm("按应付金额批准赔付？")) click("approve"); }
    else if (key === "d") focus("notice");
    else if (key === "r") focus("reject-reason");
    else if (key === "n") { var next = document.querySelector("#next-case button"); if (next) next.click(); }
    else return;
    ev.preventDefault();
  });
})();

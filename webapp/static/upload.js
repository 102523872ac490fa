// The capture flow: every photo taken or chosen gets a card at once (its own thumbnail and a spinner) and is
// uploaded on its own, one after the other, with retries; each card shows a first look the moment the server
// has it (the quality verdict and the likely document type), then the final answer (usable or not and why, the
// document type, a photo sent twice) and the checklist. Errors
// stay on their card until dealt with (retry or remove); buttons are locked while photos are uploading. A
// photo can be removed (kept in intake/, taken out of the claim) or removed and retaken. Without JavaScript
// the forms post and the page comes back with the same feedback.
(function () {
  var form = document.getElementById("upload");
  if (!form || !window.fetch || !window.FormData) return;
  var list = document.getElementById("photos"), status = document.getElementById("upload-status");
  var checklist = document.getElementById("checklist"), count = document.getElementById("photo-count");
  var camera = document.querySelector("#camera input"), inputs = form.querySelectorAll("input[type=file]");
  var attempts = parseInt(form.dataset.attempts, 10) || 1, backoff = parseInt(form.dataset.backoff, 10) || 0;
  var token = form.querySelector("input[name=csrf_token]").value;
  var queue = [], busy = 0;
  document.getElementById("upload-button").hidden = true;  // a photo uploads as soon as it is chosen

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }
  function el(tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text) e.textContent = text; return e; }
  function lock() {
    var locked = busy > 0;
    document.querySelectorAll("#submit, #photos .remove button").forEach(function (b) { b.disabled = locked; });
    document.querySelectorAll("#upload label.button").forEach(function (l) {
      l.classList.toggle("locked", locked);
      l.setAttribute("aria-disabled", locked ? "true" : "false");
    });
    inputs.forEach(function (i) { i.disabled = locked; });
    status.textContent = locked ? "正在上传，还有 " + busy + " 张…" : "";
  }
  function showMissing(missing) {
    checklist.className = missing.length ? "incomplete" : "complete";
    checklist.innerHTML = "";
    checklist.appendChild(el("p", "", missing.length ? "还缺：" + missing.join("、") : "资料已齐全，可以提交。"));
  }
  function recount() {
    count.textContent = list.querySelectorAll("li.photo:not(.failed):not(.duplicate-card)").length;
    var none = document.getElementById("no-photos"); if (none) none.remove();
  }

  function post(url, body, left) {
    return fetch(url, {method: "POST", body: body, credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, json: j}; }); })
      .catch(function (err) {
        if (left <= 1) throw err;
        return wait(backoff).then(function () { return post(url, body, left - 1); });
      });
  }

  function removeForm(id) {
    var f = el("form", "inline remove");
    f.method = "post";
    f.action = form.action + "/" + id + "/remove";
    f.dataset.api = form.dataset.api + "/" + id + "/remove";
    var t = el("input"); t.type = "hidden"; t.name = "csrf_token"; t.value = token; f.appendChild(t);
    f.appendChild(el("button", "secondary", "移除"));
    wireRemove(f);
    return f;
  }

  function fill(card, res) {
    var box = card.querySelector(".result");
    box.innerHTML = "";
    if (!res.ok) {
      card.className = "photo bad failed";
      box.appendChild(el("b", "", "未上传"));
      box.appendChild(el("div", "problem", res.json.error || "上传失败"));
      var again = el("button", "secondary", "重试");
      again.type = "button";
      again.addEventListener("click", function () { enqueue(card.file, card); });
      box.appendChild(again);
      return;
    }
    var j = res.json, good = j.usable && j.doc_type !== "other";
    if (j.duplicate) {  // already among the claim's photos (its own card is there): this card only says so
      card.className = "photo duplicate-card";
      box.appendChild(el("b", "doc-type", j.doc_type_label));
      box.appendChild(el("div", "duplicate", "这张照片已经上传过，不会重复保存"));
      var seen = el("button", "secondary", "知道了");
      seen.type = "button";
      seen.addEventListener("click", function () { card.remove(); recount(); });
      box.appendChild(seen);
      showMissing(j.missing || []);
      return;
    }
    card.className = "photo " + (good ? "ok" : "bad");
    card.dataset.id = j.id;
    box.appendChild(el("b", "doc-type", j.doc_type_label));
    (j.messages || []).forEach(function (m) { box.appendChild(el("div", "problem", m)); });
    if (j.usable && j.doc_type === "other") box.appendChild(el("div", "problem", "无法识别文件类型，请确认是理赔资料"));
    var f = removeForm(j.id);
    if (!good) f.querySelector("button").textContent = "移除并重拍";
    box.appendChild(f);
    showMissing(j.missing || []);
  }

  // The answer comes as JSON lines, each the moment the server knows it: a first look, then the final answer.
  function eachLine(response, handle) {
    var decoder = new TextDecoder(), rest = "";
    function take(text) {
      var parts = (rest + text).split("\n");
      rest = parts.pop();
      parts.forEach(function (p) { if (p.trim()) handle(JSON.parse(p)); });
    }
    if (!response.body || !response.body.getReader) return response.text().then(function (t) { take(t + "\n"); });
    var reader = response.body.getReader();
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) { take("\n"); return; }
        take(decoder.decode(chunk.value, {stream: true}));
        return pump();
      });
    }
    return pump();
  }

  function glance(card, j) {  // provisional: quality before reading, the type the title suggests
    var box = card.querySelector(".result");
    box.innerHTML = "";
    card.className = "photo pending " + (j.usable ? "ok" : "bad");
    box.appendChild(el("b", "doc-type", j.doc_type === "other" ? "正在识别类型…" : "初步识别：" + j.doc_type_label));
    (j.messages || []).forEach(function (m) { box.appendChild(el("div", "problem", m)); });
    if (j.usable) box.appendChild(el("div", "", "照片清晰"));
    box.appendChild(el("span", "spinner", ""));
    box.appendChild(el("span", "", "正在细读…"));
  }

  function upload(card, body, left) {
    var heard = false;  // once a line has come, the photo is stored: never sent again
    return fetch(form.dataset.api, {method: "POST", body: body, credentials: "same-origin",
                                    headers: {"Accept": "application/x-ndjson"}})
      .then(function (r) {
        if (!r.ok) return r.json().then(function (j) { fill(card, {ok: false, json: j}); });
        var final = false;
        return eachLine(r, function (j) {
          heard = true;
          if (j.stage === "glance") { glance(card, j); return; }
          final = true;
          fill(card, {ok: !j.error, json: j});
        }).then(function () { if (!final) throw new Error("no final answer"); });
      })
      .catch(function (err) {
        if (heard) throw {stored: true};
        if (left <= 1) throw err;
        return wait(backoff).then(function () { return upload(card, body, left - 1); });
      });
  }

  function send(card) {
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("photo", card.file, card.file.name);
    return upload(card, body, attempts)
      .then(null, function (e) {
        fill(card, {ok: false, json: {error: e && e.stored ? "照片已保存，但识别结果没有传回，请刷新页面查看"
                                                           : "网络不通，照片没有传上去，请重试"}});
      });
  }

  function enqueue(file, card) {
    if (!card) {
      card = el("li", "photo pending");
      var img = el("img", "thumb"); img.alt = "照片 " + file.name; img.width = 96; img.height = 96;
      img.src = URL.createObjectURL(file);
      card.appendChild(img);
      card.appendChild(el("div", "result"));
      list.insertBefore(card, list.firstChild);
      recount();
    }
    card.file = file;
    card.className = "photo pending";
    var box = card.querySelector(".result");
    box.innerHTML = "";
    box.appendChild(el("span", "spinner", ""));
    box.appendChild(el("span", "", "正在上传并识别…"));
    busy += 1; lock();
    queue.push(card);
    if (queue.length === 1) next();
  }
  function next() {
    if (!queue.length) return;
    send(queue[0]).then(function () { queue.shift(); busy -= 1; lock(); recount(); next(); });
  }

  inputs.forEach(function (input) {
    input.addEventListener("change", function () {
      Array.prototype.slice.call(input.files).forEach(function (f) { enqueue(f); });
      input.value = "";
    });
  });

  function wireRemove(f) {
    f.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var card = f.closest("li.photo"), retake = /重拍/.test(f.querySelector("button").textContent);
      var body = new FormData(); body.append("csrf_token", token);
      post(f.dataset.api, body, attempts).then(function (res) {
        if (!res.ok) { card.querySelector(".result").appendChild(el("div", "problem", res.json.error || "没有移除，请重试")); return; }
        card.remove(); recount(); showMissing(res.json.missing || []);
        status.textContent = retake ? "已移除，请重新拍这张" : "已移除（照片仍留存备查）";
        if (retake && camera) camera.click();
      }, function () { card.querySelector(".result").appendChild(el("div", "problem", "网络不通，没有移除，请重试")); });
    });
  }
  list.querySelectorAll("form.remove").forEach(wireRemove);
})();

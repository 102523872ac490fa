// Upload the chosen photos one at a time, retrying each on a network failure, then show the page again with
// every photo's feedback. Without JavaScript the form posts all photos at once and works the same.
(function () {
  var form = document.getElementById("upload");
  if (!form || !window.fetch || !window.FormData) return;
  var status = document.getElementById("upload-status");
  var attempts = parseInt(form.dataset.attempts, 10) || 1;
  var backoff = parseInt(form.dataset.backoff, 10) || 0;
  var token = form.querySelector("input[name=csrf_token]").value;

  function wait(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  function send(file, left) {
    var body = new FormData();
    body.append("csrf_token", token);
    body.append("photo", file, file.name);
    return fetch(form.dataset.api, {method: "POST", body: body, credentials: "same-origin",
                                    headers: {"Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, json: j}; }); })
      .catch(function (err) {
        if (left <= 1) throw err;
        return wait(backoff).then(function () { return send(file, left - 1); });
      });
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var files = Array.prototype.slice.call(form.querySelector("input[type=file]").files);
    var problems = [];
    var chain = Promise.resolve();
    files.forEach(function (file, i) {
      chain = chain.then(function () {
        status.textContent = "正在上传第 " + (i + 1) + " / " + files.length + " 张…";
        return send(file, attempts).then(function (res) {
          if (!res.ok) problems.push(file.name + "：" + (res.json.error || "上传失败"));
        }, function () { problems.push(file.name + "：网络不通，上传失败，请重试"); });
      });
    });
    chain.then(function () {
      if (problems.length) {
        status.textContent = problems.join("；");
        status.className = "error";
        setTimeout(function () { location.reload(); }, 4000);
      } else {
        location.reload();
      }
    });
  });
})();

// The audit desk's few lines of JavaScript (no build step, no external code):
// - the reviewer's name, typed once, kept in this browser's localStorage;
// - finding review buttons: PATCH /api/findings/ID with {status, note, by};
// - the upload page: drag and drop, POST /api/reports?wait=0, then progress by polling.
(function () {
  "use strict";
  var KEY = "rm-desk-user";
  var user = document.getElementById("desk-user");
  function name() { return (user && user.value.trim()) || localStorage.getItem(KEY) || ""; }
  if (user) {
    user.value = localStorage.getItem(KEY) || "";
    user.addEventListener("input", function () {
      localStorage.setItem(KEY, user.value.trim());
      document.cookie = "desk_user=" + encodeURIComponent(user.value.trim()) + "; path=/; SameSite=Strict";
      user.classList.remove("need");
    });
  }
  function needName(msg) {
    if (name()) return false;
    if (user) { user.classList.add("need"); user.focus(); }
    if (msg) msg.textContent = "请先在“审核人”处填写姓名 / type your name under Reviewer first";
    return true;
  }
  var LABELS = {open: "待核查", checked: "已核实", explained: "已说明", returned: "退回乡镇"};

  // ---- findings on the report page
  function send(box, status, note) {
    var msg = box.querySelector(".msg");
    if (needName(msg)) return;
    msg.textContent = "";
    fetch("/api/findings/" + box.dataset.finding, {
      method: "PATCH", headers: {"Content-Type": "application/json"},
      body: JSON.stringify({status: status, note: note || "", by: name()})
    }).then(function (r) {
      return r.json().then(function (data) { return {ok: r.ok, data: data}; });
    }).then(function (res) {
      if (!res.ok) { msg.textContent = res.data.error || "error"; return; }
      var d = res.data;
      box.dataset.status = d.status;
      var st = box.querySelector(".st");
      st.className = "st st-" + d.status;
      st.textContent = d.status_label || LABELS[d.status] || d.status;
      box.querySelector(".who-at").textContent = d.by + " · " + d.at;
      var n = box.querySelector(".note");
      n.textContent = d.note || "";
      n.hidden = !d.note;
      box.querySelector(".editor").hidden = true;
    }).catch(function (e) { msg.textContent = "网络错误 network error: " + e; });
  }
  document.querySelectorAll(".review[data-finding]").forEach(function (box) {
    var editor = box.querySelector(".editor");
    var area = editor.querySelector("textarea");
    var pending = null;
    box.querySelectorAll("button[data-set]").forEach(function (b) {
      b.addEventListener("click", function () {
        var s = b.dataset.set;
        if (s === "explained" || s === "returned") {
          if (needName(box.querySelector(".msg"))) return;
          pending = s;
          area.value = box.querySelector(".note").textContent;
          area.placeholder = s === "explained" ? "如何说明 how it was explained (必填 required)"
                                               : "退回原因 why it goes back to the township (必填 required)";
          editor.hidden = false;
          area.focus();
        } else {
          send(box, s, "");
        }
      });
    });
    editor.querySelector(".save").addEventListener("click", function () { send(box, pending, area.value); });
    editor.querySelector(".cancel").addEventListener("click", function () { editor.hidden = true; });
  });

  // ---- upload page
  var form = document.getElementById("upload-form");
  if (!form) return;
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var rows = document.getElementById("progress-rows");
  var bar = document.getElementById("progress-bar");
  var count = document.getElementById("progress-count");
  var by = document.getElementById("upload-by");

  function cell(tr, text) { var td = document.createElement("td"); td.textContent = text; tr.appendChild(td); return td; }
  function show(files) {
    rows.textContent = "";
    var done = 0;
    files.forEach(function (f) {
      var tr = document.createElement("tr");
      tr.className = "st-" + f.status;
      cell(tr, f.client_name);
      cell(tr, {queued: "排队 queued", mining: "处理中 mining", ok: "完成 ok", failed: "失败 failed"}[f.status] || f.status);
      var td = cell(tr, "");
      if (f.status === "failed") td.textContent = "无法读取 unreadable: " + (f.reason || "");
      (f.reports || []).forEach(function (id) {
        var a = document.createElement("a");
        a.href = "/reports/" + id; a.textContent = "报告 report " + id + " ";
        td.appendChild(a);
      });
      if (f.status === "ok" || f.status === "failed") done++;
      rows.appendChild(tr);
    });
    bar.style.width = (files.length ? 100 * done / files.length : 100) + "%";
    count.textContent = done + " / " + files.length;
    return done === files.length;
  }
  function poll(url) {
    fetch(url).then(function (r) { return r.json(); }).then(function (data) {
      if (!show(data.files)) setTimeout(function () { poll(url); }, 700);
      else document.body.dataset.uploadDone = "1";
    });
  }
  function upload(fileList) {
    if (!fileList || !fileList.length) return;
    var data = new FormData();
    for (var i = 0; i < fileList.length; i++) data.append("files", fileList[i], fileList[i].name);
    ["township", "year"].forEach(function (k) { var v = form.elements[k].value.trim(); if (v) data.append(k, v); });
    data.append("by", name());
    document.getElementById("progress").hidden = false;
    delete document.body.dataset.uploadDone;
    rows.textContent = "";
    count.textContent = "上传中 uploading…";
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/reports?wait=0");
    xhr.upload.onprogress = function (e) { if (e.lengthComputable) bar.style.width = (100 * e.loaded / e.total) + "%"; };
    xhr.onload = function () {
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {error: xhr.responseText}; }
      if (xhr.status >= 400) { count.textContent = "上传失败 upload refused: " + (body.error || xhr.status); return; }
      show(body.files);
      poll(body.progress);
    };
    xhr.onerror = function () { count.textContent = "网络错误 network error"; };
    xhr.send(data);
  }
  form.addEventListener("submit", function (e) {
    e.preventDefault();
    upload(input.files);
    input.value = "";  // sent: choosing again starts a new batch
  });
  ["dragenter", "dragover"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (t) {
    drop.addEventListener(t, function (e) { e.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (e) { upload(e.dataTransfer.files); });
  if (by) by.value = name();
})();

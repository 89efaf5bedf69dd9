// The upload page: choose or drop files, send them with per-file progress, show the queue and the report.
// Plain DOM code, no framework; every piece of text from the server goes in through textContent.
"use strict";

(function () {
  const VERDICTS = {
    high_risk: "High risk: these papers may leave you owing the rest of the loan",
    needs_review: "Needs review: some wording should be checked before you sign",
    low_risk: "Low risk: nothing found that leaves you owing the rest of the loan",
  };
  const $ = (id) => document.getElementById(id);
  let chosen = [];
  let limits = { max_files: 20, max_total_bytes: 50 * 1024 * 1024, max_pages: 200 };

  function show(el, text) { el.textContent = text; el.hidden = !text; }

  function fmtSize(n) { return n < 1024 * 1024 ? Math.ceil(n / 1024) + " KB" : (n / 1048576).toFixed(1) + " MB"; }

  function listFiles() {
    const list = $("file-list");
    list.replaceChildren();
    chosen.forEach((file) => {
      const li = document.createElement("li");
      const name = document.createElement("span");
      name.textContent = file.name + " (" + fmtSize(file.size) + ")";
      const bar = document.createElement("progress");
      bar.max = 100; bar.value = 0;
      const pct = document.createElement("span");
      pct.className = "pct"; pct.textContent = "0%";
      li.append(name, bar, pct);
      list.append(li);
    });
    $("check").disabled = chosen.length === 0;
  }

  function addFiles(files) {
    chosen = chosen.concat(Array.from(files));
    show($("error"), "");
    listFiles();
  }

  function checkLimits() {
    const total = chosen.reduce((s, f) => s + f.size, 0);
    if (chosen.length > limits.max_files) return "Too many files: at most " + limits.max_files + " per upload.";
    if (total > limits.max_total_bytes) {
      return "The upload is too large: at most " + Math.floor(limits.max_total_bytes / 1048576) + " MB in all per upload.";
    }
    return "";
  }

  function setProgress(loaded) {
    // The parts go in order: the bytes sent so far fill the files' bars one after another.
    const rows = $("file-list").children;
    let before = 0;
    chosen.forEach((file, i) => {
      const done = Math.max(0, Math.min(file.size, loaded - before));
      const pct = file.size ? Math.round((100 * done) / file.size) : 100;
      rows[i].querySelector("progress").value = pct;
      rows[i].querySelector(".pct").textContent = pct + "%";
      before += file.size;
    });
  }

  function pollQueue(ticket) {
    const poll = { done: false, id: 0 };
    poll.id = setInterval(() => {
      fetch("/api/queue?ticket=" + encodeURIComponent(ticket)).then((r) => r.json()).then((q) => {
        if (poll.done) return;
        if (q.position) show($("status"), "Waiting for the scanner: you are number " + q.position + " in the queue.");
        else show($("status"), "Reading your documents\u2026");
      }).catch(() => {});
    }, 500);
    return poll;
  }

  function showResult(data) {
    const f = data.findings;
    const verdict = $("verdict");
    verdict.textContent = VERDICTS[f.verdict] || f.verdict;
    verdict.className = f.verdict;
    verdict.dataset.verdict = f.verdict;
    $("summary").textContent = f.summary;
    $("json-link").href = data.json_url;
    const letter = $("letter-link");
    letter.hidden = !data.letter_url;
    if (data.letter_url) letter.href = data.letter_url;
    $("report").src = data.report_url;
    $("forget").dataset.url = data.delete_url;
    $("result").hidden = false;
    show($("status"), "Done. The report stays available for " + Math.round(data.expires_in / 60) + " minutes.");
  }

  function upload(event) {
    event.preventDefault();
    const problem = checkLimits();
    if (problem) { show($("error"), problem); return; }
    const ticket = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
    const body = new FormData();
    chosen.forEach((file) => body.append("files", file, file.name));
    const xhr = new XMLHttpRequest();
    let poll = null;
    xhr.open("POST", "/api/scan?view=page&ticket=" + encodeURIComponent(ticket));
    xhr.responseType = "json";
    xhr.upload.onprogress = (e) => setProgress(e.loaded);
    xhr.upload.onload = () => {
      setProgress(Infinity);
      show($("status"), "Uploaded. Waiting for the scanner\u2026");
      poll = pollQueue(ticket);
    };
    xhr.onloadend = () => {
      if (poll) { poll.done = true; clearInterval(poll.id); }
      $("check").disabled = false;
      if (xhr.status === 200 && xhr.response) { showResult(xhr.response); return; }
      const reason = xhr.response && xhr.response.error;
      show($("status"), "");
      show($("error"), reason || "The upload failed (HTTP " + (xhr.status || "no answer") + "). Please try again.");
    };
    $("check").disabled = true;
    $("result").hidden = true;
    show($("error"), "");
    show($("status"), "Uploading\u2026");
    xhr.send(body);
  }

  function forget() {
    const url = $("forget").dataset.url;
    if (!url) return;
    fetch(url, { method: "DELETE" }).finally(() => {
      $("result").hidden = true;
      $("report").src = "about:blank";
      show($("status"), "The report was deleted from the server.");
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    fetch("/api/limits").then((r) => r.json()).then((l) => {
      limits = l;
      $("limits-hint").textContent = "PDF, PNG or JPG \u2014 up to " + l.max_files + " files, " +
        Math.floor(l.max_total_bytes / 1048576) + " MB and " + l.max_pages + " pages in all.";
    }).catch(() => {});
    $("files").addEventListener("change", (e) => { addFiles(e.target.files); e.target.value = ""; });
    const drop = $("drop");
    drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (e) => {
      e.preventDefault();
      drop.classList.remove("over");
      addFiles(e.dataTransfer.files);
    });
    $("upload").addEventListener("submit", upload);
    $("forget").addEventListener("click", forget);
  });
})();

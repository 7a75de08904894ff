// Live sync status for the sync page: "sync now" without leaving the page, a progress
// indicator while it runs, and the status cells refreshed every few seconds. The page works
// without this script (the form posts and the server redirects back).
(function () {
  "use strict";
  var form = document.getElementById("sync-form");
  if (!form) return;
  var bar = document.getElementById("sync-progress");
  var live = document.getElementById("sync-live");
  function set(id, text) { var cell = document.getElementById(id); if (cell) cell.textContent = text; }
  function refresh() {
    return fetch("/sync/status.json", { credentials: "same-origin" })
      .then(function (answer) { return answer.json(); })
      .then(function (status) {
        bar.hidden = !status.running;
        live.textContent = status.running ? (status.progress || "Đang đồng bộ…") : "";
        set("outbox", String(status.outbox));
        set("last-sync", status.last_sync || "chưa bao giờ");
        set("last-error", status.last_error || "không");
        set("cursor", String(status.cursor));
        set("conflicts", String(status.conflicts));
      })
      .catch(function () { live.textContent = "Không đọc được trạng thái."; });
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    // The last sync's result and error are not this one's: they go until the page reloads with it.
    ["sync-result", "sync-error"].forEach(function (id) { var old = document.getElementById(id); if (old) old.remove(); });
    bar.hidden = false;
    live.textContent = "Đang đồng bộ…";
    var poll = setInterval(refresh, 400);
    fetch(form.action, { method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin" })
      .then(function () { clearInterval(poll); window.location.reload(); })
      .catch(function () { clearInterval(poll); live.textContent = "Không gửi được yêu cầu đồng bộ."; });
  });
  setInterval(refresh, 5000);
})();

// The queue's "select all" box in each province's table; the form works without it.
(function () {
  "use strict";
  document.querySelectorAll("#batch-form input.select-all").forEach(function (box) {
    box.addEventListener("change", function () {
      box.closest("table").querySelectorAll("input[name=nomination]").forEach(function (pick) { pick.checked = box.checked; });
    });
  });
})();

/* Polls an analysis's progress and reloads the page when it has finished or failed.
 * <section data-progress-url="…/status.json" data-status="queued|running"> with a <progress>
 * and an element [data-progress-message]. Without JavaScript the page offers a reload link. */
(function () {
  "use strict";
  var box = document.querySelector("[data-progress-url]");
  if (!box) {
    return;
  }
  var bar = box.querySelector("progress");
  var message = box.querySelector("[data-progress-message]");
  var url = box.getAttribute("data-progress-url");
  function poll() {
    fetch(url, { headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (!data) {
          window.setTimeout(poll, 5000);
          return;
        }
        if (bar) {
          bar.value = data.progress;
          bar.textContent = data.progress + "%";
        }
        if (message) {
          message.textContent = data.status_label + (data.message ? " · " + data.message : "");
        }
        if (data.status === "done" || data.status === "failed") {
          window.location.reload();
        } else {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () {
        window.setTimeout(poll, 5000);
      });
  }
  window.setTimeout(poll, 1500);
})();

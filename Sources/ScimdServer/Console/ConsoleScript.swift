/// The console's progressive enhancement, served as `/console/assets/console.js` (no inline
/// script: CSP `default-src 'self'`). Every page works without it.
enum ConsoleScript {
    static let js = """
        "use strict";
        // Filters: a changed status select submits its form at once (the button still works).
        document.querySelectorAll("form.filters select[data-autosubmit]").forEach(function (select) {
          select.addEventListener("change", function () { select.form.requestSubmit(); });
        });
        // Live follow of the sync log (Server-Sent Events): a switch the page gets only with script.
        (function () {
          var holder = document.getElementById("follow");
          var rows = document.getElementById("log-rows");
          if (!holder || !rows || !window.EventSource) { return; }
          var label = document.createElement("label");
          var box = document.createElement("input");
          box.type = "checkbox";
          label.appendChild(box);
          label.appendChild(document.createTextNode(" Follow new entries live"));
          var status = document.createElement("span");
          status.setAttribute("role", "status");
          holder.appendChild(label);
          holder.appendChild(status);
          var source = null;
          function cell(row, text) { var td = document.createElement("td"); td.textContent = text; row.appendChild(td); return td; }
          box.addEventListener("change", function () {
            if (!box.checked) { if (source) { source.close(); source = null; } status.textContent = ""; return; }
            source = new EventSource(holder.getAttribute("data-stream"));
            status.textContent = " (following)";
            source.addEventListener("entry", function (event) {
              var e = JSON.parse(event.data);
              var row = document.createElement("tr");
              var time = cell(row, "");
              var link = document.createElement("a");
              link.href = "/console/log/" + e.seq;
              link.textContent = e.time;
              time.appendChild(link);
              var badge = document.createElement("span");
              badge.className = "status status-" + e.status;
              badge.textContent = e.status;
              cell(row, "").appendChild(badge);
              cell(row, e.operation);
              cell(row, (e.resourceType || "") + " " + (e.resourceName || ""));
              cell(row, e.message).className = "message";
              rows.insertBefore(row, rows.firstChild);
              while (rows.children.length > 200) { rows.removeChild(rows.lastChild); }
            });
          });
        })();
        // Destructive forms ask first.
        document.querySelectorAll("form[data-confirm]").forEach(function (form) {
          form.addEventListener("submit", function (event) {
            if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
          });
        });
        """
}

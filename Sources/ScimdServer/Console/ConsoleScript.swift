/// The console's progressive enhancement, served as `/console/assets/console.js` (no inline
/// script: CSP `default-src 'self'`). Every page works without it.
enum ConsoleScript {
    static let js = """
        "use strict";
        // Filters: a changed status select submits its form at once (the button still works).
        document.querySelectorAll("form.filters select[data-autosubmit]").forEach(function (select) {
          select.addEventListener("change", function () { select.form.requestSubmit(); });
        });
        // Destructive forms ask first.
        document.querySelectorAll("form[data-confirm]").forEach(function (form) {
          form.addEventListener("submit", function (event) {
            if (!window.confirm(form.getAttribute("data-confirm"))) { event.preventDefault(); }
          });
        });
        """
}

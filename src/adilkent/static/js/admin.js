/* adilkent's additions to the Django admin: names for the controls it leaves without one.
 *
 * - The fields of a tabular inline (a table of related rows) have no label: each is named by
 *   its column's heading. Rows added later are copies of the template row, names included.
 * - The two-box selector (filter_horizontal) draws its search icons as spans with an
 *   aria-label, which a span may not carry without a role: they are given the role "img".
 */
(function () {
  "use strict";

  function nameInlineFields() {
    document.querySelectorAll(".inline-group .tabular table").forEach(function (table) {
      var headings = Array.prototype.slice.call(table.querySelectorAll("thead th"));
      table.querySelectorAll("tbody tr.form-row").forEach(function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, index) {
          var heading = headings[index];
          var name = heading ? heading.textContent.trim() : "";
          if (!name) {
            return;
          }
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(
            function (field) {
              if (!(field.labels && field.labels.length) && !field.hasAttribute("aria-label")) {
                field.setAttribute("aria-label", name);
              }
            }
          );
        });
      });
    });
  }

  function giveIconsARole() {
    document.querySelectorAll("span.help-tooltip[aria-label]").forEach(function (icon) {
      if (!icon.hasAttribute("role")) {
        icon.setAttribute("role", "img");
      }
    });
  }

  nameInlineFields();
  giveIconsARole();
  // the two-box selector is drawn when the page has loaded
  window.addEventListener("load", function () {
    window.setTimeout(giveIconsARole, 0);
  });
})();

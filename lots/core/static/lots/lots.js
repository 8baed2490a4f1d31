// Small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // Forms marked data-confirm ask before submitting (e.g. closing a unit).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
  // A form sent with errors: focus the error summary so screen readers announce it and keyboard users start there.
  // An element marked data-focus-on-load (a result shown where the person acted) takes the focus instead.
  var first = document.querySelector("[data-focus-on-load]") || document.getElementById("error-summary");
  if (first) {
    first.focus();
  }
  // A link in the error summary moves focus to the field itself, not just the view.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("#error-summary a[href^='#']");
    var target = link && document.getElementById(link.getAttribute("href").slice(1));
    if (target) {
      event.preventDefault();
      target.focus();
      var group = target.closest("fieldset, .field");
      if (group) {
        group.scrollIntoView({ block: "start" });
      }
    }
  });
  // A field with a maximum length says so in its live region once the length is reached.
  document.addEventListener("input", function (event) {
    var field = event.target;
    var limit = field && field.id && document.querySelector("[data-limit-for='" + field.id + "']");
    if (!limit || !field.maxLength || field.maxLength < 0) {
      return;
    }
    var text = field.value.length >= field.maxLength ? limit.getAttribute("data-limit-message") : "";
    if (limit.textContent !== text) {
      limit.textContent = text;
    }
  });
  // The language selector submits on change when scripts run.
  document.addEventListener("change", function (event) {
    if (event.target && event.target.id === "language-select") {
      event.target.form.submit();
    }
  });
  // Phones: the "Meny" link in the header opens and closes the main menu in place. Without scripts it jumps to
  // the menu, which its :target rule then shows.
  var toggle = document.querySelector(".menu-toggle");
  var menu = document.getElementById("huvudmeny");
  if (toggle && menu) {
    toggle.setAttribute("role", "button");
    toggle.setAttribute("aria-expanded", "false");
    var flip = function (event) {
      event.preventDefault();
      var open = !menu.classList.contains("main-nav--open");
      menu.classList.toggle("main-nav--open", open);
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    };
    toggle.addEventListener("click", flip);
    toggle.addEventListener("keydown", function (event) {
      if (event.key === " ") {
        flip(event);
      }
    });
  }
  // List tables stack their rows on a phone: each cell carries its column's heading in data-label, which the
  // stylesheet shows before the value. Only plain lists qualify: one heading row of th, rows of as many cells.
  var headingText = function (cell) {
    var copy = cell.cloneNode(true);
    copy.querySelectorAll(".visually-hidden").forEach(function (hidden) {
      hidden.remove();
    });
    return copy.textContent.replace(/\s+/g, " ").trim();
  };
  document.querySelectorAll("table").forEach(function (table) {
    if (table.hasAttribute("data-no-stack") || !table.tHead || table.tHead.rows.length !== 1) {
      return;
    }
    var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var plain = heads.length >= 3 && heads.every(function (cell) {
      return cell.tagName === "TH" && cell.colSpan === 1;
    });
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      rows = rows.concat(Array.prototype.slice.call(body.rows));
    });
    plain = plain && rows.every(function (row) {
      return row.cells.length === heads.length || row.cells.length === 1;
    });
    if (!plain) {
      return;
    }
    var labels = heads.map(headingText);
    rows.forEach(function (row) {
      if (row.cells.length === 1) {
        return;
      }
      Array.prototype.forEach.call(row.cells, function (cell, index) {
        if (labels[index] && !cell.hasAttribute("data-label")) {
          cell.setAttribute("data-label", labels[index]);
        }
      });
    });
    table.classList.add("table--stack");
  });
  // Charts keep their text readable on a phone by keeping their drawn width; the frame around them scrolls.
  document.querySelectorAll("svg.chart").forEach(function (chart) {
    if (chart.closest(".chart-frame")) {
      return;
    }
    var frame = document.createElement("div");
    frame.className = "chart-frame";
    chart.parentNode.insertBefore(frame, chart);
    frame.appendChild(chart);
  });
  // A region that scrolls sideways can be reached and scrolled by keyboard; it is named after its table or chart.
  var regionName = function (region) {
    var caption = region.querySelector("caption");
    var title = region.querySelector("svg title");
    var text = caption ? headingText(caption) : title ? title.textContent : "";
    return text.trim() || document.title;
  };
  var markScrollers = function () {
    document.querySelectorAll(".table-wrap, .chart-frame").forEach(function (region) {
      var scrolls = region.scrollWidth > region.clientWidth + 1;
      if (scrolls && !region.hasAttribute("tabindex")) {
        region.setAttribute("tabindex", "0");
        region.setAttribute("data-scroll-region", "");
        if (!region.hasAttribute("role") && !region.hasAttribute("aria-label")) {
          region.setAttribute("role", "region");
          region.setAttribute("aria-label", regionName(region));
          region.setAttribute("data-scroll-region", "named");
        }
      } else if (!scrolls && region.hasAttribute("data-scroll-region")) {
        if (region.getAttribute("data-scroll-region") === "named") {
          region.removeAttribute("role");
          region.removeAttribute("aria-label");
        }
        region.removeAttribute("tabindex");
        region.removeAttribute("data-scroll-region");
      }
    });
  };
  markScrollers();
  var resizing;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizing);
    resizing = window.setTimeout(markScrollers, 150);
  });
})();

/* adilkent formatting in the browser: numbers and dates written as the server writes them.
 *
 * One digit system for every language: Latin digits (0-9), also in Arabic and Persian, and the
 * Gregorian calendar (see docs/decisions/0016-digits-and-dates.md). The browser's own default
 * for "ar" is Arabic-Indic digits and for "fa" Persian digits and the Persian calendar, so every
 * script that shows a number or a date asks this helper instead of Intl directly:
 *
 *   window.adilkentFormat.number(4503964)        → "4.503.964" (tr), "4,503,964" (en)
 *   window.adilkentFormat.date("2026-03-05")     → "5 Mart 2026" (tr), "March 5, 2026" (en)
 *   window.adilkentFormat.dateTime(isoString)    → the date as above and the time as 24-hour H:i
 *
 * Dates use the month's name (never a numeric day/month pair, which reads differently in
 * different languages) in the order the page's language writes it, the same order as the
 * server's DATE_FORMAT. Load it before the script that uses it (a classic deferred script runs
 * before the module scripts and deferred scripts after it).
 */
(function () {
  "use strict";

  function language() {
    return (document.documentElement.lang || "tr").toLowerCase();
  }

  /* The page's language with Latin digits and the Gregorian calendar. */
  function locale() {
    return language() + "-u-ca-gregory-nu-latn";
  }

  function formatter(kind, options) {
    try {
      return new Intl[kind](locale(), options);
    } catch (error) {
      return new Intl[kind]("en-u-ca-gregory-nu-latn", options);
    }
  }

  function number(value, options) {
    if (value === null || value === undefined || value === "") {
      return "";
    }
    return formatter("NumberFormat", options).format(value);
  }

  function asDate(value) {
    var moment = value instanceof Date ? value : new Date(value);
    return isNaN(moment.getTime()) ? null : moment;
  }

  var DATE = { day: "numeric", month: "long", year: "numeric" };
  var DATE_TIME = {
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  };

  function date(value) {
    var moment = asDate(value);
    return moment ? formatter("DateTimeFormat", DATE).format(moment) : "";
  }

  function dateTime(value) {
    var moment = asDate(value);
    return moment ? formatter("DateTimeFormat", DATE_TIME).format(moment) : "";
  }

  window.adilkentFormat = { locale: locale, number: number, date: date, dateTime: dateTime };
})();

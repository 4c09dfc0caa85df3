/* The mobile employment point's registration form, working without a connection.
 *
 * Each entry is saved on the tablet first (localStorage), with an identifier made here and
 * the moment it was entered, then sent to the server one by one whenever the browser is
 * online. An entry leaves the waiting list only when the server has answered for it: received
 * (200 or 201 with its identifier) or refused with the problems found (400), which are then
 * shown with the entry for staff to correct. A failed send keeps it for the next try.
 * Without this script (or without storage on the device) the form is sent as usual. */

const form = document.querySelector("[data-mobile-form]");
const textsNode = document.getElementById("mobile-texts");

function storageWorks() {
  try {
    const probe = "adilkent:probe";
    window.localStorage.setItem(probe, "1");
    window.localStorage.removeItem(probe);
    return true;
  } catch (error) {
    return false;
  }
}

if (form && textsNode && window.fetch && storageWorks()) {
  start(form, JSON.parse(textsNode.textContent));
}

function start(form, texts) {
  const queueBox = document.querySelector("[data-mobile-queue]");
  const countNode = queueBox.querySelector("[data-waiting-count]");
  const listNode = queueBox.querySelector("[data-waiting-list]");
  const connectionNode = queueBox.querySelector("[data-connection]");
  const statusNode = queueBox.querySelector("[data-send-status]");
  const sendNow = queueBox.querySelector("[data-send-now]");
  const rejectedBox = document.querySelector("[data-rejected]");
  const rejectedList = rejectedBox.querySelector("[data-rejected-list]");
  const waitingKey = form.dataset.storeKey + ":waiting";
  const rejectedKey = form.dataset.storeKey + ":rejected";
  const fields = ["stop", "name", "phone", "birth_year", "sex", "mahalle", "skills", "languages"];
  const RETRY_MS = 30000;
  let sending = false;

  queueBox.hidden = false;

  // --- the device's storage ------------------------------------------------------------

  function load(key) {
    try {
      const value = JSON.parse(window.localStorage.getItem(key) || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function store(key, entries) {
    window.localStorage.setItem(key, JSON.stringify(entries));
  }

  function withName(text, entry) {
    return text.replace("{name}", entry.name);
  }

  function newId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // An insecure context has no randomUUID: a version 4 identifier from random bytes.
    const bytes = window.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
    return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
  }

  // --- what the page shows -------------------------------------------------------------

  function timeOf(entry) {
    // The date and time as the server writes them (static/js/format.js, loaded before).
    return window.adilkentFormat.dateTime(entry.entered_at);
  }

  function describe(entry, node) {
    const name = document.createElement("bdi");
    name.textContent = entry.name;
    const phone = document.createElement("span");
    phone.dir = "ltr";
    phone.textContent = entry.phone;
    const moment = document.createElement("time");
    moment.dateTime = entry.entered_at;
    moment.textContent = timeOf(entry);
    const when = document.createElement("bdi");
    when.append(moment);
    node.append(name, " · ", phone, " · " + texts.entered + " ", when);
  }

  function showConnection() {
    connectionNode.textContent = navigator.onLine ? texts.online : texts.offline;
  }

  function say(text, link) {
    statusNode.textContent = text;
    if (link) {
      const anchor = document.createElement("a");
      anchor.href = form.dataset.pageUrl;
      anchor.textContent = texts.open_again;
      statusNode.append(" ", anchor);
    }
  }

  function render() {
    const waiting = load(waitingKey);
    countNode.textContent = String(waiting.length);
    listNode.replaceChildren();
    for (const entry of waiting) {
      const item = document.createElement("li");
      describe(entry, item);
      listNode.append(item);
    }
    sendNow.hidden = waiting.length === 0;
    renderRejected();
  }

  function renderRejected() {
    const rejected = load(rejectedKey);
    rejectedBox.hidden = rejected.length === 0;
    rejectedList.replaceChildren();
    for (const entry of rejected) {
      const item = document.createElement("li");
      describe(entry, item);
      const problems = document.createElement("ul");
      problems.className = "errorlist";
      for (const [field, messages] of Object.entries(entry.errors || {})) {
        for (const message of messages) {
          const line = document.createElement("li");
          line.textContent = (texts.labels[field] || field) + ": " + message;
          problems.append(line);
        }
      }
      const actions = document.createElement("p");
      actions.append(
        button(texts.correct, entry, () => correct(entry)),
        button(texts.discard, entry, () => discard(entry)),
      );
      item.append(problems, actions);
      rejectedList.append(item);
    }
  }

  function button(label, entry, action) {
    const node = document.createElement("button");
    node.type = "button";
    node.className = "button button--quiet";
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = " " + entry.name;
    node.append(label, who);
    node.addEventListener("click", action);
    return node;
  }

  // --- the form --------------------------------------------------------------------------

  function control(field) {
    return form.elements.namedItem(field);
  }

  function read() {
    const data = new FormData(form);
    const entry = {};
    for (const field of fields) {
      entry[field] = String(data.get(field) || "").trim();
    }
    entry.cv_consent = data.get("cv_consent") !== null;
    return entry;
  }

  function fill(entry) {
    for (const field of fields) {
      const node = control(field);
      if (node instanceof RadioNodeList) {
        node.value = entry[field] || "unsaid";
      } else if (node) {
        node.value = entry[field] || "";
      }
    }
    control("cv_consent").checked = Boolean(entry.cv_consent);
  }

  function clearPerson() {
    const stop = control("stop").value;
    fill({ stop: stop });
  }

  // The problems the device can see at once, with the server's words (the server checks
  // everything again when the entry arrives).
  function check(entry) {
    const problems = {};
    const digits = entry.phone.replace(/[^0-9]/g, "");
    if (!entry.name) {
      problems.name = [texts.name_required];
    }
    if (!entry.phone) {
      problems.phone = [texts.phone_required];
    } else if (/[^0-9 +().-]/.test(entry.phone) || digits.length < 10 || digits.length > 13) {
      problems.phone = [texts.phone_implausible];
    }
    if (entry.birth_year) {
      const year = /^[0-9]{4}$/.test(entry.birth_year) ? Number(entry.birth_year) : 0;
      const oldest = Number(form.dataset.oldestYear || 0);
      const youngest = Number(form.dataset.youngestYear || 9999);
      if (year < oldest || year > youngest) {
        problems.birth_year = [texts.birth_year_range];
      }
    }
    return problems;
  }

  function showProblems(problems) {
    let first = null;
    for (const list of form.querySelectorAll("[data-error-for]")) {
      const field = list.dataset.errorFor;
      const messages = problems[field] || [];
      list.replaceChildren(
        ...messages.map((message) => {
          const line = document.createElement("li");
          line.textContent = message;
          return line;
        }),
      );
      list.hidden = messages.length === 0;
      const node = control(field);
      const input = node instanceof RadioNodeList ? null : node;
      if (input) {
        const help = document.getElementById(input.id + "_help");
        const described = [help ? help.id : "", messages.length ? list.id : ""].filter(Boolean);
        if (described.length) {
          input.setAttribute("aria-describedby", described.join(" "));
        } else {
          input.removeAttribute("aria-describedby");
        }
        if (messages.length) {
          input.setAttribute("aria-invalid", "true");
        } else {
          input.removeAttribute("aria-invalid");
        }
      }
      if (messages.length && !first) {
        first = input || (node && node[0]) || null;
      }
    }
    return first;
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const entry = read();
    const first = showProblems(check(entry));
    if (first) {
      say(texts.correct_fields);
      first.focus();
      return;
    }
    entry.client_id = newId();
    entry.entered_at = new Date().toISOString();
    const waiting = load(waitingKey);
    waiting.push(entry);
    try {
      store(waitingKey, waiting);
    } catch (error) {
      // The device's storage is full: send this one the ordinary way.
      form.submit();
      return;
    }
    clearPerson();
    say(withName(texts.saved, entry));
    render();
    control("name").focus();
    sendAll();
  });

  function correct(entry) {
    store(rejectedKey, load(rejectedKey).filter((e) => e.client_id !== entry.client_id));
    fill(entry);
    const first = showProblems(entry.errors || {});
    say(texts.corrected);
    render();
    (first || control("name")).focus();
  }

  function discard(entry) {
    store(rejectedKey, load(rejectedKey).filter((e) => e.client_id !== entry.client_id));
    say(withName(texts.discarded, entry));
    render();
    control("name").focus();
  }

  // --- sending -----------------------------------------------------------------------------

  function forget(entry) {
    store(waitingKey, load(waitingKey).filter((e) => e.client_id !== entry.client_id));
  }

  async function sendOne(entry) {
    const body = { client_id: entry.client_id, entered_at: entry.entered_at, cv_consent: entry.cv_consent };
    for (const field of fields) {
      body[field] = entry[field];
    }
    let response;
    try {
      response = await fetch(form.dataset.sendUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": control("csrfmiddlewaretoken").value,
        },
        body: JSON.stringify(body),
      });
    } catch (error) {
      say(texts.not_reached);
      return false;
    }
    // A redirect (to the log-in page) or a refusal: the session ended or changed.
    if (response.type === "opaqueredirect" || response.status === 403) {
      say(texts.session_ended, true);
      return false;
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (error) {
      answer = null;
    }
    if ((response.status === 200 || response.status === 201) && answer && answer.client_id === entry.client_id) {
      forget(entry);
      if (response.status === 200) {
        say(withName(texts.sent_again, entry));
      } else {
        say(withName(answer.duplicate ? texts.sent_duplicate : texts.sent_new, entry));
      }
      return true;
    }
    if (response.status === 400 && answer && answer.errors) {
      forget(entry);
      const rejected = load(rejectedKey);
      rejected.push(Object.assign({}, entry, { errors: answer.errors }));
      store(rejectedKey, rejected);
      say(withName(texts.rejected, entry));
      return true;
    }
    say(texts.not_reached);
    return false;
  }

  async function sendAll() {
    showConnection();
    if (sending || !navigator.onLine || load(waitingKey).length === 0) {
      return;
    }
    sending = true;
    sendNow.disabled = true;
    try {
      // One at a time, oldest first, entries saved meanwhile included; a failure stops the
      // round and the entry waits for the next one.
      let entry = load(waitingKey)[0];
      while (entry && navigator.onLine) {
        const done = await sendOne(entry);
        render();
        entry = done ? load(waitingKey)[0] : null;
      }
    } finally {
      sending = false;
      sendNow.disabled = false;
      render();
    }
  }

  sendNow.addEventListener("click", sendAll);
  window.addEventListener("online", sendAll);
  window.addEventListener("offline", showConnection);
  // Another tab of this page may have changed what waits.
  window.addEventListener("storage", (event) => {
    if (event.key === waitingKey || event.key === rejectedKey) {
      render();
    }
  });
  // "Online" may mean a network that does not reach the server: try again now and then.
  window.setInterval(sendAll, RETRY_MS);

  showConnection();
  render();
  sendAll();
}

/* The field page of a survey, working without a connection.
 *
 * The page holds the whole form. As answers change, this script shows the questions that are
 * asked and hides the others, evaluating the form's expressions from the trees the server
 * parsed (expressions.js). "Save" checks the answers with the same rules as the server, then
 * keeps them on the tablet (localStorage) with an identifier made here, and sends the waiting
 * answer sets one by one whenever the browser is online: on the `online` event, when the page
 * loads, and every 30 seconds. An answer set leaves the device only when the server has
 * answered for it: received (or already received) with its identifier, or refused with its
 * problems, then listed for staff. This is the outbox of the mobile employment point
 * (decision 0007). A service worker (worker.js, scoped to this page) keeps the page and its
 * files so that it opens again offline. Without this script the form posts as usual. */

const form = document.querySelector("[data-field-form]");
const treeNode = document.getElementById("field-tree");
const textsNode = document.getElementById("field-texts");
const ANSWERED = new Set([
  "text", "integer", "decimal", "date", "time", "dateTime", "select_one", "select_multiple",
]);
const SKIPPED_FIELDS = new Set(["csrfmiddlewaretoken", "instance_id", "action", "shown"]);
const RETRY_MS = 30000;

function storageWorks() {
  try {
    window.localStorage.setItem("adilkent:probe", "1");
    window.localStorage.removeItem("adilkent:probe");
    return true;
  } catch (error) {
    return false;
  }
}

if (form && treeNode && textsNode && window.fetch && storageWorks()) {
  import(form.dataset.expressionsUrl).then((expressions) =>
    start(expressions, JSON.parse(treeNode.textContent), JSON.parse(textsNode.textContent)),
  );
}

function newId() {
  if (window.crypto && typeof window.crypto.randomUUID === "function") {
    return window.crypto.randomUUID();
  }
  const bytes = window.crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return [hex.slice(0, 8), hex.slice(8, 12), hex.slice(12, 16), hex.slice(16, 20), hex.slice(20)].join("-");
}

// Persian and Arabic digits, and a decimal comma, read as a number.
function asciiDigits(text) {
  return text
    .replace(/[\u06f0-\u06f9]/g, (d) => String(d.charCodeAt(0) - 0x06f0))
    .replace(/[\u0660-\u0669]/g, (d) => String(d.charCodeAt(0) - 0x0660));
}

function start({ evaluate, holds, toText }, tree, texts) {
  const queue = document.querySelector("[data-field-queue]");
  const countNode = queue.querySelector("[data-waiting-count]");
  const connectionNode = queue.querySelector("[data-connection]");
  const statusNode = queue.querySelector("[data-send-status]");
  const sendNow = queue.querySelector("[data-send-now]");
  const rejectedBox = queue.querySelector("[data-rejected]");
  const rejectedList = queue.querySelector("[data-rejected-list]");
  const summary = document.querySelector("[data-summary]");
  const summaryList = summary.querySelector("[data-summary-list]");
  const waitingKey = form.dataset.storeKey + ":waiting";
  const rejectedKey = form.dataset.storeKey + ":rejected";
  let sending = false;

  queue.hidden = false;
  // A page opened again from the service worker's copy carries the copy's identifier: each
  // answer set gets its own, made here.
  form.elements.namedItem("instance_id").value = newId();
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(form.dataset.workerUrl).catch(() => undefined);
  }

  // --- the device's storage --------------------------------------------------------------

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

  // --- the form: what is asked, and what is wrong ------------------------------------------

  function read(question, name, data) {
    if (question.type === "select_multiple") {
      return data.getAll(name).map(String);
    }
    const text = String(data.get(name) || "").trim();
    if (question.type === "integer" || question.type === "decimal") {
      const number = asciiDigits(text).replace(/\s/g, "").replace(/[,\u066b]/, ".");
      const pattern = question.type === "integer" ? /^[+-]?\d+$/ : /^[+-]?(\d+\.?\d*|\.\d+)$/;
      return pattern.test(number) ? Number(number) : text;
    }
    return text;
  }

  function isEmpty(value) {
    return value === "" || value === undefined || (Array.isArray(value) && value.length === 0);
  }

  function wrongType(question, value) {
    const names = question.choices;
    if (question.type === "integer" && !Number.isInteger(value)) return "integer";
    if (question.type === "decimal" && typeof value !== "number") return "decimal";
    if (question.type === "date" && !/^\d{4}-\d{2}-\d{2}$/.test(value)) return "date";
    if (question.type === "time" && !/^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/.test(value)) return "time";
    if (question.type === "select_one" && !names.includes(value)) return "choice";
    if (question.type === "select_multiple" && value.some((v) => !names.includes(v))) return "choice";
    return "";
  }

  function message(question, code) {
    if (code === "constraint" && question.constraint_message) return question.constraint_message;
    if (code === "required" && question.required_message) return question.required_message;
    return texts.messages[code] || texts.messages.constraint;
  }

  function instanceIndexes(name) {
    const selector = `input[type=hidden][name="${CSS.escape(name + "-instance")}"]`;
    return Array.from(form.querySelectorAll(selector), (node) => node.value);
  }

  function walk(questions, values, prefix, asked, data, problems) {
    for (const question of questions) {
      const name = prefix + question.name;
      const here = asked && (!question.relevant || holds(question.relevant, values));
      const node = document.getElementById("q-" + name);
      if (node) node.hidden = !here;
      if (question.type === "group") {
        walk(question.children, values, prefix, here, data, problems);
      } else if (question.type === "repeat") {
        const instances = instanceIndexes(name).map((index) => {
          const inner = Object.create(values);
          walk(question.children, inner, `${name}-${index}-`, here, data, problems);
          return inner;
        });
        values[question.name] = here ? instances : [];
      } else if (question.type === "calculate") {
        values[question.name] = here && question.calculation ? toText(evaluate(question.calculation, values)) : "";
      } else if (ANSWERED.has(question.type)) {
        const value = here ? read(question, name, data) : "";
        values[question.name] = value;
        if (here) check(question, name, value, values, problems);
      }
    }
  }

  function check(question, name, value, values, problems) {
    if (isEmpty(value)) {
      if (question.required || (question.required_if && holds(question.required_if, values))) {
        problems.push({ name, text: message(question, "required") });
      }
      return;
    }
    const wrong = wrongType(question, value);
    if (wrong) {
      problems.push({ name, text: message(question, wrong) });
    } else if (question.constraint && !holds(question.constraint, values, value)) {
      problems.push({ name, text: message(question, "constraint") });
    }
  }

  // Twice, as the server does until nothing changes: a later answer may decide an earlier row.
  function update() {
    const data = new FormData(form);
    const values = Object.create(null);
    walk(tree, values, "", true, data, []);
    const problems = [];
    walk(tree, values, "", true, data, problems);
    return problems;
  }

  function labelOf(name) {
    const node = document.getElementById("q-" + name);
    const label = node && node.querySelector("legend, label");
    return label ? label.textContent.trim() : name;
  }

  function showProblems(problems) {
    for (const node of form.querySelectorAll(".survey-error")) {
      node.hidden = true;
      node.textContent = "";
    }
    for (const node of form.querySelectorAll("[aria-invalid]")) {
      node.removeAttribute("aria-invalid");
    }
    summaryList.replaceChildren();
    for (const problem of problems) {
      const error = document.getElementById("error-" + problem.name);
      if (error) {
        error.textContent = problem.text;
        error.hidden = false;
      }
      const inputs = form.querySelectorAll(`[name="${CSS.escape(problem.name)}"]`);
      for (const input of inputs) {
        input.setAttribute("aria-invalid", "true");
        const described = new Set((input.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
        described.add("error-" + problem.name);
        input.setAttribute("aria-describedby", Array.from(described).join(" "));
      }
      const link = document.createElement("a");
      link.href = "#" + (inputs[0] ? inputs[0].id : "q-" + problem.name);
      link.textContent = labelOf(problem.name);
      const line = document.createElement("li");
      line.append(link, ": " + problem.text);
      summaryList.append(line);
    }
    summary.hidden = problems.length === 0;
    if (problems.length) summary.focus();
  }

  function fields() {
    const found = {};
    for (const [name, value] of new FormData(form).entries()) {
      if (!SKIPPED_FIELDS.has(name)) (found[name] = found[name] || []).push(String(value));
    }
    return found;
  }

  function clear() {
    form.reset();
    for (const node of form.querySelectorAll("[data-instance]")) node.remove();
    form.elements.namedItem("instance_id").value = newId();
    update();
    showProblems([]);
  }

  form.addEventListener("input", () => update());
  form.addEventListener("change", () => update());
  form.addEventListener("click", (event) => {
    const add = event.target.closest("[data-add]");
    const remove = event.target.closest("[data-remove]");
    if (add) {
      event.preventDefault();
      const name = add.dataset.add;
      const box = form.querySelector(`[data-instances="${CSS.escape(name)}"]`);
      const indexes = instanceIndexes(name).map(Number);
      const index = indexes.length ? Math.max(...indexes) + 1 : 0;
      const html = document.getElementById("template-" + name).innerHTML;
      box.insertAdjacentHTML(
        "beforeend",
        html.replaceAll("__i__", String(index)).replaceAll("__n__", String(indexes.length + 1)),
      );
      update();
      const first = box.lastElementChild.querySelector("input:not([type=hidden]), select, textarea");
      if (first) first.focus();
    } else if (remove) {
      event.preventDefault();
      const instance = remove.closest("[data-instance]");
      const addButton = instance.parentElement.parentElement.querySelector("[data-add]");
      instance.remove();
      update();
      if (addButton) addButton.focus();
    }
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const problems = update();
    showProblems(problems);
    if (problems.length) {
      say(texts.correct);
      return;
    }
    const entry = {
      instance_id: form.elements.namedItem("instance_id").value || newId(),
      version: Number(form.dataset.version),
      saved_at: new Date().toISOString(),
      fields: fields(),
    };
    const waiting = load(waitingKey).filter((e) => e.instance_id !== entry.instance_id);
    waiting.push(entry);
    store(waitingKey, waiting);
    clear();
    say(texts.saved);
    render();
    window.scrollTo(0, 0);
    sendAll();
  });

  // --- what waits, and sending -------------------------------------------------------------

  function say(text, signIn) {
    statusNode.textContent = text;
    if (signIn) {
      const link = document.createElement("a");
      link.href = form.dataset.pageUrl;
      link.textContent = texts.sign_in;
      statusNode.append(" ", link);
    }
  }

  function showConnection() {
    connectionNode.textContent = navigator.onLine ? texts.online : texts.offline;
  }

  function render() {
    countNode.textContent = String(load(waitingKey).length);
    sendNow.hidden = load(waitingKey).length === 0;
    const rejected = load(rejectedKey);
    rejectedBox.hidden = rejected.length === 0;
    rejectedList.replaceChildren();
    for (const entry of rejected) {
      const item = document.createElement("li");
      const when = document.createElement("time");
      when.dateTime = entry.saved_at;
      when.textContent = window.adilkentFormat.dateTime(entry.saved_at);
      item.append(texts.saved_at + " ", when);
      const list = document.createElement("ul");
      for (const [name, found] of Object.entries(entry.errors || {})) {
        for (const text of found) {
          const line = document.createElement("li");
          line.textContent = (name ? labelOf(name) + ": " : "") + text;
          list.append(line);
        }
      }
      const discard = document.createElement("button");
      discard.type = "button";
      discard.className = "button button--quiet";
      discard.textContent = texts.discard;
      discard.addEventListener("click", () => {
        store(rejectedKey, load(rejectedKey).filter((e) => e.instance_id !== entry.instance_id));
        render();
      });
      item.append(list, discard);
      rejectedList.append(item);
    }
  }

  function forget(entry) {
    store(waitingKey, load(waitingKey).filter((e) => e.instance_id !== entry.instance_id));
  }

  async function sendOne(entry) {
    let response;
    try {
      response = await fetch(form.dataset.submitUrl, {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/json",
          "X-CSRFToken": form.elements.namedItem("csrfmiddlewaretoken").value,
        },
        body: JSON.stringify(entry),
      });
    } catch (error) {
      say(texts.not_reached);
      return false;
    }
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
    if ((response.status === 200 || response.status === 201) && answer && answer.instance_id === entry.instance_id) {
      forget(entry);
      say(response.status === 201 ? texts.sent : texts.already);
      return true;
    }
    if (response.status === 400 && answer && answer.errors) {
      forget(entry);
      const rejected = load(rejectedKey);
      rejected.push(Object.assign({}, entry, { errors: answer.errors }));
      store(rejectedKey, rejected);
      say(texts.rejected);
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
  window.addEventListener("storage", (event) => {
    if (event.key === waitingKey || event.key === rejectedKey) render();
  });
  window.setInterval(sendAll, RETRY_MS);

  update();
  showConnection();
  render();
  sendAll();
}

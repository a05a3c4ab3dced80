// The buffer-mock explorer: editor, completion popup, runner, schema browser, examples.
// Everything it fetches is on this page's origin (the page's Content-Security-Policy enforces it).
import { INTROSPECTION_QUERY, buildSchemaIndex, namedTypeName, operationAt, suggest, typeToString } from "./completion.mjs";

const config = JSON.parse(document.getElementById("explorer-config").textContent);
const $ = (id) => document.getElementById(id);
const queryBox = $("query");
const variablesBox = $("variables");
const headersBox = $("headers");
const namespaceBox = $("namespace");
const versionBox = $("schema-version");
const popup = $("completions");
const STORAGE = "buffer-mock-explorer:";

const state = { index: null, examples: [], discovered: new Map(), completion: null, history: [] };

// --- small DOM helpers --------------------------------------------------------------------------
function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function setTab(group, name) {
  for (const tab of group.querySelectorAll(".tab")) {
    const active = tab.dataset.tab === name;
    tab.classList.toggle("active", active);
    $("tab-" + tab.dataset.tab).hidden = !active;
  }
}

for (const group of document.querySelectorAll(".tabs")) {
  group.addEventListener("click", (event) => {
    const tab = event.target.closest(".tab");
    if (tab) setTab(group, tab.dataset.tab);
  });
}

// --- requests -----------------------------------------------------------------------------------
function paneHeaders() {
  const text = headersBox.value.trim();
  if (!text) return {};
  const value = JSON.parse(text);
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new Error("Headers must be a JSON object");
  return value;
}

function requestHeaders() {
  const headers = { "content-type": "application/json", accept: "application/json" };
  Object.assign(headers, paneHeaders());
  const namespace = namespaceBox.value.trim();
  if (namespace) headers[config.namespaceHeader] = namespace;
  if (config.schemaVersions.length > 1 && versionBox.value) headers[config.schemaVersionHeader] = versionBox.value;
  return headers;
}

async function postGraphQL(query, variables, operationName) {
  const body = { query };
  if (variables && Object.keys(variables).length) body.variables = variables;
  if (operationName) body.operationName = operationName;
  const started = performance.now();
  const response = await fetch(config.endpoint, { method: "POST", headers: requestHeaders(), body: JSON.stringify(body) });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch (_) {
    json = null;
  }
  return { status: response.status, statusText: response.statusText, headers: response.headers, text, json, ms: performance.now() - started };
}

// --- result display -----------------------------------------------------------------------------
function renderJson(value, indent = "") {
  const fragment = document.createDocumentFragment();
  const inner = indent + "  ";
  if (Array.isArray(value)) {
    if (!value.length) return document.createTextNode("[]");
    fragment.append("[\n");
    value.forEach((item, i) => {
      fragment.append(inner, renderJson(item, inner), i < value.length - 1 ? ",\n" : "\n");
    });
    fragment.append(indent + "]");
  } else if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (!keys.length) return document.createTextNode("{}");
    fragment.append("{\n");
    keys.forEach((key, i) => {
      fragment.append(inner, el("span", { class: "j-key", text: JSON.stringify(key) }), ": ", renderJson(value[key], inner), i < keys.length - 1 ? ",\n" : "\n");
    });
    fragment.append(indent + "}");
  } else if (typeof value === "string") {
    fragment.append(el("span", { class: "j-str", text: JSON.stringify(value) }));
  } else if (typeof value === "number") {
    fragment.append(el("span", { class: "j-num", text: String(value) }));
  } else {
    fragment.append(el("span", { class: "j-lit", text: String(value) }));
  }
  return fragment;
}

function showStatus(kind, strong, rest) {
  const line = $("status-line");
  line.className = "status-line " + kind;
  line.replaceChildren(el("b", { text: strong }), rest ? " " + rest : "");
}

const RATE_LIMIT_HEADER = /^(ratelimit|ratelimit-policy|retry-after|x-ratelimit-.*)$/i;

function showRateLimit(headers) {
  const table = $("rate-limit");
  const rows = [];
  headers.forEach((value, name) => {
    if (RATE_LIMIT_HEADER.test(name)) rows.push(el("tr", {}, el("th", { text: name }), el("td", { text: value })));
  });
  rows.sort((a, b) => a.firstChild.textContent.localeCompare(b.firstChild.textContent));
  if (!rows.length) rows.push(el("tr", {}, el("th", { text: "RateLimit" }), el("td", { class: "muted", text: "no rate-limit headers on this answer" })));
  table.tBodies[0].replaceChildren(...rows);
  table.hidden = false;
}

function showResult(answer) {
  const kind = answer.status >= 200 && answer.status < 300 ? (answer.json && answer.json.errors ? "warn" : "ok") : "bad";
  const errors = answer.json && answer.json.errors ? ` · ${answer.json.errors.length} error(s)` : "";
  showStatus(kind, `HTTP ${answer.status} ${answer.statusText || ""}`.trim(), `· ${Math.round(answer.ms)} ms${errors}`);
  showRateLimit(answer.headers);
  $("result").replaceChildren(answer.json !== null ? renderJson(answer.json) : document.createTextNode(answer.text));
}

async function run() {
  let variables = {};
  try {
    const text = variablesBox.value.trim();
    variables = text ? JSON.parse(text) : {};
  } catch (error) {
    showStatus("bad", "Variables are not valid JSON:", error.message);
    return;
  }
  const query = queryBox.value;
  const operation = operationAt(query, queryBox.selectionStart);
  const button = $("run");
  button.disabled = true;
  try {
    const answer = await postGraphQL(query, variables, operation.count > 1 ? operation.name : null);
    showResult(answer);
  } catch (error) {
    showStatus("bad", "Request failed:", error.message);
  } finally {
    button.disabled = false;
  }
  persist();
}

// --- schema -------------------------------------------------------------------------------------
async function loadSchema() {
  $("schema-status").textContent = "schema: loading…";
  try {
    const answer = await postGraphQL(INTROSPECTION_QUERY, null, null);
    if (!answer.json || !answer.json.data || !answer.json.data.__schema) {
      const message = answer.json && answer.json.errors ? answer.json.errors[0].message : answer.text.slice(0, 120);
      $("schema-status").textContent = `schema: HTTP ${answer.status}: ${message}`;
      state.index = null;
      return;
    }
    state.index = buildSchemaIndex(answer.json.data.__schema);
    const version = config.schemaVersions.length > 1 ? ` (${versionBox.value || "as served"})` : "";
    $("schema-status").textContent = `schema: ${state.index.types.size} types${version}`;
    state.history = [];
    showSchemaRoot();
    document.body.dataset.schema = "loaded";
  } catch (error) {
    $("schema-status").textContent = "schema: " + error.message;
  }
}

function typeLink(ref) {
  const name = namedTypeName(ref);
  const text = typeToString(ref);
  const link = el("a", { text, "data-type": name });
  link.addEventListener("click", () => showType(name));
  return el("code", {}, link);
}

function crumbs() {
  const bar = $("schema-crumbs");
  const root = el("a", { text: "Schema" });
  root.addEventListener("click", () => {
    state.history = [];
    showSchemaRoot();
  });
  const items = [root];
  state.history.forEach((name, i) => {
    const link = el("a", { text: name });
    link.addEventListener("click", () => {
      state.history = state.history.slice(0, i);
      showType(name);
    });
    items.push(" › ", link);
  });
  bar.replaceChildren(...items);
}

function showSchemaRoot() {
  const doc = $("schema-doc");
  const index = state.index;
  if (!index) return;
  crumbs();
  const roots = [index.query, index.mutation, index.subscription].filter(Boolean);
  const byKind = new Map();
  for (const type of index.types.values()) {
    if (type.name.startsWith("__") || roots.includes(type.name)) continue;
    if (!byKind.has(type.kind)) byKind.set(type.kind, []);
    byKind.get(type.kind).push(type.name);
  }
  const sections = [el("h2", { text: "Root types" }), el("ul", {}, ...roots.map((name) => el("li", {}, typeLink({ kind: "OBJECT", name }))))];
  for (const kind of ["OBJECT", "INTERFACE", "UNION", "INPUT_OBJECT", "ENUM", "SCALAR"]) {
    const names = (byKind.get(kind) || []).sort();
    if (!names.length) continue;
    sections.push(el("h2", { text: kind.toLowerCase().replace("_", " ") + "s" }), el("ul", {}, ...names.map((name) => el("li", {}, typeLink({ kind, name })))));
  }
  doc.replaceChildren(...sections);
}

function deprecation(entry) {
  return entry.isDeprecated ? el("div", { class: "deprecated", text: "Deprecated: " + (entry.deprecationReason || "no reason given") }) : null;
}

function argumentList(args) {
  if (!args || !args.length) return null;
  return el("div", { class: "args" }, ...args.flatMap((arg, i) => [i ? el("br") : null, arg.name + ": ", typeLink(arg.type), arg.defaultValue ? " = " + arg.defaultValue : ""]));
}

function showType(name) {
  const type = state.index && state.index.types.get(name);
  if (!type) return;
  if (state.history[state.history.length - 1] !== name) state.history.push(name);
  crumbs();
  const parts = [el("div", { class: "kind", text: type.kind.toLowerCase().replace("_", " ") }), el("h2", { text: type.name, id: "schema-type-name" })];
  if (type.description) parts.push(el("div", { class: "desc", text: type.description }));
  if (type.interfaces && type.interfaces.length) parts.push(el("div", {}, "implements ", ...type.interfaces.flatMap((t, i) => [i ? ", " : "", typeLink(t)])));
  const fields = type.fields || type.inputFields;
  if (fields && fields.length) {
    parts.push(
      el(
        "ul",
        { class: "fields" },
        ...fields.map((field) =>
          el(
            "li",
            {},
            el("span", { class: "field-name", text: field.name }),
            ": ",
            typeLink(field.type),
            argumentList(field.args),
            field.description ? el("div", { class: "desc", text: field.description }) : null,
            deprecation(field),
          ),
        ),
      ),
    );
  }
  if (type.enumValues && type.enumValues.length) {
    parts.push(el("ul", {}, ...type.enumValues.map((value) => el("li", {}, el("code", { text: value.name }), value.description ? el("div", { class: "desc", text: value.description }) : null, deprecation(value)))));
  }
  if (type.possibleTypes && type.possibleTypes.length) {
    parts.push(el("div", { class: "desc", text: "Possible types:" }), el("ul", {}, ...type.possibleTypes.map((t) => el("li", {}, typeLink(t)))));
  }
  $("schema-doc").replaceChildren(...parts);
}

function searchSchema(text) {
  const needle = text.trim().toLowerCase();
  if (!state.index) return;
  if (!needle) {
    showSchemaRoot();
    return;
  }
  const hits = [];
  for (const type of state.index.types.values()) {
    if (type.name.startsWith("__")) continue;
    if (type.name.toLowerCase().includes(needle)) hits.push(el("li", {}, typeLink({ kind: type.kind, name: type.name })));
    for (const field of type.fields || type.inputFields || []) {
      if (field.name.toLowerCase().includes(needle)) {
        const link = el("a", { text: type.name });
        link.addEventListener("click", () => showType(type.name));
        hits.push(el("li", {}, el("code", {}, link, "." + field.name), ": ", typeLink(field.type)));
      }
    }
    if (hits.length > 200) break;
  }
  $("schema-crumbs").replaceChildren(el("span", { class: "muted", text: `${hits.length} match(es)` }));
  $("schema-doc").replaceChildren(el("ul", {}, ...hits));
}

$("schema-search").addEventListener("input", (event) => searchSchema(event.target.value));

// --- examples -----------------------------------------------------------------------------------
const DISCOVERY = {
  organization: "query ExplorerDiscoverOrganization { account { organizations { id } } }",
  channel: "query ExplorerDiscoverChannel($input: ChannelsInput!) { channels(input: $input) { id } }",
  post: "query ExplorerDiscoverPost($input: PostsInput!) { posts(input: $input, first: 1) { edges { node { id } } } }",
};

async function discoverIds() {
  const key = namespaceBox.value + "\n" + headersBox.value;
  if (state.discovered.has(key)) return state.discovered.get(key);
  const ids = {};
  const account = await postGraphQL(DISCOVERY.organization);
  const organizations = account.json && account.json.data && account.json.data.account ? account.json.data.account.organizations : [];
  if (organizations && organizations.length) {
    ids.$org = organizations[0].id;
    const channels = await postGraphQL(DISCOVERY.channel, { input: { organizationId: ids.$org } });
    const channelList = channels.json && channels.json.data ? channels.json.data.channels : null;
    if (channelList && channelList.length) ids.$channel = channelList[0].id;
    const posts = await postGraphQL(DISCOVERY.post, { input: { organizationId: ids.$org } });
    const edges = posts.json && posts.json.data && posts.json.data.posts ? posts.json.data.posts.edges : null;
    if (edges && edges.length) ids.$post = edges[0].node.id;
  }
  state.discovered.set(key, ids);
  return ids;
}

function replacePlaceholders(value, ids) {
  if (typeof value === "string" && Object.prototype.hasOwnProperty.call(ids, value)) return ids[value];
  if (Array.isArray(value)) return value.map((item) => replacePlaceholders(item, ids));
  if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replacePlaceholders(v, ids)]));
  return value;
}

async function pickExample(example) {
  queryBox.value = example.document;
  let variables = example.variables;
  if (example.placeholders.length) {
    try {
      variables = replacePlaceholders(variables, await discoverIds());
    } catch (error) {
      showStatus("bad", "Could not look up ids for the example:", error.message);
    }
  }
  variablesBox.value = Object.keys(variables).length ? JSON.stringify(variables, null, 2) : "";
  queryBox.focus();
  queryBox.setSelectionRange(0, 0);
  await run();
}

async function loadExamples() {
  const list = $("examples");
  try {
    const response = await fetch(config.examplesUrl, { headers: { accept: "application/json" } });
    const body = await response.json();
    state.examples = body.examples || [];
    list.replaceChildren(
      ...state.examples.map((example) =>
        el("li", {}, el("button", { type: "button", "data-example": example.name, onclick: () => pickExample(example) }, el("strong", { text: example.name }), el("span", { text: example.title })))),
    );
    if (!state.examples.length) list.replaceChildren(el("li", { class: "muted", text: body.problem || "No examples." }));
    document.body.dataset.examples = "loaded";
  } catch (error) {
    list.replaceChildren(el("li", { class: "muted", text: "Examples unavailable: " + error.message }));
  }
}

async function loadNamespaces() {
  if (!config.namespacesUrl) return;
  try {
    const response = await fetch(config.namespacesUrl, { headers: { accept: "application/json" } });
    if (!response.ok) return; // the control API may be off or protected: the box stays free text
    const body = await response.json();
    const names = new Set([config.defaultNamespace, ...(body.namespaces || [])]);
    $("namespace-list").replaceChildren(...[...names].map((name) => el("option", { value: name })));
  } catch (_) {
    /* free text only */
  }
}

// --- the completion popup -----------------------------------------------------------------------
function caretPosition(textarea, offset) {
  const style = getComputedStyle(textarea);
  const mirror = document.createElement("div");
  for (const prop of ["fontFamily", "fontSize", "fontWeight", "lineHeight", "letterSpacing", "paddingTop", "paddingLeft", "paddingRight", "paddingBottom", "borderTopWidth", "borderLeftWidth", "boxSizing", "tabSize", "whiteSpace", "wordWrap"]) {
    mirror.style[prop] = style[prop];
  }
  mirror.style.position = "absolute";
  mirror.style.visibility = "hidden";
  mirror.style.whiteSpace = "pre-wrap";
  mirror.style.width = textarea.clientWidth + "px";
  mirror.textContent = textarea.value.slice(0, offset);
  const marker = document.createElement("span");
  marker.textContent = "\u200b";
  mirror.append(marker);
  document.body.append(mirror);
  const top = marker.offsetTop - textarea.scrollTop;
  const left = marker.offsetLeft - textarea.scrollLeft;
  const lineHeight = parseFloat(style.lineHeight) || 18;
  mirror.remove();
  return { top: top + lineHeight, left };
}

function closeCompletion() {
  state.completion = null;
  popup.hidden = true;
  popup.replaceChildren();
}

function renderCompletion() {
  const completion = state.completion;
  popup.replaceChildren(
    ...completion.items.slice(0, 80).map((entry, i) => {
      const row = el("li", { role: "option", class: (i === completion.selected ? "selected " : "") + (entry.deprecated ? "deprecated" : ""), title: entry.description || "" }, el("span", { class: "label", text: entry.label }), el("span", { class: "detail", text: entry.detail }), el("span", { class: "kind", text: entry.kind }));
      row.addEventListener("mousedown", (event) => {
        event.preventDefault();
        completion.selected = i;
        acceptCompletion();
      });
      return row;
    }),
  );
  const selected = popup.children[completion.selected];
  if (selected) selected.scrollIntoView({ block: "nearest" });
}

function openCompletion(explicit) {
  if (!state.index) return;
  const offset = queryBox.selectionStart;
  if (offset !== queryBox.selectionEnd) return;
  const result = suggest(queryBox.value, offset, state.index);
  const typedWord = offset - result.from > 0;
  const pointless = !explicit && (result.exact || (result.kind === "keyword" && !typedWord));
  if (!result.items.length || pointless) {
    closeCompletion();
    return;
  }
  state.completion = { ...result, selected: 0 };
  const position = caretPosition(queryBox, result.from);
  popup.style.top = Math.max(0, position.top) + "px";
  popup.hidden = false;
  renderCompletion();
  popup.style.left = Math.max(0, Math.min(position.left, queryBox.clientWidth - popup.offsetWidth - 4)) + "px";
}

function insertText(from, to, text) {
  queryBox.focus();
  queryBox.setSelectionRange(from, to);
  if (!document.execCommand("insertText", false, text)) queryBox.setRangeText(text, from, to, "end");
}

function acceptCompletion() {
  const completion = state.completion;
  if (!completion) return;
  const entry = completion.items[completion.selected];
  closeCompletion();
  if (entry) insertText(completion.from, completion.to, entry.insert);
  if (entry && (entry.insert.endsWith(" ") || entry.insert.endsWith(": "))) openCompletion(false);
}

const TRIGGERS = /[_A-Za-z0-9({@$:\[ ]/;

queryBox.addEventListener("input", (event) => {
  const typed = event.data;
  if (event.inputType === "insertText" && typed && TRIGGERS.test(typed[typed.length - 1])) {
    const before = queryBox.value.slice(0, queryBox.selectionStart);
    if (typed === " " && !/(\bon|[(:{,]|\.\.\.)\s$/.test(before) && !state.completion) return;
    openCompletion(false);
  } else if (event.inputType && event.inputType.startsWith("delete") && state.completion) {
    openCompletion(false);
  } else {
    closeCompletion();
  }
  persistSoon();
});

queryBox.addEventListener("keydown", (event) => {
  const completion = state.completion;
  if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
    event.preventDefault();
    closeCompletion();
    run();
    return;
  }
  if (event.ctrlKey && (event.key === " " || event.code === "Space")) {
    event.preventDefault();
    openCompletion(true);
    return;
  }
  if (completion) {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      const count = Math.min(completion.items.length, 80);
      completion.selected = (completion.selected + (event.key === "ArrowDown" ? 1 : count - 1)) % count;
      renderCompletion();
      return;
    }
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      acceptCompletion();
      return;
    }
    if (event.key === "Escape") {
      event.preventDefault();
      closeCompletion();
      return;
    }
  }
  if (event.key === "Tab" && !event.shiftKey) {
    event.preventDefault();
    insertText(queryBox.selectionStart, queryBox.selectionEnd, "  ");
  } else if (event.key === "Enter") {
    const start = queryBox.selectionStart;
    const line = queryBox.value.slice(queryBox.value.lastIndexOf("\n", start - 1) + 1, start);
    const indent = (line.match(/^\s*/) || [""])[0] + (/[{(]\s*$/.test(line) ? "  " : "");
    event.preventDefault();
    insertText(start, queryBox.selectionEnd, "\n" + indent);
  }
});

queryBox.addEventListener("blur", () => setTimeout(closeCompletion, 150));
queryBox.addEventListener("click", closeCompletion);
queryBox.addEventListener("scroll", closeCompletion);

for (const box of [variablesBox, headersBox]) {
  box.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      run();
    }
  });
}

// --- persistence of the editor (not of the headers: the key comes from the served world) ------
let persistTimer = null;
function persist() {
  try {
    localStorage.setItem(STORAGE + "query", queryBox.value);
    localStorage.setItem(STORAGE + "variables", variablesBox.value);
  } catch (_) {
    /* storage may be disabled */
  }
}
function persistSoon() {
  clearTimeout(persistTimer);
  persistTimer = setTimeout(persist, 400);
}

// --- start --------------------------------------------------------------------------------------
function start() {
  let storedQuery = null;
  let storedVariables = null;
  try {
    storedQuery = localStorage.getItem(STORAGE + "query");
    storedVariables = localStorage.getItem(STORAGE + "variables");
  } catch (_) {
    /* storage may be disabled */
  }
  queryBox.value = storedQuery || config.defaultQuery;
  variablesBox.value = storedVariables || "";
  headersBox.value = JSON.stringify(config.defaultHeaders, null, 2);
  namespaceBox.value = config.defaultNamespace;
  if (config.schemaVersions.length > 1) {
    // "As served" sends no header: the namespace's own version (control API, flag, fixtures) applies.
    const served = el("option", { value: "", text: `as served (default: ${config.servedSchemaVersion})` });
    versionBox.replaceChildren(served, ...config.schemaVersions.map((v) => el("option", { value: v, text: v })));
    versionBox.value = "";
    $("version-control").hidden = false;
  }
  const worldLink = $("world-link");
  const updateWorldLink = () => {
    worldLink.href = config.worldUrl + "?namespace=" + encodeURIComponent(namespaceBox.value.trim() || config.defaultNamespace);
  };
  updateWorldLink();
  namespaceBox.addEventListener("change", () => {
    updateWorldLink();
    loadNamespaces();
  });
  versionBox.addEventListener("change", loadSchema);
  headersBox.addEventListener("change", loadSchema);
  $("run").addEventListener("click", run);
  document.body.dataset.ready = "true";
  loadSchema();
  loadExamples();
  loadNamespaces();
}

start();

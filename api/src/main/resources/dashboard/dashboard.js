// Purser dashboard: plain script, no build step. Reads the same routes as every client
// (GET /v1/budgets, GET /v1/reservations?state=reserved) and follows the tenant's decisions
// on GET /v1/events (server-sent events, read with fetch so the token goes in a header).
// Everything from the server is written with textContent, never as HTML.
"use strict";

const ALERTS = new Set(["threshold_crossed", "budget_exhausted", "burn_rate_high", "frozen", "unfrozen"]);
const MAX_ROWS = 100;
let token = null;
let lastEventId = null;
let refreshTimer = null;
const denialCounts = new Map();

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key === "class") node.className = value;
    else if (key.startsWith("data-")) node.setAttribute(key, value);
    else node[key] = value;
  }
  for (const child of children) {
    node.append(child instanceof Node ? child : document.createTextNode(child == null ? "" : String(child)));
  }
  return node;
}

function problem(text) {
  const box = document.getElementById("problem");
  box.hidden = !text;
  box.textContent = text || "";
}

async function api(path) {
  const response = await fetch(path, { headers: { Authorization: "Bearer " + token } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    const error = body.error || {};
    throw new Error(path + ": " + response.status + " " + (error.code || "") + " " + (error.message || ""));
  }
  return body;
}

function percent(part, whole) {
  const p = BigInt(part), w = BigInt(whole);
  if (w === 0n) return p > 0n ? 1000 : 0;
  return Number((p * 1000n) / w) / 10;
}

function bar(used) {
  const inner = el("span");
  inner.style.width = Math.min(100, used) + "%";
  return el("span", { class: "bar" + (used >= 100 ? " over" : used >= 80 ? " hot" : "") }, inner);
}

async function refreshBudgets() {
  const body = await api("/v1/budgets");
  const rows = document.querySelector("#budgets tbody");
  rows.replaceChildren();
  const budgets = body.budgets.slice().sort((a, b) => a.budget_id.localeCompare(b.budget_id));
  if (budgets.length) {
    document.getElementById("tenant").textContent = "tenant " + budgets[0].budget_id.split("/")[0];
    document.getElementById("ledger-time").textContent = "ledger time " + budgets[0].ledger_time;
  }
  for (const budget of budgets) {
    const b = budget.balance;
    const spent = (BigInt(b.committed) + BigInt(b.debt)).toString();
    const used = percent(spent, b.limit);
    const depth = budget.budget_id.split("/").length - 1;
    const name = el("td", { class: "text" }, budget.budget_id.split("/").pop());
    name.style.paddingLeft = (0.5 + depth * 1.2) + "rem";
    name.title = budget.budget_id;
    rows.append(el("tr", { "data-budget": budget.budget_id, "data-available": b.available },
      name, el("td", { class: "text" }, b.window), el("td", {}, b.limit), el("td", {}, b.committed),
      el("td", {}, b.reserved), el("td", {}, b.debt), el("td", { "data-field": "available" }, b.available),
      el("td", {}, bar(used), " " + used + "%"),
      el("td", { class: "text" }, budget.mode === "shadow" ? el("span", { class: "badge shadow" }, "shadow") : "enforce"),
      el("td", { class: "text" }, budget.status === "active" ? "active"
        : el("span", { class: "badge " + budget.status }, budget.status))));
  }
}

async function refreshHolds() {
  const body = await api("/v1/reservations?state=reserved&limit=20");
  const now = Date.parse(body.ledger_time);
  const rows = document.querySelector("#holds tbody");
  rows.replaceChildren();
  for (const r of body.reservations) {
    const left = Math.round((Date.parse(r.ttl_expires_at) - now) / 1000);
    rows.append(el("tr", { "data-reservation": r.reservation_id, class: left < 30 ? "soon" : "" },
      el("td", { class: "text" }, r.reservation_id), el("td", { class: "text" }, r.budget_id),
      el("td", {}, r.amount_reserved), el("td", {}, left + " s")));
  }
  if (body.truncated) rows.append(el("tr", {}, el("td", { class: "text muted", colSpan: 4 }, "… more")));
}

async function refresh() {
  try {
    await Promise.all([refreshBudgets(), refreshHolds()]);
    problem(null);
  } catch (e) {
    problem(String(e.message || e));
  }
}

function soon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refresh, 300);
}

function amountOf(type, d) {
  switch (type) {
    case "reserve": return d.decision === "DENY" ? d.amount_requested : d.amount_reserved;
    case "commit": case "late_commit": return d.charged;
    case "release": case "ttl_expired": return d.released;
    case "refund": return d.amount_refunded;
    case "threshold_crossed": case "burn_rate_high": return d.spent;
    case "budget_exhausted": return d.requested;
    default: return d.limit || "";
  }
}

function alertText(type, d) {
  switch (type) {
    case "threshold_crossed": return d.budget_id + " passed " + d.threshold_percent + "% of " + d.limit
      + " (spent " + d.spent + ", window " + d.window + ")";
    case "budget_exhausted": return d.budget_id + (d.shadow ? " would have refused " : " refused ") + d.requested
      + ": short by " + d.shortfall + (d.window_resets_at ? ", resets " + d.window_resets_at : "");
    case "burn_rate_high": return d.budget_id + " burns " + d.spent_in_lookback + " per " + (d.lookback_ms / 60000)
      + " min: " + d.projected_spend + " projected against " + d.limit + " before " + d.window_resets_at;
    case "frozen": return (d.scope === "tenant" ? "tenant " + d.tenant : d.budget_id) + " frozen"
      + (d.holds_released ? ", holds released: " + d.holds_released : "") + (d.reason ? ": " + d.reason : "");
    case "unfrozen": return (d.scope === "tenant" ? "tenant " + d.tenant : d.budget_id) + " unfrozen";
    default: return type;
  }
}

function prepend(list, node) {
  list.prepend(node);
  while (list.children.length > MAX_ROWS) list.lastChild.remove();
}

function onEvent(type, event) {
  const d = event.data;
  const decision = d.decision || "";
  prepend(document.querySelector("#decisions tbody"), el("tr", { "data-type": type, "data-decision": decision },
    el("td", { class: "text" }, event.time.substring(11, 23)), el("td", { class: "text" }, type),
    el("td", { class: "text" }, d.budget_id), el("td", { class: decision === "DENY" ? "text deny" : "text allow" },
      decision), el("td", {}, amountOf(type, d)), el("td", { class: "text" }, d.reservation_id || "")));
  if (decision === "DENY") {
    const code = (d.reason_codes || [])[0] || "?";
    denialCounts.set(code, (denialCounts.get(code) || 0) + 1);
    const counts = document.getElementById("denial-counts");
    counts.replaceChildren(...[...denialCounts].map(([c, n]) =>
      el("span", { class: "count", "data-reason": c, "data-count": n }, c + ": " + n)));
    const details = d.details || {};
    prepend(document.getElementById("denials"), el("li", { "data-reason": code },
      el("span", { class: "deny" }, code), " " + details.budget_id + " refused " + d.amount_requested
      + (details.shortfall ? " (short by " + details.shortfall + ", resets " + (details.window_resets_at || "never")
        + ")" : "")));
  }
  if (ALERTS.has(type)) {
    prepend(document.getElementById("alerts"), el("li", { "data-type": type, "data-budget": d.budget_id },
      el("strong", {}, type), " " + event.time.substring(11, 19) + " " + alertText(type, d)));
  }
  soon();
}

function status(state, text) {
  const node = document.getElementById("feed-status");
  node.dataset.state = state;
  node.textContent = "feed: " + text;
}

async function follow() {
  for (;;) {
    try {
      const headers = { Authorization: "Bearer " + token, Accept: "text/event-stream" };
      if (lastEventId) headers["Last-Event-ID"] = lastEventId;
      const response = await fetch("/v1/events", { headers });
      if (!response.ok) throw new Error("/v1/events: " + response.status);
      status("live", "live");
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.substring(0, end);
          buffer = buffer.substring(end + 2);
          let id = null, type = "message";
          const data = [];
          for (const line of block.split("\n")) {
            if (line.startsWith("id:")) id = line.substring(3).trim();
            else if (line.startsWith("event:")) type = line.substring(6).trim();
            else if (line.startsWith("data:")) data.push(line.substring(5).replace(/^ /, ""));
          }
          if (data.length) {
            if (id) lastEventId = id;
            onEvent(type, JSON.parse(data.join("\n")));
          }
        }
      }
      status("off", "closed, reconnecting");
    } catch (e) {
      status("error", String(e.message || e));
    }
    await new Promise(resolve => setTimeout(resolve, 2000));
  }
}

function open(given) {
  token = given;
  sessionStorage.setItem("purser-token", token);
  document.getElementById("login").hidden = true;
  refresh();
  setInterval(refresh, 5000);
  follow();
}

document.addEventListener("DOMContentLoaded", () => {
  const fromHash = new URLSearchParams(location.hash.substring(1)).get("token");
  if (fromHash) history.replaceState(null, "", location.pathname);
  const saved = fromHash || sessionStorage.getItem("purser-token");
  if (saved) {
    open(saved);
    return;
  }
  const form = document.getElementById("login");
  form.hidden = false;
  form.addEventListener("submit", e => {
    e.preventDefault();
    open(document.getElementById("token").value.trim());
  });
});

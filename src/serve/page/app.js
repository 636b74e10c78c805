// The search page: reads its state from the URL (q, outlet, speaker, since, until, offset,
// article), asks the JSON API, and renders hits, facets and articles. Every change of state is
// a new URL, so a search can be shared and the back button works.
"use strict";

const FILTERS = ["outlet", "speaker", "since", "until"];
const $ = (id) => document.getElementById(id);

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    // Through the CSSOM: the page's policy refuses style attributes.
    else if (k === "height") node.style.height = v;
    else node.setAttribute(k, v);
  }
  for (const c of children.flat(Infinity)) {
    if (c !== null && c !== undefined) node.append(c.nodeType ? c : String(c));
  }
  return node;
}

// A snippet's `**marked**` words as <mark> elements; the text itself is never read as HTML,
// and only http(s) addresses become links.
function marked(text) {
  const out = [];
  const parts = text.split("**");
  parts.forEach((part, i) => {
    if (part) out.push(i % 2 ? el("mark", {}, part) : document.createTextNode(part));
  });
  return out;
}

function dated(date, inferred) {
  if (!date) return "undated";
  return inferred ? el("span", { class: "inferred", title: "inferred from co-reports" }, date + " (inferred)") : date;
}

function state() {
  return new URLSearchParams(location.search);
}

function go(params) {
  for (const [k, v] of [...params]) if (!v) params.delete(k);
  history.pushState(null, "", "/?" + params.toString());
  render();
}

function withParam(name, value) {
  const p = state();
  p.delete("article");
  p.delete("offset");
  if (value === null) p.delete(name); else p.set(name, value);
  return p;
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || response.statusText);
  return body;
}

function articleLink(docId, label) {
  const p = state();
  p.set("article", docId);
  return el("a", { href: "/?" + p.toString(), onclick: (e) => { e.preventDefault(); go(p); } }, label);
}

function renderHit(hit) {
  const meta = [hit.outlet || "outlet unknown", dated(hit.date, hit.date_inferred)];
  if (hit.speakers.length) meta.push("speakers: " + hit.speakers.join(", "));
  const parts = [];
  meta.forEach((m, i) => { if (i) parts.push(" · "); parts.push(m); });
  const item = el("li", { class: "hit" },
    el("h2", {}, articleLink(hit.doc_id, hit.title || "(no headline)")),
    el("div", { class: "meta" }, parts),
    el("p", { class: "snippet" }, marked(hit.snippet)));
  if (hit.also_in.length) {
    const copies = [];
    hit.also_in.forEach((c, i) => {
      if (i) copies.push("; ");
      copies.push(articleLink(c.doc_id, c.outlet || c.doc_id), " (", dated(c.date, c.date_inferred), ")");
    });
    item.append(el("div", { class: "also" }, "also in: ", copies));
  }
  return item;
}

function facetList(title, name, values) {
  if (!values.length) return [];
  return [el("h3", {}, title), el("ul", { "aria-label": title },
    values.map((v) => el("li", {}, el("button", {
      type: "button", "data-facet": name,
      "aria-label": `${v.value}, ${v.articles} articles: show only these`,
      onclick: () => go(withParam(name, v.value)),
    }, el("span", {}, v.value), el("span", { class: "count" }, v.articles)))))];
}

function dayHistogram(days) {
  if (!days.length) return [];
  const most = Math.max(...days.map((d) => d.articles));
  const bars = days.map((d) => el("button", {
    type: "button", "data-day": d.date,
    title: `${d.date}: ${d.articles} articles`,
    "aria-label": `${d.date}, ${d.articles} articles: show only that day`,
    height: `${Math.max(8, Math.round(100 * d.articles / most))}%`,
    onclick: () => { const p = withParam("since", d.date); p.set("until", d.date); go(p); },
  }));
  return [el("h3", {}, "Articles per day"), el("div", { class: "days" }, bars),
    el("div", { class: "range" }, el("span", {}, days[0].date), el("span", {}, days[days.length - 1].date))];
}

function renderFilters() {
  const p = state();
  const chips = FILTERS.filter((f) => p.get(f)).map((f) => el("button", {
    type: "button", class: "chip", "data-filter": f,
    "aria-label": `Remove filter ${f} ${p.get(f)}`,
    onclick: () => go(withParam(f, null)),
  }, `${f}: ${p.get(f)} ✕`));
  $("filters").replaceChildren(...chips);
}

async function renderSearch(p) {
  $("article").hidden = true;
  $("hits").hidden = false;
  const q = p.get("q");
  if (!q) {
    $("status").textContent = "Ask a question of the archive, or type a few words.";
    $("hits").replaceChildren(); $("facets").replaceChildren(); $("pages").replaceChildren();
    return;
  }
  const query = new URLSearchParams();
  for (const k of ["q", "offset", ...FILTERS]) if (p.get(k)) query.set(k, p.get(k));
  $("status").textContent = "Searching…";
  const answer = await api("/api/search?" + query.toString());
  const f = answer.facets;
  $("status").textContent = answer.hits.length
    ? `${f.articles} articles, ${f.passages} passages match; showing ${answer.offset + 1}–${answer.offset + answer.hits.length}.`
    : "No passage matches.";
  $("hits").replaceChildren(...answer.hits.map(renderHit));
  $("facets").replaceChildren(...facetList("Outlets", "outlet", f.outlets),
    ...facetList("Speakers", "speaker", f.speakers), ...dayHistogram(f.days));
  const pages = [];
  if (answer.offset > 0) {
    const prev = state(); prev.set("offset", Math.max(0, answer.offset - answer.limit));
    pages.push(el("button", { type: "button", onclick: () => go(prev) }, "← Previous"));
  }
  if (answer.hits.length === answer.limit && answer.offset + answer.limit <= 1000) {
    const next = state(); next.set("offset", answer.offset + answer.limit);
    pages.push(el("button", { type: "button", onclick: () => go(next) }, "Next →"));
  }
  $("pages").replaceChildren(...pages);
}

async function renderArticle(docId) {
  $("hits").hidden = true; $("pages").replaceChildren(); $("facets").replaceChildren();
  $("status").textContent = "";
  const view = $("article");
  view.hidden = false;
  const articles = await api("/api/articles/" + encodeURIComponent(docId));
  const back = state(); back.delete("article");
  view.replaceChildren(el("a", { href: "/?" + back.toString(), onclick: (e) => { e.preventDefault(); go(back); } }, "← Back to results"),
    ...articles.map((a) => el("div", {},
      el("h2", {}, a.title || "(no headline)"),
      el("div", { class: "meta" }, [a.outlet || "outlet unknown", " · ", dated(a.date, a.date_inferred),
        /^https?:\/\//i.test(a.url || "") ? [" · ", el("a", { href: a.url, rel: "noopener noreferrer" }, "original")] : null, " · ", a.source]),
      a.passages.map((p) => el("div", { class: "passage" },
        el("div", { class: "label" }, `#${p.passage}` + (p.speakers.length ? " · " + p.speakers.join(", ") : "")),
        el("p", {}, p.text))),
      el("details", {}, el("summary", {}, "Evidence"),
        el("ul", {}, a.evidence.map((e) => el("li", {}, `${e.field}: ${e.value} (${e.method}) ${e.matched || ""}`)))),
      a.removed.length ? el("details", {}, el("summary", {}, `Removed by cleaning (${a.removed.length})`),
        el("ul", {}, a.removed.map((r) => el("li", {}, `line ${r.line}, ${String(r.kind).replace(/_/g, " ")}: ${r.text}`)))) : null)));
  view.querySelector("h2")?.setAttribute("tabindex", "-1");
  view.querySelector("h2")?.focus();
}

async function render() {
  const p = state();
  $("q").value = p.get("q") || "";
  document.title = p.get("q") ? `${p.get("q")} · lede` : "lede";
  renderFilters();
  try {
    if (p.get("article")) await renderArticle(p.get("article"));
    else await renderSearch(p);
  } catch (e) {
    $("status").replaceChildren(el("span", { class: "error" }, e.message));
  }
}

document.addEventListener("DOMContentLoaded", () => {
  $("search").addEventListener("submit", (e) => {
    e.preventDefault();
    const p = new URLSearchParams();
    p.set("q", $("q").value.trim());
    const now = state();
    for (const f of FILTERS) if (now.get(f)) p.set(f, now.get(f));
    go(p);
  });
  window.addEventListener("popstate", render);
  render();
});

// KubeWise dashboard: plain JavaScript, no libraries, no inline script (the page's Content-Security-Policy forbids it).
// Every data call goes to the API beside this page with the function key from this tab's sessionStorage in the
// x-functions-key header; the key never goes into a URL.
"use strict";

(() => {
  const KEY = "kubewise-key";
  const API = location.pathname.replace(/\/dashboard\/?$/, "");
  const FINAL = ["Resolved", "RemediationFailed", "Rejected", "Expired"];
  const STATUSES = ["Detected", "Analyzing", "RemediationSuggested", "AwaitingApproval", "Approved", "Rejected", "Expired",
    "Remediating", "Verifying", "Resolved", "RemediationFailed"];
  const LIST_REFRESH_MS = 5000;
  const EVENT_REFRESH_MS = 3000;
  const $ = id => document.getElementById(id);
  let timer = null;
  let catalog = null;
  let currentMode = null;
  let decisionDirty = false;

  // ---- small helpers -------------------------------------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === "text") e.textContent = v; else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  }
  const SVG = "http://www.w3.org/2000/svg";
  function svg(tag, attrs) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    return e;
  }
  function key() { return sessionStorage.getItem(KEY) || ""; }

  /** A time in the viewer's zone, with the UTC instant on hover. */
  function time(iso) {
    if (!iso) return el("span", { class: "empty", text: "—" });
    const d = new Date(iso);
    return el("time", { datetime: d.toISOString(), title: d.toISOString().replace(".000Z", "Z") + " (UTC)", text: d.toLocaleString() });
  }
  function age(iso) {
    const s = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 1000));
    const text = s < 90 ? `${s} s` : s < 5400 ? `${Math.round(s / 60)} min` : s < 172800 ? `${Math.round(s / 3600)} h` : `${Math.round(s / 86400)} d`;
    return el("span", { title: new Date(iso).toISOString() + " (UTC)", text });
  }

  /** A number with the unit its metric or feature name implies. */
  function unitOf(name) {
    const n = (name || "").toLowerCase();
    if (/\.slope$/.test(n)) return { unit: "/s", scale: 1 };
    if (/bytes/.test(n)) return { unit: "bytes", bytes: true };
    if (/seconds?$|latency/.test(n)) return { unit: "s", scale: 1 };
    if (/(^|_)ratio(_|\.|$)/.test(n)) return { unit: "%", scale: 100 };
    if (/per_second|\.rate$/.test(n)) return { unit: "/s", scale: 1 };
    if (/restarts|replicas|containers|generation|count/.test(n)) return { unit: "", scale: 1, count: true };
    return { unit: "", scale: 1 };
  }
  function fmt(value, name) {
    if (value === null || value === undefined || Number.isNaN(value)) return "—";
    const u = unitOf(name);
    if (u.bytes) {
      const units = ["B", "KiB", "MiB", "GiB", "TiB"];
      let v = Math.abs(value), i = 0;
      while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
      return `${value < 0 ? "-" : ""}${v.toPrecision(3)} ${units[i]}`;
    }
    const v = value * u.scale;
    const text = Math.abs(v) >= 1000 || (Math.abs(v) < 0.01 && v !== 0) ? v.toExponential(2) : (+v.toPrecision(3)).toString();
    return u.unit ? `${text} ${u.unit}` : u.count ? `${text}` : text;
  }
  function percent(v) { return v === null || v === undefined ? "—" : `${Math.round(v * 100)} %`; }
  function statusBadge(s) { return el("span", { class: `status status-${s}`, text: s }); }

  function message(text, kind) {
    const m = $("message");
    m.hidden = !text;
    m.className = "message" + (kind ? " " + kind : "");
    m.textContent = text || "";
  }

  /** The API's answer: status and parsed body (problem details for errors; the 401 of some hosts has none). */
  async function api(path, init) {
    const headers = { Accept: "application/json" };
    const k = key();
    if (k) headers["x-functions-key"] = k;
    const options = { method: "GET", headers, cache: "no-store" };
    if (init && init.body !== undefined) {
      options.method = init.method || "POST";
      options.body = JSON.stringify(init.body);
      headers["Content-Type"] = "application/json";
    } else if (init && init.method) options.method = init.method;
    let res;
    try {
      res = await fetch(API + "/" + path, options);
    } catch (e) {
      return { status: 0, body: null, problem: `Could not reach the KubeWise API at ${API}: ${e.message}` };
    }
    const text = await res.text();
    let body = null;
    try { body = text ? JSON.parse(text) : null; } catch (_) { body = null; }
    let problem = null;
    if (!res.ok) problem = describeProblem(res.status, body);
    return { status: res.status, body, problem };
  }
  function describeProblem(status, body) {
    if (status === 401) {
      return "401 Unauthorized: the API refused the call without a valid function key. Enter the key above (it stays in this tab).";
    }
    let text = `${status} ${body && body.title ? body.title : "Error"}`;
    if (body && body.detail) text += ` ${body.detail}`;
    if (body && body.errors) {
      text += " " + Object.entries(body.errors).map(([f, msgs]) => `${f}: ${msgs.join(" ")}`).join("; ");
    }
    return text;
  }

  // ---- key and mode ---------------------------------------------------------------------------------------------
  function setupKey() {
    $("key").value = key();
    $("key-form").addEventListener("submit", ev => {
      ev.preventDefault();
      const v = $("key").value.trim();
      if (v) sessionStorage.setItem(KEY, v); else sessionStorage.removeItem(KEY);
      message(v ? "Key saved for this tab." : "", v ? "ok" : "");
      refreshMode();
      route();
    });
    $("key-forget").addEventListener("click", () => {
      sessionStorage.removeItem(KEY);
      $("key").value = "";
      message("Key forgotten.", "ok");
      refreshMode();
      route();
    });
  }

  async function refreshMode() {
    const r = await api("setup/mode");
    const button = $("mode-switch");
    if (r.problem) {
      currentMode = null;
      $("mode").textContent = "unknown";
      $("mode-by").textContent = "";
      button.disabled = true;
      button.textContent = "Switch mode…";
      return;
    }
    currentMode = r.body.mode;
    $("mode").textContent = currentMode;
    $("mode-by").textContent = r.body.changed_by ? `(set by ${r.body.changed_by})` : "";
    const other = currentMode === "AUTO" ? "MANUAL" : "AUTO";
    button.disabled = false;
    button.textContent = `Switch to ${other}…`;
    button.dataset.target = other;
  }

  function setupMode() {
    const dialog = $("mode-dialog");
    $("mode-switch").addEventListener("click", () => {
      const target = $("mode-switch").dataset.target;
      $("mode-dialog-title").textContent = `Switch the remediation mode to ${target}?`;
      $("mode-dialog-text").textContent = target === "AUTO"
        ? "In AUTO, KubeWise runs the commands it suggests for new incidents without waiting for anyone's approval: " +
          "each command that passes the safety policy is applied to the cluster, the fix is verified on fresh metrics " +
          "and rolled back when verification fails. Nobody is asked first."
        : "In MANUAL, every suggested fix waits for a person to approve it, and remediations that are running now are " +
          "braked before their next step.";
      $("mode-confirm").textContent = `Switch to ${target}`;
      dialog.showModal();
      $("mode-cancel").focus();
    });
    $("mode-cancel").addEventListener("click", ev => { ev.preventDefault(); dialog.close(); $("mode-switch").focus(); });
    $("mode-confirm").addEventListener("click", async ev => {
      ev.preventDefault();
      dialog.close();
      const target = $("mode-switch").dataset.target;
      const r = await api("setup/mode", { body: { mode: target } });
      if (r.problem) message(`Mode not changed: ${r.problem}`, "error");
      else message(`Remediation mode is now ${r.body.mode} (set by ${r.body.changed_by}).`, "ok");
      await refreshMode();
      $("mode-switch").focus();
    });
  }

  // ---- incidents list -------------------------------------------------------------------------------------------
  function listFilters() {
    const q = new URLSearchParams(location.hash.replace(/^#\/?\??/, ""));
    return { status: q.get("status") || "", namespace: q.get("namespace") || "" };
  }

  async function showList() {
    const f = listFilters();
    const view = $("view");
    const statusSelect = el("select", { id: "filter-status", name: "status" },
      el("option", { value: "", text: "Any status" }),
      ...STATUSES.map(s => el("option", { value: s, selected: s === f.status, text: s })));
    const nsInput = el("input", { id: "filter-namespace", name: "namespace", value: f.namespace, size: 16, placeholder: "all" });
    const form = el("form", { class: "filters", id: "filters", role: "search" },
      el("label", { for: "filter-status" }, "Status", statusSelect),
      el("label", { for: "filter-namespace" }, "Namespace", nsInput),
      el("button", { type: "submit", text: "Filter" }),
      el("span", { class: "hint", id: "refreshed", "aria-live": "off" }));
    form.addEventListener("submit", ev => {
      ev.preventDefault();
      const q = new URLSearchParams();
      if (statusSelect.value) q.set("status", statusSelect.value);
      if (nsInput.value.trim()) q.set("namespace", nsInput.value.trim());
      location.hash = "#/?" + q.toString();
    });
    const table = el("div", { id: "incidents" });
    view.replaceChildren(el("h2", { text: "Incidents" }), form, table);
    const load = async () => {
      const q = new URLSearchParams({ limit: "100" });
      if (f.status) q.set("status", f.status);
      if (f.namespace) q.set("namespace", f.namespace);
      const r = await api("remediation/events?" + q.toString());
      if (r.problem) {
        table.replaceChildren(el("p", { class: "problem", id: "list-problem", role: "alert", text: r.problem }));
        return;
      }
      table.replaceChildren(renderList(r.body));
      $("refreshed").textContent = `${r.body.total} incident(s); refreshed ${new Date().toLocaleTimeString()}, every ${LIST_REFRESH_MS / 1000} s.`;
    };
    await load();
    timer = setInterval(load, LIST_REFRESH_MS);
  }

  function stageOf(ev) {
    const last = (ev.audit_trail || [])[ev.audit_trail.length - 1];
    return last ? last.action : "—";
  }

  function renderList(page) {
    if (!page.events.length) return el("p", { class: "empty", id: "no-incidents", text: "No incidents match." });
    const rows = page.events.map(ev => {
      const top = (ev.evidence || [])[0];
      const sev = ev.ai_analysis ? ev.ai_analysis.severity : "";
      const entity = `${ev.entity_type}/${ev.namespace ? ev.namespace + "/" : ""}${ev.entity_id}`;
      return el("tr", { "data-id": ev.anomaly_id, "data-status": ev.status },
        el("td", {}, statusBadge(ev.status)),
        el("td", {}, el("a", { href: `#/events/${encodeURIComponent(ev.anomaly_id)}`, class: "incident-link", text: entity })),
        el("td", {}, top ? `${top.feature || top.detector}: ${fmt(top.value, top.feature)}` : "—"),
        el("td", { class: sev ? `sev-${sev.toLowerCase()}` : "" }, sev || "—"),
        el("td", {}, age(ev.detection_timestamp)),
        el("td", {}, stageOf(ev)));
    });
    return el("table", { id: "incident-table" },
      el("caption", { class: "hint", text: "Newest first. Select an entity to open the incident." }),
      el("thead", {}, el("tr", {}, ...["Status", "Entity", "Top evidence", "Severity", "Age", "Latest step"].map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows));
  }

  // ---- incident page --------------------------------------------------------------------------------------------
  async function showIncident(id) {
    const view = $("view");
    decisionDirty = false;
    view.replaceChildren(
      el("p", {}, el("a", { href: "#/", text: "← All incidents" })),
      el("div", { id: "incident" }, el("p", { class: "hint", text: "Loading…" })));
    if (!catalog) {
      const c = await api("remediation/commands");
      if (!c.problem) catalog = c.body.commands;
    }
    let seriesShown = null;
    const load = async () => {
      const r = await api(`remediation/events/${encodeURIComponent(id)}`);
      const host = $("incident");
      if (!host) return;
      if (r.problem) {
        host.replaceChildren(el("p", { class: "problem", role: "alert", id: "incident-problem", text: r.problem }));
        return;
      }
      const ev = r.body;
      const key = `${ev.version}`;
      let series = null;
      if (seriesShown === null || seriesShown.version !== key) {
        const s = await api(`remediation/events/${encodeURIComponent(id)}/series`);
        series = s.problem ? { problem: s.problem } : s.body;
        seriesShown = { version: key, series };
      } else series = seriesShown.series;
      renderIncident(host, ev, series);
      if (FINAL.includes(ev.status) && timer) { clearInterval(timer); timer = null; }
    };
    await load();
    timer = setInterval(load, EVENT_REFRESH_MS);
  }

  function section(id, title, ...content) {
    return el("section", { id, "aria-labelledby": id + "-h" }, el("h2", { id: id + "-h", text: title }), ...content);
  }

  function renderIncident(host, ev, series) {
    const entity = `${ev.entity_type}/${ev.namespace ? ev.namespace + "/" : ""}${ev.entity_id}`;
    const keep = decisionDirty ? $("decision") : null;
    const parts = [
      el("h2", { id: "incident-title" }, `${entity} `, statusBadge(ev.status)),
      el("dl", { class: "facts" },
        el("dt", { text: "Status" }), el("dd", { id: "incident-status", text: ev.status }),
        el("dt", { text: "Detected" }), el("dd", {}, time(ev.detection_timestamp)),
        el("dt", { text: "Last change" }), el("dd", {}, time(ev.updated_at)),
        el("dt", { text: "Anomaly score" }), el("dd", { text: `${(+ev.anomaly_score).toFixed(3)} (isolation score; lower is more anomalous)` }),
        el("dt", { text: "Event id" }), el("dd", {}, el("code", { text: ev.anomaly_id }))),
      section("charts", "Metrics behind the finding", ...renderCharts(series)),
      section("evidence", "Evidence", renderEvidence(ev)),
      section("analysis", "Analysis", ...renderAnalysis(ev)),
      section("commands", "Suggested commands", renderCommands(ev)),
    ];
    if (keep) {
      const note = $("decision-note");
      if (note) note.textContent = ev.status === "AwaitingApproval" ? "" : `The event is now ${ev.status}; sending may be refused.`;
      parts.push(keep);
    } else if (ev.status === "AwaitingApproval") {
      parts.push(renderDecision(ev));
    }
    parts.push(section("outcome", "What happened", ...renderOutcome(ev)));
    parts.push(section("audit", "Audit trail", renderAudit(ev)));
    host.replaceChildren(...parts);
  }

  // Charts: inline SVG drawn from the stored windows.
  function renderCharts(series) {
    if (!series) return [el("p", { class: "empty", text: "No series." })];
    if (series.problem) return [el("p", { class: "problem", text: series.problem })];
    const out = [el("div", { class: "legend", "aria-hidden": "true" },
      el("span", {}, el("span", { class: "sw sw-series" }), "metric"),
      el("span", {}, el("span", { class: "sw sw-band" }), "baseline ± 1 noise unit"),
      el("span", {}, el("span", { class: "sw sw-detected" }), "detected"),
      el("span", {}, el("span", { class: "sw sw-fixed" }), "fix applied"),
      el("span", {}, el("span", { class: "sw sw-verified" }), "verified"))];
    const marks = { detected: series.detected_at, fixed: series.remediated_at, verified: series.verified_at };
    for (const [name, title] of [["detection", "Detection window"], ["verification", "Verification window"]]) {
      const w = series[name];
      if (!w) {
        out.push(el("h3", { text: title }), el("p", { class: "empty", id: `no-${name}-window`,
          text: name === "detection" ? "No window was stored with this event." : "Not verified yet." }));
        continue;
      }
      out.push(el("h3", { text: `${title}: ` }, time(w.start), " – ", time(w.end), w.truncated ? " (thinned to fit)" : ""));
      // The series the evidence is about come first; beyond the first six, the rest fold away.
      const host = el("div", { id: `${name}-charts` });
      const shown = el("div", { class: "charts" });
      host.append(shown);
      if (!w.metrics.length) shown.append(el("p", { class: "empty", text: "No series of this entity in the window." }));
      w.metrics.slice(0, 6).forEach(m => shown.append(chart(m, w, marks)));
      if (w.metrics.length > 6) {
        const more = el("div", { class: "charts" });
        w.metrics.slice(6).forEach(m => more.append(chart(m, w, marks)));
        host.append(el("details", { class: "more" }, el("summary", { text: `${w.metrics.length - 6} more series` }), more));
      }
      out.push(host);
    }
    return out;
  }

  function chart(m, w, marks) {
    const W = 380, H = 170, L = 62, R = 10, T = 10, B = 26;
    // The time axis spans the window, or from the first sample when Prometheus has less history than the window.
    const first = m.points.length ? m.points[0].t : Date.parse(w.start) / 1000;
    const t1 = Date.parse(w.end) / 1000, t0 = Math.max(Date.parse(w.start) / 1000, Math.min(first, t1 - 10));
    const values = m.points.map(p => p.v);
    if (m.band) values.push(m.band.low, m.band.high, m.band.baseline);
    let lo = Math.min(...values), hi = Math.max(...values);
    if (!isFinite(lo) || !isFinite(hi)) { lo = 0; hi = 1; }
    if (hi - lo < 1e-12) { const pad = Math.abs(hi) * 0.1 || 1; hi += pad; lo = Math.max(lo >= 0 ? 0 : -Infinity, lo - pad); }
    const x = t => L + (W - L - R) * (t - t0) / Math.max(1e-9, t1 - t0);
    const y = v => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
    const labels = Object.entries(m.labels || {}).filter(([k]) => !["__name__", "job", "instance"].includes(k)).map(([k, v]) => `${k}=${v}`).join(", ");
    const desc = `${m.query_id}: ${m.points.length} samples from ${fmt(Math.min(...m.points.map(p => p.v)), m.query_id)} to ${fmt(Math.max(...m.points.map(p => p.v)), m.query_id)}` +
      (m.band ? `; baseline ${fmt(m.band.baseline, m.query_id)} (band ${fmt(m.band.low, m.query_id)} – ${fmt(m.band.high, m.query_id)})` : "");
    const s = svg("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": desc, class: "chart-svg", "data-query": m.query_id });
    s.append(Object.assign(svg("title"), { textContent: desc }));
    s.append(svg("rect", { x: L, y: T, width: W - L - R, height: H - T - B, fill: "#ffffff", stroke: "#c9d1d9" }));
    if (m.band) {
      const top = y(Math.min(hi, m.band.high)), bottom = y(Math.max(lo, m.band.low));
      s.append(svg("rect", { class: "band", x: L, y: top, width: W - L - R, height: Math.max(1, bottom - top), fill: "#d2e6fb" }));
      s.append(svg("line", { class: "baseline", x1: L, x2: W - R, y1: y(m.band.baseline), y2: y(m.band.baseline), stroke: "#0550ae", "stroke-dasharray": "4 3" }));
    }
    for (const v of [lo, hi]) {
      const t = svg("text", { x: L - 4, y: y(v) + 4, "text-anchor": "end", "font-size": 11, fill: "#4b535d" });
      t.textContent = fmt(v, m.query_id);
      s.append(t);
    }
    for (const [tt, anchor] of [[t0, "start"], [t1, "end"]]) {
      const t = svg("text", { x: x(tt), y: H - 8, "text-anchor": anchor, "font-size": 11, fill: "#4b535d" });
      t.textContent = new Date(tt * 1000).toLocaleTimeString();
      s.append(t);
    }
    if (m.points.length) {
      s.append(svg("polyline", { class: "line", fill: "none", stroke: "#0550ae", "stroke-width": 2,
        points: m.points.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ") }));
    }
    const colours = { detected: "#a40e26", fixed: "#116329", verified: "#6639ba" };
    for (const [name, iso] of Object.entries(marks)) {
      if (!iso) continue;
      const t = Date.parse(iso) / 1000;
      if (t < t0 - 2 || t > t1 + 2) continue;
      const at = x(Math.min(t1, Math.max(t0, t)));
      const line = svg("line", { class: `marker marker-${name}`, x1: at, x2: at, y1: T, y2: H - B, stroke: colours[name], "stroke-width": 2 });
      line.append(Object.assign(svg("title"), { textContent: `${name} at ${new Date(iso).toLocaleString()} (${new Date(iso).toISOString()} UTC)` }));
      s.append(line);
    }
    return el("figure", { class: "chart" }, el("figcaption", {}, el("strong", { text: m.query_id }), labels ? ` (${labels})` : ""), s);
  }

  function renderEvidence(ev) {
    const items = ev.evidence || [];
    if (!items.length) return el("p", { class: "empty", text: "No evidence recorded." });
    return el("table", { id: "evidence-table" },
      el("thead", {}, el("tr", {}, ...["Detector", "Feature or signal", "Value", "Baseline / threshold", "Deviation", "Contribution", "Message"]
        .map(h => el("th", { scope: "col", class: ["Value", "Baseline / threshold", "Deviation", "Contribution"].includes(h) ? "num" : null, text: h })))),
      el("tbody", {}, ...items.map(e => el("tr", {},
        el("td", { text: e.detector }),
        el("td", {}, el("code", { text: e.feature || "—" })),
        el("td", { class: "num", text: fmt(e.value, e.feature) }),
        el("td", { class: "num", text: e.baseline !== null && e.baseline !== undefined ? fmt(e.baseline, e.feature) : fmt(e.threshold, e.feature) }),
        el("td", { class: "num", text: e.deviation === null || e.deviation === undefined ? "—" : `${e.deviation > 0 ? "+" : ""}${(+e.deviation).toFixed(2)} (noise units)` }),
        el("td", { class: "num", text: percent(e.contribution) }),
        el("td", { text: e.message })))));
  }

  function renderAnalysis(ev) {
    const a = ev.ai_analysis;
    const who = ev.analyzer;
    if (!a) return [el("p", { class: "empty", text: "Not analysed yet." })];
    const by = who ? (who.name === "gemini" || /gemini/i.test(who.name)
      ? `Gemini${who.model ? " (" + who.model + ")" : ""}, ${who.total_tokens} tokens`
      : `the rule analyzer (${who.name})`) : "unknown";
    return [el("dl", { class: "facts", id: "analysis-facts" },
      el("dt", { text: "Analyzed by" }), el("dd", { id: "analyzer", text: by }),
      el("dt", { text: "Severity" }), el("dd", { class: `sev-${(a.severity || "").toLowerCase()}`, text: a.severity }),
      el("dt", { text: "Root cause" }), el("dd", { id: "root-cause", text: a.root_cause }),
      el("dt", { text: "Why" }), el("dd", { text: a.description || "—" }))];
  }

  function commandFacts(op) {
    const info = (catalog || []).find(c => c.name === op);
    return info ? { changes: info.changes.join(", ") || "—", reversible: info.reversible ? "yes" : "no", what: info.description } : { changes: "—", reversible: "unknown", what: "" };
  }

  function renderCommands(ev) {
    const typed = ev.typed_commands || [];
    const proposals = ev.proposals || [];
    const rows = [];
    for (const text of ev.suggested_remediation_commands || []) {
      const t = typed.find(c => c.command === text);
      const p = proposals.find(x => x.proposal === text);
      const op = t && t.data ? t.data.operation : null;
      const facts = op ? commandFacts(op) : { changes: "—", reversible: "unknown", what: "" };
      const verdict = t && t.suggestion_only ? "suggestion only (not run by KubeWise)" : p ? `${p.outcome}${p.reason ? ": " + p.reason : ""}` : "accepted";
      rows.push(el("tr", {}, el("td", {}, el("code", { text: text })), el("td", { text: verdict }), el("td", { text: facts.what || "—" }),
        el("td", { text: facts.changes }), el("td", { text: facts.reversible })));
    }
    for (const p of proposals.filter(x => x.outcome === "dropped")) {
      rows.push(el("tr", { class: "dropped" }, el("td", {}, el("code", { text: typeof p.proposal === "string" ? p.proposal : JSON.stringify(p.proposal) })),
        el("td", { text: `dropped: ${p.reason || "refused by the policy"}` }), el("td", { text: "—" }), el("td", { text: "—" }), el("td", { text: "—" })));
    }
    if (!rows.length) return el("p", { class: "empty", text: "No commands suggested." });
    return el("table", { id: "commands-table" },
      el("thead", {}, el("tr", {}, ...["Command", "Policy verdict", "What it does", "What it changes", "Reversible"].map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...rows));
  }

  function renderDecision(ev) {
    const runnable = (ev.suggested_remediation_commands || []).filter(c => !(ev.typed_commands || []).some(t => t.command === c && t.suggestion_only));
    const boxes = runnable.map((c, i) => el("label", { class: "cmd", for: `cmd-${i}` },
      el("input", { type: "checkbox", id: `cmd-${i}`, name: "commands", value: c, checked: true }), " ", el("code", { text: c })));
    const comment = el("textarea", { id: "decision-comment", name: "comment", "aria-describedby": "decision-help" });
    const result = el("div", { id: "decision-result", role: "status", "aria-live": "polite" });
    const approve = el("button", { type: "button", class: "primary", id: "approve", text: "Approve selected" });
    const reject = el("button", { type: "button", class: "danger", id: "reject", text: "Reject" });
    const form = el("form", { class: "decision" },
      el("fieldset", {}, el("legend", { text: "Commands to run" }), ...boxes),
      el("p", {}, el("label", { for: "decision-comment", text: "Comment (recorded in the audit trail)" }), el("br"), comment),
      el("p", { id: "decision-help", class: "hint", text: "Approve runs only the checked commands; Reject runs nothing. You are recorded by your key's name." }),
      el("p", { id: "decision-note", class: "hint" }),
      el("div", { class: "actions" }, approve, reject), result);
    form.addEventListener("input", () => { decisionDirty = true; });
    form.addEventListener("submit", e => e.preventDefault());
    const send = async kind => {
      const body = {};
      if (comment.value.trim()) body.comment = comment.value;
      if (kind === "approve") {
        const chosen = boxes.map(b => b.querySelector("input")).filter(i => i.checked).map(i => i.value);
        if (chosen.length !== runnable.length) body.commands = chosen;
      }
      approve.disabled = reject.disabled = true;
      const r = await api(`remediation/events/${encodeURIComponent(ev.anomaly_id)}/${kind}`, { body });
      approve.disabled = reject.disabled = false;
      if (r.problem) {
        result.className = "problem";
        result.setAttribute("role", "alert");
        result.textContent = r.problem;
        return;
      }
      decisionDirty = false;
      result.className = "done";
      result.textContent = `${kind === "approve" ? "Approved" : "Rejected"} as ${r.body.by}${r.status === 202 ? "; the workflow records it shortly" : ""}. Event status: ${r.body.event_status}.`;
      message(result.textContent, "ok");
    };
    approve.addEventListener("click", () => send("approve"));
    reject.addEventListener("click", () => send("reject"));
    return el("section", { id: "decision", "aria-labelledby": "decision-h" }, el("h2", { id: "decision-h", text: "Decide" }), form);
  }

  function renderOutcome(ev) {
    const out = [];
    const decisions = ev.approval_decisions || [];
    out.push(el("h3", { text: "Decisions" }));
    out.push(decisions.length ? el("ul", { id: "decisions" }, ...decisions.map(d => el("li", {},
      `${d.decision} by ${d.by} at `, time(d.at), d.comment ? ` — “${d.comment}”` : "", d.commands && d.commands.length ? ` (commands: ${d.commands.join(", ")})` : "")))
      : el("p", { class: "empty", text: "No decision yet." }));
    const attempts = ev.remediation_attempts || [];
    out.push(el("h3", { text: "Commands run" }));
    out.push(attempts.length ? el("table", { id: "attempts" },
      el("thead", {}, el("tr", {}, ...["Command", "Result", "Kubernetes API answer", "Started", "Finished", "Changed"].map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...attempts.map(a => el("tr", {},
        el("td", {}, el("code", { text: a.command })), el("td", { text: a.status + (a.error ? `: ${a.error}` : "") }),
        el("td", { text: a.api_status_code ? `${a.api_status_code} ${a.api_status_reason || ""}` : "—" }),
        el("td", {}, time(a.started_at)), el("td", {}, time(a.finished_at)),
        el("td", { text: Object.keys(a.after || {}).map(k => `${k}: ${a.before ? a.before[k] : "?"} → ${a.after[k]}`).join("; ") || "—" })))))
      : el("p", { class: "empty", text: "Nothing ran." }));
    out.push(el("h3", { text: "Verification" }));
    const v = ev.verification;
    out.push(v ? el("p", { id: "verification", class: v.success ? "done" : "problem" },
      `${v.success ? "Passed" : "Failed"} (${v.method}) at `, time(v.verified_at), `: ${v.summary}`)
      : el("p", { class: "empty", text: "Not verified yet." }));
    if (ev.rollback) {
      out.push(el("h3", { text: "Rollback" }), el("p", { id: "rollback" }, `${ev.rollback.outcome} at `, time(ev.rollback.at), ev.rollback.detail ? `: ${ev.rollback.detail}` : ""));
    }
    return out;
  }

  function renderAudit(ev) {
    return el("table", { id: "audit-table" },
      el("thead", {}, el("tr", {}, ...["When", "Who", "What", "Status", "Comment"].map(h => el("th", { scope: "col", text: h })))),
      el("tbody", {}, ...(ev.audit_trail || []).map(a => el("tr", {},
        el("td", {}, time(a.at)), el("td", { text: a.actor }), el("td", { text: a.action }),
        el("td", { text: a.to_status ? `${a.from_status || ""} → ${a.to_status}` : "" }), el("td", { text: a.comment || "" })))));
  }

  // ---- routing --------------------------------------------------------------------------------------------------
  function route() {
    if (timer) { clearInterval(timer); timer = null; }
    const m = location.hash.match(/^#\/events\/([^/?]+)/);
    if (m) showIncident(decodeURIComponent(m[1])); else showList();
  }

  document.addEventListener("DOMContentLoaded", () => {
    setupKey();
    setupMode();
    window.addEventListener("hashchange", () => { route(); $("view").focus(); });
    refreshMode();
    route();
  });
})();

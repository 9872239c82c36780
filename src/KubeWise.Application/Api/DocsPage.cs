namespace KubeWise.Application.Api;

/// <summary>
/// The interactive docs page: reads <c>openapi.json</c> next to it and renders every operation with a form to call it.
/// Self-contained on purpose (no CDN): it works offline, in air-gapped clusters and in tests.
/// The key comes from the page's own <c>?code=</c> or the field, and is kept only in the tab's sessionStorage.
/// </summary>
internal static class DocsPage
{
    public const string Html = """
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>KubeWise API</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem;color:#1b1f24}
h1{font-size:1.5rem}details{border:1px solid #d0d7de;border-radius:6px;margin:.5rem 0;padding:.5rem 1rem}
summary{cursor:pointer}.m{display:inline-block;width:4rem;font-weight:bold;text-transform:uppercase}
.get{color:#0969da}.post{color:#1a7f37}code{background:#f6f8fa;padding:0 .2rem}
textarea{width:100%;min-height:5rem;font-family:monospace}input{margin:.2rem}pre{background:#f6f8fa;padding:.5rem;overflow:auto;max-height:30rem}
</style>
</head>
<body>
<h1>KubeWise API</h1>
<p id="info">Loading openapi.json…</p>
<p><label>Function key: <input id="key" type="password" size="50" autocomplete="off"></label></p>
<div id="ops"></div>
<script>
"use strict";
const keyInput = document.getElementById("key");
const fromQuery = new URLSearchParams(location.search).get("code");
keyInput.value = fromQuery || sessionStorage.getItem("kubewise-key") || "";
keyInput.addEventListener("change", () => sessionStorage.setItem("kubewise-key", keyInput.value));
const base = location.pathname.replace(/\/docs\/?$/, "");
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => e.setAttribute(k, v));
  children.forEach(c => e.append(c));
  return e;
}
async function call(method, path, op, form, out) {
  let url = path;
  for (const p of op.parameters || []) {
    const v = form.querySelector(`[name="${p.name}"]`).value;
    if (p.in === "path") url = url.replace(`{${p.name}}`, encodeURIComponent(v));
  }
  const query = new URLSearchParams();
  for (const p of op.parameters || []) {
    const v = form.querySelector(`[name="${p.name}"]`).value;
    if (p.in === "query" && v) query.set(p.name, v);
  }
  const headers = {};
  if (keyInput.value) headers["x-functions-key"] = keyInput.value;
  const init = { method: method.toUpperCase(), headers };
  const body = form.querySelector("textarea");
  if (body && body.value.trim()) { init.body = body.value; headers["Content-Type"] = "application/json"; }
  out.textContent = "…";
  try {
    const res = await fetch(url + (query.toString() ? "?" + query : ""), init);
    const text = await res.text();
    let shown = text;
    try { shown = JSON.stringify(JSON.parse(text), null, 2); } catch (_) { }
    out.textContent = `${res.status} ${res.statusText}\n\n${shown}`;
  } catch (e) { out.textContent = String(e); }
}
async function load() {
  const headers = keyInput.value ? { "x-functions-key": keyInput.value } : {};
  const res = await fetch(base + "/openapi.json", { headers });
  if (!res.ok) { document.getElementById("info").textContent = `openapi.json: ${res.status}. Enter the function key and reload.`; return; }
  const doc = await res.json();
  document.getElementById("info").textContent = `${doc.info.title} ${doc.info.version}. ${doc.info.description}`;
  const ops = document.getElementById("ops");
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      const form = el("form", {});
      for (const p of op.parameters || []) form.append(el("label", {}, `${p.name} (${p.in}) `, el("input", { name: p.name })), " ");
      if (op.requestBody) {
        const ref = op.requestBody.content["application/json"].schema.$ref.split("/").pop();
        const props = Object.keys(doc.components.schemas[ref].properties);
        form.append(el("p", {}, "Body (JSON; fields: " + props.join(", ") + ")"), el("textarea", {}));
      }
      const out = el("pre", {});
      const send = el("button", { type: "submit" }, "Send");
      form.append(el("p", {}, send));
      form.addEventListener("submit", ev => { ev.preventDefault(); call(method, path, op, form, out); });
      const title = el("summary", {}, el("span", { class: "m " + method }, method), el("code", {}, path), " — " + op.summary);
      ops.append(el("details", {}, title, form, out));
    }
  }
}
load();
</script>
</body>
</html>
""";
}

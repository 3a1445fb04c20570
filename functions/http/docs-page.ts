/**
 * A readable API reference rendered from the OpenAPI document on the server: no
 * scripts, nothing fetched from elsewhere, so it works offline and under a strict CSP.
 */
// biome-ignore lint/suspicious/noExplicitAny: walks whatever JSON the OpenAPI document holds, printing it as text
type Json = Record<string, any>;

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);

const anchor = (text: string) => text.replace(/[^a-zA-Z0-9]+/g, '-');

function schemaBlock(schema: Json | undefined): string {
  if (!schema) return '';
  if (schema.$ref) {
    const name = String(schema.$ref).split('/').pop()!;
    return `<p>Schema: <a href="#schema-${anchor(name)}">${escapeHtml(name)}</a></p>`;
  }
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function operationHtml(method: string, path: string, op: Json): string {
  const params = (op.parameters ?? []) as Json[];
  const body = op.requestBody?.content?.['application/json']?.schema as Json | undefined;
  const responses = Object.entries((op.responses ?? {}) as Record<string, Json>);
  return `<section class="op" id="${anchor(`${method}-${path}`)}">
  <h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>
  <p>${escapeHtml(op.summary)}</p>${op.description ? `<p>${escapeHtml(op.description)}</p>` : ''}
  <p class="auth">${op.security ? 'Requires <code>Authorization: Bearer &lt;token&gt;</code>' : 'No authentication'}</p>
  ${
    params.length
      ? `<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>${params
          .map(
            (p) =>
              `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? 'yes' : 'no'}</td><td><code>${escapeHtml(JSON.stringify(p.schema))}</code></td></tr>`,
          )
          .join('')}</table>`
      : ''
  }
  ${body ? `<h4>Request body (application/json)</h4>${schemaBlock(body)}` : ''}
  <h4>Responses</h4><table><tr><th>status</th><th>meaning</th><th>body</th></tr>${responses
    .map(([status, r]) => {
      const [type, media] = Object.entries((r.content ?? {}) as Record<string, Json>)[0] ?? [];
      return `<tr><td>${escapeHtml(status)}</td><td>${escapeHtml(r.description)}</td><td>${type ? `<code>${escapeHtml(type)}</code>${schemaBlock(media?.schema)}` : ''}</td></tr>`;
    })
    .join('')}</table>
</section>`;
}

export function renderDocsPage(doc: Json): string {
  const ops: { tag: string; method: string; path: string; op: Json }[] = [];
  for (const [path, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>))
    for (const [method, op] of Object.entries(item)) ops.push({ tag: op.tags?.[0] ?? 'other', method, path, op });
  const tags = [...new Set(ops.map((o) => o.tag))];
  const schemas = Object.entries((doc.components?.schemas ?? {}) as Record<string, Json>);
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(doc.info?.title)} – reference</title>
<style>
body{font:15px/1.5 system-ui,sans-serif;max-width:960px;margin:0 auto;padding:1rem;color:#1b1f24}
code,pre{font-family:ui-monospace,monospace;font-size:13px}pre{background:#f4f5f7;padding:.6rem;overflow:auto;border-radius:4px}
table{border-collapse:collapse;width:100%;margin:.4rem 0}td,th{border:1px solid #d0d4da;padding:.3rem .5rem;text-align:left;vertical-align:top}
.op{border-top:1px solid #d0d4da;padding-top:.5rem;margin-top:1rem}.method{display:inline-block;min-width:4.5rem;font-weight:700}
.get{color:#0b5394}.post{color:#1e7b34}.patch{color:#8a5a00}.delete{color:#a4161a}.auth{color:#4a5361}
</style></head><body>
<h1>${escapeHtml(doc.info?.title)}</h1><p>Version ${escapeHtml(doc.info?.version)}. ${escapeHtml(doc.info?.description)}</p>
<p>Machine-readable: <a href="/openapi.json">/openapi.json</a> (OpenAPI ${escapeHtml(doc.openapi)}).</p>
<nav><ul>${tags.map((t) => `<li><a href="#tag-${anchor(t)}">${escapeHtml(t)}</a></li>`).join('')}<li><a href="#schemas">schemas</a></li></ul></nav>
${tags
  .map(
    (t) =>
      `<h2 id="tag-${anchor(t)}">${escapeHtml(t)}</h2>${ops
        .filter((o) => o.tag === t)
        .map((o) => operationHtml(o.method, o.path, o.op))
        .join('')}`,
  )
  .join('')}
<h2 id="schemas">Schemas</h2>
${schemas.map(([name, s]) => `<h3 id="schema-${anchor(name)}">${escapeHtml(name)}</h3><pre>${escapeHtml(JSON.stringify(s, null, 2))}</pre>`).join('')}
</body></html>`;
}

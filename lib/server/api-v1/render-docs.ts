import 'server-only';

type Json = Record<string, unknown>;
const esc = (s: unknown) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function schemaText(s: Json | undefined, doc: Json): string {
  if (!s) return '';
  const ref = s.$ref as string | undefined;
  if (ref) {
    const name = ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(s.anyOf) || Array.isArray(s.oneOf)) return ((s.anyOf ?? s.oneOf) as Json[]).map((x) => schemaText(x, doc)).join(' | ');
  if (s.type === 'array') return `array of ${schemaText(s.items as Json, doc)}`;
  const t = Array.isArray(s.type) ? (s.type as string[]).join(' | ') : String(s.type ?? 'any');
  return esc(t + (s.format ? ` (${s.format})` : '') + (s.const !== undefined ? ` = ${JSON.stringify(s.const)}` : ''));
}

function schemaTable(name: string, s: Json, doc: Json): string {
  const props = (s.properties ?? {}) as Record<string, Json>;
  const req = new Set((s.required ?? []) as string[]);
  const rows = Object.entries(props)
    .map(([k, v]) => `<tr><td><code>${esc(k)}</code>${req.has(k) ? ' *' : ''}</td><td>${schemaText(v, doc)}</td><td>${esc(v.description)}</td></tr>`)
    .join('');
  return `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${s.description ? `<p>${esc(s.description)}</p>` : ''}${rows ? `<table><thead><tr><th>Property</th><th>Type</th><th>Description</th></tr></thead><tbody>${rows}</tbody></table>` : `<p>${schemaText(s, doc)}</p>`}</section>`;
}

/** A self-contained HTML reference rendered from the OpenAPI document (no scripts, no CDN). */
export function renderDocs(doc: Json): string {
  const info = doc.info as Json;
  const paths = doc.paths as Record<string, Record<string, Json>>;
  const ops = Object.entries(paths)
    .flatMap(([p, methods]) =>
      Object.entries(methods).map(([m, op]) => {
        const params = ((op.parameters ?? []) as Json[])
          .map(
            (x) =>
              `<tr><td><code>${esc(x.name)}</code>${x.required ? ' *' : ''}</td><td>${esc(x.in)}</td><td>${schemaText(x.schema as Json, doc)}</td><td>${esc(x.description ?? (x.schema as Json)?.description)}</td></tr>`,
          )
          .join('');
        const responses = Object.entries((op.responses ?? {}) as Record<string, Json>)
          .map(([code, r]) => {
            const content = (r.content ?? {}) as Record<string, Json>;
            const types = Object.entries(content)
              .map(([ct, c]) => `<code>${esc(ct)}</code> ${schemaText(c.schema as Json, doc)}`)
              .join('<br>');
            return `<tr><td>${esc(code)}</td><td>${esc(r.description)}</td><td>${types}</td></tr>`;
          })
          .join('');
        return `<section id="op-${esc(op.operationId)}"><h3><span class="m">${esc(m.toUpperCase())}</span> <code>/api/v1${esc(p)}</code></h3><p><strong>${esc(op.summary)}</strong></p>${op.description ? `<p>${esc(op.description)}</p>` : ''}
      ${params ? `<h4>Parameters</h4><table><thead><tr><th>Name</th><th>In</th><th>Type</th><th>Description</th></tr></thead><tbody>${params}</tbody></table>` : ''}
      <h4>Responses</h4><table><thead><tr><th>Status</th><th>Description</th><th>Body</th></tr></thead><tbody>${responses}</tbody></table></section>`;
      }),
    )
    .join('');
  const schemas = Object.entries(((doc.components as Json)?.schemas ?? {}) as Record<string, Json>)
    .map(([n, s]) => schemaTable(n, s, doc))
    .join('');
  const problemCodes = ['unauthenticated', 'forbidden', 'not_found', 'invalid_input', 'rate_limited', 'internal'];
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)} — reference</title>
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#0f172a}table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}td,th{border:1px solid #cbd5e1;padding:.3rem .5rem;text-align:left;vertical-align:top}th{background:#f1f5f9}code{background:#f1f5f9;padding:0 .2rem;border-radius:3px}.m{background:#1d4ed8;color:#fff;padding:0 .4rem;border-radius:3px;font-size:.85em}section{margin-bottom:1.5rem}</style></head>
<body><h1>${esc(info.title)}</h1><p>Version ${esc(info.version)} · OpenAPI ${esc(doc.openapi)} · <a href="/api/v1/openapi.json">openapi.json</a></p><p>${esc(info.description)}</p>
<h2>Authentication</h2><p>Send <code>Authorization: Bearer civ_…</code>. Tokens are issued by an administrator, shown once, expire, and can be revoked; a revoked token is refused on the next request.</p>
<h2>Syncing</h2><ol><li>First sync: <code>GET /api/v1/students?limit=500</code>, then follow <code>next_cursor</code> while <code>has_more</code> is true.</li><li>Store the last <code>next_cursor</code>. Later, call with <code>cursor=…</code> to receive only students whose verified data changed since.</li><li>Items with <code>removed: true</code> are no longer shared with your office: delete them locally.</li></ol>
<h2>Operations</h2>${ops}<h2>Schemas</h2>${schemas}
<h2>Errors</h2><p>Errors are RFC 9457 <code>application/problem+json</code>. <code>type</code> is one of:</p><ul>${problemCodes.map((c) => `<li id="problem-${c}"><code>/api/v1/docs#problem-${c}</code></li>`).join('')}</ul>
</body></html>`;
}

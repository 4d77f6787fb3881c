// The dev server's page script: injected into served pages only, never into dist/.
// Reload when this page was rebuilt, show build problems, the PDF's state, and on
// review pages an editor per segment and the sign-off form.
(() => {
  const config = window.__selecDev;
  const here = location.pathname.endsWith('/')
    ? `${location.pathname}index.html`
    : location.pathname;
  const main = document.querySelector('main') || document.body;
  const el = (tag, attrs = {}, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) {
      if (k === 'text') e.textContent = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    e.append(...children);
    return e;
  };
  const style = el('style', {
    text: `
.dev-bar{font:14px/1.4 system-ui,sans-serif;margin:0 0 1rem;padding:.5rem .75rem;border:1px solid #555;background:#fff;color:#111}
.dev-problem{background:#7a0000;color:#fff;border-color:#7a0000;white-space:pre-wrap}
.dev-problem[hidden],.dev-bar[hidden]{display:none}
.dev-editor{margin-top:.5rem}.dev-editor textarea{width:100%;min-height:6rem;font:inherit}
.dev-editor button,.dev-signoff button{margin:.25rem .5rem .25rem 0}
.dev-findings{font-size:.9em}.dev-error{color:#7a0000}
.dev-signoff{margin-top:2rem}.dev-signoff label{display:block;margin:.5rem 0 .25rem}`,
  });
  document.head.append(style);
  const problem = el('div', { class: 'dev-bar dev-problem', role: 'alert', hidden: '' });
  const notice = el('div', { class: 'dev-bar', role: 'status', hidden: '' });
  main.prepend(problem, notice);

  const editionMatch = /^\/([^/]+)\/([^/]+)\.html$/.exec(here);
  const edition =
    editionMatch && !['review', 'coverage'].includes(editionMatch[1])
      ? `${editionMatch[1]}/${editionMatch[2]}`
      : null;
  const badge = edition
    ? el('p', { class: 'dev-bar dev-pdf', role: 'status', 'data-state': 'unknown' })
    : null;
  if (badge) problem.after(badge);
  const showPdf = (state) => {
    if (!badge) return;
    badge.dataset.state = state;
    badge.textContent =
      {
        current: 'PDF current',
        reprinting: 'PDF reprinting…',
        failed: 'PDF failed to print: see the terminal',
      }[state] || 'PDF state unknown';
  };
  // A problem's `file:line:column: error`, as the terminal shows it; the server sends where as fields.
  const located = (p) => {
    if (!p.file || p.namesFile) return p.error;
    const column = p.line !== undefined && p.column !== undefined ? `:${p.column}` : '';
    return `${p.file}${p.line !== undefined ? `:${p.line}` : ''}${column}: ${p.error}`;
  };
  const showProblem = (p) => {
    problem.hidden = !p;
    problem.textContent = p
      ? `Build problem (the last good version is shown):\n${located(p)}${p.hint ? `\n${p.hint}` : ''}`
      : '';
  };

  const dirty = new Set();
  const source = new EventSource('/__events');
  source.onmessage = (m) => {
    const e = JSON.parse(m.data);
    if (e.type === 'hello') {
      showProblem(e.problem);
      if (edition) showPdf(e.pdf[edition] || 'current');
    } else if (e.type === 'problem') showProblem(e.problem);
    else if (e.type === 'pdf' && e.id === edition) showPdf(e.state);
    else if (e.type === 'built' && e.changed.includes(here)) {
      if (dirty.size === 0) location.reload();
      else {
        notice.hidden = false;
        notice.replaceChildren(
          'This page was rebuilt; you have unsaved edits. ',
          el('button', { type: 'button', onclick: () => location.reload(), text: 'Reload now' }),
        );
      }
    }
  };

  const review = /^\/review\/([^/]+)\/([^/]+)\.html$/.exec(here);
  if (!review) return;
  const [, lang, documentId] = review;
  const call = async (name, body) => {
    const init = body
      ? {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', [config.header]: config.token },
          body: JSON.stringify({ lang, document: documentId, ...body }),
        }
      : { headers: { [config.header]: config.token } };
    const r = await fetch(
      `/__api/${name}${body ? '' : `?lang=${encodeURIComponent(lang)}&document=${encodeURIComponent(documentId)}`}`,
      init,
    );
    return { ok: r.ok, status: r.status, data: await r.json() };
  };
  const listFindings = (out, findings, saved) => {
    const items = findings.map((f) =>
      el('li', {
        class: f.severity === 'error' ? 'dev-error' : '',
        text: `${f.severity}: ${f.rule}: ${f.message}`,
      }),
    );
    out.replaceChildren(
      saved ? el('p', { text: saved }) : '',
      findings.length ? el('ul', {}, ...items) : el('p', { text: 'No QA findings.' }),
    );
  };
  // The termbase entries of a segment: the term to use, its status and its allowed forms.
  const termList = (terms) =>
    terms.length === 0
      ? ''
      : el(
          'ul',
          { class: 'dev-terms', 'aria-label': 'Terms (termbase)' },
          ...terms.map((t) =>
            el('li', {
              text: `${t.english} → ${t.term} (${t.status}; forms: ${t.forms.join(' | ')}${t.forbidden.length ? `; not: ${t.forbidden.join(' | ')}` : ''})`,
            }),
          ),
        );
  const editor = (seg, editable, editIn) => {
    const id = `dev-edit-${seg.key}`;
    // The segment by its place, the key beside it: "Article 1(2) · art-1-2".
    const named = seg.place && seg.place !== seg.key ? `${seg.place} · ${seg.key}` : seg.key;
    const out = el('div', { class: 'dev-findings', role: 'status' });
    const area = el('textarea', { id: `${id}-text`, lang, name: 'text' });
    area.value = seg.text;
    area.addEventListener('input', () => dirty.add(seg.key));
    const run = async (name) => {
      out.textContent = name === 'save' ? 'Saving…' : 'Checking…';
      const r = await call(name, { key: seg.key, text: area.value });
      if (r.ok && name === 'save') dirty.delete(seg.key);
      if (r.data.findings)
        listFindings(
          out,
          r.data.findings,
          r.ok ? (name === 'save' ? `Saved to ${r.data.saved}.` : '') : located(r.data),
        );
      else
        out.replaceChildren(
          el('p', { class: 'dev-error', text: `${located(r.data)} ${r.data.hint || ''}` }),
        );
    };
    const panel = el(
      'div',
      { class: 'dev-editor', id, hidden: '' },
      el('label', { for: `${id}-text`, text: `Translation of ${named} (Markdown)` }),
      termList(seg.terms || []),
      area,
      el(
        'div',
        {},
        el('button', { type: 'button', onclick: () => run('check'), text: 'Check' }),
        // A stale segment: Save is a new translation of the English shown (so up to date);
        // the other button keeps the text as it is and only confirms it still fits.
        el('button', {
          type: 'button',
          onclick: () => run('save'),
          text: seg.status === 'stale' ? 'Save as translated from the current English' : 'Save',
        }),
        seg.status === 'stale'
          ? el('button', {
              type: 'button',
              text: 'Keep the text: mark up to date',
              onclick: async () => {
                const r = await call('mark', { key: seg.key });
                out.replaceChildren(
                  el('p', {
                    class: r.ok ? '' : 'dev-error',
                    text: r.ok
                      ? `Marked ${r.data.marked} up to date.`
                      : `${located(r.data)} ${r.data.hint || ''}`,
                  }),
                );
              },
            })
          : '',
      ),
      out,
    );
    if (!editable)
      return el('p', {
        class: 'dev-findings',
        text: `Generated from ${editIn}: correct it on the ${editIn} review page.`,
      });
    const toggle = el('button', {
      type: 'button',
      'aria-expanded': 'false',
      'aria-controls': id,
      text: `Edit ${named}`,
      onclick: () => {
        const open = panel.hidden;
        panel.hidden = !open;
        toggle.setAttribute('aria-expanded', String(open));
        if (open) area.focus();
      },
    });
    return el('div', {}, toggle, panel);
  };
  const signOffForm = () => {
    const out = el('div', { role: 'status' });
    const field = (name, label, input) => [
      el('label', { for: `dev-signoff-${name}`, text: label }),
      input,
    ];
    const form = el(
      'form',
      { class: 'dev-signoff', 'aria-labelledby': 'dev-signoff-title' },
      el('h2', { id: 'dev-signoff-title', text: 'Sign off this document' }),
      ...field(
        'name',
        'Name',
        el('input', { id: 'dev-signoff-name', name: 'name', autocomplete: 'name' }),
      ),
      ...field(
        'role',
        'Role',
        el('input', {
          id: 'dev-signoff-role',
          name: 'role',
          autocomplete: 'organization-title',
        }),
      ),
      ...field(
        'status',
        'Status',
        el(
          'select',
          { id: 'dev-signoff-status', name: 'status' },
          el('option', { value: 'reviewed', text: 'reviewed' }),
          el('option', { value: 'approved', text: 'approved' }),
          el('option', { value: 'draft', text: 'withdraw the sign-off (draft)' }),
        ),
      ),
      ...field('note', 'Note (optional)', el('textarea', { id: 'dev-signoff-note', name: 'note' })),
      ...field(
        'key',
        'SSH key file (optional; signs the sign-off so that it is verified, e.g. ~/.ssh/id_ed25519; name and role then come from translations/signers.json). Without it the sign-off is recorded as unverified.',
        el('input', { id: 'dev-signoff-key', name: 'key', autocomplete: 'off' }),
      ),
      el('div', {}, el('button', { type: 'submit', text: 'Sign off' })),
      out,
    );
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      const r = await call('signoff', data);
      out.replaceChildren(
        el('p', {
          class: r.ok ? '' : 'dev-error',
          text: r.ok ? r.data.message : `Not signed off: ${located(r.data)}. ${r.data.hint || ''}`,
        }),
      );
      // The page's sign-off section is rebuilt from the history: show it.
      if (r.ok) setTimeout(() => location.reload(), 1500);
    });
    return form;
  };
  call('segments').then((r) => {
    if (!r.ok) return showProblem(r.data);
    for (const seg of r.data.segments) {
      const cell = document.getElementById(`seg-${seg.key}`)?.cells[1];
      if (cell) cell.append(editor(seg, r.data.editable, r.data.editIn));
    }
    if (r.data.editable) main.append(signOffForm());
    document.documentElement.dataset.devReady = 'true';
  });
})();

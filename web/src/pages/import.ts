// Analysts import records from a file (CSV with a header naming the fields, or NDJSON with one request body per
// line): the upload streams with its progress, then the import's own progress is followed until it finishes.

import { ApiError, getJson, upload } from '../api';
import { h, replace } from '../dom';
import { count, number } from '../format';
import type { PageContext } from '../routes';
import type { ImportView } from '../types';
import { importKinds } from '../vocabulary';
import { errorBox, fieldset, newIdempotencyKey, pageHeader, select } from '../ui';

function contentType(file: File): string | null {
  const name = file.name.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.ndjson') || name.endsWith('.jsonl')) return 'application/x-ndjson';
  if (file.type === 'text/csv' || file.type === 'application/x-ndjson') return file.type;
  return null;
}

export function importPage(main: HTMLElement, context: PageContext): void {
  let idempotencyKey = newIdempotencyKey();
  const status = h('div', { class: 'import-status', 'aria-live': 'polite' });
  const fileInput = h('input', { id: 'import-file', name: 'file', type: 'file', accept: '.csv,.ndjson,.jsonl,text/csv,application/x-ndjson', required: true, 'aria-describedby': 'import-file-hint' });
  fileInput.addEventListener('change', () => { idempotencyKey = newIdempotencyKey(); });
  const form = h('form', { class: 'record', method: 'post', novalidate: true },
    select({ name: 'kind', label: 'What the file holds', choices: importKinds.map((kind) => [kind, kind] as const), value: 'deals', hint: 'Each row is the body of the single-record request (for deals: POST /api/deals).' }),
    fieldset('Mode',
      h('div', { class: 'field radio' }, h('input', { id: 'mode-all', type: 'radio', name: 'mode', value: 'all-or-nothing', checked: true }), h('label', { for: 'mode-all' }, 'All or nothing: apply nothing unless every row is good')),
      h('div', { class: 'field radio' }, h('input', { id: 'mode-valid', type: 'radio', name: 'mode', value: 'valid-rows' }), h('label', { for: 'mode-valid' }, 'Valid rows: apply every good row, reject each bad one on its own'))),
    h('div', { class: 'field' },
      h('label', { for: 'import-file' }, 'File', h('span', { class: 'required' }, ' (required)')),
      fileInput,
      h('p', { id: 'import-file-hint', class: 'hint' }, 'CSV (.csv) with a header row naming the fields, nested ones dotted (value.amount, source.publishedOn); or NDJSON (.ndjson, .jsonl), one JSON body per line. Up to 1 GiB.')),
    h('button', { type: 'submit' }, 'Start the import'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      status.replaceChildren(h('p', { role: 'alert', class: 'error' }, 'Choose a file to import.'));
      fileInput.focus();
      return;
    }
    const type = contentType(file);
    if (!type) {
      status.replaceChildren(h('p', { role: 'alert', class: 'error' }, `${file.name} is neither CSV (.csv) nor NDJSON (.ndjson, .jsonl).`));
      return;
    }
    const data = new FormData(form);
    const kind = String(data.get('kind'));
    const mode = String(data.get('mode'));
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    const bar = h('progress', { max: String(file.size || 1), value: '0', 'aria-label': 'Upload progress' });
    const sentText = h('p', null, `Uploading ${file.name}: 0 of ${count(file.size)} bytes sent.`);
    status.replaceChildren(h('div', { role: 'status' }, h('h2', null, 'Uploading'), bar, sentText));
    try {
      const sent = await upload<ImportView>(`/api/imports?kind=${encodeURIComponent(kind)}&mode=${encodeURIComponent(mode)}`, file, type, idempotencyKey, (done, total) => {
        bar.value = done;
        bar.max = total || 1;
        sentText.textContent = `Uploading ${file.name}: ${count(done)} of ${count(total)} bytes sent.`;
      });
      await follow(status, sent.body, context);
    } catch (error) {
      replace(status, errorBox(error, 'import the file'), rejectedList(error));
    } finally {
      button.disabled = false;
    }
  });
  main.append(pageHeader('Import', 'Load many records from one file. The rows are checked by the same rules as the single-record forms, and refused for the same reasons with the same field names.'), form);
}

/** Shows the import as it goes, reading it again every second until it has completed or failed. */
async function follow(into: HTMLElement, first: ImportView, context: PageContext): Promise<void> {
  let view = first;
  for (let reads = 0; reads < 3600; reads += 1) {
    into.replaceChildren(progress(view));
    if (view.state === 'completed' || view.state === 'failed' || !context.isCurrent()) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
    if (!context.isCurrent()) return;
    try {
      view = await getJson<ImportView>(`/api/imports/${encodeURIComponent(view.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 429) continue;
      into.append(errorBox(error, 'read the import\'s progress'));
      return;
    }
  }
}

function progress(view: ImportView): HTMLElement {
  const done = view.state === 'completed' || view.state === 'failed';
  const total = Math.max(view.rowsAccepted, 1);
  return h('section', { 'aria-labelledby': 'import-progress', class: `import-${view.state}` },
    h('h2', { id: 'import-progress' }, `Import ${view.state}`),
    h('p', null, `Import ${view.id} (${view.kind}, ${view.format}). ${view.modeMeans}`),
    h('progress', { max: String(total), value: String(view.rowsApplied), 'aria-label': 'Rows applied' }),
    h('dl', { class: 'facts' },
      h('dt', null, 'Rows read'), h('dd', null, count(view.rowsRead)),
      h('dt', null, 'Accepted'), h('dd', null, count(view.rowsAccepted)),
      h('dt', null, 'Rejected'), h('dd', null, count(view.rowsRejected)),
      h('dt', null, 'Applied'), h('dd', null, count(view.rowsApplied)),
      h('dt', null, done ? 'Rate overall' : 'Rate'), h('dd', null, `${number(view.rowsPerSecond)} rows a second`),
      !done && view.etaSeconds !== null ? [h('dt', null, 'Time left'), h('dd', null, `about ${Math.ceil(view.etaSeconds)} s`)] : null),
    view.failure ? h('p', { role: 'alert', class: 'error' }, view.failure) : null,
    view.state === 'completed' ? h('p', { class: 'success' }, `Done: ${count(view.rowsApplied)} rows applied. `, view.kind === 'deals' ? h('a', { href: '/app/deals' }, 'See the league table') : null) : null,
    view.rejectedRows.items.length
      ? h('table', null,
        h('caption', null, `Rejected rows (${count(view.rejectedRows.totalItems)}${view.rejectedRows.totalItems > view.rejectedRows.items.length ? `; the first ${view.rejectedRows.items.length} shown` : ''})`),
        h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Line'), h('th', { scope: 'col' }, 'Field'), h('th', { scope: 'col' }, 'Why'))),
        h('tbody', null, view.rejectedRows.items.map((row) => h('tr', null, h('th', { scope: 'row' }, String(row.line)), h('td', null, row.field), h('td', null, row.reason)))))
      : null);
}

function rejectedList(error: unknown): HTMLElement | null {
  if (!(error instanceof ApiError) || !error.problem.errors) return null;
  return h('ul', { class: 'error' }, Object.entries(error.problem.errors).map(([name, messages]) => h('li', null, `${name}: ${messages.join(' ')}`)));
}

// Customers upload their own payroll rows (CSV) and see them counted. The rows stay their tenant's: they are never
// listed to anyone else, and reach the market only inside benchmark cells large enough to hide each row.

import Papa from 'papaparse';
import { ApiError, getJson, sendJson } from '../api';
import { h, replace } from '../dom';
import { count } from '../format';
import type { PageContext } from '../routes';
import type { Page } from '../types';
import { errorBox, load, newIdempotencyKey, pageHeader, region } from '../ui';

const batchRows = 10_000;
const header = 'role,level,location.country,location.city,currency,period,effectiveOn,components.base.amount,components.bonus.amount,components.equityPerYear.amount,components.signOn.amount';
const example = 'ml-engineer,senior,US,San Francisco,USD,annual,2025-07-01,310000,40000,150000,';
const numeric = /(^|\.)(amount|min|max)$/;

/** A CSV row with dotted headers as the nested body the API takes; empty cells are absent fields. */
export function rowBody(row: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(row)) {
    const text = (raw ?? '').trim();
    if (!name || text === '') continue;
    const path = name.trim().split('.');
    let target = body;
    for (const part of path.slice(0, -1)) {
      target[part] ??= {};
      target = target[part] as Record<string, unknown>;
    }
    const value = numeric.test(name) && Number.isFinite(Number(text)) ? Number(text) : text;
    target[path[path.length - 1]!] = value;
  }
  return body;
}

async function onRecord(): Promise<number> {
  const page = await getJson<Page<unknown>>('/api/compensation/submissions', { pageSize: 1 });
  return page.totalItems;
}

export async function payrollPage(main: HTMLElement, _context: PageContext): Promise<void> {
  const counted = region('Rows on record');
  const status = h('div', { class: 'import-status', 'aria-live': 'polite' });
  const fileInput = h('input', { id: 'payroll-file', name: 'file', type: 'file', accept: '.csv,text/csv', required: true, 'aria-describedby': 'payroll-file-hint' });
  const form = h('form', { class: 'record', method: 'post', novalidate: true },
    h('div', { class: 'field' },
      h('label', { for: 'payroll-file' }, 'Payroll file (CSV)', h('span', { class: 'required' }, ' (required)')),
      fileInput,
      h('p', { id: 'payroll-file-hint', class: 'hint' }, 'A header row naming the fields, then one row per person. Amounts in the row\'s currency for its period (annual, monthly, hourly, one-off); level one of intern, junior, mid, senior, staff, principal, director, executive.')),
    h('button', { type: 'submit' }, 'Upload the rows'),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const file = fileInput.files?.[0];
    if (!file) {
      status.replaceChildren(h('p', { role: 'alert', class: 'error' }, 'Choose a CSV file to upload.'));
      fileInput.focus();
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    try {
      await send(file, status);
      await load(counted, 'your rows on record', onRecord, shownCount);
    } finally {
      button.disabled = false;
    }
  });
  main.append(
    pageHeader('Upload payroll', 'Add your organization\'s pay rows to the benchmarks. They stay private to your tenant: nobody else can list them, and they count in a benchmark only inside cells of at least five rows from at least three contributors.'),
    counted,
    form,
    h('section', { 'aria-labelledby': 'payroll-format' },
      h('h2', { id: 'payroll-format' }, 'The file\'s format'),
      h('p', null, 'A header row like this, then your rows:'),
      h('pre', null, h('code', null, `${header}\n${example}`))));
  await load(counted, 'your rows on record', onRecord, shownCount);
}

function shownCount(total: number): HTMLElement {
  return h('p', { class: 'figure', id: 'payroll-count', 'data-count': String(total) }, `Your tenant has ${count(total)} payroll row${total === 1 ? '' : 's'} on record.`);
}

async function send(file: File, status: HTMLElement): Promise<void> {
  const parsed = await new Promise<Papa.ParseResult<Record<string, string>>>((resolve, reject) => {
    Papa.parse<Record<string, string>>(file, { header: true, skipEmptyLines: 'greedy', complete: resolve, error: reject });
  });
  if (parsed.errors.length) {
    status.replaceChildren(h('div', { role: 'alert', class: 'error' },
      h('p', null, `${file.name} is not readable CSV:`),
      h('ul', null, parsed.errors.slice(0, 20).map((error) => h('li', null, `line ${(error.row ?? 0) + 2}: ${error.message}`)))));
    return;
  }
  const rows = parsed.data.map(rowBody);
  if (rows.length === 0) {
    status.replaceChildren(h('p', { role: 'alert', class: 'error' }, `${file.name} has no rows under its header.`));
    return;
  }
  const bar = h('progress', { max: String(rows.length), value: '0', 'aria-label': 'Rows uploaded' });
  const text = h('p', null, `0 of ${count(rows.length)} rows uploaded.`);
  status.replaceChildren(h('div', { role: 'status' }, bar, text));
  let sent = 0;
  for (let start = 0; start < rows.length; start += batchRows) {
    const batch = rows.slice(start, start + batchRows);
    try {
      await sendJson('POST', '/api/compensation/submissions/batch', { rows: batch }, newIdempotencyKey());
    } catch (error) {
      const lines = error instanceof ApiError && error.problem.errors
        ? Object.entries(error.problem.errors).map(([name, messages]) => {
          const found = /^rows\[(\d+)\]\.?(.*)$/.exec(name);
          return found ? `line ${start + Number(found[1]) + 2}, ${found[2] || 'row'}: ${messages.join(' ')}` : `${name}: ${messages.join(' ')}`;
        })
        : [];
      replace(status,
        sent > 0 ? h('p', null, `${count(sent)} rows were uploaded before this batch; the batch below was refused whole.`) : null,
        errorBox(error, `upload rows ${start + 1} to ${start + batch.length}`),
        lines.length ? h('ul', { class: 'error' }, lines.slice(0, 50).map((line) => h('li', null, line))) : null);
      return;
    }
    sent += batch.length;
    bar.value = sent;
    text.textContent = `${count(sent)} of ${count(rows.length)} rows uploaded.`;
  }
  status.replaceChildren(h('p', { role: 'status', class: 'success' }, `Uploaded ${count(sent)} rows from ${file.name}.`));
}

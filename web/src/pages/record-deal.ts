// Analysts record a deal: rumoured or announced, with its first value and stake claims and their source.

import { sendJson } from '../api';
import { h, replace, uid } from '../dom';
import { words } from '../format';
import { organizationList, organizations } from '../names';
import type { PageContext } from '../routes';
import { dealTypes } from '../vocabulary';
import { clearFieldErrors, errorBox, field, fieldset, newIdempotencyKey, outcome, pageHeader, select, showFieldErrors, values } from '../ui';
import { numberOf, sourceBody, sourceFields } from './source-fields';

export async function recordDealPage(main: HTMLElement, _context: PageContext): Promise<void> {
  const known = await organizations();
  const listId = uid('organizations');
  // One key per filled-in form: sending it twice (a double click, a retry after a lost answer) records one deal.
  let idempotencyKey = newIdempotencyKey();
  const result = outcome();
  const form = h('form', { class: 'record', method: 'post', novalidate: true },
    organizationList(listId, known),
    fieldset('The deal',
      select({ name: 'type', label: 'Type', choices: dealTypes.map((value) => [value, words(value)] as const), value: 'acquisition' }),
      field({ name: 'acquirer', label: 'Acquirer (organization slug)', required: true, list: listId, hint: 'Such as meta: the organization\'s slug (suggestions list those on record).' }),
      field({ name: 'target', label: 'Target (organization slug)', required: true, list: listId }),
      select({ name: 'status', label: 'Status', choices: [['announced', 'announced'], ['rumoured', 'rumoured']], value: 'announced' }),
      field({ name: 'announcedOn', label: 'Announced on', type: 'date', hint: 'Needed for an announced deal.' })),
    fieldset('Terms (first claims)',
      field({ name: 'value.amount', label: 'Value', inputmode: 'decimal', hint: 'The amount as reported, such as 14300000000.' }),
      field({ name: 'value.currency', label: 'Currency', value: 'USD', hint: 'ISO 4217 code, such as USD or GBP.' }),
      field({ name: 'stakePercent', label: 'Stake (%)', inputmode: 'decimal', hint: 'For a stake: 0 to 100.' })),
    sourceFields(),
    h('button', { type: 'submit' }, 'Record the deal'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const entered = values(form);
    const body: Record<string, unknown> = {
      type: entered.type,
      acquirer: entered.acquirer ?? '',
      target: entered.target ?? '',
      status: entered.status,
    };
    if (entered.announcedOn) body.announcedOn = entered.announcedOn;
    if (entered['value.amount']) body.value = { amount: numberOf(entered['value.amount']), currency: (entered['value.currency'] ?? '').toUpperCase() };
    if (entered.stakePercent) body.stakePercent = numberOf(entered.stakePercent);
    const source = sourceBody(entered);
    if (source) body.source = source;
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, 'Recording the deal…'));
    try {
      const sent = await sendJson<{ id: string }>('POST', '/api/deals', body, idempotencyKey);
      idempotencyKey = newIdempotencyKey();
      result.replaceChildren(h('div', { role: 'status', class: 'success' },
        h('p', null, `Recorded: ${entered.acquirer} – ${entered.target}.`),
        h('p', null, h('a', { href: `/app/deals/${sent.body.id}` }, 'Open the deal'), ' · ',
          h('a', { href: `/app/deals?acquirer=${encodeURIComponent(String(entered.acquirer))}` }, 'See it in the league table'),
          ' (announced deals reach the league table within seconds, once Insights has received them).')));
      form.reset();
    } catch (error) {
      const unplaced = showFieldErrors(form, error);
      replace(result, errorBox(error, 'record the deal'), unplaced.length ? h('ul', { class: 'error' }, unplaced.map((text) => h('li', null, text))) : null);
    } finally {
      button.disabled = false;
    }
  });
  main.append(pageHeader('Record a deal', 'A deal enters the record as rumoured or announced; it is closed or cancelled later. Figures are claims: each keeps its source, and later claims are added beside it, never over it.'), form);
}

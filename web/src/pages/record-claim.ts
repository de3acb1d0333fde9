// Analysts add a claim on a deal's value or stake, from one source; competing claims are all kept.

import { getJson, sendJson } from '../api';
import { h, replace } from '../dom';
import { money } from '../format';
import { nameOf, organizations } from '../names';
import type { PageContext } from '../routes';
import type { Deal, Page } from '../types';
import { clearFieldErrors, errorBox, field, fieldset, load, newIdempotencyKey, outcome, pageHeader, region, select, showFieldErrors, values } from '../ui';
import { numberOf, sourceBody, sourceFields } from './source-fields';

export async function recordClaimPage(main: HTMLElement, context: PageContext): Promise<void> {
  const chosen = context.query.get('deal') ?? '';
  const body = region('Claim form');
  main.append(pageHeader('Add a claim', 'A new report of a deal\'s value or stake. It is kept beside the earlier ones; the platform then uses the best-supported figure.'), body);
  const known = await organizations();
  await load(body, 'the deals', () => getJson<Page<Deal>>('/api/deals', { pageSize: 200 }), (page) => {
    const deals = page.items;
    if (chosen && !deals.some((deal) => deal.id === chosen)) {
      deals.unshift({ id: chosen, acquirer: 'deal', target: chosen } as Deal);
    }
    let idempotencyKey = newIdempotencyKey();
    const result = outcome();
    const form = h('form', { class: 'record', method: 'post', novalidate: true },
      select({
        name: 'deal', label: 'Deal', value: chosen, required: true,
        hint: page.totalItems > deals.length ? `The ${deals.length} latest recorded deals of ${page.totalItems}; open a deal's page to add a claim to an older one.` : undefined,
        choices: deals.map((deal) => [deal.id, `${nameOf(known, deal.acquirer)} – ${nameOf(known, deal.target)}${deal.value ? ` (now ${money(deal.value.amount, deal.value.currency)})` : ''}`] as const),
      }),
      fieldset('The claim',
        field({ name: 'value.amount', label: 'Value', inputmode: 'decimal', hint: 'The amount as reported; give a value, a stake or both.' }),
        field({ name: 'value.currency', label: 'Currency', value: 'USD', hint: 'ISO 4217 code.' }),
        field({ name: 'stakePercent', label: 'Stake (%)', inputmode: 'decimal' })),
      sourceFields(),
      h('button', { type: 'submit' }, 'Add the claim'),
      result);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      clearFieldErrors(form);
      const entered = values(form);
      const claim: Record<string, unknown> = { source: sourceBody(entered) ?? null };
      if (entered['value.amount']) claim.value = { amount: numberOf(entered['value.amount']), currency: (entered['value.currency'] ?? '').toUpperCase() };
      if (entered.stakePercent) claim.stakePercent = numberOf(entered.stakePercent);
      const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
      button.disabled = true;
      result.replaceChildren(h('p', { role: 'status' }, 'Adding the claim…'));
      try {
        await sendJson('POST', `/api/deals/${entered.deal}/terms`, claim, idempotencyKey);
        idempotencyKey = newIdempotencyKey();
        result.replaceChildren(h('div', { role: 'status', class: 'success' },
          h('p', null, 'The claim is recorded. ', h('a', { href: `/app/deals/${entered.deal}` }, 'Open the deal to see every claim and the figure now used'), '.')));
      } catch (error) {
        const unplaced = showFieldErrors(form, error);
        replace(result, errorBox(error, 'add the claim'), unplaced.length ? h('ul', { class: 'error' }, unplaced.map((text) => h('li', null, text))) : null);
      } finally {
        button.disabled = false;
      }
    });
    return form;
  });
}

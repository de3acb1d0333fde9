// Analysts record a move: one named person from one organization to another, or a group counted together
// (with whether the count is a minimum, as in "twenty-plus researchers").

import { getJson, sendJson } from '../api';
import { h, replace, uid } from '../dom';
import { organizationList, organizations } from '../names';
import type { PageContext } from '../routes';
import type { Page } from '../types';
import { checkbox, clearFieldErrors, errorBox, field, fieldset, load, newIdempotencyKey, outcome, pageHeader, region, select, showFieldErrors, values } from '../ui';
import { numberOf, sourceBody, sourceFields } from './source-fields';

interface Person {
  id: string;
  name: string;
  timeline: { organization: string; current: boolean }[];
}

const partialDateHint = 'As precise as reported: 2025, 2025-07 or 2025-07-11.';

export async function recordMovePage(main: HTMLElement, context: PageContext): Promise<void> {
  const kind = context.query.get('kind') === 'group' ? 'group' : 'person';
  const body = region('Move form');
  const switcher = h('nav', { 'aria-label': 'Kind of move', class: 'tabs' },
    h('a', { href: '/app/record/move', 'aria-current': kind === 'person' ? 'page' : null }, 'A named person'),
    h('a', { href: '/app/record/move?kind=group', 'aria-current': kind === 'group' ? 'page' : null }, 'A group'));
  main.append(pageHeader('Record a move', 'Who moved from where to where, and on whose word. Offers are not moves: they belong to compensation.'), switcher, body);
  const known = await organizations();
  const listId = uid('organizations');
  if (kind === 'group') {
    body.append(moveForm(listId, known, 'group', null));
    return;
  }
  await load(body, 'the people on record', () => getJson<Page<Person>>('/api/people', { pageSize: 200 }), (page) => moveForm(listId, known, 'person', page));
}

function moveForm(listId: string, known: Parameters<typeof organizationList>[1], kind: 'person' | 'group', people: Page<Person> | null): HTMLFormElement {
  let idempotencyKey = newIdempotencyKey();
  const result = outcome();
  const who = kind === 'person'
    ? fieldset('Who',
      select({
        name: 'person', label: 'Person', required: true,
        hint: people && people.totalItems > people.items.length ? `The first ${people.items.length} of ${people.totalItems} people.` : undefined,
        choices: (people?.items ?? []).map((person) => {
          const current = person.timeline.find((stint) => stint.current)?.organization;
          return [person.id, `${person.name}${current ? ` (now at ${current})` : ''}`] as const;
        }),
      }),
      field({ name: 'title', label: 'Title at the new organization' }),
      field({ name: 'dealId', label: 'Came with deal (id)', hint: 'When the move was part of a deal: the deal\'s id.' }))
    : fieldset('Who',
      field({ name: 'count', label: 'How many people', type: 'number', min: '1', required: true }),
      checkbox({ name: 'countIsMinimum', label: 'The count is a minimum ("twenty-plus")', checked: true }));
  const form = h('form', { class: 'record', method: 'post', novalidate: true },
    organizationList(listId, known),
    who,
    fieldset('Where and when',
      field({ name: 'from', label: 'From (organization slug)', required: true, list: listId }),
      field({ name: 'to', label: 'To (organization slug)', required: true, list: listId }),
      field({ name: 'on', label: 'On', required: true, hint: partialDateHint, pattern: '\\d{4}(-\\d{2}){0,2}' })),
    sourceFields('Source of the report'),
    h('button', { type: 'submit' }, kind === 'person' ? 'Record the move' : 'Record the group move'),
    result);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    const entered = values(form);
    const common = { from: entered.from ?? '', to: entered.to ?? '', on: entered.on ?? '', source: sourceBody(entered) ?? null };
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, 'Recording the move…'));
    try {
      if (kind === 'person') {
        await sendJson('POST', `/api/people/${entered.person}/moves`, { ...common, title: entered.title, dealId: entered.dealId }, idempotencyKey);
      } else {
        await sendJson('POST', '/api/talent-moves/group', { ...common, count: numberOf(entered.count), countIsMinimum: entered.countIsMinimum === 'true' }, idempotencyKey);
      }
      idempotencyKey = newIdempotencyKey();
      result.replaceChildren(h('div', { role: 'status', class: 'success' },
        h('p', null, 'The move is recorded. ', h('a', { href: `/app/flows?organization=${encodeURIComponent(common.from)}` }, `See the talent flows of ${common.from}`), '.')));
      form.reset();
    } catch (error) {
      const unplaced = showFieldErrors(form, error);
      replace(result, errorBox(error, 'record the move'), unplaced.length ? h('ul', { class: 'error' }, unplaced.map((text) => h('li', null, text))) : null);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}

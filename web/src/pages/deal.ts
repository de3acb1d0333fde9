// A deal: its lifecycle, every competing claim with its source, attribution and status, and the figure the
// platform chose and why (confirmed over reported over rumoured; disputed and retracted never; among equals the
// newest publication, then the latest recorded).

import { getJson } from '../api';
import { h, table } from '../dom';
import { capitalised, instant, money, percent, words } from '../format';
import { nameOf, organizations, personName } from '../names';
import type { PageContext } from '../routes';
import { writesMarketData } from '../session';
import type { Deal, DealHistory, Organization, TermClaim } from '../types';
import { claimBadge, field, load, pageHeader, region, sourceLink } from '../ui';

const rank: Record<string, number> = { confirmed: 3, reported: 2, rumoured: 1 };

export async function dealPage(main: HTMLElement, context: PageContext): Promise<void> {
  const id = context.params.id!;
  const asOf = context.query.get('asOf') ?? '';
  const body = region('Deal');
  const history = region('Lifecycle');
  main.append(body, history);

  const known = await organizations();
  const people = new Map<string, string>();
  const deal = await load(body, 'the deal', async () => {
    const found = await getJson<Deal>(`/api/deals/${id}`, { asOf });
    // Talent attached by People id is named from People.
    await Promise.all(found.talent.filter((person) => !person.name && person.personId).map(async (person) => {
      const name = await personName(person.personId!);
      if (name) people.set(person.personId!, name);
    }));
    return found;
  }, (found) => dealView(found, known, people, context, asOf));
  if (!deal) {
    document.title = 'Deal · TalentPlatform';
    body.prepend(h('h1', { tabindex: '-1' }, 'Deal'));
    return;
  }
  await load(history, 'the deal\'s lifecycle', () => getJson<DealHistory>(`/api/deals/${id}/history`), (found) => timeline(found, asOf));
}

function dealView(deal: Deal, known: Map<string, Organization>, people: Map<string, string>, context: PageContext, asOf: string): HTMLElement[] {
  const title = `${nameOf(known, deal.acquirer)} – ${nameOf(known, deal.target)}`;
  const asOfForm = h('form', { class: 'controls', method: 'get', 'aria-label': 'As of' },
    field({ name: 'asOf', label: 'As recorded by', type: 'date', value: asOf, hint: 'See the deal as the platform knew it at the end of that day.' }),
    h('button', { type: 'submit' }, 'Show'));
  asOfForm.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (asOfForm.elements.namedItem('asOf') as HTMLInputElement).value;
    context.navigate(`/deals/${deal.id}${value ? `?asOf=${value}` : ''}`);
  });
  const facts = h('dl', { class: 'facts' },
    h('dt', null, 'Type'), h('dd', null, words(deal.type)),
    h('dt', null, 'Status'), h('dd', null, deal.status),
    h('dt', null, 'Acquirer'), h('dd', null, `${nameOf(known, deal.acquirer)} (${deal.acquirer})`),
    h('dt', null, 'Target'), h('dd', null, `${nameOf(known, deal.target)} (${deal.target})`),
    h('dt', null, 'Announced'), h('dd', null, deal.announcedOn ?? 'not announced'),
    deal.closedOn ? [h('dt', null, 'Closed'), h('dd', null, deal.closedOn)] : null,
    deal.cancelledOn ? [h('dt', null, 'Cancelled'), h('dd', null, `${deal.cancelledOn}${deal.cancellationReason ? `: ${deal.cancellationReason}` : ''}`)] : null,
    h('dt', null, 'Value'), h('dd', { class: 'figure' }, deal.value ? [money(deal.value.amount, deal.value.currency), ' ', claimBadge(deal.value.claimStatus)] : 'no value claimed'),
    h('dt', null, 'Stake'), h('dd', null, deal.stake ? [percent(deal.stake.percent), ' ', claimBadge(deal.stake.claimStatus)] : 'no stake claimed'));
  const talent = deal.talent.length
    ? h('section', { 'aria-labelledby': 'deal-talent' }, h('h2', { id: 'deal-talent' }, 'Talent that came with the deal'),
      h('ul', null, deal.talent.map((person) => h('li', null, `${person.name ?? (person.personId ? people.get(person.personId) : null) ?? 'A person not on record'} — ${person.role}`))))
    : null;
  return [
    pageHeader(title, `${capitalised(words(deal.type))}, ${deal.status}${asOf ? `, as recorded by the end of ${asOf}` : ''}.`),
    asOfForm,
    facts,
    writesMarketData(context.who) ? h('p', null, h('a', { href: `/app/record/claim?deal=${deal.id}` }, 'Add a claim to this deal')) : null,
    chosen('value', deal, (claim) => claim.value ? money(claim.value.amount, claim.value.currency) : '—', deal.value?.claimId ?? null),
    chosen('stake', deal, (claim) => percent(claim.stakePercent), deal.stake?.claimId ?? null),
    claimsTable(deal),
    talent,
  ].filter((item): item is HTMLElement => item !== null);
}

/** Says which claim the current figure rests on and why the others lost. */
function chosen(term: string, deal: Deal, show: (claim: TermClaim) => string, chosenId: string | null): HTMLElement | null {
  const claims = deal.claims.filter((claim) => claim.term === term);
  if (claims.length === 0) return null;
  const winner = claims.find((claim) => claim.claimId === chosenId) ?? null;
  const status = (claim: TermClaim) => claim.source?.status ?? 'reported';
  const others = claims.filter((claim) => claim !== winner);
  const reasons = others.map((claim) => {
    const why = !winner
      ? ''
      : rank[status(claim)] === undefined
        ? `${status(claim)} claims are never chosen`
        : (rank[status(claim)] ?? 0) < (rank[status(winner)] ?? 0)
          ? `${status(winner)} outranks ${status(claim)}`
          : (claim.source?.publishedOn ?? '') < (winner.source?.publishedOn ?? '')
            ? `equally ${status(claim)}, published earlier (${claim.source?.publishedOn ?? 'no date'})`
            : `equally ${status(claim)}, recorded earlier`;
    return h('li', null, `${show(claim)} (${status(claim)}, ${claim.source?.publisher ?? 'no source'})${why ? `: ${why}` : ''}`);
  });
  return h('section', { class: 'card', 'aria-labelledby': `chosen-${term}` },
    h('h2', { id: `chosen-${term}` }, `The ${term} the platform uses`),
    winner
      ? h('p', { class: 'figure' }, show(winner), ' ', claimBadge(status(winner)), ` — from ${winner.source?.publisher ?? 'an unsourced report'}${winner.source ? `, ${words(winner.source.attribution)}, published ${winner.source.publishedOn}` : ''}.`)
      : h('p', null, 'None: every claim is disputed or retracted.'),
    h('p', null, 'The rule: a confirmed claim is chosen over a reported one, a reported over a rumoured one; disputed and retracted claims are never chosen; among equals the newest publication wins, then the latest recorded.'),
    others.length ? [h('p', null, `Chosen over ${others.length} competing claim${others.length === 1 ? '' : 's'}:`), h('ul', null, reasons)] : h('p', null, 'No competing claim.'));
}

function claimsTable(deal: Deal): HTMLElement {
  const chosenIds = new Set([deal.value?.claimId, deal.stake?.claimId].filter(Boolean));
  return h('section', { 'aria-labelledby': 'deal-claims' },
    h('h2', { id: 'deal-claims' }, `Every claim (${deal.claims.length})`),
    table(
      'Every claim on the deal\'s terms, with its source, attribution and status',
      ['Term', 'Figure', 'Status', 'Attribution', 'Source', 'Published', 'Recorded', 'Used'],
      deal.claims.map((claim) => [
        claim.term,
        claim.value ? money(claim.value.amount, claim.value.currency) : percent(claim.stakePercent),
        claimBadge(claim.source?.status ?? 'reported'),
        claim.source ? words(claim.source.attribution) : 'none given',
        sourceLink(claim.source?.publisher, claim.source?.url),
        claim.source?.publishedOn ?? '—',
        instant(claim.recordedAt),
        chosenIds.has(claim.claimId) ? 'yes, current' : 'no',
      ]),
      { numeric: [1] }));
}

/** The figures an event claimed (a recorded deal's first claims, or one new claim). */
function claimedIn(data: Record<string, unknown>): string {
  const claims = [...(Array.isArray(data.claims) ? data.claims : []), ...(data.claim ? [data.claim] : [])] as Partial<TermClaim>[];
  return claims.map((claim) => claim.value ? `value ${money(claim.value.amount, claim.value.currency)}` : claim.stakePercent !== undefined && claim.stakePercent !== null ? `stake ${percent(claim.stakePercent)}` : '')
    .filter(Boolean).join(', ');
}

function timeline(history: DealHistory, asOf: string): HTMLElement {
  const dayOf = (data: Record<string, unknown>) => ['announcedOn', 'closedOn', 'cancelledOn'].map((name) => data[name] ? `${words(name.replace('On', ''))} on ${String(data[name])}` : null).filter(Boolean).join(', ');
  return h('section', { 'aria-labelledby': 'deal-lifecycle' },
    h('h2', { id: 'deal-lifecycle' }, 'Lifecycle'),
    asOf ? h('p', null, 'The lifecycle lists every event recorded, also those after the as-of day.') : null,
    h('ol', { class: 'timeline' }, history.items.map((item) => h('li', null,
      h('p', { class: 'timeline-event' }, h('strong', null, capitalised(words(item.event.replace(/([a-z])([A-Z])/g, '$1-$2')))), ` — recorded ${instant(item.recordedAt)}`),
      dayOf(item.data) ? h('p', null, capitalised(dayOf(item.data))) : null,
      claimedIn(item.data) ? h('p', null, `Claimed: ${claimedIn(item.data)}`) : null,
      item.sources.length ? h('p', null, 'Sources: ', item.sources.map((source, i) => [i > 0 ? '; ' : '', sourceLink(source.publisher, source.url), ` (${source.status}, ${words(source.attribution)}, ${source.publishedOn})`])) : null))));
}

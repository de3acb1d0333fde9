// Talent flows: for one organization, who came in from where and who went out to where, as a Sankey diagram
// (counterparties on the left send people in, those on the right receive them); a group reported as "twenty-plus"
// is counted as its minimum and marked "at least".

import { getJson } from '../api';
import { figure } from '../charts';
import { h, table, uid } from '../dom';
import { count, people, peopleShort, words } from '../format';
import { nameOf, organizationList, organizations } from '../names';
import type { PageContext } from '../routes';
import type { FactsPage, MoveView, Organization, TalentFlows } from '../types';
import { checkbox, claimBadge, field, load, pageHeader, region } from '../ui';

export async function flowsPage(main: HTMLElement, context: PageContext): Promise<void> {
  const organization = context.query.get('organization') ?? 'google-deepmind';
  const from = context.query.get('from') ?? '';
  const to = context.query.get('to') ?? '';
  const rollUp = context.query.get('rollUp') === 'true';
  const known = await organizations();
  const listId = uid('organizations');
  const controls = h('form', { class: 'controls', method: 'get', 'aria-label': 'Talent flow filters' },
    field({ name: 'organization', label: 'Organization (slug)', value: organization, required: true, list: listId, hint: 'Such as google-deepmind; suggestions list the organizations on record.' }),
    organizationList(listId, known),
    field({ name: 'from', label: 'Moves from', type: 'date', value: from }),
    field({ name: 'to', label: 'Moves to', type: 'date', value: to }),
    checkbox({ name: 'rollUp', label: 'Count subsidiaries as part of their parent', checked: rollUp }),
    h('button', { type: 'submit' }, 'Show'));
  controls.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(controls);
    const next = new URLSearchParams();
    for (const name of ['organization', 'from', 'to']) {
      const value = String(data.get(name) ?? '').trim();
      if (value) next.set(name, value);
    }
    if (data.get('rollUp')) next.set('rollUp', 'true');
    context.navigate(`/flows?${next}`);
  });
  const chart = region('Talent flows');
  main.append(
    pageHeader('Talent flows', 'Who moved into and out of an organization, from named moves and group moves. A group reported as a minimum ("twenty-plus") counts as that minimum and is marked "at least".'),
    controls,
    chart);
  await load(chart, `the talent flows of ${organization}`, () => withMoves(getJson<TalentFlows>('/api/insights/talent-flows', { organization, from, to, rollUp: rollUp ? 'true' : '' })),
    (answer) => flowFigure(answer, known));
}

/** The answer names its moves by a link to their facts (a page at a time): the first page is listed under the diagram. */
async function withMoves(answering: Promise<TalentFlows>): Promise<TalentFlows> {
  const answer = await answering;
  if (!Array.isArray(answer.moves) && typeof answer.facts === 'string') {
    const page = await getJson<FactsPage<MoveView>>(answer.facts);
    return { ...answer, moves: page.items };
  }
  return answer;
}

function flowFigure(answer: TalentFlows, known: Map<string, Organization>): HTMLElement[] {
  const name = (slug: string) => nameOf(known, slug);
  const subject = name(answer.organization);
  const inbound = answer.counterparties.filter((party) => party.inflow.people > 0);
  const outbound = answer.counterparties.filter((party) => party.outflow.people > 0);
  // Nodes are named by side so that an organization that both sends and receives appears twice, keeping the diagram acyclic.
  const nodes = [
    ...inbound.map((party) => ({ name: `from:${party.organization}`, label: name(party.organization) })),
    { name: 'subject', label: subject },
    ...outbound.map((party) => ({ name: `to:${party.organization}`, label: name(party.organization) })),
  ];
  const links = [
    ...inbound.map((party) => ({ source: `from:${party.organization}`, target: 'subject', value: party.inflow.people, minimum: party.inflow.isMinimum, text: `${name(party.organization)} → ${subject}: ${people(party.inflow.people, party.inflow.isMinimum)}` })),
    ...outbound.map((party) => ({ source: 'subject', target: `to:${party.organization}`, value: party.outflow.people, minimum: party.outflow.isMinimum, text: `${subject} → ${name(party.organization)}: ${people(party.outflow.people, party.outflow.isMinimum)}` })),
  ];
  const summary = `${people(answer.inflow.people, answer.inflow.isMinimum)} people in, ${people(answer.outflow.people, answer.outflow.isMinimum)} out, net ${answer.net > 0 ? '+' : ''}${answer.net}${answer.inflow.isMinimum || answer.outflow.isMinimum ? ' (a minimum is involved, so the net is approximate)' : ''}. `
    + links.map((link) => link.text).join('; ');
  const moves = Array.isArray(answer.moves) ? answer.moves : null;
  let chartElement: HTMLElement;
  const chart = links.length === 0
    ? h('p', null, `No moves into or out of ${subject} are on record${answer.from || answer.to ? ' in this period' : ''}.`)
    : figure({
      title: `People moving into and out of ${subject}`,
      units: 'people (a count marked ≥ / "at least" comes from a group reported as a minimum).',
      summary,
      height: Math.max(260, 80 + Math.max(inbound.length, outbound.length) * 48),
      notes: h('p', null, `In: ${people(answer.inflow.people, answer.inflow.isMinimum)} · Out: ${people(answer.outflow.people, answer.outflow.isMinimum)} · Net: ${answer.net > 0 ? '+' : ''}${answer.net}`,
        answer.inflow.isMinimum || answer.outflow.isMinimum ? ' (at least one side is a minimum, so the net is only as exact as the counts marked "at least")' : ''),
      option: {
        tooltip: { trigger: 'item', formatter: (params: { dataType: string; data: { text?: string; label?: string } }) => params.data.text ?? params.data.label ?? '' },
        series: [{
          type: 'sankey',
          left: 8, right: 160, top: 16, bottom: 16,
          nodeAlign: 'justify',
          draggable: false,
          emphasis: { focus: 'adjacency' },
          // Sources green, the organization blue, destinations vermilion; the side is also in the layout and the words.
          data: nodes.map((node) => ({ name: node.name, label: node.label, itemStyle: { color: node.name === 'subject' ? '#0072B2' : node.name.startsWith('from:') ? '#009E73' : '#D55E00' } })),
          links: links.map((link) => ({ source: link.source, target: link.target, value: link.value, text: link.text, minimum: link.minimum })),
          label: { color: '#1a1a1a', fontSize: 13, formatter: (params: { data: { label: string } }) => params.data.label },
          edgeLabel: {
            show: true, color: '#1a1a1a', fontSize: 14, fontWeight: 'bold',
            formatter: (params: { data: { value: number; minimum: boolean } }) => `${peopleShort(params.data.value, params.data.minimum)}${params.data.minimum ? ' (a minimum)' : ''}`,
          },
          lineStyle: { color: 'gradient', opacity: 0.45 },
        }],
      },
      onClick: (params) => {
        const data = params.data as { name?: string; source?: string; target?: string } | undefined;
        const side = [data?.name, data?.source, data?.target].find((value) => value?.startsWith('from:') || value?.startsWith('to:'));
        if (side) chartElement.dispatchEvent(new CustomEvent('flow-selected', { detail: side.slice(side.indexOf(':') + 1) }));
      },
      table: table(
        `Flows of ${subject} per counterparty (people)`,
        ['Counterparty', 'In (people)', 'Out (people)', 'Net'],
        answer.counterparties.map((party) => [
          name(party.organization),
          people(party.inflow.people, party.inflow.isMinimum),
          people(party.outflow.people, party.outflow.isMinimum),
          `${party.net > 0 ? '+' : ''}${count(party.net)}${party.inflow.isMinimum || party.outflow.isMinimum ? ' (approximate: a minimum)' : ''}`,
        ]),
        { numeric: [1, 2, 3] }),
    });
  chartElement = chart;
  const behind = moves ? movesTable(moves, answer.organization, name) : null;
  if (behind && chart instanceof HTMLElement && chart.tagName === 'FIGURE') {
    // A flow or counterparty in the diagram lists the moves (and their sources) behind it.
    chart.addEventListener('flow-selected', (event) => behind.show((event as CustomEvent<string>).detail));
  }
  return [chart, behind?.element ?? h('p', null, 'The moves behind these counts are listed by the talent-flow facts.')];
}

function movesTable(moves: MoveView[], subject: string, name: (slug: string) => string): { element: HTMLElement; show: (counterparty: string) => void } {
  const heading = h('h2', { id: 'flow-moves', tabindex: '-1' }, `The moves behind the counts (${moves.length})`);
  const filter = h('p', { hidden: true });
  const rows = table(
    'Moves with their sources',
    ['Who', 'From', 'To', 'On', 'Status', 'Attribution', 'Source'],
    moves.map((move) => [
      move.personName ?? (move.countIsMinimum ? `A group of at least ${count(move.count)}` : `A group of ${count(move.count)}`),
      name(move.from),
      name(move.to),
      `${move.on}${move.onPrecision !== 'day' ? ` (to the ${move.onPrecision})` : ''}`,
      claimBadge(move.claimStatus),
      words(move.attribution),
      move.publisher,
    ]));
  const bodyRows = Array.from(rows.tBodies[0]!.rows);
  moves.forEach((move, i) => { bodyRows[i]!.dataset.counterparty = move.from === subject ? move.to : move.from; });
  const showAll = (): void => {
    for (const row of bodyRows) row.hidden = false;
    filter.hidden = true;
    heading.textContent = `The moves behind the counts (${moves.length})`;
  };
  return {
    element: h('section', { 'aria-labelledby': 'flow-moves' }, heading, filter, rows),
    show: (counterparty) => {
      const shown = bodyRows.filter((row) => row.dataset.counterparty === counterparty);
      if (shown.length === 0) return showAll();
      for (const row of bodyRows) row.hidden = !shown.includes(row);
      heading.textContent = `The moves with ${name(counterparty)} (${shown.length} of ${moves.length})`;
      filter.replaceChildren(h('button', { type: 'button', class: 'link-button', onclick: showAll }, 'Show every move'));
      filter.hidden = false;
      heading.focus();
    },
  };
}

// The claims ledger, the country threat picture and the watch rules.
import { el, svg, clear, appHref, table, label, orDash } from './dom.js';
import { api, showError, itemsOf } from './api.js';
import { kindBadge, eventRow } from './events.js';
import { drawChoropleth } from './map.js';

const PAGE = 50;

function docLink(id, text) {
  return el('a', { class: 'document-link', href: appHref('document', id) }, text || id);
}

function list(items) {
  return Array.isArray(items) && items.length ? items.join(', ') : '—';
}

function pager(makeHash, offset, limit, next) {
  const nav = el('nav', { class: 'pager', 'aria-label': 'pages' });
  if (offset > 0) nav.append(el('a', { id: 'prev-page', class: 'page-prev', href: makeHash(Math.max(0, offset - limit)) }, '← previous'));
  if (next !== null && next !== undefined) nav.append(el('a', { id: 'next-page', class: 'page-next', href: makeHash(next) }, 'next →'));
  return nav;
}

function queryHash(base, params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '' && v !== 0 && v !== false) q.set(k, String(v));
  const s = q.toString();
  return base + (s ? '?' + s : '');
}

// ---------- Claims ----------

function claimBlock(c) {
  return el('li', { class: 'claim' },
    el('blockquote', { class: 'claim-sentence' }, c.sentence),
    el('div', { class: 'attribution' },
      orDash(c.source), ', ', orDash(c.published), ' — ', docLink(c.document),
      c.capability && c.capability.length ? el('span', { class: 'capability' }, ' · claimed capability: ', c.capability.join(', ')) : null));
}

function assessmentCard(a) {
  const stances = Array.isArray(a.stances) ? a.stances : [];
  return el('div', { class: 'assessment', 'data-stances': stances.join(' ') },
    el('dl', { class: 'meta compact' },
      el('dt', null, 'Speakers'), el('dd', null, list(a.speakers)),
      el('dt', null, 'Stance'), el('dd', { class: 'stance' }, stances.length ? stances.map(label).join(', ') : '—'),
      el('dt', null, 'Attribution'), el('dd', null, list(a.attributions))),
    el('blockquote', { class: 'assessment-sentence' }, a.sentence),
    el('div', { class: 'attribution' }, orDash(a.source), ', ', orDash(a.published), ' — ', docLink(a.document)));
}

export function ledgerEntry(e) {
  const entry = el('article', { class: 'claim-entry' + (e.disputed ? ' disputed' : ''), 'data-kind': e.kind });
  entry.append(el('header', { class: 'entry-head' },
    el('span', { class: 'entry-kind' }, e.kind === 'threat' ? 'Threat' : 'Claim of responsibility'),
    ' by ', el('strong', { class: 'actor' }, orDash(e.actor)),
    e.incident ? el('span', null, ' for ', el('a', { class: 'incident-link', href: appHref('incident', e.incident) }, 'incident ' + e.incident)) : null,
    e.disputed ? el('span', { class: 'tag tag-disputed' }, 'disputed') : null));
  if (e.disputed && e.disputed_by && e.disputed_by.length) {
    entry.append(el('p', { class: 'disputed-by' }, 'Disputed by: ', e.disputed_by.join(', ')));
  }
  const cols = el('div', { class: 'ledger-cols' },
    el('div', { class: 'claims-col' },
      el('h3', null, 'What was claimed (' + (e.claims || []).length + ')'),
      el('ul', { class: 'claims' }, (e.claims || []).map(claimBlock)),
      e.retractions && e.retractions.length
        ? [el('h3', null, 'Retractions'), el('ul', { class: 'retractions' }, e.retractions.map(claimBlock))]
        : null),
    el('div', { class: 'assessments-col' },
      el('h3', null, 'How it was assessed (' + (e.assessments || []).length + ')'),
      (e.assessments || []).length
        ? el('div', { class: 'assessments' }, e.assessments.map(assessmentCard))
        : el('p', { class: 'empty' }, 'No assessment reported.')));
  entry.append(cols);
  return entry;
}

/** `#/claims?actor=…&disputed=true`: the claim–assessment ledger. */
export async function renderClaims(view, params, ctx) {
  const actor = params.get('actor') || '';
  const disputed = params.get('disputed') === 'true';
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);

  const form = el('form', { id: 'claims-form', class: 'inline-form', autocomplete: 'off' },
    el('label', { class: 'field' }, el('span', null, 'Actor'), el('input', { id: 'claims-actor', name: 'actor', type: 'text', value: actor, placeholder: 'grp:islamic-state or a name' })),
    el('label', { class: 'check' }, el('input', { id: 'disputed-only', name: 'disputed', type: 'checkbox', checked: disputed }), ' disputed only'),
    el('button', { type: 'submit', class: 'primary' }, 'Show'));
  const go = () => {
    location.hash = queryHash('#/claims', { actor: form.elements.actor.value.trim(), disputed: form.elements.disputed.checked ? 'true' : '' });
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); go(); });
  form.elements.disputed.addEventListener('change', go);

  const box = el('div', { id: 'claims', class: 'ledger' }, el('p', { class: 'loading' }, 'Loading…'));
  view.append(el('section', { id: 'claims-page' }, el('h1', null, 'Claims and assessments'), form, box));

  const answer = await api('claims', { actor, disputed: disputed ? 'true' : '', limit: PAGE, offset });
  if (!ctx.current()) return;
  clear(box);
  const items = itemsOf(answer);
  if (!items.length) box.append(el('p', { class: 'empty' }, 'No claim matches.'));
  for (const e of items) box.append(ledgerEntry(e));
  box.append(pager((o) => queryHash('#/claims', { actor, disputed: disputed ? 'true' : '', offset: o }), answer.offset || 0, answer.limit || PAGE, answer.next_offset));
}

// ---------- Threat picture ----------

/** The picture's landing page: countries ranked by indicator, beside a shaded map. */
async function renderRanking(box, ctx) {
  const map = svg('svg', { id: 'ranking-map', class: 'map', role: 'img', 'aria-label': 'countries shaded by threat indicator', viewBox: '0 0 1000 520' });
  const tableBox = el('div', { id: 'ranking-box' }, el('p', { class: 'loading' }, 'Loading…'));
  box.append(el('p', { class: 'hint' }, 'Countries ranked by their threat indicator (recent attacks, plots, threats and alert changes, weighted and decaying); darker on the map is higher. Choose one for its alert levels and what drives its score.'),
    el('div', { class: 'home-grid' }, el('section', { class: 'results-col' }, tableBox), el('aside', { class: 'charts-col' }, el('section', { class: 'panel map-panel' }, map))));
  const ranking = await api('ranking');
  if (!ctx.current()) return;
  const rows = Array.isArray(ranking) ? ranking : itemsOf(ranking);
  clear(tableBox).append(table({ id: 'ranking', class: 'ranking' }, ['#', 'Country', 'Indicator', 'Latest alert level', 'Events'],
    rows.map((r, i) => el('tr', { class: 'ranked-country', 'data-country': r.code, 'data-score': String(r.score) },
      el('td', null, String(i + 1)),
      el('td', null, el('a', { class: 'picture-link', href: appHref('picture', r.code) }, (r.name || r.code) + ' (' + r.code + ')')),
      el('td', { class: 'score' }, Number(r.score || 0).toFixed(2)),
      el('td', null, orDash(r.level)),
      el('td', { class: 'score' }, String(r.events || 0))))));
  if (!rows.length) tableBox.append(el('p', { class: 'empty' }, 'No country has events yet.'));
  await drawChoropleth(map, rows);
}

/** `#/picture/<CC>`: the country's alert changes, score and drivers. */
export async function renderPicture(view, code, params, ctx) {
  const at = params.get('at') || '';
  const target = params.get('target') || '';
  const select = el('select', { id: 'country-select', name: 'country', 'aria-label': 'country' },
    el('option', { value: '' }, 'choose a country…'));
  const atInput = el('input', { id: 'picture-at', name: 'at', type: 'date', value: at });
  const form = el('form', { id: 'picture-form', class: 'inline-form' },
    el('label', { class: 'field' }, el('span', null, 'Country'), select),
    el('label', { class: 'field' }, el('span', null, 'As of'), atInput),
    el('button', { type: 'submit', class: 'primary' }, 'Show'));
  const go = () => {
    if (select.value) location.hash = queryHash(appHref('picture', select.value), { at: atInput.value, target });
  };
  form.addEventListener('submit', (e) => { e.preventDefault(); go(); });
  select.addEventListener('change', go);
  const box = el('div', { id: 'picture', class: 'picture' });
  view.append(el('section', { id: 'picture-page' }, el('h1', null, 'Threat picture' + (code ? ': ' + code : '')), form, box));

  api('countries').then((answer) => {
    if (!ctx.current()) return;
    const items = itemsOf(answer);
    for (const c of items) {
      select.append(el('option', { value: c.code, selected: c.code === code }, c.code + ' — ' + (c.name || '') + ' (' + c.events + ')'));
    }
    if (code && !items.some((c) => c.code === code)) select.append(el('option', { value: code, selected: true }, code));
  }).catch((e) => { if (ctx.current()) showError(e); });

  if (!code) {
    await renderRanking(box, ctx);
    return;
  }
  const p = await api('picture/' + encodeURIComponent(code), { at, target });
  if (!ctx.current()) return;

  box.append(el('div', { class: 'score-line' },
    el('span', null, 'Threat score'), ' ',
    el('strong', { id: 'score', class: 'score' }, typeof p.score === 'number' ? p.score.toFixed(2) : orDash(p.score)),
    el('span', { class: 'score-context' }, ' as of ' + (p.at || 'the latest report') + (p.group ? ', for ' + p.group : ''))));

  // Alert level changes, oldest first.
  box.append(el('h2', null, 'Alert levels'));
  const alerts = (p.alerts || []).slice().sort((a, b) => String(a.date || '').localeCompare(String(b.date || '')));
  if (alerts.length) {
    const ol = el('ol', { id: 'alerts', class: 'alerts' });
    for (const a of alerts) {
      ol.append(el('li', { class: 'alert' + (a.direction ? ' direction-' + String(a.direction).replace(/[^a-z_]/gi, '') : '') },
        el('span', { class: 'alert-date' }, orDash(a.date)),
        el('span', { class: 'alert-level' }, a.level ? 'level: ' + a.level : 'level not stated'),
        a.direction ? el('span', { class: 'alert-direction' }, label(a.direction)) : null,
        el('span', { class: 'alert-authority' }, 'by ' + list(a.authority)),
        el('blockquote', { class: 'alert-sentence' }, a.sentence),
        el('div', { class: 'attribution' }, orDash(a.source), ' — ', docLink(a.document))));
    }
    box.append(ol);
  } else box.append(el('p', { id: 'alerts', class: 'empty' }, 'No alert level change reported.'));

  // Drivers of the score.
  box.append(el('h2', null, 'What drives the score'));
  const drivers = (p.drivers || []).slice().sort((a, b) => (b.weight || 0) - (a.weight || 0));
  box.append(table({ id: 'drivers', class: 'drivers' }, ['Weight', 'Kind', 'Date', 'Rule', 'Sentence'],
    drivers.map((d) => el('tr', { class: 'driver', 'data-event': d.event },
      el('td', { class: 'weight num' }, typeof d.weight === 'number' ? d.weight.toFixed(2) : orDash(d.weight)),
      el('td', null, kindBadge(d.kind)),
      el('td', null, orDash(d.date)),
      el('td', { class: 'driver-rule' }, d.rule),
      el('td', { class: 'sentence' }, d.sentence)))));
  if (!drivers.length) box.append(el('p', { class: 'empty' }, 'Nothing drives the score.'));
}

// ---------- Watch ----------

function ruleSummary(r) {
  const parts = [];
  if (r.kinds && r.kinds.length) parts.push('kinds: ' + r.kinds.map(label).join(', '));
  for (const k of ['actor', 'country', 'target', 'text']) if (r[k]) parts.push(k + ': ' + r[k]);
  if (r.min_killed !== null && r.min_killed !== undefined) parts.push('at least ' + r.min_killed + ' killed');
  return parts.length ? parts.join(' · ') : 'every event';
}

/** `#/watch` and `#/watch/<name>`: the rules with counts; a rule's matches. */
export async function renderWatch(view, name, params, ctx) {
  const section = el('section', { id: 'watch-page' }, el('h1', null, 'Watch rules'));
  const rulesBox = el('div', { id: 'watch-rules-box' }, el('p', { class: 'loading' }, 'Loading…'));
  const matchesBox = el('div', { id: 'watch-matches', class: 'watch-matches' });
  section.append(el('p', { class: 'hint' }, 'Read-only: rules are changed with the command line or the API.'), rulesBox, matchesBox);
  view.append(section);

  const answer = await api('watch');
  if (!ctx.current()) return;
  const rules = itemsOf(answer);
  clear(rulesBox).append(table({ id: 'watch-rules', class: 'watch-rules' }, ['Rule', 'Matches', 'New', 'Conditions', 'Webhook'],
    rules.map((r) => el('tr', { class: 'watch-rule' + (r.name === name ? ' selected' : ''), 'data-rule': r.name },
      el('td', null, el('a', { class: 'rule-link', href: appHref('watch', r.name) }, r.name)),
      el('td', { class: 'num matches' }, String(r.matches ?? '—')),
      el('td', { class: 'num new' }, String(r.new ?? '—')),
      el('td', null, ruleSummary(r)),
      el('td', { class: 'webhook' }, r.webhook ? r.webhook : '—')))));
  if (!rules.length) rulesBox.append(el('p', { class: 'empty' }, 'No watch rule is defined.'));
  if (!name) return;

  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);
  matchesBox.append(el('h2', null, 'Matches of ', el('span', { class: 'rule-name' }, name)));
  const m = await api('watch/' + encodeURIComponent(name) + '/matches', { limit: PAGE, offset });
  if (!ctx.current()) return;
  const items = itemsOf(m);
  const fresh = items.filter((r) => !r.delivered).length;
  matchesBox.append(el('p', { class: 'result-count' }, items.length + ' shown · ' + fresh + ' new · ' + (items.length - fresh) + ' delivered'));
  for (const rec of items) {
    const row = eventRow(rec, rec.delivered ? 'delivered' : 'new');
    row.querySelector('.event-head').append(el('span', { class: 'tag ' + (rec.delivered ? 'tag-delivered' : 'tag-new') }, rec.delivered ? 'delivered' : 'new'));
    matchesBox.append(row);
  }
  if (!items.length) matchesBox.append(el('p', { class: 'empty' }, 'No event matches this rule.'));
  matchesBox.append(pager((o) => queryHash(appHref('watch', name), { offset: o }), m.offset || 0, m.limit || PAGE, m.next_offset));
}

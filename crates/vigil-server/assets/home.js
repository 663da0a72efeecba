// The home page: search form, event list, timeline and map.
import { el, svg, clear, appHref, label } from './dom.js';
import { api, showError, itemsOf } from './api.js';
import { KINDS, MODALITIES, eventRow } from './events.js';
import { drawTimeline } from './timeline.js';
import { drawMap, mapLegend, zoomControls } from './map.js';

// Filters the form edits, in the order they appear in the hash.
const FORM_FILTERS = ['text', 'kind', 'actor', 'country', 'from', 'to', 'modality', 'order'];
// Filters passed through from the hash to the API, though the form does not show them.
const EXTRA_FILTERS = ['place', 'scope', 'duplicates'];
const PAGE = 50;

/** The hash for a set of filters: `#/?text=…&kind=…`. */
export function homeHash(filters) {
  const q = new URLSearchParams();
  for (const k of [...FORM_FILTERS, ...EXTRA_FILTERS, 'offset']) {
    const v = filters[k];
    if (v !== undefined && v !== null && v !== '' && !(k === 'offset' && Number(v) === 0)) q.set(k, v);
  }
  const s = q.toString();
  return '#/' + (s ? '?' + s : '');
}

function select(id, name, values, current) {
  const s = el('select', { id, name },
    el('option', { value: '' }, 'any'));
  for (const v of values) s.append(el('option', { value: v, selected: v === current }, label(v)));
  // A value from the hash that the list does not know (e.g. "attack,threat") stays selectable.
  if (current && !values.includes(current)) s.append(el('option', { value: current, selected: true }, current));
  return s;
}

function field(labelText, input) {
  return el('label', { class: 'field' }, el('span', null, labelText), input);
}

/** Newest first (the default) or oldest first. */
function orderSelect(current) {
  const s = el('select', { id: 'filter-order', name: 'order' },
    el('option', { value: 'newest', selected: current !== 'oldest' }, 'newest first'),
    el('option', { value: 'oldest', selected: current === 'oldest' }, 'oldest first'));
  return s;
}

/** The actor box: suggestions from the actor dictionary as one types (`/api/v1/actors`). */
function actorInput(current) {
  const list = el('datalist', { id: 'actor-suggestions' });
  const input = el('input', { id: 'filter-actor', name: 'actor', type: 'text', value: current || '', placeholder: 'ISIS, JNIM, grp:islamic-state…', list: 'actor-suggestions' });
  let asked = '';
  input.addEventListener('input', () => {
    const q = input.value.trim();
    if (q.length < 2 || q === asked) return;
    asked = q;
    api('actors', { q }).then((answer) => {
      if (asked !== q) return;
      clear(list);
      for (const a of itemsOf(answer)) {
        list.append(el('option', { value: a.id, 'data-name': a.name }, a.name + (a.matched && a.matched !== a.name ? ' (' + a.matched + ')' : '')));
      }
    }).catch(showError);
  });
  return el('span', { class: 'actor-box' }, input, list);
}

/** Links that download the current selection (`/api/v1/export`). */
function exportLinks(filters) {
  const box = el('div', { id: 'export', class: 'export-links' }, el('span', null, 'Export these events: '));
  const q = new URLSearchParams();
  for (const k of ['text', 'kind', 'actor', 'country', 'from', 'to', 'modality', 'place', 'scope', 'duplicates']) {
    if (filters[k]) q.set(k, filters[k]);
  }
  [['csv', 'CSV'], ['geojson', 'GeoJSON'], ['parquet', 'Parquet'], ['jsonl', 'JSONL']].forEach(([f, name], i) => {
    q.set('format', f);
    if (i) box.append(' · ');
    box.append(el('a', { class: 'export-link', 'data-format': f, href: '/api/v1/export?' + q.toString(), download: 'vigil-events.' + f }, name));
  });
  return box;
}

/** The search form, filled from `filters`; submitting sets the hash. */
function searchForm(filters) {
  const f = filters;
  const form = el('form', { id: 'search-form', class: 'search-form', role: 'search', autocomplete: 'off' },
    el('div', { class: 'search-line' },
      el('input', {
        id: 'search-input', name: 'text', type: 'search', value: f.text || '',
        placeholder: 'Full text: words, "phrases", prefix*, AND / OR / NOT', 'aria-label': 'full text search',
      }),
      el('button', { type: 'submit', class: 'primary' }, 'Search'),
      el('a', { href: '#/', class: 'button-link', id: 'clear-filters' }, 'Clear')),
    el('div', { class: 'filters' },
      field('Kind', select('filter-kind', 'kind', KINDS, f.kind)),
      field('Actor', actorInput(f.actor)),
      field('Country', el('input', { id: 'filter-country', name: 'country', type: 'text', value: f.country || '', placeholder: 'FR or France', size: '10' })),
      field('From', el('input', { id: 'filter-from', name: 'from', type: 'date', value: f.from || '' })),
      field('To', el('input', { id: 'filter-to', name: 'to', type: 'date', value: f.to || '' })),
      field('Modality', select('filter-modality', 'modality', MODALITIES, f.modality)),
      field('Order', orderSelect(f.order))));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const next = {};
    for (const k of FORM_FILTERS) {
      const v = form.elements[k].value.trim();
      // Newest first is the default: the hash only says otherwise.
      if (v && !(k === 'order' && v === 'newest')) next[k] = v;
    }
    for (const k of EXTRA_FILTERS) if (f[k]) next[k] = f[k];
    const hash = homeHash(next);
    if (location.hash === hash) window.dispatchEvent(new HashChangeEvent('hashchange'));
    else location.hash = hash;
  });
  return form;
}

/** Renders the home page into `view` for the filters of the hash. */
export function renderHome(view, params, ctx) {
  const filters = {};
  for (const k of [...FORM_FILTERS, ...EXTRA_FILTERS]) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  // `#/search?q=…` is the home page with the full-text filter set.
  if (!filters.text && params.get('q')) filters.text = params.get('q');
  const offset = Math.max(0, parseInt(params.get('offset') || '0', 10) || 0);

  const results = el('div', { id: 'results', class: 'results', 'aria-live': 'polite' }, el('p', { class: 'loading' }, 'Loading events…'));
  const timelineSvg = svg('svg', { id: 'timeline', class: 'timeline', role: 'img', 'aria-label': 'events per day by kind', viewBox: '0 0 600 60' },
    svg('text', { x: 300, y: 35, 'text-anchor': 'middle', class: 'empty-note' }, 'Loading…'));
  const mapSvg = svg('svg', { id: 'map', class: 'map', role: 'img', 'aria-label': 'incidents on a world map', viewBox: '0 0 1000 520' },
    svg('text', { x: 500, y: 260, 'text-anchor': 'middle', class: 'empty-note' }, 'Loading the map…'));
  const mapNote = el('p', { class: 'map-note' });
  const docs = el('section', { id: 'doc-results', class: 'doc-results', hidden: true });
  const byDate = el('ol', { id: 'incidents-by-date', class: 'incidents-by-date' }, el('li', { class: 'loading' }, 'Loading…'));

  view.append(
    el('section', { id: 'home', class: 'home' },
      searchForm(filters),
      el('div', { class: 'home-grid' },
        el('section', { class: 'results-col' },
          el('h2', null, 'Events'),
          exportLinks(filters),
          results,
          docs),
        el('aside', { class: 'charts-col' },
          el('section', { class: 'panel' }, el('h2', null, 'Timeline'), timelineSvg,
            el('p', { class: 'hint' }, 'Click a bar to show only its day (or month).')),
          el('section', { class: 'panel map-panel' }, el('div', { class: 'panel-head' }, el('h2', null, 'Incidents'), zoomControls(mapSvg)), mapSvg, mapNote, mapLegend()),
          el('section', { class: 'panel' }, el('h2', null, 'Incidents by date'), byDate)))));

  loadEvents(results, filters, offset, ctx);
  const { order: _order, ...timelineFilters } = filters;
  api('timeline', timelineFilters).then((t) => {
    if (!ctx.current()) return;
    drawTimeline(timelineSvg, t, (from, to) => { location.hash = homeHash({ ...filters, from, to }); });
  }).catch(showErrorIfCurrent(ctx));
  const incParams = {
    kind: filters.kind, country: filters.country, from: filters.from, to: filters.to,
    actor: filters.actor, place: filters.place, modality: filters.modality, text: filters.text, scope: filters.scope,
    limit: 500,
  };
  api('incidents', incParams).then(async (list) => {
    if (!ctx.current()) return;
    const items = itemsOf(list);
    const s = await drawMap(mapSvg, items);
    if (!ctx.current()) return;
    const parts = [items.length + (items.length === 1 ? ' incident' : ' incidents') + (list.next_offset ? ' (first 500)' : '')];
    if (s.points) parts.push(s.points + ' at a place');
    if (s.areas) parts.push(s.areas + ' in a province');
    if (s.countries) parts.push(s.countries + (s.countries === 1 ? ' country' : ' countries') + ' shaded');
    if (s.unplaced) parts.push(s.unplaced + ' without a mappable place');
    if (s.missing.length) parts.push('not on this map: ' + s.missing.join(', '));
    clear(mapNote).append(parts.join(' · '));
    listByDate(byDate, items);
  }).catch((e) => {
    if (ctx.current()) {
      showError(e);
      clear(mapNote).append('The map could not be drawn.');
    }
  });
  if (filters.text) loadDocuments(docs, filters.text, ctx);
}

/** Incidents newest first (undated last), each a link to its page. */
function listByDate(box, items) {
  clear(box);
  const sorted = items.slice().sort((a, b) => String(b.date || '').localeCompare(String(a.date || '')));
  for (const inc of sorted.slice(0, 30)) {
    const place = inc.place ? [inc.place.name, inc.place.country].filter((x) => x).join(', ') : 'unknown place';
    const reports = inc.reports ? ' (' + inc.reports + (inc.reports === 1 ? ' report)' : ' reports)') : '';
    box.append(el('li', { class: 'incident-item', 'data-date': inc.date || '' },
      el('span', { class: 'event-date' }, inc.date || 'undated'), ' ',
      el('a', { class: 'incident-link', href: appHref('incident', inc.id) }, label(inc.kind || '') + ' — ' + place), reports));
  }
  if (!sorted.length) box.append(el('li', { class: 'empty' }, 'No incident matches.'));
  if (sorted.length > 30) box.append(el('li', { class: 'more-note' }, (sorted.length - 30) + ' more on the map'));
}

function showErrorIfCurrent(ctx) {
  return (e) => { if (ctx.current()) showError(e); };
}

/** One page of events with previous / next links. */
function loadEvents(box, filters, offset, ctx) {
  api('events', { ...filters, order: filters.order || 'newest', limit: PAGE, offset }).then((list) => {
    if (!ctx.current()) return;
    clear(box);
    const items = itemsOf(list);
    const start = list.offset || 0;
    const summary = items.length
      ? 'Events ' + (start + 1) + '–' + (start + items.length) + (list.next_offset !== null && list.next_offset !== undefined ? ' (more follow)' : '')
      : 'No events match.';
    box.append(el('p', { class: 'result-count' }, summary));
    for (const rec of items) box.append(eventRow(rec));
    box.append(pager(filters, start, list.limit || PAGE, list.next_offset));
  }).catch((e) => {
    if (!ctx.current()) return;
    clear(box).append(el('p', { class: 'empty' }, 'The events could not be loaded.'));
    showError(e);
  });
}

function pager(filters, offset, limit, next) {
  const nav = el('nav', { class: 'pager', 'aria-label': 'pages' });
  if (offset > 0) {
    nav.append(el('a', { id: 'prev-page', class: 'page-prev', href: homeHash({ ...filters, offset: Math.max(0, offset - limit) }) }, '← previous'));
  }
  if (next !== null && next !== undefined) {
    nav.append(el('a', { id: 'next-page', class: 'page-next', href: homeHash({ ...filters, offset: next }) }, 'next →'));
  }
  return nav;
}

/** Documents whose text matches the full-text query (including those with no events). */
function loadDocuments(box, q, ctx) {
  api('search', { q, limit: 20 }).then((list) => {
    if (!ctx.current()) return;
    const items = itemsOf(list);
    clear(box).append(el('h2', null, 'Matching documents'));
    if (!items.length) box.append(el('p', { class: 'empty' }, 'No document matches.'));
    const ul = el('ul', { class: 'doc-list' });
    for (const it of items) {
      const d = it.document || {};
      ul.append(el('li', null,
        el('a', { class: 'document-link', href: appHref('document', d.id) }, d.title || d.id),
        el('span', { class: 'doc-meta' }, ' — ' + [d.source, d.published].filter((x) => x).join(', '))));
    }
    box.append(ul);
    if (list.next_offset !== null && list.next_offset !== undefined) box.append(el('p', { class: 'more-note' }, 'More documents match; refine the query.'));
    box.hidden = false;
  }).catch(showErrorIfCurrent(ctx));
}

// The incident page and the document page, with article texts whose evidence is highlighted.
import { el, clear, appHref, externalLink, defList, label, orDash } from './dom.js';
import { api, showError } from './api.js';
import { kindBadge, eventRow, placeText } from './events.js';
import { ledgerEntry } from './pages.js';

/**
 * Fills `box` with a document's text from its segments; segments that are evidence of events
 * become `mark.evidence` with `data-events`. `focus` (a set of event ids) marks the evidence of
 * those events with the extra class `focus`.
 */
export function articleText(box, doc, focus) {
  const kinds = new Map((doc.events || []).map((e) => [e.id, e.kind]));
  for (const seg of doc.segments || []) {
    const events = Array.isArray(seg.events) ? seg.events : [];
    if (!events.length) {
      box.append(el('span', { class: 'segment' }, seg.text));
      continue;
    }
    const inFocus = focus && events.some((id) => focus.has(id));
    const m = el('mark', {
      class: 'evidence' + (inFocus ? ' focus' : ''), 'data-events': events.join(' '),
      title: 'evidence of ' + events.map((id) => id + (kinds.has(id) ? ' (' + label(kinds.get(id)) + ')' : '')).join(', '),
    }, seg.text);
    box.append(m);
  }
  return box;
}

function metaPairs(d) {
  return [
    ['Source', d.source],
    ['Site', d.site_name],
    ['Published', d.published],
    ['Document id', d.id],
    ['Language', d.language || null],
    ['Duplicate of', d.duplicate_of ? el('a', { class: 'document-link', href: appHref('document', d.duplicate_of) }, d.duplicate_of) : null],
    ['Original', d.url ? externalLink(d.url) : null],
  ];
}

// ---------- Document page ----------

/** `#/document/<id>`: metadata, the text with evidence highlighted, the events found. */
export async function renderDocument(view, id, ctx) {
  const doc = await api('documents/' + encodeURIComponent(id));
  if (!ctx.current()) return;
  const d = doc.document || {};
  const section = el('section', { id: 'document', class: 'document-page' },
    el('h1', { class: 'doc-title' }, d.title || d.id || id),
    defList(metaPairs(d)));
  if (d.language && d.language !== 'en' && d.language !== 'und') {
    section.append(el('p', { id: 'language-notice', class: 'notice' },
      'This document is in a language Vigil does not read yet (' + d.language + '): no events were extracted from it. Reading more languages comes later.'));
  }

  const text = el('div', { id: 'article-text', class: 'article-text' });
  articleText(text, doc);
  section.append(el('h2', null, 'Text'), el('p', { class: 'hint' }, 'Highlighted passages are the evidence of the events listed below.'), text);

  const events = doc.events || [];
  const incidents = doc.incidents || {};
  section.append(el('h2', null, 'Events found (' + events.length + ')'));
  const list = el('div', { id: 'document-events', class: 'event-list' });
  for (const ev of events) {
    const rec = { event: ev, document: d, event_date: ev.time && ev.time.start, incident: incidents[ev.id] || null };
    const row = eventRow(rec);
    // Pointing at an event lights up its evidence in the text.
    row.addEventListener('mouseenter', () => highlight(text, ev.id, true));
    row.addEventListener('mouseleave', () => highlight(text, ev.id, false));
    list.append(row);
  }
  if (!events.length) list.append(el('p', { class: 'empty' }, 'No event was found in this document.'));
  section.append(list);
  view.append(section);
}

function highlight(box, id, on) {
  for (const m of box.querySelectorAll('mark.evidence')) {
    if ((m.getAttribute('data-events') || '').split(' ').includes(id)) m.classList.toggle('focus', on);
  }
}

// ---------- Incident page ----------

function valueText(v) {
  if (!v) return '—';
  const q = v.qualifier && v.qualifier !== 'exact' ? label(v.qualifier) + ' ' : '';
  if (v.value !== null && v.value !== undefined) return q + String(v.value);
  return v.text || '—';
}

function sameReport(a, b) {
  return a && b && a.event === b.event && a.text === b.text && a.document === b.document;
}

/** `table#values`: for each attribute, every reported value with its source; the best marked. */
function valuesTable(attributes, titles) {
  const t = el('table', { id: 'values', class: 'values' });
  t.append(el('thead', null, el('tr', null,
    ['Attribute', 'Reported value', 'As written', 'Source', 'Document', 'Published', 'Status'].map((h) => el('th', null, h)))));
  const body = el('tbody');
  for (const [name, attr] of Object.entries(attributes || {})) {
    const values = attr.values || [];
    values.forEach((v, i) => {
      const best = sameReport(v, attr.best);
      const cls = ['value-row', best ? 'best' : null, v.superseded ? 'superseded' : null].filter((x) => x).join(' ');
      const tr = el('tr', { class: cls, 'data-attribute': name });
      if (i === 0) {
        tr.append(el('th', { class: 'attribute', rowspan: String(values.length), scope: 'rowgroup' },
          label(name),
          el('div', { class: 'best-summary' }, 'best: ', el('strong', null, valueText(attr.best))),
          attr.rule ? el('div', { class: 'rule' }, 'rule: ', label(attr.rule)) : null));
      }
      tr.append(
        el('td', { class: 'value' }, valueText(v)),
        el('td', { class: 'as-written' }, v.text),
        el('td', { class: 'source' }, orDash(v.source)),
        el('td', null, el('a', { class: 'document-link', href: appHref('document', v.document) }, titles.get(v.document) || v.document)),
        el('td', { class: 'published' }, orDash(v.published)),
        el('td', { class: 'status' },
          best ? el('span', { class: 'tag tag-best' }, 'best') : null,
          v.superseded ? el('span', { class: 'tag tag-superseded' }, 'superseded') : null));
      body.append(tr);
    });
  }
  if (!body.childNodes.length) body.append(el('tr', null, el('td', { colspan: '7', class: 'empty' }, 'No attribute was reported.')));
  t.append(body);
  return t;
}

/** One join in words: "Report A and report B: their dates overlap (…); the places are 3 km apart; …". */
function joinWords(j, who) {
  const reasons = (j.reasons || []).map((r) => {
    if (r.aspect === 'time') {
      if (r.a === 'none' || r.b === 'none') return 'one of them gives no date';
      return 'their dates agree (' + r.a + ' and ' + r.b + ')';
    }
    if (r.aspect === 'place') {
      if (r.how === 'unknown') return 'one of them names no place';
      if (r.how === 'same place') return 'they name the same place';
      if (r.how === 'inside') return 'one place lies inside the other';
      return 'their places are ' + r.how;
    }
    if (r.aspect === 'perpetrator') {
      if (r.how === 'unknown') return 'one or both name no perpetrator';
      return 'they name the same perpetrator (' + r.how + ')';
    }
    return label(r.aspect) + (r.how ? ': ' + r.how : '');
  });
  return el('li', { class: 'join' },
    el('span', { class: 'join-side' }, who(j.a)), ' and ', el('span', { class: 'join-side' }, who(j.b)),
    ' were merged: ', reasons.length ? reasons.join('; ') : 'no reason given', '.');
}

/** `#/incident/<id>`: summary, values by source, reports, why merged, each report's text. */
export async function renderIncident(view, id, ctx) {
  const inc = await api('incidents/' + encodeURIComponent(id));
  if (!ctx.current()) return;
  const reports = inc.reports || [];
  const members = inc.members || [];
  const titles = new Map(reports.map((r) => [r.document && r.document.id, (r.document && (r.document.title || r.document.id)) || '']));
  const memberDoc = new Map(members.map((m) => [m.event, m]));
  const focus = new Set(members.map((m) => m.event));

  const section = el('section', { id: 'incident', class: 'incident-page', 'data-incident': inc.id });
  section.append(
    el('h1', null, kindBadge(inc.kind), ' ', el('span', { class: 'incident-id' }, inc.id)),
    defList([
      ['Date', orDash(inc.date)],
      ['Place', inc.place ? placeText(inc.place) : 'unknown'],
      ['Reports', String(reports.length || members.length)],
    ]));

  section.append(el('h2', null, 'Reported values'),
    el('p', { class: 'hint' }, 'Each value as each source reported it; the retained value is marked best, with the rule that chose it.'),
    valuesTable(inc.attributes, titles));

  // The reports.
  section.append(el('h2', null, 'Reports'));
  const list = el('ul', { id: 'reports', class: 'reports' });
  for (const r of reports) {
    const d = r.document || {};
    list.append(el('li', { class: 'report', 'data-document': d.id },
      el('a', { class: 'document-link', href: appHref('document', d.id) }, d.title || d.id),
      el('span', { class: 'doc-meta' }, ' — ' + [d.source, d.published].filter((x) => x).join(', ') + ' '),
      d.url ? externalLink(d.url, 'original ↗') : null,
      el('span', { class: 'report-events' }, ' (' + (r.events || []).length + (r.events && r.events.length === 1 ? ' event' : ' events') + ')')));
  }
  section.append(list);

  // Claims of responsibility for it, with their assessments.
  section.append(el('h2', null, 'Claims and assessments'));
  const claims = inc.claims || [];
  if (claims.length) section.append(el('div', { id: 'incident-claims', class: 'ledger' }, claims.map(ledgerEntry)));
  else section.append(el('p', { id: 'incident-claims', class: 'empty' }, 'No claim of responsibility was reported for this incident.'));

  // Why merged.
  const who = (eventId) => {
    const m = memberDoc.get(eventId);
    if (!m) return eventId;
    return '“' + (titles.get(m.document) || m.document) + '” (' + [m.source, m.published].filter((x) => x).join(', ') + ')';
  };
  section.append(el('h2', null, 'Why these reports were merged'));
  const joins = inc.joins || [];
  if (joins.length) section.append(el('ul', { id: 'joins', class: 'joins' }, joins.map((j) => joinWords(j, who))));
  else section.append(el('p', { id: 'joins', class: 'empty' }, 'A single report: nothing was merged.'));

  // Each report's text, loaded one by one.
  section.append(el('h2', null, 'The reports’ texts'));
  const texts = el('div', { class: 'report-texts' });
  section.append(texts);
  view.append(section);

  for (const r of reports) {
    const d = r.document || {};
    if (!d.id) continue;
    const box = el('article', { class: 'report-text', 'data-document': d.id },
      el('h3', null, el('a', { class: 'document-link', href: appHref('document', d.id) }, d.title || d.id)),
      el('p', { class: 'doc-meta' }, [d.source, d.published].filter((x) => x).join(', ')));
    const text = el('div', { class: 'article-text' }, el('span', { class: 'loading' }, 'Loading…'));
    box.append(text);
    texts.append(box);
    api('documents/' + encodeURIComponent(d.id)).then((doc) => {
      if (!ctx.current()) return;
      articleText(clear(text), doc, focus);
    }).catch((e) => {
      if (!ctx.current()) return;
      clear(text).append(el('span', { class: 'empty' }, 'This text could not be loaded.'));
      showError(e);
    });
  }
}

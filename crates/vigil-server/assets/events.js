// Shared vocabulary and the rendering of one event record.
import { el, svg, appHref, label } from './dom.js';

export const KINDS = [
  'attack', 'threat', 'claim_of_responsibility', 'denial_of_responsibility', 'warning',
  'alert_level_change', 'arrest', 'counter_operation', 'assessment',
];

export const MODALITIES = [
  'asserted', 'claimed', 'alleged', 'reported', 'threatened', 'attempted', 'foiled',
  'historical', 'hypothetical', 'negated',
];

// One colour per kind (colour-blind-friendly-ish, distinct on white).
const COLOURS = {
  attack: '#c0392b',
  threat: '#e67e22',
  claim_of_responsibility: '#8e44ad',
  denial_of_responsibility: '#b57edc',
  warning: '#d4ac0d',
  alert_level_change: '#2471a3',
  arrest: '#148f77',
  counter_operation: '#1e8449',
  assessment: '#7f8c8d',
};

/** The colour of a kind (grey for kinds this page does not know). */
export function kindColour(kind) {
  return COLOURS[kind] || '#555555';
}

/** A small coloured square followed by the kind's name. */
export function kindBadge(kind, subtype) {
  return el('span', { class: 'kind', 'data-kind': kind },
    svg('svg', { class: 'swatch', width: 10, height: 10, viewBox: '0 0 10 10', 'aria-hidden': 'true' },
      svg('rect', { width: 10, height: 10, fill: kindColour(kind) })),
    ' ', label(kind), subtype && subtype !== 'unknown' ? el('span', { class: 'subtype' }, ' (' + label(subtype) + ')') : null);
}

// Roles that name who acted, claimed, warned or was arrested.
const ACTOR_ROLES = [
  'perpetrator_org', 'perpetrator_individual', 'claimant_org', 'claimant_individual', 'denier',
  'issuer_org', 'issuer_individual', 'issuer', 'authority', 'agency', 'suspect', 'suspected_org',
  'operator', 'speaker', 'about_actor',
];

/** The text of a role's fillers: "ISKP, Taliban". */
export function roleText(roles, role) {
  const fillers = roles && roles[role];
  if (!Array.isArray(fillers) || fillers.length === 0) return null;
  return fillers.map((f) => (f && f.text) || '').filter((t) => t).join(', ');
}

/** A count role as a number when one filler gives a value, else its text. */
export function countText(roles, role) {
  const fillers = roles && roles[role];
  if (!Array.isArray(fillers) || fillers.length === 0) return null;
  return fillers.map((f) => {
    if (typeof f.value === 'number') return (f.qualifier && f.qualifier !== 'exact' ? label(f.qualifier) + ' ' : '') + f.value;
    return f.text || '';
  }).join(', ');
}

/** The home page filtered by one more value: `#/?actor=grp%3Ajnim`. */
export function pivotHref(name, value) {
  return '#/?' + new URLSearchParams({ [name]: value }).toString();
}

/** A role's fillers, each a link that filters the events by it (by its id when it has one). */
function actorLinks(roles, role) {
  const fillers = roles && roles[role];
  if (!Array.isArray(fillers) || fillers.length === 0) return null;
  const out = [];
  fillers.filter((f) => f && f.text).forEach((f, i) => {
    if (i) out.push(', ');
    out.push(el('a', { class: 'pivot pivot-actor', href: pivotHref('actor', f.id || f.text), title: 'events of ' + (f.id || f.text) }, f.text));
  });
  return out.length ? out : null;
}

/** A place's name, and its country as a link that filters the events by it. */
function placeLinks(p) {
  const name = p.name || p.text || '';
  const out = [name];
  if (p.country && p.country !== name) {
    out.push(', ', el('a', { class: 'pivot pivot-country', href: pivotHref('country', p.country), title: 'events in ' + p.country }, p.country));
  }
  if (p.precision) out.push(' (' + p.precision + ')');
  return out;
}

/** "Kabul, AF (city)". */
export function placeText(p) {
  if (!p) return null;
  const name = p.name || p.text || '';
  const parts = [name];
  if (p.country && p.country !== name) parts.push(p.country);
  let s = parts.filter((x) => x).join(', ');
  if (p.precision) s += ' (' + p.precision + ')';
  return s;
}

/** One `.event-row` from an event record (`{event, document, event_date, incident}`). */
export function eventRow(rec, extraClass) {
  const ev = rec.event || {};
  const doc = rec.document || {};
  const roles = ev.roles || {};
  const row = el('article', { class: 'event-row' + (extraClass ? ' ' + extraClass : ''), 'data-event': ev.id });

  const date = rec.event_date || (ev.time && ev.time.start) || null;
  const head = el('div', { class: 'event-head' },
    el('span', { class: 'event-date' }, date || 'undated'),
    kindBadge(ev.kind, ev.subtype),
    ev.modality && ev.modality !== 'asserted' ? el('span', { class: 'modality', 'data-modality': ev.modality }, ev.modality) : null);
  const places = (ev.places || []).filter((p) => p && (p.name || p.text));
  if (places.length) {
    const span = el('span', { class: 'event-place' });
    places.forEach((p, i) => { if (i) span.append('; '); span.append(...placeLinks(p)); });
    head.append(span);
  }
  if (doc.language && doc.language !== 'en' && doc.language !== 'und') {
    head.append(el('span', { class: 'tag tag-language', title: 'Vigil reads English only for now' }, doc.language));
  }
  row.append(head);

  // Who and how many.
  const facts = el('ul', { class: 'event-facts' });
  for (const role of ACTOR_ROLES) {
    const links = actorLinks(roles, role);
    if (links) facts.append(el('li', { class: 'actor' }, el('span', { class: 'role' }, label(role) + ': '), el('span', { class: 'value' }, ...links)));
  }
  for (const role of ['killed', 'injured', 'target', 'weapon']) {
    const t = role === 'killed' || role === 'injured' ? countText(roles, role) : roleText(roles, role);
    if (t) facts.append(el('li', { class: role }, el('span', { class: 'role' }, label(role) + ': '), el('span', { class: 'value' }, t)));
  }
  if (ev.time && ev.time.text) facts.append(el('li', { class: 'time' }, el('span', { class: 'role' }, 'time: '), el('span', { class: 'value' }, ev.time.text)));
  if (ev.source && ev.source.text) facts.append(el('li', { class: 'attributed' }, el('span', { class: 'role' }, 'according to: '), el('span', { class: 'value' }, ev.source.text)));
  if (facts.childNodes.length) row.append(facts);

  // The sentence the event was read from.
  const evidence = (ev.evidence || []).map((e) => e.text).filter((t) => t);
  if (evidence.length) row.append(el('blockquote', { class: 'evidence-sentence' }, evidence.join(' … ')));

  // Where it comes from.
  const links = el('div', { class: 'event-links' });
  if (doc.id) {
    links.append(el('a', { class: 'document-link', href: appHref('document', doc.id) }, doc.title || doc.id));
    const meta = [doc.source, doc.published].filter((x) => x).join(', ');
    if (meta) links.append(el('span', { class: 'doc-meta' }, ' — ' + meta));
  }
  if (rec.incident) {
    links.append(' ', el('a', { class: 'incident-link', href: appHref('incident', rec.incident) }, 'incident ' + rec.incident));
  }
  row.append(links);
  return row;
}

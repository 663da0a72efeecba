// DOM helpers: every piece of untrusted text reaches the page through these functions.
// No HTML parsing anywhere: elements are created one by one and text is set as text nodes.

const SVG_NS = 'http://www.w3.org/2000/svg';

// Bidirectional-control characters that could reorder what the reader sees.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;
const BIDI_SPLIT = /([\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C])/;

/** `[U+202E]` for one character. */
function codeName(ch) {
  return '[U+' + ch.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + ']';
}

/** A string with bidi controls replaced by their visible names (for attributes, options, SVG titles). */
export function clean(s) {
  if (s === null || s === undefined) return '';
  return String(s).replace(BIDI, codeName);
}

/** Appends untrusted text to `parent`: text nodes, with each bidi control shown as an inert `span.bidi`. */
export function appendText(parent, s) {
  if (s === null || s === undefined) return parent;
  const parts = String(s).split(BIDI_SPLIT);
  for (const part of parts) {
    if (part === '') continue;
    if (part.length === 1 && BIDI_SPLIT.test(part)) {
      const marker = document.createElement('span');
      marker.className = 'bidi';
      marker.textContent = codeName(part);
      marker.title = 'bidirectional control character removed';
      parent.appendChild(marker);
    } else {
      parent.appendChild(document.createTextNode(part));
    }
  }
  return parent;
}

/** Appends children: strings and numbers become text (through appendText), nodes are appended, arrays flattened. */
function appendAll(parent, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) appendAll(parent, c);
    else if (c instanceof Node) parent.appendChild(c);
    else appendText(parent, String(c));
  }
  return parent;
}

/**
 * `el('a', {class: 'x', href: '#/'}, 'text', child)`. Attribute values are cleaned of bidi controls;
 * `href` must come from `appHref`/`safeHref`, never straight from data.
 */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  return appendAll(node, children);
}

/** The SVG counterpart of `el`. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag);
  setAttrs(node, attrs);
  return appendAll(node, children);
}

/** An SVG `<title>` (tooltip); SVG titles show plain text only, so controls are spelled out. */
export function svgTitle(s) {
  const t = document.createElementNS(SVG_NS, 'title');
  t.textContent = clean(s);
  return t;
}

function setAttrs(node, attrs) {
  if (!attrs) return;
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) throw new Error('no inline handlers: ' + k);
    if (k === 'style') throw new Error('no style attributes');
    node.setAttribute(k, v === true ? '' : clean(v));
  }
}

/** Removes every child of `node`. */
export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

/** An in-app route: every variable part goes through encodeURIComponent. */
export function appHref(...parts) {
  return '#/' + parts.map((p) => encodeURIComponent(String(p))).join('/');
}

/** The URL when it is an absolute http(s) URL, else null. */
export function safeHref(u) {
  if (typeof u !== 'string' || u === '') return null;
  try {
    const url = new URL(u);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch (_) {
    // not a URL
  }
  return null;
}

/** A link out to an original page, or the URL as inert text when it is not http(s). */
export function externalLink(u, label) {
  const href = safeHref(u);
  if (href) {
    return el('a', { class: 'external', href, rel: 'noopener noreferrer', target: '_blank' }, label || u);
  }
  return el('span', { class: 'unsafe-url', title: 'not an http(s) link' }, u);
}

/** A `<dl>` of label → value pairs, skipping empty values. */
export function defList(pairs, cls) {
  const dl = el('dl', { class: cls || 'meta' });
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(el('dt', null, k), el('dd', null, v));
  }
  return dl;
}

/** A table from a header list and rows of cells (each cell: string, node or array). */
export function table(attrs, headers, rows) {
  const t = el('table', attrs);
  t.append(el('thead', null, el('tr', null, headers.map((h) => el('th', null, h)))));
  const body = el('tbody');
  for (const r of rows) body.append(r instanceof Node ? r : el('tr', null, r.map((c) => el('td', null, c))));
  t.append(body);
  return t;
}

/** A humane label for snake_case names ("claim_of_responsibility" → "claim of responsibility"). */
export function label(s) {
  return s === null || s === undefined ? '' : String(s).replace(/_/g, ' ');
}

/** `null` → "—". */
export function orDash(v) {
  return v === null || v === undefined || v === '' ? '—' : v;
}

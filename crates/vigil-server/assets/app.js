// Vigil dashboard: hash router, navigation and the stats line.
import { el, clear, clean } from './dom.js';
import { api, showError, clearErrors } from './api.js';
import { renderHome } from './home.js';
import { renderIncident, renderDocument } from './article.js';
import { renderClaims, renderPicture, renderWatch } from './pages.js';

let generation = 0;

/** `#/incident/inc-1?x=y` → {parts: ['incident', 'inc-1'], params}. */
function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  const parts = path.split('/').filter((p) => p !== '').map((p) => {
    try {
      return decodeURIComponent(p);
    } catch (_) {
      return p;
    }
  });
  return { parts, params };
}

/** Marks the navigation link of the current page. */
function markNav(section) {
  for (const a of document.querySelectorAll('#nav a')) {
    const on = a.getAttribute('data-section') === section;
    a.classList.toggle('active', on);
    if (on) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** Renders the page of the current hash into `#view`. */
async function route() {
  const gen = ++generation;
  // Pages check this before drawing what arrives late, so a slow answer never paints over a newer page.
  const ctx = { current: () => gen === generation };
  clearErrors();
  const view = clear(document.getElementById('view'));
  const { parts, params } = parseHash();
  const [page, arg] = parts;
  try {
    switch (page) {
      case undefined:
      case 'search':
        markNav('home');
        document.title = 'Vigil — events';
        renderHome(view, params, ctx);
        break;
      case 'incident':
        markNav('home');
        document.title = 'Vigil — incident';
        if (!arg) throw new Error('no incident id in the address');
        await renderIncident(view, arg, ctx);
        break;
      case 'document':
        markNav('home');
        document.title = 'Vigil — document';
        if (!arg) throw new Error('no document id in the address');
        await renderDocument(view, arg, ctx);
        break;
      case 'claims':
        markNav('claims');
        document.title = 'Vigil — claims';
        await renderClaims(view, params, ctx);
        break;
      case 'picture':
        markNav('picture');
        document.title = 'Vigil — threat picture';
        await renderPicture(view, arg ? arg.toUpperCase() : '', params, ctx);
        break;
      case 'watch':
        markNav('watch');
        document.title = 'Vigil — watch';
        await renderWatch(view, arg || '', params, ctx);
        break;
      default:
        markNav('');
        view.append(el('section', { class: 'not-found' }, el('h1', null, 'Page not found'),
          el('p', null, 'There is no page at this address. '), el('a', { href: '#/' }, 'Back to the events')));
    }
  } catch (e) {
    if (gen !== generation) return;
    showError(e);
    if (!view.childNodes.length) view.append(el('p', { class: 'empty' }, 'This page could not be shown.'));
  }
  if (gen === generation) window.scrollTo(0, 0);
}

/** The one-line summary of the store in the header. */
async function loadStats() {
  const box = document.getElementById('stats');
  try {
    const s = await api('stats');
    const parts = [];
    if (typeof s.documents === 'number') parts.push(s.documents + ' documents');
    if (typeof s.events === 'number') parts.push(s.events + ' events');
    if (s.events_by_country && typeof s.events_by_country === 'object') parts.push(Object.keys(s.events_by_country).length + ' countries');
    if (s.first_event_date || s.last_event_date) parts.push((s.first_event_date || '?') + ' → ' + (s.last_event_date || '?'));
    clear(box).append(parts.join(' · '));
    if (s.events_by_kind && typeof s.events_by_kind === 'object') {
      box.setAttribute('title', clean(Object.entries(s.events_by_kind).map(([k, n]) => k.replace(/_/g, ' ') + ': ' + n).join('\n')));
    }
  } catch (e) {
    clear(box).append('statistics unavailable');
    showError(e);
  }
}

// Errors nobody caught still reach the error box.
window.addEventListener('unhandledrejection', (e) => showError(e.reason));
window.addEventListener('hashchange', route);
loadStats();
route();

// The offline world map: a TopoJSON decoder, the Natural Earth I projection, and the incident layer.
import { el, svg, svgTitle, clear, appHref } from './dom.js';
import { kindColour } from './events.js';

// ---------- TopoJSON ----------

/** Decodes the arcs of a topology: applies the quantisation transform and undoes the delta encoding. */
export function decodeArcs(topology) {
  const t = topology.transform;
  return topology.arcs.map((arc) => {
    if (!t) return arc.map((p) => [p[0], p[1]]);
    const [sx, sy] = t.scale;
    const [tx, ty] = t.translate;
    let x = 0;
    let y = 0;
    return arc.map((p) => {
      x += p[0];
      y += p[1];
      return [x * sx + tx, y * sy + ty];
    });
  });
}

/** Stitches a ring (or line) from arc indices; a negative index ~i is arc i reversed. */
function stitch(arcs, indices) {
  const out = [];
  for (const i of indices) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    // Consecutive arcs share their end point: skip the duplicate.
    for (let k = out.length ? 1 : 0; k < arc.length; k++) out.push(arc[k]);
  }
  return out;
}

/** A geometry as a list of polygons, each a list of rings of [lon, lat]. */
function polygons(arcs, geom) {
  if (geom.type === 'Polygon') return [geom.arcs.map((r) => stitch(arcs, r))];
  if (geom.type === 'MultiPolygon') return geom.arcs.map((p) => p.map((r) => stitch(arcs, r)));
  return [];
}

/** The features of a GeometryCollection object: `{id, properties, polygons}`. */
export function features(topology, name) {
  const arcs = decodeArcs(topology);
  const obj = topology.objects[name];
  const geoms = obj.type === 'GeometryCollection' ? obj.geometries : [obj];
  return geoms.map((g) => ({ id: g.id, properties: g.properties || {}, polygons: polygons(arcs, g) }));
}

// ---------- Projection ----------

const RAD = Math.PI / 180;

/** Natural Earth I (Šavrič et al.), in units where the equator spans ±2.7354. */
export function naturalEarth(lon, lat) {
  const l = lon * RAD;
  const p = lat * RAD;
  const p2 = p * p;
  const p4 = p2 * p2;
  const x = l * (0.8707 - 0.131979 * p2 + p4 * (-0.013791 + p4 * (0.003971 * p2 - 0.001529 * p4)));
  const y = p * (1.007226 + p2 * (0.015085 + p4 * (-0.044475 + 0.028874 * p2 - 0.005916 * p4)));
  return [x, y];
}

// SVG frame: width 1000, the projection's y extent scaled alike, flipped so north is up.
const W = 1000;
const XMAX = naturalEarth(180, 0)[0];
const YMAX = naturalEarth(0, 90)[1];
const SCALE = W / (2 * XMAX);
const H = Math.round(2 * YMAX * SCALE);

/** [lon, lat] → SVG [x, y]. */
export function project(lon, lat) {
  const [x, y] = naturalEarth(lon, lat);
  return [(x + XMAX) * SCALE, (YMAX - y) * SCALE];
}

function pathData(polys) {
  const parts = [];
  for (const poly of polys) {
    for (const ring of poly) {
      if (ring.length < 2) continue;
      let d = '';
      ring.forEach(([lon, lat], k) => {
        const [x, y] = project(lon, lat);
        d += (k ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
      });
      parts.push(d + 'Z');
    }
  }
  return parts.join('');
}

/** The outline of the whole globe in this projection (the sphere's edge). */
function spherePath() {
  let d = '';
  for (let lat = -90; lat <= 90; lat += 5) {
    const [x, y] = project(180, lat);
    d += (d ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
  }
  for (let lat = 90; lat >= -90; lat -= 5) {
    const [x, y] = project(-180, lat);
    d += 'L' + x.toFixed(1) + ',' + y.toFixed(1);
  }
  return d + 'Z';
}

// ---------- Map rendering ----------

let topologyPromise = null;

/** The countries TopoJSON, fetched once. */
function loadTopology() {
  if (!topologyPromise) {
    topologyPromise = fetch('/assets/countries.json').then((r) => {
      if (!r.ok) throw new Error('world map: /assets/countries.json answered ' + r.status);
      return r.json();
    });
    topologyPromise.catch(() => { topologyPromise = null; });
  }
  return topologyPromise;
}

let countryShapes = null;

function shapes(topology) {
  if (!countryShapes) {
    countryShapes = features(topology, 'countries').map((f) => ({
      iso: f.properties.iso || null,
      name: f.properties.name || '',
      d: pathData(f.polygons),
    }));
  }
  return countryShapes;
}

const POINT_PRECISIONS = new Set(['point', 'city', 'admin2']);

/** "2025-06-11 attack — Kabul, AF: 9 killed (3 reports)". */
function incidentLine(inc) {
  const place = inc.place ? [inc.place.name, inc.place.country].filter((x) => x).join(', ') : 'unknown place';
  let s = (inc.date || 'undated') + ' ' + String(inc.kind || '').replace(/_/g, ' ') + ' — ' + place;
  if (typeof inc.killed === 'number') s += ': ' + inc.killed + ' killed';
  if (typeof inc.injured === 'number') s += ', ' + inc.injured + ' injured';
  if (inc.reports) s += ' (' + inc.reports + (inc.reports === 1 ? ' report)' : ' reports)');
  if (inc.title) s += '\n' + inc.title;
  return s;
}

// An event without a toll is still a dot one sees on the whole world.
const MIN_RADIUS = 6;

function radius(killed) {
  if (typeof killed !== 'number' || killed <= 0) return MIN_RADIUS;
  return Math.min(MIN_RADIUS + 2.2 * Math.sqrt(killed), 32);
}

function go(id) {
  location.hash = appHref('incident', id);
}

/**
 * Draws the world into `svgEl` (an `svg#map`) with the incidents: point-like places as circles
 * sized by sqrt(killed), admin1 areas as dashed translucent circles, country-level places as
 * highlighted country shapes. Resolves to a short summary of what was drawn.
 */
export async function drawMap(svgEl, incidents) {
  const topology = await loadTopology();
  clear(svgEl);
  svgEl.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svgEl.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svgEl.append(svg('path', { class: 'sphere', d: spherePath() }));

  // Incidents by how they can be placed.
  const byCountry = new Map();
  const points = [];
  const areas = [];
  let unplaced = 0;
  for (const inc of incidents) {
    const p = inc.place;
    if (!p) { unplaced++; continue; }
    const hasCoords = typeof p.lat === 'number' && typeof p.lon === 'number';
    if (POINT_PRECISIONS.has(p.precision) && hasCoords) points.push(inc);
    else if (p.precision === 'admin1' && hasCoords) areas.push(inc);
    else if (p.precision === 'country' && p.country) {
      const code = String(p.country).toUpperCase();
      if (!byCountry.has(code)) byCountry.set(code, []);
      byCountry.get(code).push(inc);
    } else unplaced++;
  }

  // Countries, highlighted when incidents are known only at country level.
  const countries = svg('g', { class: 'countries' });
  const drawnCountries = new Set();
  for (const c of shapes(topology)) {
    const here = c.iso ? byCountry.get(c.iso) : null;
    const path = svg('path', { class: 'country' + (here ? ' country-incident' : ''), d: c.d, 'data-iso': c.iso || null });
    if (here) {
      drawnCountries.add(c.iso);
      path.append(svgTitle(c.name + ' — ' + here.length + (here.length === 1 ? ' incident' : ' incidents') +
        ' placed only at country level:\n' + here.map(incidentLine).join('\n')));
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'link');
      path.addEventListener('click', () => go(here[0].id));
      path.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(here[0].id); });
    } else {
      path.append(svgTitle(c.name));
    }
    countries.append(path);
  }
  svgEl.append(countries);

  // Admin1 areas below the points, the largest points below the smallest.
  const layer = svg('g', { class: 'markers' });
  for (const inc of areas) {
    const [x, y] = project(inc.place.lon, inc.place.lat);
    layer.append(marker(inc, x, y, 16, 'marker area'));
  }
  points.sort((a, b) => (b.killed || 0) - (a.killed || 0));
  for (const inc of points) {
    const [x, y] = project(inc.place.lon, inc.place.lat);
    layer.append(marker(inc, x, y, radius(inc.killed), 'marker'));
  }
  svgEl.append(layer);
  fitToData(svgEl, [...points, ...areas], countries.querySelectorAll('path.country-incident'));

  const missing = [...byCountry.keys()].filter((k) => !drawnCountries.has(k));
  return { points: points.length, areas: areas.length, countries: byCountry.size, unplaced, missing };
}

/**
 * Zooms to what was drawn: the box around the incidents' places and the shaded countries,
 * with a margin; the whole world when nothing was placed. Remembered as the map's home view.
 */
function fitToData(svgEl, placed, shaded) {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  const add = (x, y) => { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); };
  for (const inc of placed) {
    const [x, y] = project(inc.place.lon, inc.place.lat);
    add(x, y);
  }
  for (const path of shaded) {
    try {
      const b = path.getBBox();
      add(b.x, b.y);
      add(b.x + b.width, b.y + b.height);
    } catch (_) { /* not rendered: leave it out */ }
  }
  let view = { x: 0, y: 0, k: 1 };
  if (Number.isFinite(x0)) {
    const margin = 60;
    const w = Math.max(x1 - x0 + 2 * margin, 160);
    const h = Math.max(y1 - y0 + 2 * margin, 160 * H / W);
    const k = Math.min(8, Math.max(1, Math.min(W / w, H / h)));
    const cx = (x0 + x1) / 2;
    const cy = (y0 + y1) / 2;
    view = { x: cx - W / k / 2, y: cy - H / k / 2, k };
  }
  svgEl.vigilHome = view;
  setView(svgEl, view);
}

/**
 * Draws the world into `svgEl` with each ranked country shaded by its indicator (darker is
 * higher); a click opens the country's picture. `ranking`: `[{code, name, score}]`.
 */
export async function drawChoropleth(svgEl, ranking) {
  const topology = await loadTopology();
  clear(svgEl);
  svgEl.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  svgEl.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svgEl.append(svg('path', { class: 'sphere', d: spherePath() }));
  const byCode = new Map(ranking.map((r) => [r.code, r]));
  const max = Math.max(0, ...ranking.map((r) => r.score || 0));
  const g = svg('g', { class: 'countries' });
  for (const c of shapes(topology)) {
    const r = c.iso ? byCode.get(c.iso) : null;
    const path = svg('path', { class: 'country' + (r ? ' ranked' : ''), d: c.d, 'data-iso': c.iso || null });
    if (r) {
      // Shade steps of a fifth of the highest indicator: a CSS class, no inline style.
      const step = max > 0 ? Math.min(5, Math.ceil(5 * (r.score || 0) / max)) : 0;
      path.classList.add('shade-' + step);
      path.setAttribute('data-score', String(r.score));
      path.setAttribute('tabindex', '0');
      path.setAttribute('role', 'link');
      path.append(svgTitle(c.name + ' — indicator ' + Number(r.score || 0).toFixed(2)));
      const open = () => { location.hash = appHref('picture', r.code); };
      path.addEventListener('click', open);
      path.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
    } else path.append(svgTitle(c.name));
    g.append(path);
  }
  svgEl.append(g);
  fitToData(svgEl, [], g.querySelectorAll('path.ranked'));
}

function marker(inc, x, y, r, cls) {
  const c = svg('circle', {
    class: cls, cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), 'data-r': r.toFixed(1), fill: kindColour(inc.kind),
    'data-incident': inc.id, 'data-kind': inc.kind, 'data-precision': inc.place.precision,
    tabindex: '0', role: 'link',
  }, svgTitle(incidentLine(inc)));
  c.addEventListener('click', () => go(inc.id));
  c.addEventListener('keydown', (e) => { if (e.key === 'Enter') go(inc.id); });
  return c;
}

/** The legend under the map: marker sizes, areas, and country highlighting. */
export function mapLegend() {
  const sizes = [null, 1, 10, 50];
  const box = svg('svg', { class: 'legend-svg', width: 330, height: 44, viewBox: '0 0 330 44', 'aria-hidden': 'true' });
  let x = 10;
  for (const k of sizes) {
    const r = radius(k);
    box.append(svg('circle', { class: 'legend-marker', cx: x + r, cy: 22, r: r.toFixed(1), fill: '#777777' }));
    box.append(svg('text', { x: x + 2 * r + 3, y: 26, class: 'legend-text' }, k === null ? 'unknown' : String(k)));
    x += 2 * r + (k === null ? 58 : 26);
  }
  box.setAttribute('width', String(Math.ceil(x)));
  box.setAttribute('viewBox', '0 0 ' + Math.ceil(x) + ' 44');
  const area = svg('svg', { class: 'legend-svg', width: 40, height: 44, viewBox: '0 0 40 44', 'aria-hidden': 'true' },
    svg('circle', { class: 'legend-marker legend-area', cx: 20, cy: 22, r: 16, fill: '#777777' }));
  const country = svg('svg', { class: 'legend-svg', width: 30, height: 20, viewBox: '0 0 30 20', 'aria-hidden': 'true' },
    svg('rect', { class: 'legend-country', x: 1, y: 1, width: 28, height: 18 }));
  return el('div', { class: 'map-legend legend' },
    el('div', { class: 'legend-item' }, box, el('span', null, 'killed (circle area grows with the count; colour is the kind)')),
    el('div', { class: 'legend-item' }, area, el('span', null, 'located only to a province or state (admin1)')),
    el('div', { class: 'legend-item' }, country, el('span', null, 'located only to a country: the country is shaded')));
}

// ---------- Zoom and pan ----------

/** Shows the part of the map at zoom `k` whose top-left corner is (x, y), in map units. */
function setView(svgEl, v) {
  const k = Math.min(12, Math.max(1, v.k));
  const w = W / k;
  const h = H / k;
  const x = Math.min(W - w, Math.max(0, v.x));
  const y = Math.min(H - h, Math.max(0, v.y));
  svgEl.vigilView = { x, y, k };
  svgEl.setAttribute('viewBox', x.toFixed(2) + ' ' + y.toFixed(2) + ' ' + w.toFixed(2) + ' ' + h.toFixed(2));
  // Markers keep about the same size on screen; outlines stay thin.
  for (const c of svgEl.querySelectorAll('circle.marker')) {
    c.setAttribute('r', (Number(c.getAttribute('data-r')) / Math.sqrt(k)).toFixed(2));
  }
  svgEl.classList.toggle('zoomed', k > 1);
}

/** Zooms by `factor` around the map point (px, py) (the centre when omitted). */
function zoomBy(svgEl, factor, px, py) {
  const v = svgEl.vigilView || { x: 0, y: 0, k: 1 };
  const w = W / v.k;
  const h = H / v.k;
  const cx = px === undefined ? v.x + w / 2 : px;
  const cy = py === undefined ? v.y + h / 2 : py;
  const k = Math.min(12, Math.max(1, v.k * factor));
  const f = v.k / k;
  setView(svgEl, { x: cx - (cx - v.x) * f, y: cy - (cy - v.y) * f, k });
}

/** Screen point → map units under the current view. */
function toMap(svgEl, clientX, clientY) {
  const r = svgEl.getBoundingClientRect();
  const v = svgEl.vigilView || { x: 0, y: 0, k: 1 };
  // The whole view box fits the element (aspect ratio kept), so one scale applies.
  const scale = Math.min(r.width / (W / v.k), r.height / (H / v.k)) || 1;
  const ox = (r.width - (W / v.k) * scale) / 2;
  const oy = (r.height - (H / v.k) * scale) / 2;
  return [v.x + (clientX - r.left - ox) / scale, v.y + (clientY - r.top - oy) / scale, scale];
}

/** Wheel zoom, drag to pan, and +/−/reset buttons; returns the button bar. */
export function zoomControls(svgEl) {
  svgEl.addEventListener('wheel', (e) => {
    e.preventDefault();
    const [px, py] = toMap(svgEl, e.clientX, e.clientY);
    zoomBy(svgEl, e.deltaY < 0 ? 1.4 : 1 / 1.4, px, py);
  }, { passive: false });
  let drag = null;
  svgEl.addEventListener('pointerdown', (e) => {
    if (e.button !== 0 || !svgEl.vigilView || svgEl.vigilView.k === 1) return;
    drag = { x: e.clientX, y: e.clientY, v: { ...svgEl.vigilView }, moved: false };
  });
  svgEl.addEventListener('pointermove', (e) => {
    if (!drag) return;
    const [, , scale] = toMap(svgEl, e.clientX, e.clientY);
    const dx = (e.clientX - drag.x) / scale;
    const dy = (e.clientY - drag.y) / scale;
    if (Math.abs(dx) + Math.abs(dy) > 2) drag.moved = true;
    if (drag.moved) setView(svgEl, { x: drag.v.x - dx, y: drag.v.y - dy, k: drag.v.k });
  });
  const end = () => {
    if (drag && drag.moved) {
      // A drag is not a click on the marker under the pointer.
      const stop = (ev) => { ev.stopPropagation(); ev.preventDefault(); };
      svgEl.addEventListener('click', stop, { capture: true, once: true });
      setTimeout(() => svgEl.removeEventListener('click', stop, { capture: true }), 0);
    }
    drag = null;
  };
  svgEl.addEventListener('pointerup', end);
  svgEl.addEventListener('pointerleave', () => { drag = null; });
  const button = (text, title, cls, fn) => {
    const b = el('button', { type: 'button', class: 'map-button ' + cls, title, 'aria-label': title }, text);
    b.addEventListener('click', fn);
    return b;
  };
  return el('div', { class: 'map-controls' },
    button('+', 'zoom in', 'map-zoom-in', () => zoomBy(svgEl, 2)),
    button('−', 'zoom out', 'map-zoom-out', () => zoomBy(svgEl, 0.5)),
    button('fit', 'back to the data', 'map-fit', () => setView(svgEl, svgEl.vigilHome || { x: 0, y: 0, k: 1 })),
    button('⟲', 'whole world', 'map-reset', () => setView(svgEl, { x: 0, y: 0, k: 1 })));
}

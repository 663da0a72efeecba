// The timeline: events per day (or per month over long spans), stacked by kind.
import { svg, svgTitle, clear, label } from './dom.js';
import { KINDS, kindColour } from './events.js';

const PLOT_H = 150;
const M = { left: 40, right: 10, top: 12 };
const DAY = 86400000;

function parseDay(s) {
  const t = Date.parse(s + 'T00:00:00Z');
  return Number.isNaN(t) ? null : t;
}

function iso(t) {
  return new Date(t).toISOString().slice(0, 10);
}

/** Groups days into bins: one per day up to a year, else one per month. */
function bins(days) {
  const dated = days.map((d) => ({ t: parseDay(d.date), d })).filter((x) => x.t !== null);
  if (!dated.length) return { unit: 'day', bins: [] };
  const first = Math.min(...dated.map((x) => x.t));
  const last = Math.max(...dated.map((x) => x.t));
  const span = Math.round((last - first) / DAY) + 1;
  const unit = span <= 366 ? 'day' : 'month';
  const map = new Map();
  const keyOf = (t) => (unit === 'day' ? iso(t) : iso(t).slice(0, 7));
  // Every bin in the range, so that gaps show as gaps.
  if (unit === 'day') {
    for (let t = first; t <= last; t += DAY) map.set(keyOf(t), { key: keyOf(t), from: iso(t), to: iso(t), counts: {} });
  } else {
    const a = new Date(first);
    const b = new Date(last);
    for (let y = a.getUTCFullYear(), m = a.getUTCMonth(); y < b.getUTCFullYear() || (y === b.getUTCFullYear() && m <= b.getUTCMonth()); m === 11 ? (y++, m = 0) : m++) {
      const start = Date.UTC(y, m, 1);
      const end = Date.UTC(y, m + 1, 1) - DAY;
      map.set(keyOf(start), { key: keyOf(start), from: iso(start), to: iso(end), counts: {} });
    }
  }
  for (const { t, d } of dated) {
    const b = map.get(keyOf(t));
    for (const [k, n] of Object.entries(d.counts || {})) b.counts[k] = (b.counts[k] || 0) + n;
  }
  return { unit, bins: [...map.values()] };
}

/**
 * Draws `timeline` (`{kinds, days, undated}`) into `svgEl`. `onPick(from, to)` is called when a bar is
 * clicked. Returns the number of dated events drawn.
 */
export function drawTimeline(svgEl, timeline, onPick) {
  clear(svgEl);
  // Drawn at the size it is shown, so that its text keeps the page's size.
  const W = Math.max(360, Math.round(svgEl.getBoundingClientRect().width) || 600);
  svgEl.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  const kinds = [...(timeline.kinds || [])];
  // Known kinds in their usual order, any others after.
  kinds.sort((a, b) => (KINDS.indexOf(a) + 1 || 99) - (KINDS.indexOf(b) + 1 || 99));
  const { unit, bins: list } = bins(timeline.days || []);
  const plotW = W - M.left - M.right;
  const plotH = PLOT_H;

  if (!list.length) {
    const H = 80;
    svgEl.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
    svgEl.append(svg('text', { x: W / 2, y: H / 2, class: 'empty-note', 'text-anchor': 'middle' },
      'No dated events' + (timeline.undated ? ' (' + timeline.undated + ' undated)' : '')));
    return 0;
  }

  const totals = list.map((b) => Object.values(b.counts).reduce((s, n) => s + n, 0));
  const max = Math.max(1, ...totals);
  const step = plotW / list.length;
  const barW = Math.max(1, step * 0.8);
  const y = (n) => M.top + plotH - (n / max) * plotH;

  // Axis and gridlines at round numbers.
  const grid = svg('g', { class: 'grid' });
  const ticks = niceTicks(max);
  for (const v of ticks) {
    grid.append(svg('line', { x1: M.left, x2: W - M.right, y1: y(v), y2: y(v) }));
    grid.append(svg('text', { x: M.left - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, String(v)));
  }
  svgEl.append(grid);

  // Stacked bars, one rect per kind and bin.
  const bars = svg('g', { class: 'bars' });
  let total = 0;
  list.forEach((b, i) => {
    const x = M.left + i * step + (step - barW) / 2;
    let base = 0;
    const g = svg('g', { class: 'bin', 'data-date': b.key });
    for (const k of kinds) {
      const n = b.counts[k] || 0;
      if (!n) continue;
      g.append(svg('rect', {
        class: 'bar', 'data-kind': k, 'data-date': b.key, 'data-count': String(n),
        x: x.toFixed(2), width: barW.toFixed(2), y: y(base + n).toFixed(2), height: (y(base) - y(base + n)).toFixed(2),
        fill: kindColour(k),
      }, svgTitle(b.key + ': ' + n + ' ' + label(k))));
      base += n;
      total += n;
    }
    if (base) {
      g.append(svgTitle(b.key + ': ' + Object.entries(b.counts).map(([k, n]) => n + ' ' + label(k)).join(', ')));
      if (onPick) g.addEventListener('click', () => onPick(b.from, b.to));
    }
    bars.append(g);
  });
  svgEl.append(bars);

  // Date labels: at most about 10.
  const labels = svg('g', { class: 'x-labels' });
  const every = Math.max(1, Math.ceil(list.length / Math.max(2, Math.floor(plotW / 85))));
  list.forEach((b, i) => {
    if (i % every !== 0) return;
    const x = M.left + i * step + step / 2;
    labels.append(svg('text', { x: x.toFixed(1), y: M.top + plotH + 14, 'text-anchor': 'middle', class: 'axis-label' }, b.key));
  });
  svgEl.append(labels);

  // Legend: one swatch per kind present (wrapping to a second row), then the unit and the undated count.
  const legendY = M.top + plotH + 28;
  const legend = svg('g', { class: 'legend', transform: 'translate(' + M.left + ',' + legendY + ')' });
  let lx = 0;
  let ly = 0;
  const place = (width) => {
    if (lx > 0 && lx + width > plotW) { lx = 0; ly += 17; }
    const at = 'translate(' + lx + ',' + ly + ')';
    lx += width;
    return at;
  };
  for (const k of kinds) {
    const width = 26 + label(k).length * 6.3;
    legend.append(svg('g', { class: 'legend-item', 'data-kind': k, transform: place(width) },
      svg('rect', { width: 11, height: 11, fill: kindColour(k) }),
      svg('text', { x: 15, y: 10, class: 'legend-text' }, label(k))));
  }
  const note = 'events per ' + unit + (timeline.undated ? ' · ' + timeline.undated + ' undated not shown' : '');
  legend.append(svg('text', { y: 10, class: 'legend-text legend-note', transform: place(note.length * 6.3) }, note));
  svgEl.append(legend);
  svgEl.setAttribute('viewBox', '0 0 ' + W + ' ' + (legendY + ly + 18));
  return total;
}

function niceTicks(max) {
  const raw = max / 4;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) || mag * 10;
  const s = Math.max(1, Math.round(step));
  const out = [];
  for (let v = 0; v <= max; v += s) out.push(v);
  return out;
}

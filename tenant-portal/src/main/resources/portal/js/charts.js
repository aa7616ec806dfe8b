// A small SVG line chart: series of (time, value) samples, with a legend and a text summary so
// that the chart is not the only way to read the numbers.
const NS = 'http://www.w3.org/2000/svg';
const COLOURS = ['#0b5394', '#b3261e', '#1d7a3a', '#8a5a00', '#6a1b9a', '#00838f', '#5d4037', '#37474f'];
const DASHES = ['', '6 3', '2 3', '8 3 2 3', '', '6 3', '2 3', '8 3 2 3'];

function svg(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  Object.entries(attrs).forEach(([k, v]) => e.setAttribute(k, v));
  return e;
}

/**
 * Draws series [{name, points: [[ms, value]]}] into an <svg> of width x 220 user units, values from 0
 * to max (or the largest value), labelled with format(value).
 */
export function lineChart(title, series, { max, format = String, width = 600 } = {}) {
  const w = Math.max(320, Math.round(width));
  const hgt = 220;
  const pad = { l: 70, r: 10, t: 10, b: 24 };
  const all = series.flatMap((s) => s.points);
  const top = max || Math.max(1, ...all.map((p) => p[1]));
  const t0 = Math.min(...all.map((p) => p[0]), Date.now());
  const t1 = Math.max(...all.map((p) => p[0]), t0 + 1);
  const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (w - pad.l - pad.r);
  const y = (v) => pad.t + (1 - v / top) * (hgt - pad.t - pad.b);
  const root = svg('svg', { viewBox: `0 0 ${w} ${hgt}`, class: 'chart', role: 'img', 'aria-label': title,
  });
  for (const f of [0, 0.5, 1]) {
    root.append(svg('line', { x1: pad.l, x2: w - pad.r, y1: y(top * f), y2: y(top * f), stroke: '#d7dce2' }));
    const label = svg('text', { x: pad.l - 6, y: y(top * f) + 4, 'text-anchor': 'end' });
    label.textContent = format(top * f);
    root.append(label);
  }
  const span = svg('text', { x: w - pad.r, y: hgt - 6, 'text-anchor': 'end' });
  span.textContent = `last ${Math.round((t1 - t0) / 1000)} s`;
  root.append(span);
  series.forEach((s, i) => {
    if (!s.points.length) {
      return;
    }
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p[0]).toFixed(1)},${y(p[1]).toFixed(1)}`).join(' ');
    root.append(svg('path', { d, fill: 'none', stroke: COLOURS[i % COLOURS.length], 'stroke-width': '2',
      'stroke-dasharray': DASHES[i % DASHES.length], 'vector-effect': 'non-scaling-stroke' }));
  });
  return root;
}

/** The legend of a chart's series, each with its colour, line style and latest value in text. */
export function legend(series, format = String) {
  const ul = document.createElement('ul');
  ul.className = 'legend';
  series.forEach((s, i) => {
    const li = document.createElement('li');
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.style.background = COLOURS[i % COLOURS.length];
    const last = s.points.length ? s.points[s.points.length - 1][1] : null;
    li.append(swatch, `${s.name}: ${last === null ? '–' : format(last)}`);
    ul.append(li);
  });
  return ul;
}

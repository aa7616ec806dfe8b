// The operator's view (administrator): every migration across tenants, the queue, and how much of
// each link and volume migrations use, over time, as charts.
import { migrationQueue } from '../api.js';
import { h, badge, bytes, duration, progress, refill, table, time, poll } from '../ui.js';
import { lineChart, legend } from '../charts.js';

const KEEP = 150; // samples per series (five minutes at one every two seconds)

export default function operatorView(main) {
  document.title = 'Operator · GIO Cloud';
  const open = h('div', { id: 'queue' });
  const ended = h('div', { id: 'ended' });
  const links = h('div', { id: 'links' });
  const volumes = h('div', { id: 'volumes' });
  main.append(h('h1', {}, 'Migrations across tenants'),
    h('h2', {}, 'Queue and running migrations'), open,
    h('h2', {}, 'Bandwidth per link'), links,
    h('h2', {}, 'Capacity per volume'), volumes,
    h('h2', {}, 'Recently ended'), ended);
  const linkSeries = new Map();
  const volumeSeries = new Map();

  function sample(map, id, name, value) {
    const s = map.get(id) || { name, points: [] };
    s.points.push([Date.now(), value]);
    if (s.points.length > KEEP) {
      s.points.shift();
    }
    map.set(id, s);
  }

  const rows = (items) => items.map((m) => [m.VMName, badge(m.State), m.Strategy, m.Phase || '–',
    progress(m.Progress, `Migration of ${m.VMName}`), `${bytes(m.BytesTransferred)} of ${bytes(m.BytesTotal)}`,
    m.EstimatedCompletion ? time(m.EstimatedCompletion) : '–',
    m.DowntimeSeconds !== null && m.DowntimeSeconds !== undefined ? duration(m.DowntimeSeconds) : '–']);
  const headers = ['VM', 'State', 'Strategy', 'Phase', 'Progress', 'Copied', 'Estimated end', 'Downtime'];

  return poll(async () => {
    const q = await migrationQueue();
    refill(open, table('Open migrations', headers, rows(q.items), 'No migration is scheduled or running.'));
    refill(ended, table('Migrations that ended', headers, rows(q.ended || []), 'None yet.'));
    const gbps = (v) => `${(v / 1e9).toFixed(2)} Gbit/s`;
    for (const l of q.links) {
      sample(linkSeries, `${l.ID}-use`, `${l.Name} in use`, l.InUseBitsPerSecond);
      sample(linkSeries, `${l.ID}-budget`, `${l.Name} budget`, l.BudgetBitsPerSecond);
    }
    const top = Math.max(1, ...q.links.map((l) => l.BandwidthBitsPerSecond));
    const ls = [...linkSeries.values()];
    links.replaceChildren(lineChart('Bandwidth migrations use on each link, and its budget', ls,
      { max: top, format: gbps, width: links.clientWidth }),
      legend(ls, gbps));
    for (const v of q.volumes) {
      const pct = v.CapacityBytes ? (100 * (v.UsedBytes + v.ReservedBytes)) / v.CapacityBytes : 0;
      sample(volumeSeries, v.ID, `${v.StampName} ${v.Name}`, pct);
    }
    const vs = [...volumeSeries.values()];
    const percent = (x) => `${x.toFixed(1)} %`;
    volumes.replaceChildren(lineChart('Share of each volume used or reserved by migrations', vs,
      { max: 100, format: percent, width: volumes.clientWidth }),
      legend(vs, percent),
      table('Volumes', ['Stamp', 'Volume', 'Kind', 'Capacity', 'Used', 'Reserved by migrations'], q.volumes.map((v) => [
        v.StampName, v.Name, v.Kind, bytes(v.CapacityBytes), bytes(v.UsedBytes), bytes(v.ReservedBytes)])));
  }, 2000);
}

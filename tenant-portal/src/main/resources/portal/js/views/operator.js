// The operator's view (administrator): every migration across tenants, the queue, and how much of
// each link and volume migrations use, over time, as charts.
import { migrationQueue, migrationHistory } from '../api.js';
import { h, badge, bytes, duration, progress, refill, table, time, poll } from '../ui.js';
import { lineChart, legend } from '../charts.js';

const KEEP = 600; // points per series: the server's hour (a sample every 10 s), then one every two seconds

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

  function sample(map, id, name, value, at = Date.now()) {
    const s = map.get(id) || { name, points: [] };
    s.points.push([at, value]);
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

  const share = (v) => (v.CapacityBytes ? (100 * (v.UsedBytes + v.ReservedBytes)) / v.CapacityBytes : 0);
  let seeded = false;
  // the gateway's last hour first, named as the queue names the links and volumes
  async function seed(q) {
    seeded = true;
    const linkNames = new Map(q.links.map((l) => [l.ID, l.Name]));
    const volumeNames = new Map(q.volumes.map((v) => [v.ID, `${v.StampName} ${v.Name}`]));
    for (const s of (await migrationHistory()).Samples) {
      const at = Date.parse(s.At);
      for (const l of s.Links.filter((x) => linkNames.has(x.ID))) {
        sample(linkSeries, `${l.ID}-use`, `${linkNames.get(l.ID)} in use`, l.InUseBitsPerSecond, at);
        sample(linkSeries, `${l.ID}-budget`, `${linkNames.get(l.ID)} budget`, l.BudgetBitsPerSecond, at);
      }
      for (const v of s.Volumes.filter((x) => volumeNames.has(x.ID))) {
        sample(volumeSeries, v.ID, volumeNames.get(v.ID), share(v), at);
      }
    }
  }

  return poll(async () => {
    const q = await migrationQueue();
    if (!seeded) {
      await seed(q);
    }
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
      sample(volumeSeries, v.ID, `${v.StampName} ${v.Name}`, share(v));
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

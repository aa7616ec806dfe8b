// Recent jobs of the subscription, with progress.
import { vmm } from '../api.js';
import { h, badge, progress, refill, table, time, poll } from '../ui.js';
import { subscription } from '../subs.js';

export default async function jobsView(main, subId) {
  const sub = await subscription(subId);
  document.title = `Jobs · ${sub.SubscriptionName}`;
  const service = vmm(subId);
  const list = h('div', { id: 'job-list' });
  main.append(h('h1', {}, 'Jobs'), list);
  return poll(async () => {
    const jobs = await service.list('Jobs', '$orderby=StartTime desc&$top=30'
      + '&$select=ID,Name,Target,Status,StatusString,ProgressValue,StartTime,EndTime,ErrorInfo');
    refill(list, table('Recent jobs', ['Job', 'Target', 'Status', 'Progress', 'Started', 'Ended'], jobs.map((j) => [
      j.Name,
      j.Target || '–',
      h('span', {}, badge(j.Status, j.StatusString || j.Status),
        j.ErrorInfo?.Problem ? h('span', { class: 'error-text small' }, ` ${j.ErrorInfo.Problem}`) : null),
      progress(j.ProgressValue, `${j.Name} progress`),
      time(j.StartTime),
      time(j.EndTime),
    ]), 'No jobs yet.'));
  }, 2000);
}

// Migration of VMs to the successor subscription's cloud: schedule with options, then follow each
// migration live (phase, bytes, estimate, timeline) and command it (cut over, cancel, roll back, commit).
import { vmm, key } from '../api.js';
import { h, act, badge, bytes, confirmDialog, duration, field, memory, progress, refill, time, poll, safely } from '../ui.js';
import { subscription, migrationTarget } from '../subs.js';

const OPEN = ['Scheduled', 'Precopying', 'AwaitingCutover', 'CuttingOver', 'Verifying', 'Completed', 'RollingBack'];
const COMMANDS = [
  ['Cut over', 'Cutover', ['AwaitingCutover'], false],
  ['Cancel', 'Cancel', ['Scheduled', 'Precopying', 'AwaitingCutover'], true],
  ['Roll back', 'Rollback', ['Completed'], true],
  ['Commit', 'Commit', ['Completed'], true],
];

export default async function migrationsView(main, subId) {
  const sub = await subscription(subId);
  document.title = `Migrations · ${sub.SubscriptionName}`;
  main.append(h('h1', {}, 'Migrations'));
  const target = await migrationTarget(sub);
  if (!target) {
    main.append(h('p', { class: 'notice' }, 'This subscription has no successor whose plan offers migration.'));
    return undefined;
  }
  const service = vmm(subId);
  const targetService = vmm(target.SubscriptionId);
  const sizes = (await targetService.list('HardwareProfiles', '$select=ID,Name,CPUCount,Memory&$orderby=CPUCount'))
    .filter((p) => (target.MaxCpuPerVm == null || p.CPUCount <= target.MaxCpuPerVm)
      && (target.MaxMemoryMBPerVm == null || p.Memory <= target.MaxMemoryMBPerVm));

  const vmSelect = h('select', { id: 'mig-vm', required: true });
  const strategy = h('select', { id: 'mig-strategy' },
    [['Auto', 'Automatic (least downtime)'], ['LiveMigration', 'Live migration'], ['SmbTransfer', 'SMB transfer with pre-copy'],
      ['StorageReplication', 'Storage replication'], ['ExportImport', 'Export and import (offline copy)']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const vhdx = h('input', { type: 'checkbox', id: 'mig-vhdx', checked: true });
  const size = h('select', { id: 'mig-size' }, h('option', { value: '' }, 'Keep the current size'),
    sizes.map((p) => h('option', { value: p.ID }, p.Name)));
  const window = h('input', { type: 'datetime-local', id: 'mig-window' });
  const automatic = h('input', { type: 'radio', name: 'cutover', id: 'mig-auto', value: 'Automatic', checked: true });
  const confirm = h('input', { type: 'radio', name: 'cutover', id: 'mig-confirm', value: 'Confirm' });
  const submit = h('button', { type: 'submit' }, 'Schedule migration');
  const list = h('div', { id: 'migration-list' });

  main.append(h('p', {}, `VMs move from ${sub.SubscriptionName} (${sub.StampName || 'its stamp'}) to `,
    h('strong', {}, target.SubscriptionName), ` (${target.StampName || 'the new stamp'}). `,
    'The VM keeps running while its disks are copied; it is down only for the cut-over, and you can roll back until you commit.'),
  h('form', {
    class: 'card', id: 'migration-form',
    onsubmit: async (e) => {
      e.preventDefault();
      const vm = vms.find((v) => v.ID === vmSelect.value);
      if (!vm) {
        vmSelect.focus();
        return;
      }
      const body = { VMId: vm.ID, StampId: vm.StampId, Strategy: strategy.value, ConvertToVhdx: vhdx.checked,
        CutoverMode: confirm.checked ? 'Confirm' : 'Automatic' };
      const p = sizes.find((x) => x.ID === size.value);
      if (p) {
        body.TargetCPUCount = p.CPUCount;
        body.TargetMemoryMB = p.Memory;
      }
      if (window.value) {
        body.NotBefore = new Date(window.value).toISOString();
      }
      await act(submit, 'Schedule migration', () => service.create('Migrations', body),
        `The migration of ${vm.Name} is scheduled.`);
      refresh();
    },
  },
  h('h2', {}, 'Schedule a migration'),
  field('Virtual machine', vmSelect, 'VMs that are not migrating already.'),
  field('Strategy', strategy),
  h('div', { class: 'field inline' }, vhdx, h('label', { for: 'mig-vhdx' }, 'Convert the disks to VHDX')),
  field('New size', size, `Up to ${target.MaxCpuPerVm ?? 'any number of'} vCPUs and ${target.MaxMemoryMBPerVm
    ? memory(target.MaxMemoryMBPerVm) : 'any memory'} on the new stamp.`),
  field('Start of the window', window, 'Leave empty to start now.'),
  h('fieldset', {}, h('legend', {}, 'Cut-over'),
    h('div', { class: 'field inline' }, automatic, h('label', { for: 'mig-auto' }, 'Automatic, as soon as the copy is ready')),
    h('div', { class: 'field inline' }, confirm, h('label', { for: 'mig-confirm' }, 'Wait for me to confirm'))),
  h('div', { class: 'buttons' }, submit)));
  main.insertBefore(h('section', { 'aria-labelledby': 'mig-list-title' },
    h('h2', { id: 'mig-list-title' }, 'Your migrations'), list), main.querySelector('#migration-form'));

  let vms = [];
  let shown = null;
  const names = {};

  async function load() {
    const [mine, theirs, migrations] = await Promise.all([
      service.list('VirtualMachines', '$select=ID,StampId,Name,Status&$orderby=Name'),
      targetService.list('VirtualMachines', '$select=ID,Name'),
      service.list('Migrations', '$expand=Events&$orderby=CreationTime desc'),
    ]);
    [...mine, ...theirs].forEach((v) => { names[v.ID] = v.Name; });
    const busy = new Set(migrations.filter((m) => OPEN.includes(m.State)).map((m) => m.VMId));
    vms = mine.filter((v) => !busy.has(v.ID) && ['Running', 'PowerOff', 'Saved', 'Paused'].includes(v.Status));
    const signature = vms.map((v) => v.ID + v.Status).join();
    if (signature !== shown) {
      shown = signature;
      const chosen = vmSelect.value;
      vmSelect.replaceChildren(h('option', { value: '' }, vms.length ? 'Choose a VM…' : 'No VM can migrate now'),
        ...vms.map((v) => h('option', { value: v.ID, selected: v.ID === chosen }, `${v.Name} (${v.Status})`)));
    }
    refill(list, ...(migrations.length ? migrations.map(card) : [h('p', { class: 'muted' }, 'No migrations yet.')]));
  }

  function card(m) {
    const k = key('ID', m.ID, m.StampId);
    const name = names[m.VMId] || names[m.TargetVMId] || m.VMId.slice(0, 8);
    const buttons = COMMANDS.filter(([, , states]) => states.includes(m.State)).map(([label, op, , ask]) => {
      const b = h('button', {
        type: 'button', class: op === 'Rollback' || op === 'Cancel' ? 'secondary' : '', 'data-op': op,
        'data-key': `${m.ID}-${op}`,
        onclick: async () => {
          if (ask && !(await confirmDialog(`${label} the migration of ${name}?`, label))) {
            return;
          }
          await act(b, label, () => service.update('Migrations', k, { Operation: op }), `${label}: sent for ${name}.`);
          refresh();
        },
      }, label);
      return b;
    });
    const facts = [
      ['State', badge(m.State)],
      ['Phase', m.Phase || '–'],
      ['Strategy', `${m.Strategy}${m.ConvertToVhdx ? ', to VHDX' : ''}`],
      ['Copied', `${bytes(m.BytesTransferred)} of ${bytes(m.BytesTotal)}`],
      ['Estimated completion', m.EstimatedCompletion && OPEN.includes(m.State) ? time(m.EstimatedCompletion) : '–'],
      ['Downtime', m.DowntimeSeconds !== null && m.DowntimeSeconds !== undefined ? duration(m.DowntimeSeconds)
        : 'not measured yet'],
    ];
    if (m.Error) {
      facts.push(['Error', h('span', { class: 'error-text' }, m.Error)]);
    }
    const events = (m.Events || []).slice().sort((a, b) => a.Seq - b.Seq);
    return h('article', { class: 'card migration', 'data-migration': m.ID, 'data-state': m.State },
      h('h3', {}, `${name} → ${target.StampName || target.SubscriptionName}`),
      progress(m.Progress, `Migration of ${name}`),
      h('dl', { class: 'details' }, facts.flatMap(([t, d]) => [h('dt', {}, t), h('dd', {}, d)])),
      buttons.length ? h('div', { class: 'buttons' }, buttons) : null,
      h('details', { 'data-key': `${m.ID}-timeline` }, h('summary', { 'data-key': `${m.ID}-summary` },
        `Timeline (${events.length} events)`),
        h('ol', { class: 'timeline' }, events.map((e) => h('li', {}, h('time', { datetime: e.Time }, time(e.Time)),
          badge(e.State), ' ', e.Message)))));
  }

  const refresh = safely(load);
  return poll(load, 2000);
}

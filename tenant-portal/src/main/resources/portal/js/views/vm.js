// One VM: its command bar, a refreshing screenshot, and tabs for details, checkpoints, backups
// and the console.
import { vmm, key } from '../api.js';
import { h, act, badge, confirmDialog, memory, bytes, time, poll, safely } from '../ui.js';
import { subscription, actions } from '../subs.js';
import { VM_FIELDS, addresses } from './vms.js';
import checkpointsTab from './checkpoints.js';
import backupsTab from './backups.js';
import consoleTab from './console.js';

/** The power commands: label, SPF Operation, the plan actions that allow it, the states it needs. */
const COMMANDS = [
  ['Start', 'Start', ['Start'], ['PowerOff', 'Saved']],
  ['Stop', 'Stop', ['Stop'], ['Running', 'Paused', 'Saved']],
  ['Shut down', 'Shutdown', ['Shutdown', 'Stop'], ['Running']],
  ['Pause', 'Suspend', ['PauseAndResume'], ['Running']],
  ['Resume', 'Resume', ['PauseAndResume'], ['Paused']],
  ['Restart', 'Reboot', ['Shutdown', 'Stop'], ['Running']],
  ['Reset', 'Reset', ['Start', 'Stop'], ['Running', 'Paused']],
];

export default async function vmView(main, subId, stampId, vmId, tab = 'overview') {
  const sub = await subscription(subId);
  const allowed = actions(sub);
  const service = vmm(subId);
  const k = key('ID', vmId, stampId);
  let vm = await service.one('VirtualMachines', k, `$select=${VM_FIELDS}&$expand=VirtualNetworkAdapters,VirtualHardDisks`);
  document.title = `${vm.Name} · GIO Cloud`;

  const title = h('h1', {}, vm.Name, ' ');
  const state = h('span', { id: 'vm-status' });
  const buttons = COMMANDS.map(([label, op, need, states]) => {
    const b = h('button', {
      type: 'button', 'data-op': op,
      onclick: () => act(b, label, () => service.update('VirtualMachines', k, { Operation: op }),
        `${label} ${vm.Name}: submitted.`).then(refresh),
    }, label);
    b.dataset.states = states.join(' ');
    b.dataset.allowed = String(need.some((a) => allowed.has(a)));
    return b;
  });
  const remove = h('button', {
    type: 'button', class: 'danger',
    onclick: async () => {
      if (await confirmDialog(`Delete ${vm.Name} and its disks? This cannot be undone.`, 'Delete')) {
        const done = await act(remove, 'Delete', () => service.remove('VirtualMachines', k), `${vm.Name} is being deleted.`);
        if (done) {
          location.hash = `#/s/${subId}/vms`;
        }
      }
    },
  }, 'Delete');
  remove.dataset.states = 'PowerOff';
  remove.dataset.allowed = String(allowed.has('Remove'));

  const sizes = await service.list('HardwareProfiles', '$select=ID,Name,CPUCount,Memory&$orderby=CPUCount');
  const fits = sizes.filter((p) => (sub.MaxCpuPerVm == null || p.CPUCount <= sub.MaxCpuPerVm)
    && (sub.MaxMemoryMBPerVm == null || p.Memory <= sub.MaxMemoryMBPerVm));
  const size = h('select', { id: 'resize-size', 'aria-label': 'New size' },
    h('option', { value: '' }, 'Choose a size…'),
    fits.map((p) => h('option', { value: p.ID }, `${p.Name}`)));
  const resize = h('button', {
    type: 'button', class: 'secondary',
    onclick: () => {
      const p = fits.find((x) => x.ID === size.value);
      if (!p) {
        size.focus();
        return undefined;
      }
      return act(resize, 'Resize', () => service.update('VirtualMachines', k, { CPUCount: p.CPUCount, Memory: p.Memory }),
        `${vm.Name} is being resized to ${p.Name}.`).then(refresh);
    },
  }, 'Resize');
  resize.dataset.states = 'PowerOff';
  resize.dataset.allowed = 'true';

  const shot = h('img', { class: 'thumb', alt: `Console screenshot of ${vm.Name}`, id: 'vm-screenshot' });
  const details = h('dl', { class: 'details' });
  const tabs = [['overview', 'Overview', true],
    ['checkpoints', 'Checkpoints', allowed.has('Checkpoint') || allowed.has('CheckpointRestoreOnly')],
    ['backups', 'Backups', sub.BackupAllowed],
    ['console', 'Console', allowed.has('RemoteConnect')]].filter((t) => t[2]);
  const body = h('section', { 'aria-label': tabs.find((t) => t[0] === tab)?.[1] || 'Overview' });

  main.append(
    h('p', {}, h('a', { href: `#/s/${subId}/vms` }, '← Virtual machines')),
    title,
    h('div', { class: 'commandbar', role: 'toolbar', 'aria-label': 'VM commands' }, buttons, remove,
      h('span', { class: 'field inline' }, size, resize)),
    h('nav', { class: 'tabs', 'aria-label': 'VM sections' }, tabs.map(([id, label]) => h('a', {
      href: `#/s/${subId}/vm/${stampId}/${vmId}/${id}`, 'aria-current': id === tab ? 'page' : null,
    }, label))),
    body);
  title.append(state);

  let shotUrl = null;
  async function screenshot() {
    const blob = await service.image(`VMScreenshots(${key('VMId', vmId, stampId)})/Image`);
    const next = URL.createObjectURL(blob);
    shot.src = next;
    if (shotUrl) {
      URL.revokeObjectURL(shotUrl);
    }
    shotUrl = next;
  }

  function render() {
    state.replaceChildren(badge(vm.Status, vm.StatusString || vm.Status));
    for (const b of [...buttons, remove, resize]) {
      const ok = b.dataset.allowed === 'true' && b.dataset.states.split(' ').includes(vm.Status);
      b.disabled = !ok;
      b.title = b.dataset.allowed !== 'true' ? 'Your plan does not allow this.'
        : ok ? '' : `Not while the VM is ${vm.StatusString || vm.Status}.`;
    }
    size.disabled = resize.disabled;
    details.replaceChildren(...[
      ['Status', vm.StatusString || vm.Status],
      ['Operating system', vm.OperatingSystem || '–'],
      ['Size', `${vm.CPUCount} vCPU, ${memory(vm.Memory)}`],
      ['Stamp', sub.StampId === vm.StampId && sub.StampName ? sub.StampName : vm.StampId],
      ['Host', vm.VMHostName || '–'],
      ['IP addresses', addresses(vm).join(', ') || '–'],
      ['Disks', (vm.VirtualHardDisks || []).map((d) => `${d.Name} (${bytes(d.Size)} of ${bytes(d.MaximumSize)})`)
        .join('; ') || '–'],
      ['Created', time(vm.CreationTime)],
    ].flatMap(([t, d]) => [h('dt', {}, t), h('dd', {}, d)]));
  }

  async function load() {
    vm = await service.one('VirtualMachines', k, `$select=${VM_FIELDS}&$expand=VirtualNetworkAdapters,VirtualHardDisks`);
    render();
  }

  const refresh = safely(load);
  render();
  const stops = [poll(load, 2000)];
  if (tab === 'overview') {
    body.append(h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', {}, 'Details'), details),
      h('div', { class: 'card' }, h('h2', {}, 'Screen'), shot,
        h('p', { class: 'muted small' }, 'Refreshes every 5 seconds.'))));
    stops.push(poll(screenshot, 5000));
  } else if (tab === 'checkpoints') {
    stops.push(await checkpointsTab(body, service, () => vm, allowed));
  } else if (tab === 'backups') {
    stops.push(await backupsTab(body, service, () => vm));
  } else if (tab === 'console') {
    stops.push(consoleTab(body, subId, () => vm));
  }
  return () => {
    stops.forEach((s) => s && s());
    if (shotUrl) {
      URL.revokeObjectURL(shotUrl);
    }
  };
}

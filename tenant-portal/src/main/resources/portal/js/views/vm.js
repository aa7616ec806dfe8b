// One VM: its command bar, a refreshing screenshot, its disks (which can grow), and tabs for
// details, checkpoints, backups and the console.
import { vmm, key } from '../api.js';
import { h, act, badge, confirmDialog, memory, bytes, time, poll, safely, refill, table, showError } from '../ui.js';
import { subscription, actions } from '../subs.js';
import { VM_FIELDS, addresses } from './vms.js';
import checkpointsTab from './checkpoints.js';
import backupsTab from './backups.js';
import consoleTab from './console.js';

/** The power commands: label, SPF Operation, the plan actions that allow it, the states it needs. */
const EXPAND = '$expand=VirtualNetworkAdapters,VirtualHardDisks,VirtualDiskDrives';
const GIB = 2 ** 30;

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
  let vm = await service.one('VirtualMachines', k, `$select=${VM_FIELDS}&${EXPAND}`);
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
  // A fabric without hardware profiles (libvirt) is resized to a size of the tenant's choosing,
  // within the plan's largest VM: the gateway refuses what the stamp cannot run, with the reason.
  const custom = fits.length === 0;
  const size = custom
    ? h('span', { class: 'field inline', id: 'resize-size' },
      h('input', { type: 'number', id: 'resize-cpu', min: 1, max: sub.MaxCpuPerVm ?? 64, value: vm.CPUCount,
        'aria-label': 'New number of virtual processors' }),
      h('input', { type: 'number', id: 'resize-memory', min: 512, step: 256, max: sub.MaxMemoryMBPerVm ?? 1048576,
        value: vm.Memory, 'aria-label': 'New memory in MB' }))
    : h('select', { id: 'resize-size', 'aria-label': 'New size' },
      h('option', { value: '' }, 'Choose a size…'),
      fits.map((p) => h('option', { value: p.ID }, `${p.Name}`)));
  const resize = h('button', {
    type: 'button', class: 'secondary',
    onclick: () => {
      if (custom) {
        const cpu = Number(size.querySelector('#resize-cpu').value);
        const mem = Number(size.querySelector('#resize-memory').value);
        if (!Number.isInteger(cpu) || cpu < 1 || !Number.isInteger(mem) || mem < 512) {
          showError(new Error('Give a whole number of virtual processors (1 or more) and of MB of memory (512 or more).'),
            'Resize');
          size.querySelector('#resize-cpu').focus();
          return undefined;
        }
        return act(resize, 'Resize', () => service.update('VirtualMachines', k, { CPUCount: cpu, Memory: mem }),
          `${vm.Name} is being resized to ${cpu} vCPU, ${memory(mem)}.`).then(refresh);
      }
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

  // Disks grow with SPF's Expand action (sizes in GB of 2^30 bytes, as VMM counts them): a stopped
  // VM's disks, and on hosts that can (WS2012 R2) a running VM's VHDX data disks on SCSI.
  const disks = h('div', { id: 'vm-disks' });
  let diskShape = null;
  function renderDisks() {
    const drives = vm.VirtualDiskDrives || [];
    const shape = drives.map((d) => `${d.ID}:${d.Size}`).join();
    if (shape !== diskShape) {
      diskShape = shape;
      refill(disks, table('Disks', ['Disk', 'Bus', 'Size', 'Expand to (GB)'], drives.map((d) => {
        const gb = Math.ceil(Number(d.Size) / GIB);
        const input = h('input', {
          type: 'number', min: String(gb + 1), step: '1', value: String(gb + 10), class: 'narrow',
          'aria-label': `New size of ${d.Name} in GB`, 'data-key': `${d.ID}-size`,
        });
        const grow = h('button', {
          type: 'button', class: 'secondary', 'data-key': `${d.ID}-expand`, 'aria-label': `Expand ${d.Name}`,
          onclick: () => {
            const wanted = Number(input.value);
            if (!Number.isInteger(wanted) || wanted <= gb) {
              showError(new Error(`${d.Name} is ${gb} GB; enter a larger whole number of GB (a disk can only grow).`),
                'Expand disk');
              input.focus();
              return undefined;
            }
            return act(grow, 'Expand disk', () => service.invoke('VirtualDiskDrives', key('ID', d.ID, d.StampId),
              'Expand', { VirtualHardDiskSizeGB: wanted }), `${d.Name} is growing to ${wanted} GB.`).then(refresh);
          },
        }, 'Expand');
        grow.dataset.states = d.SCSI && /\.vhdx$/i.test(d.Name || '') ? 'PowerOff Running' : 'PowerOff';
        grow.dataset.allowed = 'true';
        return [d.Name, d.BusType, `${gb} GB`, h('span', { class: 'field inline' }, input, grow)];
      }), 'No disks.'));
    }
  }

  function enable(b) {
    const ok = b.dataset.allowed === 'true' && b.dataset.states.split(' ').includes(vm.Status);
    b.disabled = !ok;
    b.title = b.dataset.allowed !== 'true' ? 'Your plan does not allow this.'
      : ok ? '' : `Not while the VM is ${vm.StatusString || vm.Status}.`;
  }

  function render() {
    state.replaceChildren(badge(vm.Status, vm.StatusString || vm.Status));
    renderDisks();
    for (const b of [...buttons, remove, resize, ...disks.querySelectorAll('button[data-states]')]) {
      enable(b);
    }
    for (const control of custom ? size.querySelectorAll('input') : [size]) {
      control.disabled = resize.disabled;
    }
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
    vm = await service.one('VirtualMachines', k, `$select=${VM_FIELDS}&${EXPAND}`);
    render();
  }

  const refresh = safely(load);
  render();
  const stops = [poll(load, 2000)];
  if (tab === 'overview') {
    body.append(h('div', { class: 'grid' },
      h('div', { class: 'card' }, h('h2', {}, 'Details'), details),
      h('div', { class: 'card' }, h('h2', {}, 'Screen'), shot,
        h('p', { class: 'muted small' }, 'Refreshes every 5 seconds.'))),
    h('div', { class: 'card' }, h('h2', {}, 'Disks'), disks,
      h('p', { class: 'muted small' }, 'A disk only grows, while the VM is stopped (on newer hosts also a running'
        + ' VM\'s VHDX data disk); what it grows by counts against your storage quota. Checkpoints must be deleted'
        + ' first.')));
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

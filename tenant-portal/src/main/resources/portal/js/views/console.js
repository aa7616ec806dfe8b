// The VM's console in the browser: noVNC over the gateway's WebSocket relay, with a one-time ticket.
import RFB from '../../vendor/novnc/core/rfb.js';
import { consoleTicket } from '../api.js';
import { h, announce, showError } from '../ui.js';

export default function consoleTab(body, subId, vmNow) {
  // an application region: keys typed there go to the VM, not to the page
  const screen = h('div', { class: 'console-screen', id: 'console-screen', role: 'application',
    'aria-label': `Console of ${vmNow().Name}` });
  const status = h('p', { id: 'console-status', role: 'status' }, 'Not connected.');
  const connect = h('button', { type: 'button', onclick: open }, 'Connect');
  const cad = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => rfb?.sendCtrlAltDel() },
    'Send Ctrl+Alt+Del');
  const disconnect = h('button', { type: 'button', class: 'secondary', disabled: true, onclick: () => rfb?.disconnect() },
    'Disconnect');
  body.append(h('div', { class: 'commandbar' }, connect, cad, disconnect), status, screen);
  let rfb = null;

  async function open() {
    connect.disabled = true;
    status.textContent = 'Connecting…';
    let ticket;
    try {
      ticket = await consoleTicket(subId, vmNow());
    } catch (e) {
      connect.disabled = false;
      status.textContent = e.status === 501 ? 'The console is not available on this fabric.' : `Not connected: ${e.message}`;
      if (e.status !== 501) {
        showError(e, 'Opening the console');
      }
      return;
    }
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${ticket.Url}`;
    rfb = new RFB(screen, url, { wsProtocols: ['binary'] });
    rfb.scaleViewport = true;
    rfb.addEventListener('connect', () => {
      status.textContent = `Connected to the console of ${ticket.Name}.`;
      announce(status.textContent);
      cad.disabled = false;
      disconnect.disabled = false;
      // noVNC's focusable canvas gets a name too, for screen readers that land on it
      screen.querySelector('canvas')?.setAttribute('aria-label', `Screen of ${ticket.Name}; keys typed here go to the VM`);
      rfb.focus();
    });
    rfb.addEventListener('disconnect', (e) => {
      status.textContent = e.detail.clean ? 'Disconnected.' : 'The console connection was lost.';
      announce(status.textContent);
      connect.disabled = false;
      cad.disabled = true;
      disconnect.disabled = true;
      rfb = null;
    });
  }

  return () => {
    if (rfb) {
      rfb.disconnect();
    }
  };
}

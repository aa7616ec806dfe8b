// The caller's subscriptions, read once per sign-in, and what their plans allow.
import { subscriptions } from './api.js';

let cache = null;

export async function loadSubscriptions(force = false) {
  if (!cache || force) {
    cache = await subscriptions();
  }
  return cache;
}

export function forget() {
  cache = null;
}

export async function subscription(id) {
  const all = await loadSubscriptions();
  const s = all.find((x) => x.SubscriptionId === id);
  if (!s) {
    throw new Error(`You have no subscription ${id}.`);
  }
  return s;
}

/** The VM actions the subscription's plan allows (Start, Stop, Checkpoint, RemoteConnect, ...). */
export function actions(sub) {
  const setting = (sub.Services || []).flatMap((x) => x.BaseQuotaSettings || []).find((x) => x.Key === 'Actions');
  if (!setting) {
    return new Set();
  }
  const doc = new DOMParser().parseFromString(setting.Value, 'application/xml');
  return new Set([...doc.getElementsByTagName('Action')].map((a) => a.textContent));
}

/** The subscription a migration goes to by default: the linked successor, when its plan allows migration. */
export async function migrationTarget(sub) {
  if (!sub.SuccessorSubscriptionId) {
    return null;
  }
  const all = await loadSubscriptions();
  const next = all.find((x) => x.SubscriptionId === sub.SuccessorSubscriptionId);
  return next && next.MigrationAllowed ? next : null;
}

export const STATES = { 1: 'Active', 2: 'Suspended', 3: 'Deleting' };

// The platform view: connected clients and messages per second in and out, from routing's $SYS statistics
// ($SYS/broker/clients/connected, $SYS/broker/messages/received and /sent, the names Mosquitto uses).

import { formatCount, formatRate } from './format.js';

export const CLIENTS_CONNECTED = '$SYS/broker/clients/connected';
export const MESSAGES_RECEIVED = '$SYS/broker/messages/received';
export const MESSAGES_SENT = '$SYS/broker/messages/sent';
const SYS_PREFIX = '$SYS/';

/**
 * Messages per second between two readings {value, atMillis} of a counter; null when unknown (first reading, no
 * time passed, or the counter went back, as after a restart).
 */
export function counterRate(previous, next) {
  if (!previous || !next) {
    return null;
  }
  const seconds = (next.atMillis - previous.atMillis) / 1000;
  const delta = next.value - previous.value;
  return seconds > 0 && delta >= 0 ? delta / seconds : null;
}

function leadingNumber(text) {
  const value = Number.parseFloat(text);
  return Number.isFinite(value) ? value : null;
}

/** Keeps the latest $SYS values and the rates derived from the counters. */
export class PlatformView {
  constructor(elements) {
    this.el = elements;
    this.values = new Map();
    this.readings = new Map();
    this.rates = { in: null, out: null };
    this.dirty = false;
  }

  /**
   * Records a $SYS value (other topics are ignored). A retained copy is shown but starts no rate: it may be up to
   * one publish interval old, and its arrival time would overstate the next rate.
   */
  onMessage(topic, text, retained, nowMillis) {
    if (!topic.startsWith(SYS_PREFIX)) {
      return;
    }
    this.values.set(topic, text);
    if (topic === MESSAGES_RECEIVED || topic === MESSAGES_SENT) {
      const next = { value: leadingNumber(text), atMillis: nowMillis };
      if (next.value !== null && !retained) {
        const rate = counterRate(this.readings.get(topic), next);
        this.rates[topic === MESSAGES_RECEIVED ? 'in' : 'out'] = rate;
        this.readings.set(topic, next);
      }
    }
    this.dirty = true;
  }

  render() {
    if (!this.dirty) {
      return;
    }
    this.dirty = false;
    const clients = this.values.has(CLIENTS_CONNECTED) ? leadingNumber(this.values.get(CLIENTS_CONNECTED)) : null;
    this.el.clients.textContent = formatCount(clients);
    this.el.rateIn.textContent = formatRate(this.rates.in);
    this.el.rateOut.textContent = formatRate(this.rates.out);
    const rows = [...this.values.keys()].sort().map((topic) => {
      const row = document.createElement('tr');
      row.dataset.topic = topic;
      const name = document.createElement('th');
      name.scope = 'row';
      name.textContent = topic.slice(SYS_PREFIX.length);
      const value = document.createElement('td');
      value.textContent = this.values.get(topic);
      row.append(name, value);
      return row;
    });
    this.el.all.replaceChildren(...rows);
  }

  snapshot() {
    return { clients: this.el.clients.textContent, ratesPerSecond: { ...this.rates }, topics: this.values.size };
  }
}

// The dashboard's only MQTT code: a small wrapper around the Paho JavaScript client (the global `Paho` of the
// paho-mqtt webjar), so that Paho can be swapped for another client by rewriting this one module.
// MQTT 3.1.1 over WebSocket, clean session, our own reconnect loop with exponential backoff over the configured
// URLs, and a promise per publish that settles when the broker has acknowledged it (QoS 1/2) or it was sent (QoS 0).
// Credentials are passed in by the caller and held only in this object's memory.

import { reconnectDelay } from './backoff.js';

/** Connection states, as shown on the page and in `window.tsunagu.connection.state`. */
export const State = Object.freeze({
  DISCONNECTED: 'disconnected',
  CONNECTING: 'connecting',
  CONNECTED: 'connected',
  RECONNECTING: 'reconnecting',
});

/** MQTT 3.1.1 is protocol level 4; Paho would otherwise fall back to 3.1 after a failure. */
const MQTT_3_1_1 = 4;
const CONNECT_TIMEOUT_SECONDS = 10;
const KEEP_ALIVE_SECONDS = 30;
/** A publish not acknowledged in this time is reported as failed (its fate is then unknown). */
const PUBLISH_TIMEOUT_MILLIS = 15000;
const CLIENT_ID_SUFFIX_LENGTH = 8;

/** Paho's message without its AMQJS code, and its WebSocket failure (which carries no detail) said plainly. */
export function describeError(message) {
  const text = String(message || 'connection failed').replace(/^AMQJS\d+[A-Z] /, '');
  return /^Socket error/.test(text) ? 'WebSocket connection failed (is the broker reachable?)' : text;
}

function randomSuffix(random) {
  let suffix = '';
  while (suffix.length < CLIENT_ID_SUFFIX_LENGTH) {
    suffix += Math.floor(random() * 36).toString(36);
  }
  return suffix;
}

/**
 * One MQTT connection that keeps itself up until `disconnect()`.
 * Options: urls, clientIdPrefix, reconnect {minMillis, maxMillis}, subscriptions (topic filters, QoS 0),
 * onState(client) after every state change, onMessage(topic, payloadBytes, retained) per message.
 */
export class MqttClient {
  constructor(options) {
    this.options = options;
    this.paho = options.paho || globalThis.Paho;
    this.random = options.random || Math.random;
    this.clientId = options.clientIdPrefix + randomSuffix(this.random);
    this.state = State.DISCONNECTED;
    this.lastError = null;
    this.url = null;
    this.nextAttemptAt = null;
    this.failures = 0;
    this.attempts = 0;
    this.generation = 0;
    this.client = null;
    this.timer = null;
    this.credentials = null;
    this.pending = new Map();
  }

  /** Connects with `credentials` ({userName, password}), and keeps reconnecting until `disconnect()`. */
  connect(credentials) {
    this.stop();
    this.credentials = credentials;
    this.failures = 0;
    this.attempt();
  }

  /** Closes the connection and stops reconnecting. */
  disconnect() {
    this.stop();
    this.setState(State.DISCONNECTED);
  }

  /**
   * Publishes `payload` (text) to `topic`; the promise resolves once QoS 1/2 is acknowledged (PUBACK/PUBCOMP) or
   * QoS 0 is sent, and rejects when not connected, on a lost connection, or after 15 s without an acknowledgement.
   */
  publish(topic, payload, qos, retain) {
    if (this.state !== State.CONNECTED) {
      return Promise.reject(new Error('not connected'));
    }
    const message = new this.paho.Message(payload);
    message.destinationName = topic;
    message.qos = qos;
    message.retained = retain;
    const delivered = new Promise((resolve, reject) => {
      const timeout = setTimeout(() => this.settle(message, new Error('no acknowledgement within 15 s')),
        PUBLISH_TIMEOUT_MILLIS);
      this.pending.set(message, { resolve, reject, timeout });
    });
    try {
      this.client.send(message);
    } catch (error) {
      this.settle(message, error);
    }
    return delivered;
  }

  attempt() {
    const generation = ++this.generation;
    const urls = this.options.urls;
    this.url = urls[this.attempts % urls.length];
    this.attempts++;
    this.nextAttemptAt = null;
    this.setState(State.CONNECTING);
    try {
      this.client = this.createClient(generation);
      this.client.connect(this.connectOptions(generation));
    } catch (error) {
      this.onFailure(generation, error.message);
    }
  }

  createClient(generation) {
    const client = new this.paho.Client(this.url, this.clientId);
    const current = () => generation === this.generation;
    client.onConnectionLost = (response) => current() && this.onConnectionLost(response);
    client.onMessageArrived = (message) => current() && this.options.onMessage(message.destinationName,
      message.payloadBytes, message.retained);
    client.onMessageDelivered = (message) => current() && this.settle(message, null);
    return client;
  }

  connectOptions(generation) {
    const options = {
      mqttVersion: MQTT_3_1_1,
      cleanSession: true,
      reconnect: false,
      timeout: CONNECT_TIMEOUT_SECONDS,
      keepAliveInterval: KEEP_ALIVE_SECONDS,
      onSuccess: () => generation === this.generation && this.onConnected(),
      onFailure: (response) => this.onFailure(generation, response.errorMessage),
    };
    const { userName, password } = this.credentials || {};
    if (userName) {
      // Paho refuses a password without a user name, as MQTT 3.1.1 does [MQTT-3.1.2-22]
      options.userName = userName;
      options.password = password || '';
    }
    return options;
  }

  onConnected() {
    this.failures = 0;
    this.lastError = null;
    for (const filter of this.options.subscriptions) {
      this.client.subscribe(filter, {
        qos: 0,
        onFailure: (response) => this.noteError('subscribing to ' + filter + ' failed: '
          + describeError(response.errorMessage)),
      });
    }
    this.setState(State.CONNECTED);
  }

  onFailure(generation, message) {
    if (generation !== this.generation) {
      return;
    }
    this.lastError = describeError(message);
    this.scheduleReconnect();
  }

  onConnectionLost(response) {
    this.lastError = response.errorCode === 0 ? 'connection closed' : describeError(response.errorMessage);
    this.rejectPending('connection lost before the broker acknowledged the message');
    this.scheduleReconnect();
  }

  scheduleReconnect() {
    const delay = reconnectDelay(this.failures++, this.options.reconnect, this.random);
    this.nextAttemptAt = Date.now() + delay;
    this.timer = setTimeout(() => this.attempt(), delay);
    this.setState(State.RECONNECTING);
  }

  stop() {
    this.generation++;
    clearTimeout(this.timer);
    this.timer = null;
    this.nextAttemptAt = null;
    const client = this.client;
    this.client = null;
    if (client) {
      try {
        client.disconnect();
      } catch {
        // not connected yet or any more: nothing to close
      }
    }
    this.rejectPending('disconnected');
  }

  settle(message, error) {
    const entry = this.pending.get(message);
    if (entry === undefined) {
      return;
    }
    this.pending.delete(message);
    clearTimeout(entry.timeout);
    if (error) {
      entry.reject(error);
    } else {
      entry.resolve();
    }
  }

  rejectPending(reason) {
    for (const message of [...this.pending.keys()]) {
      this.settle(message, new Error(reason));
    }
  }

  noteError(message) {
    this.lastError = message;
    this.options.onState(this);
  }

  setState(state) {
    this.state = state;
    this.options.onState(this);
  }
}

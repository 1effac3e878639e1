// The connect form and the connection state line. Credentials live in sessionStorage only (gone when the tab
// closes) and in the MQTT client's memory; they are never written into the page or sent anywhere but the broker.

import { State } from './mqtt-client.js';

const CREDENTIALS_KEY = 'tsunagu.mqtt.credentials';

function storedCredentials() {
  try {
    const stored = JSON.parse(sessionStorage.getItem(CREDENTIALS_KEY));
    return stored && typeof stored.userName === 'string' ? stored : null;
  } catch {
    return null;
  }
}

/** Wires the form to `client`; connects at once when this tab already holds credentials. */
export class ConnectionView {
  constructor(client, elements) {
    this.client = client;
    this.el = elements;
    this.el.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.connect({ userName: this.el.userName.value, password: this.el.password.value });
    });
    this.el.disconnect.addEventListener('click', () => {
      sessionStorage.removeItem(CREDENTIALS_KEY);
      this.client.disconnect();
    });
    this.el.clientId.textContent = client.clientId;
    const stored = storedCredentials();
    if (stored) {
      this.el.userName.value = stored.userName;
      this.connect(stored);
    }
  }

  connect(credentials) {
    sessionStorage.setItem(CREDENTIALS_KEY, JSON.stringify(credentials));
    this.el.password.value = '';
    this.client.connect(credentials);
  }

  /** Shows the client's state; called on every change and once a second for the countdown. */
  render(nowMillis) {
    const client = this.client;
    this.el.state.dataset.state = client.state;
    this.el.state.textContent = this.describe(client, nowMillis);
    this.el.url.textContent = client.url || '\u2013';
    this.el.error.textContent = client.lastError ? 'Last error: ' + client.lastError : '';
    this.el.error.hidden = !client.lastError;
    const active = client.state !== State.DISCONNECTED;
    this.el.connect.textContent = active ? 'Reconnect' : 'Connect';
    this.el.disconnect.disabled = !active;
  }

  describe(client, nowMillis) {
    switch (client.state) {
      case State.CONNECTED:
        return 'Connected';
      case State.CONNECTING:
        return 'Connecting\u2026';
      case State.RECONNECTING: {
        const seconds = Math.max(0, Math.ceil((client.nextAttemptAt - nowMillis) / 1000));
        return 'Reconnecting in ' + seconds + ' s';
      }
      default:
        return 'Disconnected';
    }
  }
}

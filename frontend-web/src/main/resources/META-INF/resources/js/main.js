// Tsunagu live dashboard: wires the views to one MQTT connection and to frontend-web's /api. ES modules, no build.
// Everything untrusted (topics, payloads, answers) is only ever set with textContent, never parsed as HTML.
//
// Hooks for browser tests (stable; change them only together with e2e-tests):
//   #connect-form, #mqtt-username, #mqtt-password, #connect-button, #disconnect-button
//   #connection-state            data-state = disconnected | connecting | connected | reconnecting
//   #connection-url, #connection-client-id, #connection-error
//   #topic-filter                filter box (substring, or MQTT filter when it holds + or #)
//   #topic-count                 "N topics" / "N of M topics"
//   #topic-list                  the scroll container (role=treegrid); one row per topic level, in tree order:
//                                .topic-row[data-path] (aria-level, aria-expanded on levels with levels below),
//                                [data-topic] as well when messages were published to that level itself, with cells
//                                [data-cell=topic|value|rate|seen]; the topic cell holds button.topic-toggle (hidden
//                                on leaves), .topic-name and .topic-below ("N topics"); only rows on screen exist
//                                (read the path from data-path / data-topic, not from the cell text)
//   #chart-panel[data-topic], #chart-topic, #chart-field-form, #chart-field, #chart-windows button[data-window=15m|1h|24h]
//   #chart (uPlot canvas inside), #chart-status  data-state = idle | loading | ready | error,
//                                data-history-points, data-live-points
//   #retained-form, #retained-filter, #retained-refresh, #retained-more, #retained-status[data-state],
//   #retained-body tr[data-topic] with td[data-cell=topic|value|qos|updated]
//   #publish-form, #publish-topic, #publish-payload, #publish-qos, #publish-retain, #publish-button,
//   #publish-result              data-outcome = pending | delivered | failed
//   #platform-clients, #platform-rate-in, #platform-rate-out, #platform-all tr[data-topic]
// window.tsunagu (read-only): ready, config, connection {state, url, clientId, lastError, nextAttemptAt},
//   topicCount, messageCount, renderedRows (row elements in the DOM), visibleRows (rows of the flattened tree,
//   on screen or not), visibleTopics (those of them that are topics), frames, topic(name),
//   row(path) {index, depth, topic, expandable, expanded, below} or null when not among the visible rows,
//   chart, platform, publish.

import { MqttClient } from './mqtt-client.js';
import { ConnectionView } from './connection-view.js';
import { TopicStore } from './topic-store.js';
import { TopicList } from './topic-list.js';
import { TopicChart } from './topic-chart.js';
import { RetainedView } from './retained-view.js';
import { PublishForm } from './publish-form.js';
import { PlatformView } from './platform-view.js';
import { payloadPreview, payloadText } from './payload.js';

const CONFIG_RETRY_MILLIS = 5000;
const TICK_MILLIS = 1000;
const byId = (id) => document.getElementById(id);

/** GET a JSON resource of frontend-web; rejects with "HTTP <status>: <message>" when it does not answer 2xx. */
async function fetchJson(path) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    throw new Error('HTTP ' + response.status + (body && body.message ? ': ' + body.message : ''));
  }
  return body;
}

/** Runs `render` at most once per animation frame, however many messages asked for one. */
function frameScheduler(render) {
  let pending = false;
  return () => {
    if (!pending) {
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        render(Date.now());
      });
    }
  };
}

function createViews(config, requestFrame) {
  const store = new TopicStore(config.rateWindowMillis / 1000);
  const platform = new PlatformView({ clients: byId('platform-clients'), rateIn: byId('platform-rate-in'),
    rateOut: byId('platform-rate-out'), all: byId('platform-all') });
  const chart = new TopicChart({ panel: byId('chart-panel'), topic: byId('chart-topic'),
    controls: byId('chart-controls'), fieldForm: byId('chart-field-form'), field: byId('chart-field'),
    windows: byId('chart-windows'), chart: byId('chart'), status: byId('chart-status') }, fetchJson);
  const list = new TopicList(store, { container: byId('topic-list'), spacer: byId('topic-spacer'),
    count: byId('topic-count') }, (topic) => chart.select(topic), requestFrame);
  return { store, platform, chart, list };
}

function createClient(config, views, onChange) {
  return new MqttClient({
    urls: config.mqtt.urls,
    clientIdPrefix: config.mqtt.clientIdPrefix,
    reconnect: config.mqtt.reconnect,
    subscriptions: [config.mqtt.telemetryFilter, config.mqtt.platformFilter],
    onState: onChange,
    onMessage: (topic, payload, retained) => {
      const now = Date.now();
      views.store.record(topic, payload, retained, now);
      views.chart.onMessage(topic, payload, now);
      if (topic.startsWith('$SYS/')) {
        views.platform.onMessage(topic, payloadText(payload), retained, now);
      }
      onChange();
    },
  });
}

function exposeTestHook(config, client, views, publishForm, counters) {
  const hook = {
    ready: true,
    get config() {
      return structuredClone(config);
    },
    get connection() {
      return { state: client.state, url: client.url, clientId: client.clientId, lastError: client.lastError,
        nextAttemptAt: client.nextAttemptAt };
    },
    get topicCount() {
      return views.store.size;
    },
    get messageCount() {
      return views.store.messageCount;
    },
    get renderedRows() {
      return views.list.rows.length;
    },
    get visibleRows() {
      return views.list.visible.length;
    },
    get visibleTopics() {
      return views.list.topicRows;
    },
    row(path) {
      const index = views.list.indexOf(path);
      const node = index < 0 ? null : views.list.visible[index];
      return node === null ? null : { index, depth: node.depth, topic: node.isTopic, expandable: node.expandable,
        expanded: views.list.isExpanded(node), below: node.below };
    },
    get frames() {
      return counters.frames;
    },
    topic(name) {
      const entry = views.store.get(name);
      return entry === undefined ? null : { count: entry.count, lastSeen: entry.lastSeen,
        rate: entry.rate(Date.now()), retained: entry.retained, payload: payloadPreview(entry.payload, 1000) };
    },
    get chart() {
      return views.chart.snapshot();
    },
    get platform() {
      return views.platform.snapshot();
    },
    get publish() {
      return { published: publishForm.published, failed: publishForm.failed };
    },
  };
  Object.defineProperty(window, 'tsunagu', { value: Object.freeze(hook), writable: false, configurable: false });
}

function start(config) {
  const counters = { frames: 0 };
  let connectionView = null;
  let views = null;
  const requestFrame = frameScheduler((now) => {
    counters.frames++;
    connectionView.render(now);
    views.list.render(now);
    views.chart.render(now);
    views.platform.render();
  });
  views = createViews(config, requestFrame);
  const client = createClient(config, views, requestFrame);
  connectionView = new ConnectionView(client, { form: byId('connect-form'), userName: byId('mqtt-username'),
    password: byId('mqtt-password'), connect: byId('connect-button'), disconnect: byId('disconnect-button'),
    state: byId('connection-state'), url: byId('connection-url'), clientId: byId('connection-client-id'),
    error: byId('connection-error') });
  const publishForm = new PublishForm(client, { form: byId('publish-form'), topic: byId('publish-topic'),
    payload: byId('publish-payload'), qos: byId('publish-qos'), retain: byId('publish-retain'),
    result: byId('publish-result') });
  const retained = new RetainedView({ form: byId('retained-form'), filter: byId('retained-filter'),
    more: byId('retained-more'), body: byId('retained-body'), status: byId('retained-status') }, fetchJson);
  byId('topic-filter').addEventListener('input', (event) => {
    views.list.setFilter(event.target.value);
    requestFrame();
  });
  byId('topic-list').addEventListener('scroll', requestFrame, { passive: true });
  window.addEventListener('resize', requestFrame);
  // rates, "seen … ago" and the reconnect countdown change without messages
  setInterval(requestFrame, TICK_MILLIS);
  exposeTestHook(config, client, views, publishForm, counters);
  retained.load(false);
  requestFrame();
}

async function boot() {
  let config;
  try {
    config = await fetchJson('api/config');
  } catch (error) {
    const state = byId('connection-state');
    state.dataset.state = 'disconnected';
    state.textContent = 'Configuration unavailable (' + error.message + '); trying again shortly.';
    setTimeout(boot, CONFIG_RETRY_MILLIS);
    return;
  }
  start(config);
}

boot();

// The chart of the selected topic: history from GET /api/series (min/max band and avg line over the chosen window)
// joined to live points as they arrive. Drawn with uPlot (the global `uPlot` of the uplot webjar).

import { chartData, toBuckets } from './series.js';
import { numericValue, payloadText } from './payload.js';

/** The window buttons' keys, in milliseconds. */
export const WINDOWS = Object.freeze({ '15m': 15 * 60000, '1h': 3600000, '24h': 86400000 });
const HEIGHT = 260;
const MIN_BUCKETS = 60;
const MAX_BUCKETS = 600;
/** Pixels per bucket: about one bucket every two pixels is as fine as a line can show. */
const PIXELS_PER_BUCKET = 2;
const MAX_LIVE_POINTS = 20000;

function seriesOptions() {
  return [
    {},
    { label: 'min', stroke: 'rgba(9, 105, 218, 0.45)', width: 1, spanGaps: true, points: { show: false } },
    { label: 'max', stroke: 'rgba(9, 105, 218, 0.45)', width: 1, spanGaps: true, points: { show: false } },
    // uPlot's default shows the points only while they are sparse, so a window with few buckets still shows them.
    { label: 'avg', stroke: '#0969da', width: 2, spanGaps: true },
    { label: 'live', stroke: '#cf222e', width: 1.5, spanGaps: true, points: { show: true, size: 5 } },
  ];
}

/** The chart panel; `select(topic)` shows a topic, `onMessage` feeds live payloads, `render` draws. */
export class TopicChart {
  constructor(elements, fetchJson) {
    this.el = elements;
    this.fetchJson = fetchJson;
    this.topic = null;
    this.field = '';
    this.windowKey = '15m';
    this.buckets = [];
    this.live = [];
    this.skipped = 0;
    this.historyState = 'idle';
    this.historyError = null;
    this.historySkipped = 0;
    this.chart = null;
    this.dirty = false;
    this.request = 0;
    this.wire();
  }

  wire() {
    this.el.fieldForm.addEventListener('submit', (event) => {
      event.preventDefault();
      this.field = this.el.field.value.trim();
      this.reload();
    });
    for (const button of this.el.windows.querySelectorAll('[data-window]')) {
      button.addEventListener('click', () => {
        this.windowKey = button.dataset.window;
        this.reload();
      });
    }
    new ResizeObserver(() => this.resize()).observe(this.el.chart);
  }

  select(topic) {
    this.topic = topic;
    this.el.panel.dataset.topic = topic;
    this.el.topic.textContent = topic;
    this.el.controls.disabled = false;
    this.reload();
  }

  /** A message arrived; only the selected topic's numeric payloads become live points. */
  onMessage(topic, payload, nowMillis) {
    if (topic !== this.topic) {
      return;
    }
    const value = numericValue(payloadText(payload), this.field);
    if (value === null) {
      this.skipped++;
    } else {
      this.live.push([nowMillis / 1000, value]);
      if (this.live.length > MAX_LIVE_POINTS) {
        this.live.splice(0, this.live.length - MAX_LIVE_POINTS);
      }
    }
    this.dirty = true;
  }

  reload() {
    this.live = [];
    this.buckets = [];
    this.skipped = 0;
    this.dirty = true;
    for (const button of this.el.windows.querySelectorAll('[data-window]')) {
      button.setAttribute('aria-pressed', String(button.dataset.window === this.windowKey));
    }
    this.loadHistory();
  }

  async loadHistory() {
    const request = ++this.request;
    const to = new Date();
    const from = new Date(to.getTime() - WINDOWS[this.windowKey]);
    const params = new URLSearchParams({ topic: this.topic, from: from.toISOString(), to: to.toISOString(),
      buckets: String(this.bucketCount()) });
    if (this.field) {
      params.set('field', this.field);
    }
    this.historyState = 'loading';
    this.historyError = null;
    this.historySkipped = 0;
    try {
      const answer = await this.fetchJson('api/series?' + params);
      if (request === this.request) {
        this.buckets = toBuckets(answer);
        this.historySkipped = Number.isFinite(answer.skipped) ? answer.skipped : 0;
        this.historyState = 'ready';
      }
    } catch (error) {
      if (request === this.request) {
        this.historyState = 'error';
        this.historyError = error.message;
      }
    }
    this.dirty = true;
  }

  bucketCount() {
    const width = this.el.chart.clientWidth || 600;
    return Math.max(MIN_BUCKETS, Math.min(MAX_BUCKETS, Math.floor(width / PIXELS_PER_BUCKET)));
  }

  /** Draws what changed since the last frame. */
  render(nowMillis) {
    if (!this.dirty || this.topic === null) {
      return;
    }
    this.dirty = false;
    const oldest = (nowMillis - WINDOWS[this.windowKey]) / 1000;
    while (this.live.length > 0 && this.live[0][0] < oldest) {
      this.live.shift();
    }
    const data = chartData(this.buckets, this.live);
    if (this.chart) {
      this.chart.setData(data);
    } else if (globalThis.uPlot) {
      this.chart = new globalThis.uPlot(this.chartOptions(), data, this.el.chart);
    }
    this.renderStatus();
  }

  chartOptions() {
    return {
      width: this.el.chart.clientWidth || 600,
      height: HEIGHT,
      // The x axis spans the chosen window, not only the data in it, so a quiet topic looks quiet.
      scales: { x: { time: true, range: () => this.windowRange() } },
      series: seriesOptions(),
      bands: [{ series: [2, 1], fill: 'rgba(9, 105, 218, 0.12)' }],
    };
  }

  /** The chosen window ending now, in uPlot's seconds. */
  windowRange() {
    const now = Date.now() / 1000;
    return [now - WINDOWS[this.windowKey] / 1000, now];
  }

  renderStatus() {
    const status = this.el.status;
    const historyPoints = this.buckets.filter((bucket) => bucket.avg !== null).length;
    status.dataset.state = this.historyState;
    status.dataset.historyPoints = String(historyPoints);
    status.dataset.livePoints = String(this.live.length);
    const history = this.historyState === 'error'
      ? 'History unavailable (' + this.historyError + ').'
      : (this.historyState === 'loading' ? 'Loading history\u2026' : 'History: ' + historyPoints + ' buckets'
        + (this.historySkipped > 0 ? ' (' + this.historySkipped + ' stored messages had no number).' : '.'));
    const skipped = this.skipped > 0 ? ' ' + this.skipped + ' payloads were not numbers'
      + (this.field ? ' with field ' + this.field + '.' : ' (a JSON field may be needed).') : '';
    status.textContent = history + ' Live: ' + this.live.length + ' points.' + skipped;
  }

  resize() {
    if (this.chart) {
      this.chart.setSize({ width: this.el.chart.clientWidth, height: HEIGHT });
    }
  }

  /** What a test may read. */
  snapshot() {
    return { topic: this.topic, field: this.field, window: this.windowKey, historyState: this.historyState,
      historyBuckets: this.buckets.length, historySkipped: this.historySkipped, livePoints: this.live.length,
      skipped: this.skipped };
  }
}

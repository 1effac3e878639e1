// The retained values view: GET /api/retained (through frontend-web to storage), a page at a time, on demand.

import { formatAgo } from './format.js';

const PAGE_SIZE = 100;
const PREVIEW_CHARS = 120;

function cell(text, name) {
  const node = document.createElement('td');
  node.dataset.cell = name;
  node.textContent = text;
  return node;
}

function preview(item) {
  if (item.payloadUtf8 === null || item.payloadUtf8 === undefined) {
    return '(binary, ' + Math.floor((item.payload || '').length * 3 / 4) + ' bytes)';
  }
  const text = item.payloadUtf8;
  return text.length > PREVIEW_CHARS ? text.slice(0, PREVIEW_CHARS - 1) + '\u2026' : text;
}

/** The table of retained messages with its refresh button, optional topic filter and "more" button. */
export class RetainedView {
  constructor(elements, fetchJson) {
    this.el = elements;
    this.fetchJson = fetchJson;
    this.cursor = null;
    this.count = 0;
    elements.form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.load(false);
    });
    elements.more.addEventListener('click', () => this.load(true));
  }

  async load(more) {
    const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
    const filter = this.el.filter.value.trim();
    if (filter) {
      params.set(filter.includes('+') || filter.includes('#') ? 'filter' : 'topic', filter);
    }
    if (more && this.cursor) {
      params.set('cursor', this.cursor);
    }
    this.setState('loading', 'Loading\u2026');
    try {
      const page = await this.fetchJson('api/retained?' + params);
      this.show(page, more);
    } catch (error) {
      this.setState('error', 'Retained values unavailable (' + error.message + ').');
    }
  }

  show(page, more) {
    const now = Date.now();
    const rows = (page.items || []).map((item) => {
      const row = document.createElement('tr');
      row.dataset.topic = item.topic;
      const updated = cell(item.updatedAt ? formatAgo(Date.parse(item.updatedAt), now) : '\u2013', 'updated');
      updated.title = item.updatedAt || '';
      row.append(cell(item.topic, 'topic'), cell(preview(item), 'value'), cell(String(item.qos), 'qos'), updated);
      return row;
    });
    if (more) {
      this.el.body.append(...rows);
      this.count += rows.length;
    } else {
      this.el.body.replaceChildren(...rows);
      this.count = rows.length;
    }
    this.cursor = page.nextCursor || null;
    this.el.more.hidden = this.cursor === null;
    this.setState('ready', this.count === 0 ? 'No retained values.' : this.count + ' retained values'
      + (this.cursor ? ' (more available).' : '.'));
  }

  setState(state, text) {
    this.el.status.dataset.state = state;
    this.el.status.textContent = text;
  }
}

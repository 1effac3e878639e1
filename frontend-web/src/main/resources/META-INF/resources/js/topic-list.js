// The live topic tree as a virtualized list: a scroll container (the grid, with a sticky header row) holding a spacer
// as tall as all rows, and only the rows on screen (plus a few) as elements, each a fixed height and reused as the
// list scrolls. The topics are
// sorted, so subtopics follow their parent as in a tree; each row shows the parent path dimmed and indents by depth.

import { compileQuery } from './topic-filter.js';
import { payloadPreview } from './payload.js';
import { formatAgo, formatRate } from './format.js';

/** Row height in CSS pixels; must match `.topic-row` in dashboard.css. */
export const ROW_HEIGHT = 28;
const EXTRA_ROWS = 4;
const PREVIEW_CHARS = 80;
const INDENT_EM = 0.75;
const MAX_INDENT_LEVELS = 8;
/** U+200E LEFT-TO-RIGHT MARK. */
const LRM = '\u200e';

function cell(name) {
  const node = document.createElement('span');
  node.setAttribute('role', 'gridcell');
  node.dataset.cell = name;
  node.className = 'cell cell-' + name;
  return node;
}

function createRow() {
  const row = document.createElement('div');
  row.className = 'topic-row';
  row.setAttribute('role', 'row');
  const topic = cell('topic');
  const parent = document.createElement('span');
  parent.className = 'topic-parent';
  const leaf = document.createElement('span');
  leaf.className = 'topic-leaf';
  topic.append(parent, leaf);
  row.append(topic, cell('value'), cell('rate'), cell('seen'));
  row.shown = { topic: null, index: -1, version: -1, rate: null, seen: null };
  return row;
}

/**
 * Shows `store`'s topics in `container` (the scroll box, which holds `spacer`); calls onSelect(topic) on a pick and
 * requestFrame() when a key or click changed what it shows.
 */
export class TopicList {
  constructor(store, elements, onSelect, requestFrame) {
    this.store = store;
    this.el = elements;
    this.onSelect = onSelect;
    this.requestFrame = requestFrame;
    this.matches = compileQuery('');
    this.visible = [];
    this.needsFilter = true;
    this.rows = [];
    this.selected = null;
    this.active = -1;
    elements.container.addEventListener('click', (event) => this.onClick(event));
    elements.container.addEventListener('keydown', (event) => this.onKey(event));
  }

  setFilter(text) {
    this.matches = compileQuery(text);
    this.needsFilter = true;
    this.active = -1;
  }

  select(topic) {
    this.selected = topic;
    for (const row of this.rows) {
      row.shown.version = -1;
    }
    this.onSelect(topic);
    this.requestFrame();
  }

  /** Brings the DOM up to date with the store; called at most once per animation frame. */
  render(nowMillis) {
    const sorted = this.store.sortedNames();
    if (sorted.changed || this.needsFilter) {
      this.visible = sorted.names.filter(this.matches);
      this.needsFilter = false;
      this.el.spacer.style.height = this.visible.length * ROW_HEIGHT + 'px';
      // the header row counts as the first row of the grid
      this.el.container.setAttribute('aria-rowcount', String(this.visible.length + 1));
      this.el.count.textContent = this.describeCount();
    }
    const first = Math.floor(this.el.container.scrollTop / ROW_HEIGHT);
    const count = Math.min(this.visible.length - first,
      Math.ceil(this.el.container.clientHeight / ROW_HEIGHT) + EXTRA_ROWS);
    this.ensureRows(Math.max(0, count));
    for (let i = 0; i < this.rows.length; i++) {
      this.renderRow(this.rows[i], first + i, nowMillis);
    }
  }

  describeCount() {
    const total = this.store.size;
    return this.visible.length === total ? total + ' topics' : this.visible.length + ' of ' + total + ' topics';
  }

  ensureRows(count) {
    while (this.rows.length < count) {
      const row = createRow();
      this.rows.push(row);
      this.el.spacer.append(row);
    }
    while (this.rows.length > count) {
      this.rows.pop().remove();
    }
  }

  renderRow(row, index, nowMillis) {
    const topic = this.visible[index];
    const entry = this.store.get(topic);
    const shown = row.shown;
    if (shown.topic !== topic) {
      this.renderTopic(row, topic, index);
    }
    if (shown.version !== entry.version) {
      row.children[1].textContent = payloadPreview(entry.payload, PREVIEW_CHARS);
      row.dataset.retained = String(entry.retained);
      row.setAttribute('aria-selected', String(topic === this.selected));
      shown.version = entry.version;
    }
    const rate = formatRate(entry.rate(nowMillis));
    if (shown.rate !== rate) {
      row.children[2].textContent = rate;
      shown.rate = rate;
    }
    const seen = formatAgo(entry.lastSeen, nowMillis);
    if (shown.seen !== seen) {
      row.children[3].textContent = seen;
      shown.seen = seen;
    }
    const active = index === this.active;
    row.classList.toggle('active', active);
    row.id = active ? 'topic-row-active' : '';
  }

  renderTopic(row, topic, index) {
    const cut = topic.lastIndexOf('/') + 1;
    const depth = Math.min(MAX_INDENT_LEVELS, topic.split('/').length - 1);
    row.style.transform = 'translateY(' + index * ROW_HEIGHT + 'px)';
    row.dataset.topic = topic;
    row.setAttribute('aria-rowindex', String(index + 2));
    row.shown.index = index;
    row.title = topic;
    const topicCell = row.children[0];
    topicCell.style.paddingLeft = depth * INDENT_EM + 'em';
    // the parent path is cut from its start (CSS direction: rtl); the marks keep '/' and '$' in place
    topicCell.children[0].textContent = cut === 0 ? '' : LRM + topic.slice(0, cut) + LRM;
    topicCell.children[1].textContent = topic.slice(cut);
    row.shown.topic = topic;
    row.shown.version = -1;
    row.shown.rate = null;
    row.shown.seen = null;
  }

  onClick(event) {
    const row = event.target.closest('.topic-row');
    if (row) {
      this.active = row.shown.index;
      this.select(row.dataset.topic);
    }
  }

  onKey(event) {
    const moves = { ArrowDown: 1, ArrowUp: -1, PageDown: 10, PageUp: -10 };
    if (event.key in moves && this.visible.length > 0) {
      event.preventDefault();
      this.active = Math.max(0, Math.min(this.visible.length - 1, this.active + moves[event.key]));
      this.scrollToActive();
      this.el.container.setAttribute('aria-activedescendant', 'topic-row-active');
      this.requestFrame();
    } else if (event.key === 'Enter' && this.active >= 0 && this.active < this.visible.length) {
      event.preventDefault();
      this.select(this.visible[this.active]);
    }
  }

  scrollToActive() {
    const box = this.el.container;
    const top = this.active * ROW_HEIGHT;
    if (top < box.scrollTop) {
      box.scrollTop = top;
    } else if (top + ROW_HEIGHT > box.scrollTop + box.clientHeight) {
      box.scrollTop = top + ROW_HEIGHT - box.clientHeight;
    }
  }
}

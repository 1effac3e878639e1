// The live topic tree as a virtualized list: a scroll container (the treegrid, with a sticky header row) holding a
// spacer as tall as all rows, and only the rows on screen (plus a few) as elements, each a fixed height and reused as
// the list scrolls. The rows are the tree flattened (topic-tree.js): each level is a row, indented by its depth, with
// a disclosure toggle when it has levels below, the number of topics below it and their combined rate.
//
// What costs what: the flattened row array is rebuilt only when the tree's structure (a new topic), the collapsed set
// or the filter changed, never per message; a frame touches only the rows on screen; a node's combined rate and
// last-seen walk its topics at most once a second, and only while its row is on screen.

import { compileQuery } from './topic-filter.js';
import { forEachTopic } from './topic-tree.js';
import { payloadPreview } from './payload.js';
import { formatAgo, formatCount, formatRate } from './format.js';

/** Row height in CSS pixels; must match `.topic-row` in dashboard.css. */
export const ROW_HEIGHT = 28;
const EXTRA_ROWS = 4;
const PREVIEW_CHARS = 80;
const INDENT_EM = 1;
const MAX_INDENT_LEVELS = 12;
const PAGE_ROWS = 10;
/** Levels with at most this many topics below have their combined rate summed every frame (see summary()). */
const EXACT_SUMMARY_TOPICS = 100;
const COLLAPSED_MARK = '\u25b8';
const EXPANDED_MARK = '\u25be';

function cell(name) {
  const node = document.createElement('span');
  node.setAttribute('role', 'gridcell');
  node.dataset.cell = name;
  node.className = 'cell cell-' + name;
  return node;
}

function span(className) {
  const node = document.createElement('span');
  node.className = className;
  return node;
}

function createRow() {
  const row = document.createElement('div');
  row.className = 'topic-row';
  row.setAttribute('role', 'row');
  const toggle = document.createElement('button');
  toggle.type = 'button';
  toggle.className = 'topic-toggle';
  // the list itself takes the keys (ArrowRight/ArrowLeft); the button is for the mouse
  toggle.tabIndex = -1;
  const topic = cell('topic');
  topic.append(toggle, span('topic-name'), span('topic-below'));
  row.append(topic, cell('value'), cell('rate'), cell('seen'));
  row.shown = { node: null, index: -1, layout: -1, version: -1, rate: null, seen: null };
  return row;
}

/**
 * Shows the tree of `store`'s topics in `container` (the scroll box, which holds `spacer`); calls onSelect(topic) on
 * a pick and requestFrame() when a key or click changed what it shows.
 */
export class TopicList {
  constructor(store, elements, onSelect, requestFrame) {
    this.store = store;
    this.tree = store.tree;
    this.el = elements;
    this.onSelect = onSelect;
    this.requestFrame = requestFrame;
    /** The filter's predicate, or null when the box is blank (then the tree's own collapsed set applies). */
    this.matches = null;
    /** Collapsed while a filter is typed; every filter starts with all its results expanded. */
    this.filterCollapsed = new Set();
    /** The flattened rows (TopicNodes) and figures of the last rebuild. */
    this.visible = [];
    this.matchedTopics = 0;
    this.topicRows = 0;
    this.builtVersion = -1;
    this.needsRebuild = true;
    /** Bumped by each rebuild: rows on screen redraw their toggle and count then. */
    this.layout = 0;
    this.rows = [];
    this.selected = null;
    this.activePath = null;
    this.active = -1;
    this.summaries = new WeakMap();
    elements.container.addEventListener('click', (event) => this.onClick(event));
    elements.container.addEventListener('keydown', (event) => this.onKey(event));
  }

  setFilter(text) {
    const query = text.trim();
    this.matches = query === '' ? null : compileQuery(query);
    this.filterCollapsed = new Set();
    this.needsRebuild = true;
  }

  select(topic) {
    this.selected = topic;
    for (const row of this.rows) {
      row.shown.version = -1;
    }
    this.onSelect(topic);
    this.requestFrame();
  }

  collapsedSet() {
    return this.matches === null ? this.tree.collapsed : this.filterCollapsed;
  }

  isExpanded(node) {
    return node.expandable && !this.collapsedSet().has(node.path);
  }

  setExpanded(node, expanded) {
    if (expanded) {
      this.collapsedSet().delete(node.path);
    } else {
      this.collapsedSet().add(node.path);
    }
    this.needsRebuild = true;
    this.requestFrame();
  }

  /** Brings the DOM up to date with the store; called at most once per animation frame. */
  render(nowMillis) {
    if (this.needsRebuild || this.builtVersion !== this.tree.version) {
      this.rebuild();
    }
    const first = Math.floor(this.el.container.scrollTop / ROW_HEIGHT);
    const count = Math.min(this.visible.length - first,
      Math.ceil(this.el.container.clientHeight / ROW_HEIGHT) + EXTRA_ROWS);
    this.ensureRows(Math.max(0, count));
    for (let i = 0; i < this.rows.length; i++) {
      this.renderRow(this.rows[i], first + i, nowMillis);
    }
  }

  rebuild() {
    const flat = this.tree.flatten(this.collapsedSet(), this.matches);
    this.visible = flat.rows;
    this.matchedTopics = flat.topics;
    this.topicRows = 0;
    for (const node of flat.rows) {
      if (node.isTopic) {
        this.topicRows++;
      }
    }
    this.active = this.activePath === null ? -1 : this.visible.findIndex((node) => node.path === this.activePath);
    this.builtVersion = this.tree.version;
    this.needsRebuild = false;
    this.layout++;
    this.el.spacer.style.height = this.visible.length * ROW_HEIGHT + 'px';
    // the header row counts as the first row of the grid
    this.el.container.setAttribute('aria-rowcount', String(this.visible.length + 1));
    this.el.count.textContent = this.describeCount();
  }

  describeCount() {
    const total = this.tree.topicCount;
    return this.matchedTopics === total ? total + ' topics' : this.matchedTopics + ' of ' + total + ' topics';
  }

  /** Where `path` is among the flattened rows, or -1 (test hook; a linear search). */
  indexOf(path) {
    const node = this.tree.get(path);
    return node === undefined ? -1 : this.visible.indexOf(node);
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
    const node = this.visible[index];
    const shown = row.shown;
    if (shown.node !== node || shown.index !== index) {
      this.renderPlace(row, node, index);
    }
    if (shown.layout !== this.layout) {
      this.renderShape(row, node);
    }
    if (node.isTopic && shown.version !== node.data.version) {
      row.children[1].textContent = payloadPreview(node.data.payload, PREVIEW_CHARS);
      row.dataset.retained = String(node.data.retained);
      row.setAttribute('aria-selected', String(node.path === this.selected));
      shown.version = node.data.version;
    }
    this.renderFigures(row, node, nowMillis);
    const active = index === this.active;
    row.classList.toggle('active', active);
    row.id = active ? 'topic-row-active' : '';
  }

  /** The parts of a row that depend only on which node it shows where. */
  renderPlace(row, node, index) {
    row.style.transform = 'translateY(' + index * ROW_HEIGHT + 'px)';
    row.dataset.path = node.path;
    if (node.isTopic) {
      row.dataset.topic = node.path;
    } else {
      delete row.dataset.topic;
      row.children[1].textContent = '';
      row.dataset.retained = 'false';
      row.setAttribute('aria-selected', 'false');
    }
    row.setAttribute('aria-rowindex', String(index + 2));
    row.setAttribute('aria-level', String(node.depth + 1));
    row.title = node.path;
    const topicCell = row.children[0];
    topicCell.style.paddingLeft = Math.min(MAX_INDENT_LEVELS, node.depth) * INDENT_EM + 'em';
    topicCell.children[1].textContent = node.name;
    topicCell.classList.toggle('empty-level', node.name === '');
    Object.assign(row.shown, { node, index, layout: -1, version: -1, rate: null, seen: null });
  }

  /** The parts that change with the structure: the toggle and the number of topics below. */
  renderShape(row, node) {
    const toggle = row.children[0].children[0];
    if (node.expandable) {
      const expanded = this.isExpanded(node);
      row.setAttribute('aria-expanded', String(expanded));
      toggle.textContent = expanded ? EXPANDED_MARK : COLLAPSED_MARK;
      toggle.setAttribute('aria-label', (expanded ? 'Collapse ' : 'Expand ') + node.path);
      toggle.hidden = false;
    } else {
      row.removeAttribute('aria-expanded');
      toggle.hidden = true;
    }
    row.children[0].children[2].textContent = node.below > 0 ? formatCount(node.below) + ' topics' : '';
    row.shown.layout = this.layout;
  }

  /** Rate and last seen: a topic's own, or, for a level with topics below, combined over them. */
  renderFigures(row, node, nowMillis) {
    const shown = row.shown;
    const summary = node.expandable ? this.summary(node, nowMillis)
      : { rate: node.data.rate(nowMillis), lastSeen: node.data.lastSeen };
    const rate = formatRate(summary.rate);
    if (shown.rate !== rate) {
      row.children[2].textContent = rate;
      shown.rate = rate;
    }
    const seen = formatAgo(summary.lastSeen, nowMillis);
    if (shown.seen !== seen) {
      row.children[3].textContent = seen;
      shown.seen = seen;
    }
  }

  /**
   * The combined rate and latest last-seen of the topics at and below `node`. A small level is summed each frame, so
   * it agrees with its children's rows; a big one again only in a new second or when its topics changed (a burst of
   * new topics costs its ancestors' rows one walk a frame, while it lasts).
   */
  summary(node, nowMillis) {
    const second = Math.floor(nowMillis / 1000);
    const topics = node.below + (node.isTopic ? 1 : 0);
    const cached = this.summaries.get(node);
    if (cached !== undefined && cached.second === second && cached.topics === topics && topics > EXACT_SUMMARY_TOPICS) {
      return cached;
    }
    const summary = { second, topics, rate: 0, lastSeen: 0 };
    forEachTopic(node, (topic) => {
      summary.rate += topic.data.rate(nowMillis);
      summary.lastSeen = Math.max(summary.lastSeen, topic.data.lastSeen);
    });
    this.summaries.set(node, summary);
    return summary;
  }

  onClick(event) {
    const row = event.target.closest('.topic-row');
    const node = row && row.shown ? row.shown.node : null;
    if (node === null) {
      return;
    }
    this.activePath = node.path;
    this.active = row.shown.index;
    if (node.expandable && (!node.isTopic || event.target.closest('.topic-toggle'))) {
      this.setExpanded(node, !this.isExpanded(node));
    } else {
      this.select(node.path);
    }
  }

  onKey(event) {
    const actions = {
      ArrowDown: () => this.moveActive(1), ArrowUp: () => this.moveActive(-1),
      PageDown: () => this.moveActive(PAGE_ROWS), PageUp: () => this.moveActive(-PAGE_ROWS),
      Home: () => this.setActive(0), End: () => this.setActive(this.visible.length - 1),
      ArrowRight: () => this.expandActive(), ArrowLeft: () => this.collapseActive(), Enter: () => this.enterActive(),
    };
    const action = actions[event.key];
    if (action !== undefined && this.visible.length > 0) {
      event.preventDefault();
      action();
    }
  }

  moveActive(delta) {
    this.setActive(Math.max(0, Math.min(this.visible.length - 1, this.active + delta)));
  }

  setActive(index) {
    this.active = index;
    this.activePath = this.visible[index].path;
    this.scrollToActive();
    this.el.container.setAttribute('aria-activedescendant', 'topic-row-active');
    this.requestFrame();
  }

  activeNode() {
    return this.active >= 0 && this.active < this.visible.length ? this.visible[this.active] : null;
  }

  /** ArrowRight: expands a collapsed level, or moves into an expanded one. */
  expandActive() {
    const node = this.activeNode();
    if (node !== null && node.expandable) {
      if (this.isExpanded(node)) {
        this.moveActive(1);
      } else {
        this.setExpanded(node, true);
      }
    }
  }

  /** ArrowLeft: collapses an expanded level, or moves to the parent level. */
  collapseActive() {
    const node = this.activeNode();
    if (node === null) {
      return;
    }
    if (this.isExpanded(node)) {
      this.setExpanded(node, false);
    } else if (node.depth > 0) {
      const parent = this.visible.lastIndexOf(node.parent, this.active);
      if (parent >= 0) {
        this.setActive(parent);
      }
    }
  }

  /** Enter: charts a topic; on a level no message was published to, expands or collapses it. */
  enterActive() {
    const node = this.activeNode();
    if (node !== null && node.isTopic) {
      this.select(node.path);
    } else if (node !== null) {
      this.setExpanded(node, !this.isExpanded(node));
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

// Every topic seen, with its last payload, message rate and last-seen time. Plain Maps and typed arrays, no DOM:
// recording a message is a few assignments, so 10,000 topics a second cost the page almost nothing.

import { TopicTree } from './topic-tree.js';

/** The ring index of `second` (never negative, whatever the clock says). */
function slot(second, window) {
  return ((second % window) + window) % window;
}

/** One topic's numbers. `payload` is kept as bytes; only rows on screen are ever decoded. */
export class TopicEntry {
  constructor(topic, windowSeconds, nowMillis) {
    this.topic = topic;
    this.payload = new Uint8Array(0);
    this.retained = false;
    this.count = 0;
    this.lastSeen = nowMillis;
    /** Bumped on each message, so a view can tell whether what it shows is still current. */
    this.version = 0;
    this.firstSecond = Math.floor(nowMillis / 1000);
    this.lastSecond = this.firstSecond;
    /** Messages per second of the last `windowSeconds` seconds, a ring indexed by second. */
    this.perSecond = new Uint32Array(windowSeconds);
  }

  record(payload, retained, nowMillis) {
    const second = Math.floor(nowMillis / 1000);
    this.advanceTo(second);
    this.perSecond[slot(second, this.perSecond.length)]++;
    this.payload = payload;
    this.retained = retained;
    this.count++;
    this.lastSeen = nowMillis;
    this.version++;
  }

  /** Messages per second over the sliding window ending now (shorter while the topic is younger than it). */
  rate(nowMillis) {
    const window = this.perSecond.length;
    const now = Math.floor(nowMillis / 1000);
    let sum = 0;
    for (let second = Math.max(now - window + 1, this.lastSecond - window + 1); second <= this.lastSecond; second++) {
      if (second > now - window) {
        sum += this.perSecond[slot(second, window)];
      }
    }
    const span = Math.min(window, Math.max(1, now - this.firstSecond + 1));
    return sum / span;
  }

  advanceTo(second) {
    const window = this.perSecond.length;
    const gap = Math.min(second - this.lastSecond, window);
    for (let i = 1; i <= gap; i++) {
      this.perSecond[slot(this.lastSecond + i, window)] = 0;
    }
    if (second > this.lastSecond) {
      this.lastSecond = second;
    }
  }
}

/** All topics: a Map for lookups and the tree of their levels (see topic-tree.js), grown only by new topics. */
export class TopicStore {
  constructor(windowSeconds) {
    this.windowSeconds = Math.max(1, Math.round(windowSeconds));
    this.entries = new Map();
    this.tree = new TopicTree();
    this.messageCount = 0;
  }

  /** Records one message; returns the topic's entry. */
  record(topic, payload, retained, nowMillis) {
    let entry = this.entries.get(topic);
    if (entry === undefined) {
      entry = new TopicEntry(topic, this.windowSeconds, nowMillis);
      this.entries.set(topic, entry);
      this.tree.add(topic, entry);
    }
    entry.record(payload, retained, nowMillis);
    this.messageCount++;
    return entry;
  }

  get(topic) {
    return this.entries.get(topic);
  }

  get size() {
    return this.entries.size;
  }
}

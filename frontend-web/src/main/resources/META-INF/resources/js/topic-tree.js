// The live topic tree's structure: one node per topic level ('plant' -> 'line1' -> 'temp'), whether or not a message
// was published to that level itself. Pure: plain objects and Maps, no DOM, no clock. Every walk is iterative, so a
// topic with thousands of levels cannot overflow the stack.
//
// Initial state (what starts expanded): a level created while the tree has fewer than AUTO_EXPAND_NODES nodes starts
// expanded, so a small installation sees everything at once; a level created in a bigger tree starts collapsed, so a
// burst of new branches does not flood the list (a person expands what they look for, or types a filter). Top-level
// '$...' branches ($SYS) always start collapsed: the platform panel shows them. A node's state, once set, is kept.

/** Number of nodes below which new levels start expanded (see the header). */
export const AUTO_EXPAND_NODES = 200;

function byName(a, b) {
  if (a.name === b.name) {
    return 0;
  }
  return a.name < b.name ? -1 : 1;
}

/** One topic level. `path` is the topic up to and including this level; `data` is what the owner attached. */
export class TopicNode {
  constructor(name, path, depth, parent) {
    this.name = name;
    this.path = path;
    this.depth = depth;
    this.parent = parent;
    this.children = new Map();
    /** The children in code-unit order of their names, sorted again only after a child was added. */
    this.sorted = null;
    /** Whether a message was published to this level itself. */
    this.isTopic = false;
    this.data = undefined;
    /** Number of topics strictly below this level. */
    this.below = 0;
    /** Stamp of the last filtered flatten that showed this node (see TopicTree.flatten). */
    this.shownStamp = 0;
  }

  get expandable() {
    return this.children.size > 0;
  }

  sortedChildren() {
    if (this.sorted === null) {
      this.sorted = [...this.children.values()].sort(byName);
    }
    return this.sorted;
  }
}

/** Every topic seen, as a tree of levels, with the set of collapsed paths of the unfiltered view. */
export class TopicTree {
  constructor() {
    this.root = new TopicNode('', null, -1, null);
    this.nodes = new Map();
    /** Paths of the nodes collapsed in the unfiltered view; new nodes join it as the header says. */
    this.collapsed = new Set();
    this.topicCount = 0;
    /** Bumped whenever a node or a topic is added, so a view knows when to flatten again. */
    this.version = 0;
    this.stamp = 0;
  }

  /** Adds `topic` (creating its missing levels) and attaches `data` to it; returns its node. */
  add(topic, data) {
    let node = this.root;
    let start = 0;
    for (;;) {
      const end = topic.indexOf('/', start);
      node = this.child(node, end < 0 ? topic.slice(start) : topic.slice(start, end),
        end < 0 ? topic : topic.slice(0, end));
      if (end < 0) {
        break;
      }
      start = end + 1;
    }
    node.data = data;
    if (!node.isTopic) {
      node.isTopic = true;
      this.topicCount++;
      for (let up = node.parent; up !== null; up = up.parent) {
        up.below++;
      }
      this.version++;
    }
    return node;
  }

  child(parent, name, path) {
    let node = parent.children.get(name);
    if (node === undefined) {
      node = new TopicNode(name, path, parent.depth + 1, parent);
      if (this.nodes.size >= AUTO_EXPAND_NODES || (parent === this.root && name.startsWith('$'))) {
        this.collapsed.add(path);
      }
      parent.children.set(name, node);
      parent.sorted = null;
      this.nodes.set(path, node);
      this.version++;
    }
    return node;
  }

  get(path) {
    return this.nodes.get(path);
  }

  /**
   * The rows to show, in tree order: without `matches` (a predicate on topic names), every node whose ancestors are
   * all expanded (not in `collapsed`); with it, the matching topics and their ancestors, whatever the tree's own
   * collapsed state (pass a set of its own: nodes in it hide their rows below). `topics` is the number of topics
   * shown or matched, including those under a collapsed node.
   */
  flatten(collapsed, matches) {
    if (!matches) {
      return { rows: this.walk(collapsed, () => true), topics: this.topicCount };
    }
    const stamp = ++this.stamp;
    let topics = 0;
    for (const node of this.nodes.values()) {
      if (node.isTopic && matches(node.path)) {
        topics++;
        for (let up = node; up !== this.root && up.shownStamp !== stamp; up = up.parent) {
          up.shownStamp = stamp;
        }
      }
    }
    return { rows: this.walk(collapsed, (node) => node.shownStamp === stamp), topics };
  }

  /** Pre-order walk from the root over the children that pass `include`, not entering collapsed nodes. */
  walk(collapsed, include) {
    const rows = [];
    const stack = [];
    const pushChildren = (node) => {
      const children = node.sortedChildren();
      for (let i = children.length - 1; i >= 0; i--) {
        if (include(children[i])) {
          stack.push(children[i]);
        }
      }
    };
    pushChildren(this.root);
    while (stack.length > 0) {
      const node = stack.pop();
      rows.push(node);
      if (node.children.size > 0 && !collapsed.has(node.path)) {
        pushChildren(node);
      }
    }
    return rows;
  }
}

/** Calls visit(node) for `node` itself when it is a topic and for every topic below it. */
export function forEachTopic(node, visit) {
  const stack = [node];
  while (stack.length > 0) {
    const next = stack.pop();
    if (next.isTopic) {
      visit(next);
    }
    for (const child of next.children.values()) {
      stack.push(child);
    }
  }
}

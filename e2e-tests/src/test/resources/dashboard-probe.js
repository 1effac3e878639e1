// Installed into the dashboard by DashboardLoadIT before the load starts (executeScript runs it as a function body).
// Records, from now on: the time between animation frames, long tasks (PerformanceObserver 'longtask'), the
// duration of user interactions until the next paint (Event Timing), and "answers": from a user event to the first
// change of the DOM it should cause and the frame after it. Everything is read back with window.e2eProbe.read().
if (window.e2eProbe) {
  return;
}
const frames = [];
const longTasks = [];
const interactions = [];
let last = null;
const onFrame = (now) => {
  if (last !== null) {
    frames.push(now - last);
  }
  last = now;
  requestAnimationFrame(onFrame);
};
requestAnimationFrame(onFrame);
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    longTasks.push(entry.duration);
  }
}).observe({ type: 'longtask' });
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    if (entry.interactionId > 0) {
      interactions.push({ name: entry.name, duration: entry.duration });
    }
  }
}).observe({ type: 'event', durationThreshold: 16 });

let answers = [];
let pending = null;
let painting = 0;
let disarm = () => {};
window.e2eProbe = {
  /**
   * Measures answers from now on: each `eventType` event (input, wheel, click, ...) seen at the document (capture
   * phase) starts one, replacing one still unanswered; the first change under `selector` after it ends it (only of
   * `attribute` when given, else of text and children: live values change other things every frame), and the next
   * animation frame after that change is when it was painted.
   */
  arm(eventType, selector, attribute) {
    disarm();
    answers = [];
    pending = null;
    const observer = new MutationObserver(() => {
      const record = pending;
      if (record !== null) {
        pending = null;
        record.changed = performance.now();
        painting++;
        requestAnimationFrame(() => {
          record.painted = performance.now();
          answers.push(record);
          painting--;
        });
      }
    });
    observer.observe(document.querySelector(selector), attribute
      ? { subtree: true, attributes: true, attributeFilter: [attribute] }
      : { subtree: true, childList: true, characterData: true });
    // event.timeStamp is when the browser created the event: the wait behind busy work counts too
    const onEvent = (event) => {
      pending = { started: event.timeStamp, changed: null, painted: null };
    };
    document.addEventListener(eventType, onEvent, { capture: true, passive: true });
    disarm = () => {
      observer.disconnect();
      document.removeEventListener(eventType, onEvent, { capture: true });
    };
  },
  /**
   * The answers since arm(): milliseconds from each event to its DOM change and to the frame after it; null while
   * an event is still unanswered.
   */
  answers() {
    if (pending !== null || painting > 0) {
      return null;
    }
    return answers.map((a) => ({ changed: a.changed - a.started, painted: a.painted - a.started }));
  },
  read() {
    return { frames: frames.slice(), longTasks: longTasks.slice(), interactions: interactions.slice() };
  },
};

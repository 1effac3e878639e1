// How numbers and times read on the page: pure functions, no DOM.

const rateFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const countFormat = new Intl.NumberFormat();

/** A message rate such as "2.5/s"; a dash when unknown. */
export function formatRate(perSecond) {
  return perSecond === null || perSecond === undefined ? '\u2013' : rateFormat.format(perSecond) + '/s';
}

/** A count with grouping; a dash when unknown. */
export function formatCount(count) {
  return count === null || count === undefined ? '\u2013' : countFormat.format(count);
}

/** How long ago `thenMillis` was, coarsely: "now", "5 s ago", "3 min ago", "2 h ago", "4 d ago". */
export function formatAgo(thenMillis, nowMillis) {
  const seconds = Math.max(0, Math.floor((nowMillis - thenMillis) / 1000));
  if (seconds < 1) {
    return 'now';
  }
  if (seconds < 60) {
    return seconds + ' s ago';
  }
  if (seconds < 3600) {
    return Math.floor(seconds / 60) + ' min ago';
  }
  if (seconds < 86400) {
    return Math.floor(seconds / 3600) + ' h ago';
  }
  return Math.floor(seconds / 86400) + ' d ago';
}

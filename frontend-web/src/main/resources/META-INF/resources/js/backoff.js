// Reconnect backoff: pure functions, no DOM.

/** Share of a wait taken off at random, so browsers that lost the same node do not all return at once. */
const JITTER = 0.2;
/** Doubling more often than this would overflow nothing useful: every bound is reached long before. */
const MAX_DOUBLINGS = 30;

/**
 * The wait before reconnect attempt number `failures` (0 after the first failure): minMillis doubled per earlier
 * failure, capped at maxMillis, minus up to 20 % at random, never below minMillis.
 */
export function reconnectDelay(failures, bounds, random = Math.random) {
  const doubled = bounds.minMillis * 2 ** Math.min(failures, MAX_DOUBLINGS);
  const capped = Math.min(bounds.maxMillis, doubled);
  return Math.max(bounds.minMillis, Math.round(capped * (1 - JITTER * random())));
}

// Reading storage's GET /api/series answer and joining it to live points for uPlot: pure functions, no DOM.
// Tolerant of small naming differences: buckets or items; start as ISO-8601 or epoch milliseconds; bucketWidth
// as an ISO-8601 duration or milliseconds; avg or mean.

const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** Epoch seconds are below this; anything larger is taken as milliseconds. */
const SECONDS_LIMIT = 1e11;

function finiteOrNull(value) {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** An instant as epoch seconds (uPlot's time unit), or null. */
export function toSeconds(value) {
  if (typeof value === 'number') {
    return value > SECONDS_LIMIT ? value / 1000 : value;
  }
  const millis = typeof value === 'string' ? Date.parse(value) : NaN;
  return Number.isNaN(millis) ? null : millis / 1000;
}

/** A duration as seconds: milliseconds as a number, or an ISO-8601 duration such as PT36S; 0 when unknown. */
export function durationSeconds(value) {
  if (typeof value === 'number') {
    return value / 1000;
  }
  const match = typeof value === 'string' ? ISO_DURATION.exec(value) : null;
  if (!match) {
    return 0;
  }
  const [, days, hours, minutes, seconds] = match.map((part) => Number(part || 0));
  return days * 86400 + hours * 3600 + minutes * 60 + seconds;
}

/**
 * The buckets of a series answer as {x, min, max, avg, count}, x being the middle of the bucket in epoch seconds,
 * in time order. Buckets without values keep null values, which the chart draws as gaps.
 */
export function toBuckets(answer) {
  const list = Array.isArray(answer.buckets) ? answer.buckets : (Array.isArray(answer.items) ? answer.items : []);
  const half = durationSeconds(answer.bucketWidth ?? answer.bucketWidthMillis) / 2;
  return list
    .map((bucket) => ({
      x: toSeconds(bucket.start ?? bucket.from ?? bucket.time),
      min: finiteOrNull(bucket.min),
      max: finiteOrNull(bucket.max),
      avg: finiteOrNull(bucket.avg ?? bucket.mean),
      count: finiteOrNull(bucket.count),
    }))
    .filter((bucket) => bucket.x !== null)
    .map((bucket) => ({ ...bucket, x: bucket.x + half }))
    .sort((a, b) => a.x - b.x);
}

/**
 * uPlot's columns [x, min, max, avg, live] for history buckets and live points ([seconds, value], in time order),
 * merged by time; each row fills either the history columns or the live column, the others being null.
 */
export function chartData(buckets, live) {
  const columns = [[], [], [], [], []];
  let b = 0;
  let l = 0;
  while (b < buckets.length || l < live.length) {
    if (l >= live.length || (b < buckets.length && buckets[b].x <= live[l][0])) {
      const bucket = buckets[b++];
      pushRow(columns, bucket.x, [bucket.min, bucket.max, bucket.avg, null]);
    } else {
      const point = live[l++];
      pushRow(columns, point[0], [null, null, null, point[1]]);
    }
  }
  return columns;
}

function pushRow(columns, x, values) {
  columns[0].push(x);
  for (let i = 0; i < values.length; i++) {
    columns[i + 1].push(values[i]);
  }
}

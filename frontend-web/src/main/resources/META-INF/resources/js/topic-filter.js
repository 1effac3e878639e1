// The topic tree's filter box: a substring, or an MQTT topic filter with + and #. Pure functions, no DOM.

/** Whether `text` is meant as an MQTT topic filter (it holds a wildcard) rather than a substring. */
export function isTopicFilter(text) {
  return text.includes('+') || text.includes('#');
}

/**
 * Whether `topic` matches the MQTT topic filter `filter` (MQTT 3.1.1 §4.7): '+' matches one level, a trailing '#'
 * matches the parent level and any number of levels below; a filter starting with a wildcard does not match a
 * topic starting with '$' [MQTT-4.7.2-1].
 */
export function topicMatches(filter, topic) {
  return levelsMatch(filter.split('/'), topic);
}

function levelsMatch(filterLevels, topic) {
  if (topic.startsWith('$') && (filterLevels[0] === '+' || filterLevels[0] === '#')) {
    return false;
  }
  const topicLevels = topic.split('/');
  for (let i = 0; i < filterLevels.length; i++) {
    const level = filterLevels[i];
    if (level === '#') {
      return i === filterLevels.length - 1;
    }
    if (i >= topicLevels.length || (level !== '+' && level !== topicLevels[i])) {
      return false;
    }
  }
  return filterLevels.length === topicLevels.length;
}

/**
 * A predicate for the filter box's text: everything when blank, an MQTT filter match when it holds + or #,
 * otherwise a case-insensitive substring match.
 */
export function compileQuery(text) {
  const query = text.trim();
  if (query === '') {
    return () => true;
  }
  if (isTopicFilter(query)) {
    const levels = query.split('/');
    return (topic) => levelsMatch(levels, topic);
  }
  const lower = query.toLowerCase();
  return (topic) => topic.toLowerCase().includes(lower);
}

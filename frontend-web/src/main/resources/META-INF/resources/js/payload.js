// Payload text and numbers: pure functions, no DOM.

/** A plain decimal number, as storage reads one: optional sign, digits with an optional fraction and exponent. */
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
/** Control characters would break a one-line cell; they are shown as a middle dot. */
const CONTROL = /[\u0000-\u001f\u007f]/g;

const decoder = new TextDecoder('utf-8');

/** The whole payload as text (invalid UTF-8 becomes U+FFFD), for numbers and JSON. */
export function payloadText(bytes) {
  return decoder.decode(bytes);
}

/**
 * The payload as a one-line text of at most `maxChars` characters, ending in '…' when cut. Only the bytes that
 * can matter are decoded, so a large payload costs no more than a small one.
 */
export function payloadPreview(bytes, maxChars) {
  const head = bytes.length > maxChars * 4 ? bytes.subarray(0, maxChars * 4) : bytes;
  const text = decoder.decode(head).replace(CONTROL, '\u00b7');
  const cut = head.length < bytes.length || text.length > maxChars;
  return cut ? text.slice(0, maxChars - 1) + '\u2026' : text;
}

/**
 * The number a payload carries, or null: with no field, a payload that is a plain decimal number after trimming;
 * with a field (a dot path such as `sensor.temp`), a JSON object whose value at that path is a finite number.
 */
export function numericValue(text, field) {
  const path = (field || '').trim();
  if (path === '') {
    const trimmed = text.trim();
    return DECIMAL.test(trimmed) ? Number(trimmed) : null;
  }
  let value;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) {
      return null;
    }
    value = value[key];
  }
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Value helpers shared by every validator and payload reader: the one
 * meaning of "plain object", own-key reads, and how a bad value is described.
 */

/** A plain object: its prototype is `Object.prototype` or `null` (so arrays, class instances and `Date`s are not). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Reads an own property only (never the prototype chain, so `__proto__` and `constructor` are plain keys); a throwing getter reads as `undefined`. */
export function own(source: object, key: string): unknown {
  try {
    return Object.prototype.hasOwnProperty.call(source, key) ? (source as Record<string, unknown>)[key] : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The kind of a value, never its content: safe for fields that hold phone
 * numbers, SIP URIs or DTMF tones (`'a string'`, `'a number'`, `'an array'`).
 */
export function describeKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'nothing';
    case 'string':
      return value.length === 0 ? 'an empty string' : 'a string';
    case 'number':
      return Number.isNaN(value) ? 'NaN' : 'a number';
    case 'object': {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      return isPlainObject(value) || tag === 'Object' ? 'an object' : `a ${tag} object`;
    }
    default:
      return `a ${typeof value}`;
  }
}

/** Like {@link describeKind}, but shows numbers and booleans (for fields such as timeouts, where the value helps and reveals nothing). */
export function describeValue(value: unknown): string {
  if (typeof value === 'number' && !Number.isNaN(value)) return `the number ${String(value)}`;
  if (typeof value === 'boolean') return `the boolean ${String(value)}`;
  return describeKind(value);
}

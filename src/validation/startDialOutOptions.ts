/**
 * Validation of the options given to `startDialOut()`.
 *
 * @remarks
 * The rules mirror what daily-js 0.92.2 `startDialOut()` checks and what
 * Daily's `startDialOut()` documentation states, and are stricter wherever
 * daily-js only tests truthiness, lets a wrong type through, or lets a value
 * reach Daily's servers that the documentation does not allow.
 *
 * Every value of the input is read exactly once: validation works on what was
 * read, and {@link parseStartDialOutOptions} returns a copy of exactly what was
 * validated (a getter that changes its answer cannot sneak a value past it).
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { DialOutValidationError, type DialOutValidationIssue } from '../errors.js';

/** The keys `startDialOut()` options may have, in the order they are checked. */
const OPTION_KEYS = [
  'sipUri',
  'phoneNumber',
  'displayName',
  'userId',
  'callerId',
  'extension',
  'waitBeforeExtensionDialSec',
  'video',
  'videoSettings',
  'codecs',
  'provider',
  'permissions',
] as const;
type OptionKey = (typeof OPTION_KEYS)[number];

const SIP_URI_MAX = 2048;
const E164 = /^\+[1-9]\d{1,14}$/;
const DISPLAY_NAME_LIMIT = 200; // daily-js: length >= 200 is an error
const USER_ID_MAX = 36;
const CALLER_ID_MAX = 255;
const EXTENSION_MAX = 20;
const WAIT_MAX_SEC = 60;

const VIDEO_SETTINGS = {
  width: { max: 1280, unit: 'pixels' },
  height: { max: 720, unit: 'pixels' },
  fps: { max: 30, unit: 'frames per second' },
  videoBitrate: { max: 1000, unit: 'kbps' },
} as const;
const VIDEO_SETTING_KEYS = Object.keys(VIDEO_SETTINGS) as (keyof typeof VIDEO_SETTINGS)[];

const AUDIO_CODECS = ['OPUS', 'PCMU', 'PCMA', 'G722'] as const;
const VIDEO_CODECS = ['H264', 'VP8'] as const;
const PROVIDERS = ['daily', 'signalwire'] as const;

const BOOLEAN_MEDIA = ['video', 'audio', 'screenVideo', 'screenAudio'] as const;
const CUSTOM_MEDIA = ['customVideo', 'customAudio'] as const;
const MEDIA_TYPES: readonly string[] = [...BOOLEAN_MEDIA, ...CUSTOM_MEDIA];
const CAN_RECEIVE_KEYS = ['base', 'byUserId', 'byParticipantId'] as const;

// RFC 3261 §25.1 character classes (ASCII only; anything else must be %-escaped).
const ESCAPED = '%[0-9A-Fa-f]{2}';
const UNRESERVED = "A-Za-z0-9\\-_.!~*'()";
const SIP_USER = new RegExp(`^(?:[${UNRESERVED}&=+$,;?/]|${ESCAPED})+$`);
const SIP_PASSWORD = new RegExp(`^(?:[${UNRESERVED}&=+$,]|${ESCAPED})*$`);
const SIP_PARAM_TEXT = new RegExp(`^(?:[${UNRESERVED}\\[\\]/:&+$]|${ESCAPED})+$`);
const SIP_HEADER_NAME = /^[Xx]-[A-Za-z0-9\-.!%*_+`'~]+$/;
const SIP_HEADER_VALUE = new RegExp(`^(?:[${UNRESERVED}\\[\\]/?:+$]|${ESCAPED})+$`);
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

type Issues = DialOutValidationIssue[];
type Mode = 'sip' | 'phone' | undefined;
type Entry = readonly [key: string, value: unknown];

/** What one pass over the input found: the issues, and a copy of what was read. */
interface Inspection {
  readonly issues: Issues;
  readonly value: Record<string, unknown>;
}

// ---------------------------------------------------------------------------
// Small helpers

function isPlainObject(value: unknown): value is object {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.prototype.toString.call(value) === '[object Object]'
  );
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'undefined':
      return 'undefined';
    case 'string':
      return value.length === 0 ? 'an empty string' : 'a string';
    case 'number':
      return Number.isNaN(value) ? 'NaN' : `the number ${String(value)}`;
    case 'boolean':
      return `the boolean ${String(value)}`;
    case 'function':
      return 'a function';
    case 'object': {
      const tag = Object.prototype.toString.call(value).slice(8, -1);
      return tag === 'Object' ? 'an object' : `a ${tag} object`;
    }
    default:
      return `a ${typeof value}`;
  }
}

/** A short, safe rendering of a user-supplied string for a message. */
function quote(text: string): string {
  return text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}…` : JSON.stringify(text);
}

/** Path of `key` inside `parent`: `a.b` for simple keys, `a["b c"]` otherwise. */
function childPath(parent: string, key: string): string {
  if (parent === '') return key;
  return /^[A-Za-z0-9_$-]+$/.test(key) ? `${parent}.${key}` : `${parent}[${JSON.stringify(key)}]`;
}

/** Reads every own enumerable string key of `source` once; a throwing getter is an issue. */
function readEntries(source: object, path: string, issues: Issues): Entry[] {
  const entries: Entry[] = [];
  for (const key of Object.keys(source)) {
    let value: unknown;
    try {
      value = (source as Record<string, unknown>)[key];
    } catch {
      issues.push({ path: childPath(path, key), message: 'could not be read (its getter threw)' });
      continue;
    }
    entries.push([key, value]);
  }
  return entries;
}

/** Adds an own, enumerable data property (safe for keys such as `__proto__`). */
function put(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

function checkString(
  value: unknown,
  path: string,
  issues: Issues,
  rule: { nonEmpty?: boolean; max?: number; below?: number },
): void {
  if (typeof value !== 'string') {
    issues.push({ path, message: `must be a string, got ${describe(value)}` });
    return;
  }
  if (rule.nonEmpty && value.length === 0) {
    issues.push({ path, message: 'must be a non-empty string' });
  }
  if (rule.max !== undefined && value.length > rule.max) {
    issues.push({ path, message: `must be at most ${rule.max} characters long, got ${value.length}` });
  }
  if (rule.below !== undefined && value.length >= rule.below) {
    issues.push({ path, message: `must be shorter than ${rule.below} characters, got ${value.length}` });
  }
}

/** Integer check that rejects NaN, ±Infinity, fractions, numeric strings, booleans. */
function checkInteger(value: unknown, path: string, issues: Issues, min: number, max: number, unit = ''): number | undefined {
  const range = `from ${min} to ${max}${unit ? ` ${unit}` : ''}`;
  if (typeof value !== 'number') {
    issues.push({ path, message: `must be an integer ${range}, got ${describe(value)}` });
    return undefined;
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    issues.push({ path, message: `must be an integer ${range}, got ${describe(value)}` });
    return undefined;
  }
  return value === 0 ? 0 : value; // normalises -0
}

function checkBoolean(value: unknown, path: string, issues: Issues): void {
  if (typeof value !== 'boolean') {
    issues.push({ path, message: `must be a boolean, got ${describe(value)}` });
  }
}

// ---------------------------------------------------------------------------
// sipUri / phoneNumber

function isIPv4(host: string): boolean {
  const parts = host.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}

function isValidHost(host: string): boolean {
  if (host.startsWith('[')) return /^\[[0-9A-Fa-f:.]+\]$/.test(host) && host.split(':').length >= 3;
  if (/^[0-9.]+$/.test(host)) return isIPv4(host);
  const name = host.endsWith('.') ? host.slice(0, -1) : host;
  if (name.length === 0 || name.length > 253) return false;
  const labels = name.split('.');
  return labels.every((l) => l.length <= 63 && HOST_LABEL.test(l)) && /^[A-Za-z]/.test(labels.at(-1) ?? '');
}

function checkSipUri(value: unknown, issues: Issues): void {
  const path = 'sipUri';
  const add = (message: string): void => void issues.push({ path, message });
  if (typeof value !== 'string') return add(`must be a string, got ${describe(value)}`);
  if (value.length > SIP_URI_MAX) {
    return add(`must be at most ${SIP_URI_MAX} characters long, got ${value.length}`);
  }
  if (!value.startsWith('sip:')) {
    return add(
      /^sips:/i.test(value)
        ? "must start with 'sip:' (sips: URIs are not supported by startDialOut)"
        : "must start with 'sip:' (lowercase), e.g. sip:bob@example.com",
    );
  }
  if (/[\s\x00-\x1f\x7f]/.test(value)) return add('must not contain whitespace or control characters');
  if (/[^\x00-\x7f]/.test(value)) {
    return add('must contain only ASCII characters (percent-encode others, RFC 3261)');
  }
  const rest = value.slice(4);
  if (rest === '') {
    return add("must have an address after 'sip:' (RFC 3261: sip:[user[:password]@]host[:port][;params][?headers])");
  }

  const q = rest.indexOf('?');
  const address = q === -1 ? rest : rest.slice(0, q);
  const at = address.lastIndexOf('@');
  if (at !== -1) {
    const userinfo = address.slice(0, at);
    const colon = userinfo.indexOf(':');
    const user = colon === -1 ? userinfo : userinfo.slice(0, colon);
    if (user === '') add("must have a non-empty user before '@' (or no '@' at all)");
    else if (!SIP_USER.test(user)) add('has a user part with characters not allowed by RFC 3261 (percent-encode them)');
    if (colon !== -1 && !SIP_PASSWORD.test(userinfo.slice(colon + 1))) {
      add('has a password with characters not allowed by RFC 3261 (percent-encode them)');
    }
  }

  const [hostport = '', ...params] = address.slice(at + 1).split(';');
  let host = hostport;
  let port: string | undefined;
  if (hostport.startsWith('[')) {
    const close = hostport.indexOf(']');
    if (close !== -1 && close + 1 < hostport.length) {
      host = hostport.slice(0, close + 1);
      const after = hostport.slice(close + 1);
      port = after.startsWith(':') ? after.slice(1) : after;
    }
  } else {
    const colon = hostport.indexOf(':');
    if (colon !== -1) {
      host = hostport.slice(0, colon);
      port = hostport.slice(colon + 1);
    }
  }
  if (host === '') add('must have a non-empty host (e.g. sip:bob@example.com)');
  else if (!isValidHost(host)) add(`has a host ${quote(host)} that is not a valid hostname, IPv4 address or [IPv6] reference`);
  if (port !== undefined && !(/^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    add('has a port that is not a number from 1 to 65535');
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    const name = eq === -1 ? param : param.slice(0, eq);
    const paramValue = eq === -1 ? undefined : param.slice(eq + 1);
    if (!SIP_PARAM_TEXT.test(name) || (paramValue !== undefined && !SIP_PARAM_TEXT.test(paramValue))) {
      add(`has a malformed URI parameter ${quote(`;${param}`)} (expected ;name or ;name=value)`);
    }
  }

  if (q === -1) return;
  const query = rest.slice(q + 1);
  if (query === '') return add("has an empty query after '?' (give X- headers as ?X-Name=value)");
  for (const header of query.split('&')) {
    const eq = header.indexOf('=');
    const name = eq === -1 ? header : header.slice(0, eq);
    if (!/^[Xx]-/.test(name)) {
      add(`may only carry X- headers as query parameters, got ${quote(name)} (e.g. ?X-myHeader=value)`);
    } else if (!SIP_HEADER_NAME.test(name)) {
      add(`has a header name ${quote(name)} with characters not allowed in a SIP header name`);
    } else if (eq === -1 || eq === header.length - 1) {
      add(`has a header ${quote(name)} without a value (give it as ${name}=value)`);
    } else if (!SIP_HEADER_VALUE.test(header.slice(eq + 1))) {
      add(`has a value for header ${quote(name)} with characters not allowed by RFC 3261 (percent-encode them)`);
    }
  }
}

function checkPhoneNumber(value: unknown, issues: Issues): void {
  const path = 'phoneNumber';
  if (typeof value !== 'string') {
    issues.push({ path, message: `must be a string, got ${describe(value)}` });
  } else if (!E164.test(value)) {
    const ascii = /^[\x00-\x7f]*$/.test(value);
    issues.push({
      path,
      message:
        "must be an E.164 phone number: '+' then 2 to 15 digits, the first not 0 (e.g. +12268077097)" +
        (ascii ? '' : "; only the ASCII '+' and digits 0-9 are allowed"),
    });
  }
}

// ---------------------------------------------------------------------------
// videoSettings / codecs

function checkVideoSettings(value: unknown, issues: Issues): unknown {
  const path = 'videoSettings';
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object of width, height, fps, videoBitrate, got ${describe(value)}` });
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(value, path, issues)) {
    const innerPath = childPath(path, key);
    if (!(VIDEO_SETTING_KEYS as readonly string[]).includes(key)) {
      issues.push({ path: innerPath, message: `is not a videoSettings field (allowed: ${VIDEO_SETTING_KEYS.join(', ')})` });
      continue;
    }
    if (inner === undefined) continue;
    const { max, unit } = VIDEO_SETTINGS[key as keyof typeof VIDEO_SETTINGS];
    put(copy, key, checkInteger(inner, innerPath, issues, 1, max, unit) ?? inner);
  }
  return copy;
}

function checkCodecList(
  value: unknown,
  path: string,
  allowed: readonly string[],
  issues: Issues,
): unknown {
  const list = allowed.join(', ');
  if (!Array.isArray(value)) {
    issues.push({ path, message: `must be a non-empty array of codecs (${list}), got ${describe(value)}` });
    return value;
  }
  const length = value.length;
  if (length === 0) {
    issues.push({ path, message: `must be a non-empty array of codecs (${list})` });
    return [];
  }
  if (length > allowed.length) {
    issues.push({
      path,
      message: `must list each codec at most once (at most ${allowed.length} entries of ${list}), got ${length} entries`,
    });
    return [];
  }
  const copy: unknown[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < length; i++) {
    const itemPath = `${path}[${i}]`;
    let item: unknown;
    try {
      item = value[i];
    } catch {
      issues.push({ path: itemPath, message: 'could not be read (its getter threw)' });
      continue;
    }
    copy.push(item);
    if (typeof item !== 'string' || !allowed.includes(item)) {
      const got = typeof item === 'string' ? quote(item) : describe(item);
      const hint = typeof item === 'string' && allowed.includes(item.toUpperCase()) ? ' (codec names are uppercase)' : '';
      issues.push({ path: itemPath, message: `must be one of ${list}, got ${got}${hint}` });
      continue;
    }
    const first = seen.get(item);
    if (first !== undefined) {
      issues.push({ path: itemPath, message: `repeats ${path}[${first}] (${item}); each codec may be listed once` });
    } else {
      seen.set(item, i);
    }
  }
  return copy;
}

function checkCodecs(value: unknown, mode: Mode, issues: Issues): unknown {
  const path = 'codecs';
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object with audio and/or video codec arrays, got ${describe(value)}` });
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(value, path, issues)) {
    const innerPath = childPath(path, key);
    if (key !== 'audio' && key !== 'video') {
      issues.push({ path: innerPath, message: 'is not a codecs field (allowed: audio, video)' });
      continue;
    }
    if (inner === undefined) continue;
    if (key === 'video' && mode === 'phone') {
      issues.push({ path: innerPath, message: 'is only allowed with sipUri (phoneNumber calls have no video)' });
    }
    put(copy, key, checkCodecList(inner, innerPath, key === 'audio' ? AUDIO_CODECS : VIDEO_CODECS, issues));
  }
  return copy;
}

// ---------------------------------------------------------------------------
// permissions

function checkCustomMedia(value: unknown, path: string, requireStar: boolean, issues: Issues): unknown {
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object mapping custom track names (and '*') to booleans, got ${describe(value)}` });
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(value, path, issues)) {
    const innerPath = childPath(path, key);
    checkBoolean(inner, innerPath, issues);
    put(copy, key, inner);
  }
  if (requireStar && !Object.prototype.hasOwnProperty.call(copy, '*')) {
    issues.push({ path, message: "must contain a '*' entry (the default for other custom tracks) in base" });
  }
  return copy;
}

function checkMediaPermission(value: unknown, path: string, full: boolean, issues: Issues): unknown {
  if (typeof value === 'boolean') return value;
  if (!isPlainObject(value)) {
    issues.push({
      path,
      message: `must be a boolean or an object of media types (${MEDIA_TYPES.join(', ')}), got ${describe(value)}`,
    });
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(value, path, issues)) {
    const innerPath = childPath(path, key);
    if (!MEDIA_TYPES.includes(key)) {
      issues.push({ path: innerPath, message: `is not a media type (allowed: ${MEDIA_TYPES.join(', ')})` });
      continue;
    }
    if ((CUSTOM_MEDIA as readonly string[]).includes(key)) {
      put(copy, key, checkCustomMedia(inner, innerPath, full, issues));
    } else {
      checkBoolean(inner, innerPath, issues);
      put(copy, key, inner);
    }
  }
  if (full) {
    for (const key of MEDIA_TYPES) {
      if (!Object.prototype.hasOwnProperty.call(copy, key)) {
        issues.push({
          path: childPath(path, key),
          message: 'is required: an object base must list all six media types (or base must be a boolean)',
        });
      }
    }
  }
  return copy;
}

function checkPermissionMap(value: unknown, path: string, issues: Issues): unknown {
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object mapping ids to booleans or media permissions, got ${describe(value)}` });
    return value;
  }
  const copy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(value, path, issues)) {
    const innerPath = childPath(path, key);
    if (key === '__proto__') {
      issues.push({ path: innerPath, message: 'is not allowed as an id (prototype pollution risk)' });
      continue;
    }
    put(copy, key, checkMediaPermission(inner, innerPath, false, issues));
  }
  return copy;
}

function checkPermissions(value: unknown, issues: Issues): unknown {
  const path = 'permissions';
  if (!isPlainObject(value)) {
    issues.push({ path, message: `must be an object with a canReceive field, got ${describe(value)}` });
    return value;
  }
  const copy: Record<string, unknown> = {};
  let canReceive: unknown;
  for (const [key, inner] of readEntries(value, path, issues)) {
    if (inner === undefined) continue;
    if (key !== 'canReceive') {
      issues.push({ path: childPath(path, key), message: 'is not a permissions field (only canReceive is allowed)' });
      continue;
    }
    canReceive = inner;
  }
  const crPath = 'permissions.canReceive';
  if (canReceive === undefined) {
    issues.push({ path: crPath, message: 'is required when permissions is given' });
    return copy;
  }
  if (!isPlainObject(canReceive)) {
    issues.push({ path: crPath, message: `must be an object with base, byUserId and/or byParticipantId, got ${describe(canReceive)}` });
    put(copy, 'canReceive', canReceive);
    return copy;
  }
  const crCopy: Record<string, unknown> = {};
  for (const [key, inner] of readEntries(canReceive, crPath, issues)) {
    const innerPath = childPath(crPath, key);
    if (key === 'base') put(crCopy, key, checkMediaPermission(inner, innerPath, true, issues));
    else if (key === 'byUserId' || key === 'byParticipantId') put(crCopy, key, checkPermissionMap(inner, innerPath, issues));
    else issues.push({ path: innerPath, message: `is not a canReceive field (allowed: ${CAN_RECEIVE_KEYS.join(', ')})` });
  }
  put(copy, 'canReceive', crCopy);
  return copy;
}

// ---------------------------------------------------------------------------
// The whole options object

function inspect(options: unknown): Inspection {
  const issues: Issues = [];
  const value: Record<string, unknown> = {};
  if (!isPlainObject(options)) {
    issues.push({ path: '', message: `startDialOut options must be a plain object, got ${describe(options)}` });
    return { issues, value };
  }

  const given = new Map<OptionKey, unknown>();
  for (const [key, inner] of readEntries(options, '', issues)) {
    if (inner === undefined) continue;
    if (!(OPTION_KEYS as readonly string[]).includes(key)) {
      issues.push({ path: key, message: `is not a startDialOut option (allowed: ${OPTION_KEYS.join(', ')})` });
      continue;
    }
    given.set(key as OptionKey, inner);
  }

  const hasSip = given.has('sipUri');
  const hasPhone = given.has('phoneNumber');
  if (!hasSip && !hasPhone) {
    issues.push({ path: 'sipUri', message: 'either sipUri or phoneNumber is required' });
  } else if (hasSip && hasPhone) {
    issues.push({ path: 'phoneNumber', message: 'only one of sipUri or phoneNumber may be given, not both' });
  }
  const mode: Mode = hasSip && !hasPhone ? 'sip' : hasPhone && !hasSip ? 'phone' : undefined;
  const onlyWith = (key: OptionKey, needed: Exclude<Mode, undefined>): boolean => {
    const other: Mode = needed === 'sip' ? 'phone' : 'sip';
    if (mode !== other) return true;
    issues.push({
      path: key,
      message: needed === 'sip' ? 'is only allowed with sipUri, not with phoneNumber' : 'is only allowed with phoneNumber, not with sipUri',
    });
    return false;
  };

  for (const key of OPTION_KEYS) {
    if (!given.has(key)) continue;
    let inner = given.get(key);
    switch (key) {
      case 'sipUri':
        checkSipUri(inner, issues);
        break;
      case 'phoneNumber':
        checkPhoneNumber(inner, issues);
        break;
      case 'displayName':
        checkString(inner, key, issues, { below: DISPLAY_NAME_LIMIT });
        break;
      case 'userId':
        checkString(inner, key, issues, { max: USER_ID_MAX });
        break;
      case 'callerId':
        onlyWith(key, 'phone');
        checkString(inner, key, issues, { nonEmpty: true, max: CALLER_ID_MAX });
        break;
      case 'extension':
        onlyWith(key, 'phone');
        checkString(inner, key, issues, { nonEmpty: true, max: EXTENSION_MAX });
        break;
      case 'waitBeforeExtensionDialSec':
        if (onlyWith(key, 'phone') && !given.has('extension')) {
          issues.push({ path: key, message: 'requires extension to be given' });
        }
        inner = checkInteger(inner, key, issues, 0, WAIT_MAX_SEC, 'seconds') ?? inner;
        break;
      case 'video':
        onlyWith(key, 'sip');
        checkBoolean(inner, key, issues);
        break;
      case 'videoSettings':
        if (onlyWith(key, 'sip') && given.get('video') !== true) {
          issues.push({ path: key, message: 'is only allowed when video is true' });
        }
        inner = checkVideoSettings(inner, issues);
        break;
      case 'codecs':
        inner = checkCodecs(inner, mode, issues);
        break;
      case 'provider':
        onlyWith(key, 'sip');
        if (typeof inner !== 'string' || !(PROVIDERS as readonly string[]).includes(inner)) {
          const got = typeof inner === 'string' ? quote(inner) : describe(inner);
          issues.push({ path: key, message: `must be 'daily' or 'signalwire', got ${got}` });
        }
        break;
      case 'permissions':
        inner = checkPermissions(inner, issues);
        break;
    }
    put(value, key, inner);
  }
  return { issues, value };
}

function safeInspect(options: unknown): Inspection {
  try {
    return inspect(options);
  } catch {
    return {
      issues: [{ path: '', message: 'startDialOut options could not be read (reading them threw)' }],
      value: {},
    };
  }
}

/**
 * Checks `startDialOut()` options and lists every broken rule.
 *
 * @remarks
 * Mirrors the checks daily-js 0.92.2 makes in `startDialOut()` and the rules
 * of Daily's `startDialOut()` documentation, and is stricter where daily-js
 * only tests truthiness or lets a value through to Daily's servers:
 *
 * - exactly one of `sipUri` / `phoneNumber` (neither: issue at `sipUri`;
 *   both: issue at `phoneNumber`); `null` is a value, not "absent";
 * - `sipUri` must also be a sane RFC 3261 URI (non-empty host, no whitespace,
 *   ASCII only, at most 2048 characters, query parameters only `X-` headers);
 * - `phoneNumber` must be real E.164 (`+`, 2 to 15 digits, first not 0);
 * - unknown keys are issues (daily-js forwards them); so are SIP-only options
 *   (`video`, `videoSettings`, `codecs.video`, `provider`) with `phoneNumber`
 *   and PSTN-only options (`callerId`, `extension`,
 *   `waitBeforeExtensionDialSec`) with `sipUri`;
 * - every value is type-checked even when falsy (`video: 0`, `userId: ''` …);
 *   numbers must be finite integers in range (`waitBeforeExtensionDialSec`
 *   0 to 60, `videoSettings` 1 to 1280 / 720 / 30 / 1000);
 * - codec arrays must not repeat a codec; `permissions` must hold a
 *   `canReceive` whose shape is checked like daily-js's `canReceive` check.
 *
 * Only own enumerable keys are read, each once; a key whose value is
 * `undefined` counts as absent. Never throws, whatever `options` is.
 *
 * @param options - The value to check; anything is accepted.
 * @returns Every broken rule in the order checked; `[]` when the options are valid.
 *
 * @example
 * ```ts
 * validateStartDialOutOptions({ phoneNumber: '+12268077097' }); // []
 * validateStartDialOutOptions({ phoneNumber: '555-0100', video: true });
 * // [
 * //   { path: 'phoneNumber', message: "must be an E.164 phone number: ..." },
 * //   { path: 'video', message: 'is only allowed with sipUri, not with phoneNumber' },
 * // ]
 * ```
 */
export function validateStartDialOutOptions(options: unknown): DialOutValidationIssue[] {
  return safeInspect(options).issues;
}

/**
 * Validates `startDialOut()` options and returns a frozen copy of them.
 *
 * @remarks
 * Applies the rules of {@link validateStartDialOutOptions} (daily-js 0.92.2
 * `startDialOut()` checks and Daily's `startDialOut()` docs, stricter where
 * noted there). The result is built from the values read during validation,
 * so it is exactly what was validated: a deep copy made of plain objects and
 * arrays, deep-frozen, with only the given known keys (keys whose value is
 * `undefined` are dropped). Later changes to `options` do not affect it.
 *
 * daily-js 0.92.2 writes a default `provider` into the object given to
 * `startDialOut()`, so hand daily-js a shallow copy (`{ ...parsed }`) rather
 * than the frozen result.
 *
 * @param options - The options to check; anything is accepted.
 * @returns A deep-frozen deep copy of the valid options.
 * @throws {@link DialOutValidationError} (subject `startDialOut options`)
 * listing every broken rule in `issues`, when the options are not valid.
 *
 * @example
 * ```ts
 * const options = parseStartDialOutOptions({
 *   phoneNumber: '+12268077097',
 *   displayName: 'Support Line',
 *   extension: '1234',
 *   waitBeforeExtensionDialSec: 4,
 * });
 * Object.isFrozen(options); // true
 * await call.startDialOut({ ...options });
 * ```
 */
export function parseStartDialOutOptions(options: unknown): DailyStartDialoutOptions {
  const { issues, value } = safeInspect(options);
  if (issues.length > 0) throw new DialOutValidationError(issues, 'startDialOut options');
  return deepFreeze(value) as DailyStartDialoutOptions;
}

import { describe, expect, it } from 'vitest';
import { classifyFailure, codeOfStartMessage, stringsOf } from '../src/classify.js';
import type { DialOutErrorCategory, DialOutErrorCode } from '../src/types.js';

const dialoutError = (...texts: string[]) => classifyFailure('DIALOUT_ERROR', texts);

describe('classifyFailure: the code decides where it has a row', () => {
  it.each<[DialOutErrorCode, DialOutErrorCategory]>([
    ['NOT_ALLOWED', 'not-allowed'],
    ['TEMPORARILY_NOT_AVAILABLE', 'capacity'],
    ['DIALOUT_IN_PROGRESS', 'capacity'],
    ['NOT_JOINED', 'not-allowed'],
    ['START_FAILED', 'unknown'],
    ['START_TIMEOUT', 'unknown'],
    ['DIALOUT_ERROR', 'unknown'],
  ])('%s → %s', (code, category) => {
    expect(classifyFailure(code, [code, 'no evidence here'])).toEqual({ category });
  });

  it('a documented code wins over the text, and the SIP status is still reported', () => {
    expect(classifyFailure('NOT_ALLOWED', ['NOT_ALLOWED', '486 Busy Here'])).toEqual({ category: 'not-allowed', sipStatus: 486 });
    expect(classifyFailure('TEMPORARILY_NOT_AVAILABLE', ['SIP 404'])).toEqual({ category: 'capacity', sipStatus: 404 });
  });

  it.each<DialOutErrorCode>(['START_FAILED', 'START_TIMEOUT', 'DIALOUT_ERROR'])('for %s the text decides', (code) => {
    expect(classifyFailure(code, ['failed: 603 Decline'])).toEqual({ category: 'declined', sipStatus: 603 });
    expect(classifyFailure(code, ['unable to start dialout (is dialout enabled? are you a room owner or participant admin?)'])).toEqual({
      category: 'not-allowed',
    });
    expect(classifyFailure(code, ['DIALOUT_IN_PROGRESS'])).toEqual({ category: 'capacity' });
  });
});

describe('classifyFailure: SIP statuses (RFC 3261 §21)', () => {
  it.each<[number, DialOutErrorCategory]>([
    [486, 'busy'],
    [600, 'busy'],
    [603, 'declined'],
    [480, 'unreachable'],
    [408, 'unreachable'],
    [404, 'invalid-destination'],
    [484, 'invalid-destination'],
    [604, 'invalid-destination'],
    [410, 'invalid-destination'],
    [401, 'not-allowed'],
    [403, 'not-allowed'],
    [407, 'not-allowed'],
    [487, 'unknown'],
    [488, 'unknown'],
    [500, 'unknown'],
    [503, 'unknown'],
    [502, 'unknown'],
    [699, 'unknown'],
  ])('SIP %i → %s', (sipStatus, category) => {
    expect(dialoutError(`DialOut failed: SIP ${sipStatus}`)).toEqual({ category, sipStatus });
  });

  it.each([
    'SIP 486',
    'sip 486',
    'Busy (SIP 486)',
    'SIP/2.0 486',
    'SIP error 486',
    'SIP response code 486',
    'status: 486',
    'Status Code: 486',
    'sip_status=486',
    'SIP_STATUS=486',
    'sipStatus: 486',
    '{"sipStatus": "486"}',
    'statusCode":486',
    'Reason: SIP;cause=486;text="x"',
    'failed with SIP 486.',
    'SIP-486',
  ])('a number in SIP context: %j', (text) => {
    expect(dialoutError(text)).toEqual({ category: 'busy', sipStatus: 486 });
  });

  it.each([
    ['401 Unauthorized', 401, 'not-allowed'],
    ['403 Forbidden', 403, 'not-allowed'],
    ['404 Not Found', 404, 'invalid-destination'],
    ['407 Proxy Authentication Required', 407, 'not-allowed'],
    ['Proxy Authentication Required', 407, 'not-allowed'],
    ['408 Request Timeout', 408, 'unreachable'],
    ['410 Gone', 410, 'invalid-destination'],
    ['480 Temporarily Unavailable', 480, 'unreachable'],
    ['484 Address Incomplete', 484, 'invalid-destination'],
    ['Address Incomplete', 484, 'invalid-destination'],
    ['486 Busy Here', 486, 'busy'],
    ['Busy Here', 486, 'busy'],
    ['487 Request Terminated', 487, 'unknown'],
    ['Request Terminated', 487, 'unknown'],
    ['488 Not Acceptable Here', 488, 'unknown'],
    ['Not Acceptable Here', 488, 'unknown'],
    ['500 Server Internal Error', 500, 'unknown'],
    ['Server Internal Error', 500, 'unknown'],
    ['503 Service Unavailable', 503, 'unknown'],
    ['600 Busy Everywhere', 600, 'busy'],
    ['Busy Everywhere', 600, 'busy'],
    ['603 Decline', 603, 'declined'],
    ['Decline', 603, 'declined'],
    ['604 Does Not Exist Anywhere', 604, 'invalid-destination'],
    ['Does Not Exist Anywhere', 604, 'invalid-destination'],
  ] as const)('reason phrase %j → %i, %s', (phrase, sipStatus, category) => {
    expect(dialoutError(`DialOut failed: ${phrase}`)).toEqual({ category, sipStatus });
    expect(dialoutError(phrase.toUpperCase())).toEqual({ category, sipStatus });
    expect(dialoutError(phrase.toLowerCase())).toEqual({ category, sipStatus });
    expect(dialoutError('DialOut failed', 'sip:+15550100@example.com', phrase)).toEqual({ category, sipStatus });
  });

  it('reads the strings of details, including a value that is exactly the status', () => {
    expect(dialoutError('DialOut failed with error: process error', '+14155550100', '486')).toEqual({ category: 'busy', sipStatus: 486 });
    expect(dialoutError('failed', ' 603 ')).toEqual({ category: 'declined', sipStatus: 603 });
    expect(classifyFailure('DIALOUT_ERROR', ['failed', ...stringsOf({ sipHeaders: { Reason: 'SIP;cause=480;text="Temporarily Unavailable"' } })]))
      .toEqual({ category: 'unreachable', sipStatus: 480 });
    expect(classifyFailure('DIALOUT_ERROR', ['failed', ...stringsOf({ sipStatus: 404 })])).toEqual({ category: 'invalid-destination', sipStatus: 404 });
  });

  it('takes the first status: the message before details', () => {
    expect(dialoutError('SIP 503', '486 Busy Here')).toEqual({ category: 'unknown', sipStatus: 503 });
    expect(dialoutError('failed', '603', 'SIP 486')).toEqual({ category: 'declined', sipStatus: 603 });
  });
});

describe('classifyFailure: never a guess', () => {
  it.each([
    ['nothing', ''],
    ['a plain message', 'DialOut failed with error: process error, Channel closed).'],
    ['a phone number with 486', 'could not reach +14865550100'],
    ['a phone number with 486 after sip', 'sip:+14865550100@example.com'],
    ['a phone number without + after sip', 'SIP 4865550100'],
    ['a dashed phone number', 'SIP 486-555-0100'],
    ['a SIP URI user', 'sip:486@example.com'],
    ['a UUID with 486', '22b32b65-486e-42b2-9665-db05ef3e1255'],
    ['a UUID after status', 'status: 486e2b65-cd65-42b2-9665-db05ef3e1255'],
    ['a UUID segment of digits', 'session 22b32b65-4860-42b2-9665-db05ef3e1255'],
    ['a bare number in prose', 'waited 600 seconds, 486 times'],
    ['a 2xx/3xx status', 'SIP 200 OK, then SIP 302'],
    ['a 7xx number', 'SIP 700'],
    ['an HTTP status without SIP context', 'failed with HTTP 403 (forbidden)'],
    ["Daily's NOT_FOUND", 'NOT_FOUND'],
    ['"not found" without its code', 'room not found'],
    ['"gone" without its code', 'participant gone'],
    ['"forbidden" without its code', 'Forbidden'],
    ['"unauthorized" without its code', 'unauthorized'],
    ['"request timeout" without its code', 'request timeout'],
    ['"temporarily unavailable" without its code', 'service temporarily unavailable'],
    ['"service unavailable" without its code', 'Service Unavailable'],
    ['a phrase inside a word', 'declined by policy'],
    ['a phone number before a phrase needing its code', '+1404 Not Found'],
    ['a number with a decimal', 'SIP 486.5'],
    ['a longer number', 'status 4860'],
  ])('%s → unknown', (_what, text) => {
    expect(dialoutError(text)).toEqual({ category: 'unknown' });
  });

  it('reads at most 2000 characters of a text', () => {
    expect(dialoutError(`${'x'.repeat(2000)} SIP 486`)).toEqual({ category: 'unknown' });
    expect(dialoutError(`${'x'.repeat(1990)} SIP 486`)).toEqual({ category: 'busy', sipStatus: 486 });
  });

  it('stays cheap on a hostile text', () => {
    const started = performance.now();
    expect(dialoutError('sip status code cause '.repeat(50_000))).toEqual({ category: 'unknown' });
    expect(performance.now() - started).toBeLessThan(500);
  });
});

describe('codeOfStartMessage', () => {
  it.each<[string, DialOutErrorCode | undefined]>([
    ['NOT_ALLOWED', 'NOT_ALLOWED'],
    ['DIALOUT_IN_PROGRESS', 'DIALOUT_IN_PROGRESS'],
    ['TEMPORARILY_NOT_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE'],
    ['dial-out failed: dialout_in_progress', 'DIALOUT_IN_PROGRESS'],
    ['unable to start dialout (is dialout enabled? are you a room owner or participant admin?)', 'NOT_ALLOWED'],
    ['Unable to start dial-out (Is dial-out enabled? …)', 'NOT_ALLOWED'],
    ['startDialOut() only supported after join.', 'NOT_JOINED'],
    ['unable to start dialout', undefined],
    ['486 Busy Here', undefined],
    ['NOT_FOUND', undefined],
    ['', undefined],
  ])('%j → %s', (text, code) => {
    expect(codeOfStartMessage(text)).toBe(code);
  });
});

describe('stringsOf', () => {
  it('collects every string depth-first, and numbers under a key as key=value', () => {
    expect(
      stringsOf({ destination: '+15550100', sipHeaders: { 'X-A': 'a', 'X-B': 'b' }, sipStatus: 486, list: ['c', 7, ['d']], n: null, f: true }),
    ).toEqual(['+15550100', 'a', 'b', 'sipStatus=486', 'c', 'd']);
    expect(stringsOf('alone')).toEqual(['alone']);
    expect(stringsOf(undefined)).toEqual([]);
    expect(stringsOf(486)).toEqual([]);
  });

  it('is bounded in count and depth', () => {
    expect(stringsOf(Array.from({ length: 10_000 }, (_, i) => String(i)))).toHaveLength(32);
    expect(stringsOf(['a', 'b', 'c'], 2)).toEqual(['a', 'b']);
    expect(stringsOf({ a: { b: { c: { d: 'deep enough' } } } })).toEqual(['deep enough']);
    expect(stringsOf({ a: { b: { c: { d: { e: 'too deep' } } } } })).toEqual([]);
    const wide = Array.from({ length: 10_000 }, () => ({}));
    expect(stringsOf([...wide, 'late'])).toEqual([]);
  });

  it('survives cycles and throwing getters', () => {
    const cyclic: Record<string, unknown> = { s: 'x' };
    cyclic.self = cyclic;
    expect(stringsOf(cyclic)).toEqual(['x', 'x', 'x', 'x']);
    const hostile = { a: 'kept', get b(): string { throw new Error('boom'); }, c: 'not reached' };
    expect(stringsOf(hostile)).toEqual(['kept']);
  });
});

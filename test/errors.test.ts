import { describe, expect, it } from 'vitest';
import { makeError } from '../src/errors.js';
import { DialOutStateError, DialOutValidationError, isRetryableCode, toStartError } from '../src/index.js';
import type { DialOutErrorCategory, DialOutErrorCode } from '../src/types.js';

const DISABLED = 'unable to start dialout (is dialout enabled? are you a room owner or participant admin?)';

/** The three forms daily-js rejects `startDialOut()` with. */
const forms = (text: string): [string, unknown][] => [
  ['the bare string', text],
  ['an Error', new Error(text)],
  ['an object with errorMsg', { errorMsg: text }],
];

describe('toStartError', () => {
  it.each<[string, DialOutErrorCode, DialOutErrorCategory, number?]>([
    ['NOT_ALLOWED', 'NOT_ALLOWED', 'not-allowed'],
    ['DIALOUT_IN_PROGRESS', 'DIALOUT_IN_PROGRESS', 'capacity'],
    ['TEMPORARILY_NOT_AVAILABLE', 'TEMPORARILY_NOT_AVAILABLE', 'capacity'],
    [DISABLED, 'NOT_ALLOWED', 'not-allowed'],
    ['UNABLE TO START DIALOUT (IS DIALOUT ENABLED? ARE YOU A ROOM OWNER OR PARTICIPANT ADMIN?)', 'NOT_ALLOWED', 'not-allowed'],
    ['startDialOut() only supported after join.', 'NOT_JOINED', 'not-allowed'],
    ['dial-out failed: 486 Busy Here', 'START_FAILED', 'busy', 486],
    ['dial-out failed: SIP 503', 'START_FAILED', 'unknown', 503],
    ['something else', 'START_FAILED', 'unknown'],
  ])('maps %j to %s / %s', (text, code, category, sipStatus) => {
    for (const [form, reason] of forms(text)) {
      const error = toStartError(reason, 5, { localId: 'dialout-1' });
      expect(error, form).toEqual({
        code,
        category,
        ...(sipStatus === undefined ? {} : { sipStatus }),
        message: text,
        retryable: code === 'TEMPORARILY_NOT_AVAILABLE',
        at: 5,
        localId: 'dialout-1',
        cause: reason,
      });
      expect(Object.isFrozen(error)).toBe(true);
      expect(error.cause).toBe(reason);
    }
  });

  it.each([undefined, null, 42, {}])('maps a rejection with no text (%j) to START_FAILED / unknown', (reason) => {
    expect(toStartError(reason, 0)).toMatchObject({ code: 'START_FAILED', category: 'unknown', message: expect.stringMatching(/^startDialOut\(\) failed \(rejected with /) });
    expect(toStartError(reason, 0)).not.toHaveProperty('sipStatus');
  });

  it('does not take a phone number for a SIP status', () => {
    const error = toStartError('could not dial +14865550100 (session 22b32b65-486e-42b2-9665-db05ef3e1255)', 0);
    expect(error).toMatchObject({ code: 'START_FAILED', category: 'unknown' });
    expect(error).not.toHaveProperty('sipStatus');
  });
});

describe('makeError', () => {
  it('classifies from the message and the texts of details, and keeps the ids', () => {
    const error = makeError('DIALOUT_ERROR', 'DialOut failed', 7, {
      sessionId: 's-1',
      localId: 'dialout-1',
      actionTraceId: 'trace-1',
      sipCallId: 'call-1',
      cause: { any: 1 },
      texts: ['+15550100', '603 Decline'],
    });
    expect(error).toEqual({
      code: 'DIALOUT_ERROR',
      message: 'DialOut failed',
      retryable: false,
      at: 7,
      category: 'declined',
      sipStatus: 603,
      sessionId: 's-1',
      localId: 'dialout-1',
      actionTraceId: 'trace-1',
      sipCallId: 'call-1',
      cause: { any: 1 },
    });
    expect(error).not.toHaveProperty('texts');
    expect(Object.isFrozen(error)).toBe(true);
  });

  it('leaves out what was not given', () => {
    const error = makeError('START_TIMEOUT', 'Still connecting after 30000 ms', 1);
    expect(error).toEqual({ code: 'START_TIMEOUT', message: 'Still connecting after 30000 ms', retryable: false, at: 1, category: 'unknown' });
    expect(Object.keys(error)).not.toContain('cause');
    expect(makeError('NOT_JOINED', 'not joined', 1, { sessionId: undefined }).category).toBe('not-allowed');
  });

  it('lets a documented code win over the text', () => {
    expect(makeError('TEMPORARILY_NOT_AVAILABLE', 'x', 0, { texts: ['486 Busy Here'] })).toMatchObject({
      category: 'capacity',
      sipStatus: 486,
      retryable: true,
    });
  });
});

describe('the other exports keep their behaviour', () => {
  it('isRetryableCode', () => {
    expect(isRetryableCode('TEMPORARILY_NOT_AVAILABLE')).toBe(true);
    for (const code of ['NOT_ALLOWED', 'DIALOUT_IN_PROGRESS', 'NOT_JOINED', 'START_FAILED', 'START_TIMEOUT', 'DIALOUT_ERROR'] as const) {
      expect(isRetryableCode(code)).toBe(false);
    }
  });

  it('DialOutValidationError and DialOutStateError', () => {
    const v = new DialOutValidationError([{ path: 'phoneNumber', message: 'is required' }, { path: '', message: 'bad' }], 'options');
    expect(v).toBeInstanceOf(Error);
    expect(v.name).toBe('DialOutValidationError');
    expect(v.message).toBe('Invalid options: phoneNumber: is required; bad');
    expect(Object.isFrozen(v.issues)).toBe(true);
    expect(new DialOutStateError('disposed').name).toBe('DialOutStateError');
  });
});

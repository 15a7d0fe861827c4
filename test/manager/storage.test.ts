/**
 * The storage module on its own: what is kept of a live local session, how targets are masked, and how stored data
 * is validated when read back (never thrown, the bad entries ignored, the good ones kept).
 */
import { describe, expect, it } from 'vitest';
import { readStored, storageKey, toStored, writeStored } from '../../src/manager/storage.js';
import type { DialOutError, DialOutSessionSnapshot, DialOutStorage } from '../../src/types.js';

const KEY = storageKey('client-1');

/** An in-memory `DialOutStorage` that records every call. */
function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  const calls: string[] = [];
  const storage: DialOutStorage = {
    getItem: (key) => (calls.push(`get ${key}`), items.get(key) ?? null),
    setItem: (key, value) => void (calls.push(`set ${key}`), items.set(key, String(value))),
    removeItem: (key) => void (calls.push(`remove ${key}`), items.delete(key)),
  };
  return { storage, items, calls };
}

const transferError: DialOutError = {
  code: 'TRANSFER_FAILED',
  message: 'could not transfer to +12125550199',
  retryable: false,
  at: 1_500,
  category: 'busy',
  sipStatus: 486,
  cause: new Error('486 Busy Here'),
};

/** An answered local session with every field a stored session keeps, and some it never keeps. */
function answered(overrides: Partial<DialOutSessionSnapshot> = {}): DialOutSessionSnapshot {
  return Object.freeze({
    id: 'dialout-1',
    sessionId: 'b3f1c2d4-0000-4000-8000-000000000001',
    status: 'answered',
    initiator: 'local',
    target: { kind: 'phone', phoneNumber: '+12125550100' },
    displayName: 'Support',
    userId: 'user-7',
    provider: 'daily',
    sipCallId: 'abc123@sip.daily.co',
    callerId: '+12125550142',
    origin: 'sip:+12125550142@trunk.example.com;transport=tls',
    attempt: 2,
    actionTraceId: 'trace-9',
    warnings: [
      { message: 'startDialOut() attempt 1 failed (TEMPORARILY_NOT_AVAILABLE); retrying in 900 ms', at: 1_010, localId: 'dialout-1' },
      { message: 'codec fallback', at: 1_200, sessionId: 'b3f1c2d4-0000-4000-8000-000000000001', actionTraceId: 't', sipCallId: 'c', localId: 'dialout-1' },
    ],
    createdAt: 1_000,
    connectedAt: 1_100,
    answeredAt: 1_300,
    transfer: { method: 'transfer', toEndPoint: '+12125550199', status: 'failed', requestedAt: 1_400, error: transferError },
    digits: '1234#',
    participant: { sessionId: 'b3f1c2d4-0000-4000-8000-000000000001', joinedAt: 1_300, audio: 'playable' },
    recovered: true,
    ...overrides,
  } as DialOutSessionSnapshot);
}

/** A valid stored session as plain JSON-able data, to corrupt field by field. */
const valid = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  ...(JSON.parse(JSON.stringify(toStored(answered(), true))) as Record<string, unknown>),
  ...overrides,
});

/** Reads `entries` (JSON-encoded) back through a memory storage. */
const readBack = (entries: unknown) => readStored(memory({ [KEY]: JSON.stringify(entries) }).storage, KEY);

describe('storageKey', () => {
  it("is daily-dialout-machine:<callClientId>, or :call without one", () => {
    expect(storageKey('abc')).toBe('daily-dialout-machine:abc');
    expect(storageKey(undefined)).toBe('daily-dialout-machine:call');
  });
});

describe('toStored', () => {
  it('keeps what a restore needs, as it is, with storeTargets', () => {
    expect(toStored(answered(), true)).toEqual({
      v: 1,
      id: 'dialout-1',
      sessionId: 'b3f1c2d4-0000-4000-8000-000000000001',
      status: 'answered',
      initiator: 'local',
      target: { kind: 'phone', phoneNumber: '+12125550100' },
      displayName: 'Support',
      userId: 'user-7',
      callerId: '+12125550142',
      provider: 'daily',
      sipCallId: 'abc123@sip.daily.co',
      origin: 'sip:+12125550142@trunk.example.com;transport=tls',
      actionTraceId: 'trace-9',
      attempt: 2,
      warnings: [
        { message: 'startDialOut() attempt 1 failed (TEMPORARILY_NOT_AVAILABLE); retrying in 900 ms', at: 1_010 },
        { message: 'codec fallback', at: 1_200, sessionId: 'b3f1c2d4-0000-4000-8000-000000000001', actionTraceId: 't', sipCallId: 'c' },
      ],
      createdAt: 1_000,
      connectedAt: 1_100,
      answeredAt: 1_300,
      transfer: { method: 'transfer', toEndPoint: '+12125550199', status: 'failed', requestedAt: 1_400, error: { category: 'busy' } },
    });
  });

  it('never keeps digits, the participant, recovered, retry, error, causes or undefined fields', () => {
    const stored = toStored(answered({ retry: { attempt: 1, at: 2_000, error: transferError }, error: transferError }), true);
    const json = JSON.stringify(stored);
    expect(stored).not.toHaveProperty('error');
    for (const absent of ['"digits"', '"participant"', '"recovered"', '"retry"', '"cause"', '"sipStatus"', '"retryable"', '"localId"', '1234#', '486 Busy', 'could not transfer']) {
      expect(json).not.toContain(absent);
    }
    expect(Object.values(toStored(answered({ sessionId: undefined, transfer: undefined }), false))).not.toContain(undefined);
    expect(toStored(answered({ sessionId: undefined }), false)).not.toHaveProperty('sessionId');
  });

  it('masks a phone target, a phone callerId and a + toEndPoint to their last four digits without storeTargets', () => {
    const stored = toStored(answered(), false);
    expect(stored.target).toEqual({ kind: 'phone', phoneNumber: '…0100' });
    expect(stored.callerId).toBe('…0142');
    expect(stored.transfer?.toEndPoint).toBe('…0199');
    expect(toStored(answered({ callerId: '(212) 555-0142' }), false).callerId).toBe('…0142');
    expect(toStored(answered({ callerId: 'tel:+1-212-555-0142' }), false).callerId).toBe('…0142');
    expect(toStored(answered({ origin: '+12125550142' }), false).origin).toBe('…0142');
    expect(JSON.stringify(stored)).not.toMatch(/555|2125/);
  });

  it('leaves a callerId that is not an address as it is (a Daily phone-number id)', () => {
    const id = 'c0ffee00-aaaa-4bbb-8ccc-dddddddddddd';
    expect(toStored(answered({ callerId: id }), false).callerId).toBe(id);
  });

  it('strips the user, password and headers from every SIP URI without storeTargets, keeping host, port and parameters', () => {
    const sip = answered({
      target: { kind: 'sip', sipUri: 'sip:alice:secret@pbx.example.com:5061;transport=tls?X-Customer=42' },
      callerId: 'sip:+12125550142@trunk.example.com',
      transfer: { method: 'refer', toEndPoint: 'sip:bob@[2001:db8::1];user=phone', status: 'accepted', requestedAt: 1_400 },
    });
    const stored = toStored(sip, false);
    expect(stored.target).toEqual({ kind: 'sip', sipUri: 'sip:…@pbx.example.com:5061;transport=tls' });
    expect(stored.origin).toBe('sip:…@trunk.example.com;transport=tls');
    expect(stored.callerId).toBe('sip:…@trunk.example.com');
    expect(stored.transfer).toEqual({ method: 'refer', toEndPoint: 'sip:…@[2001:db8::1];user=phone', status: 'accepted', requestedAt: 1_400 });
    expect(toStored(answered({ target: { kind: 'sip', sipUri: 'sip:pbx.example.com' } }), false).target).toEqual({ kind: 'sip', sipUri: 'sip:pbx.example.com' });
    expect(toStored(answered({ origin: 'SIPS:carol@example.com' }), false).origin).toBe('SIPS:…@example.com');
    expect(JSON.stringify(stored)).not.toMatch(/alice|secret|Customer|bob|555/);
    // with storeTargets, as they are
    expect(toStored(sip, true).target).toEqual(sip.target);
    expect(toStored(sip, true).transfer?.toEndPoint).toBe('sip:bob@[2001:db8::1];user=phone');
  });

  it('copies a transfer error of any kind (a class instance) by its category, and never throws', () => {
    class TransferError extends Error {
      readonly code = 'TRANSFER_FAILED';
      readonly category = 'declined';
    }
    const transfer = { method: 'transfer', toEndPoint: '+12125550199', status: 'failed', requestedAt: 1_400, error: new TransferError('603') };
    expect(toStored(answered({ transfer } as unknown as Partial<DialOutSessionSnapshot>), false).transfer).toEqual({
      method: 'transfer',
      toEndPoint: '…0199',
      status: 'failed',
      requestedAt: 1_400,
      error: { category: 'declined' },
    });
    // a snapshot outside the rules is copied, not checked; reading it back is checked again
    const odd = toStored(answered({ status: 'stopped', createdAt: Number.NaN, id: '' }), false);
    expect(odd).toMatchObject({ status: 'stopped', id: '' });
    expect(readBack([odd]).problem).toBe('ignored 1 of 1 stored sessions: [0].id must be a string of 1 to 2001 characters');
  });

  it('keeps the newest 100 warnings, messages clipped to the field limit', () => {
    const warnings = Array.from({ length: 130 }, (_, i) => ({ message: i === 129 ? 'x'.repeat(5_000) : `w${i}`, at: 1_000 + i }));
    const stored = toStored(answered({ warnings }), true);
    expect(stored.warnings).toHaveLength(100);
    expect(stored.warnings[0]?.message).toBe('w30');
    expect(stored.warnings[99]?.message).toHaveLength(2001);
    expect(stored.warnings[99]?.message.endsWith('…')).toBe(true);
    expect(readBack([stored]).problem).toBeUndefined();
  });
});

describe('round trip: toStored → writeStored → readStored', () => {
  for (const storeTargets of [true, false]) {
    it(`gives back what was stored (storeTargets: ${storeTargets})`, () => {
      const { storage, items } = memory();
      const sessions = [
        toStored(answered(), storeTargets),
        toStored(
          answered({
            id: 'dialout-2',
            sessionId: undefined,
            status: 'connecting',
            target: { kind: 'sip', sipUri: 'sip:desk@pbx.example.com' },
            connectedAt: undefined,
            answeredAt: undefined,
            transfer: undefined,
            warnings: [],
            attempt: 1,
          }),
          storeTargets,
        ),
      ];
      expect(writeStored(storage, KEY, sessions)).toBe(true);
      expect(JSON.parse(items.get(KEY) ?? '')).toEqual(sessions);
      expect(readStored(storage, KEY)).toEqual({ sessions });
      expect(items.get(KEY)?.includes('+12125550100')).toBe(storeTargets);
      expect(items.get(KEY)?.includes('desk@')).toBe(storeTargets);
    });
  }

  it('restores every live status', () => {
    const sessions = (['connecting', 'connected', 'answered', 'stopping'] as const).map((status, i) =>
      toStored(answered({ id: `dialout-${i}`, sessionId: `s-${i}`, status, ...(status === 'connecting' ? { connectedAt: undefined, answeredAt: undefined } : {}) }), false),
    );
    const { storage } = memory();
    writeStored(storage, KEY, sessions);
    expect(readStored(storage, KEY)).toEqual({ sessions });
  });

  it("fits jsdom's real sessionStorage", () => {
    const key = storageKey(undefined);
    const sessions = [toStored(answered(), false)];
    try {
      expect(writeStored(sessionStorage, key, sessions)).toBe(true);
      expect(sessionStorage.getItem(key)).toBe(JSON.stringify(sessions));
      expect(readStored(sessionStorage, key)).toEqual({ sessions });
      expect(writeStored(sessionStorage, key, [])).toBe(true);
      expect(sessionStorage.getItem(key)).toBeNull();
      expect(readStored(sessionStorage, key)).toEqual({ sessions: [] });
    } finally {
      sessionStorage.removeItem(key);
    }
  });
});

describe('writeStored', () => {
  it('removes the entry when no session is live', () => {
    const { storage, items, calls } = memory({ [KEY]: '[]' });
    expect(writeStored(storage, KEY, [])).toBe(true);
    expect(items.has(KEY)).toBe(false);
    expect(calls).toEqual([`remove ${KEY}`]);
  });

  it('never throws: a throwing setItem, removeItem, or both (storage disabled) give false', () => {
    const sessions = [toStored(answered(), false)];
    const securityError = () => {
      throw new DOMException('The operation is insecure.', 'SecurityError');
    };
    const disabled: DialOutStorage = { getItem: securityError, setItem: securityError, removeItem: securityError };
    expect(writeStored(disabled, KEY, sessions)).toBe(false);
    expect(writeStored(disabled, KEY, [])).toBe(false);
    const { storage, items } = memory({ [KEY]: 'old' });
    expect(writeStored({ ...storage, removeItem: securityError }, KEY, [])).toBe(false);
    expect(items.get(KEY)).toBe('old');
  });

  it('on a quota error, removes the outdated entry rather than leave it', () => {
    const { storage, items, calls } = memory({ [KEY]: JSON.stringify([toStored(answered(), false)]) });
    const full: DialOutStorage = {
      ...storage,
      setItem: () => {
        throw new DOMException('exceeded the quota', 'QuotaExceededError');
      },
    };
    expect(writeStored(full, KEY, [toStored(answered({ status: 'stopping' }), false)])).toBe(false);
    expect(items.has(KEY)).toBe(false);
    expect(calls).toEqual([`remove ${KEY}`]);
  });

  it('drops warnings when the entry would be over 1,000,000 characters, and stores nothing when still over', () => {
    const warnings = Array.from({ length: 100 }, (_, i) => ({ message: 'w'.repeat(2_000), at: 1_000 + i }));
    const many = Array.from({ length: 10 }, (_, i) => toStored(answered({ id: `dialout-${i}`, sessionId: `s-${i}`, warnings }), false));
    const { storage, items } = memory();
    expect(writeStored(storage, KEY, many)).toBe(false);
    const read = readStored(storage, KEY);
    expect(read.problem).toBeUndefined();
    expect(read.sessions.map((s) => [s.id, s.warnings.length])).toEqual(many.map((s) => [s.id, 0]));
    const huge = [{ ...toStored(answered(), false), displayName: 'x'.repeat(1_000_001) }];
    expect(writeStored(storage, KEY, huge)).toBe(false);
    expect(items.has(KEY)).toBe(false);
  });

  it('stores the newest 100 sessions of more', () => {
    const sessions = Array.from({ length: 105 }, (_, i) => toStored(answered({ id: `dialout-${i}`, sessionId: `s-${i}`, warnings: [] }), false));
    const { storage } = memory();
    expect(writeStored(storage, KEY, sessions)).toBe(false);
    const read = readStored(storage, KEY);
    expect(read.problem).toBeUndefined();
    expect(read.sessions.map((s) => s.id)).toEqual(sessions.slice(5).map((s) => s.id));
  });
});

describe('readStored', () => {
  it('reads nothing, without a problem, when nothing is stored', () => {
    expect(readStored(memory().storage, KEY)).toEqual({ sessions: [] });
  });

  it.each([
    ['corrupt JSON', '[{"v":1,', 'the stored entry is not JSON'],
    ['an empty string', '', 'the stored entry is not JSON'],
    ["another library's object", JSON.stringify({ state: { user: 'x' }, version: 0 }), 'not an array of sessions'],
    ["another library's string", JSON.stringify('+12125550100'), 'not an array of sessions'],
    ['null', 'null', 'not an array of sessions'],
    ['an entry over 1,000,000 characters', `[${' '.repeat(1_000_000)}]`, 'over 1000000 characters'],
  ])('ignores %s, with a problem', (_, text, problem) => {
    const read = readStored(memory({ [KEY]: text }).storage, KEY);
    expect(read.sessions).toEqual([]);
    expect(read.problem).toContain(problem);
  });

  it('never throws: a throwing getItem, a getItem returning a non-string', () => {
    const throwing: DialOutStorage = {
      getItem: () => {
        throw new DOMException('The operation is insecure.', 'SecurityError');
      },
      setItem: () => undefined,
      removeItem: () => undefined,
    };
    expect(readStored(throwing, KEY)).toEqual({ sessions: [], problem: 'the stored entry could not be read (getItem threw)' });
    const odd = { ...throwing, getItem: () => ({ not: 'a string' }) as unknown as string };
    expect(readStored(odd, KEY)).toEqual({ sessions: [], problem: 'the stored entry is not a string' });
  });

  it('ignores an entry of another version or kind, keeping a good one next to it', () => {
    const read = readBack([valid({ v: 2 }), valid({ id: 'dialout-2', sessionId: 's-2' }), 7, ['x']]);
    expect(read.sessions.map((s) => s.id)).toEqual(['dialout-2']);
    expect(read.problem).toBe('ignored 3 of 4 stored sessions: [0].v must be 1; [2] must be an object; [3] must be an object');
  });

  // Each row: a field of a valid session set to a bad value, and the problem it gives.
  const secret = '+12125550100';
  it.each<[string, Record<string, unknown>, string]>([
    ['v missing', { v: undefined }, '[0].v is missing'],
    ['v as a string', { v: '1' }, '[0].v must be 1'],
    ['id empty', { id: '' }, '[0].id must be a string of 1 to 2001'],
    ['id a number', { id: 1 }, '[0].id must be a string'],
    ['sessionId a number', { sessionId: 5 }, '[0].sessionId must be a string'],
    ['status final', { status: 'stopped' }, '[0].status must be one of connecting, connected, answered, stopping'],
    ['status idle', { status: 'idle' }, '[0].status must be one of'],
    ['status unknown', { status: secret }, '[0].status must be one of'],
    ['initiator remote', { initiator: 'remote' }, '[0].initiator must be local'],
    ['target a string', { target: secret }, '[0].target must be an object'],
    ['target of an unknown kind', { target: { kind: 'pstn', phoneNumber: secret } }, '[0].target.kind must be phone'],
    ['phone target without a number', { target: { kind: 'phone' } }, '[0].target.phoneNumber is missing'],
    ['sip target with a number', { target: { kind: 'sip', sipUri: 42 } }, '[0].target.sipUri must be a string'],
    ['displayName null', { displayName: null }, '[0].displayName must be a string'],
    ['userId an object', { userId: {} }, '[0].userId must be a string'],
    ['callerId a number', { callerId: 12125550100 }, '[0].callerId must be a string'],
    ['provider an array', { provider: ['daily'] }, '[0].provider must be a string'],
    ['sipCallId a boolean', { sipCallId: true }, '[0].sipCallId must be a string'],
    ['origin over the field clip', { origin: `sip:${'a'.repeat(2_000)}` }, '[0].origin must be a string of at most 2001 characters'],
    ['actionTraceId a number', { actionTraceId: 9 }, '[0].actionTraceId must be a string'],
    ['attempt 0', { attempt: 0 }, '[0].attempt must be an integer ≥ 1'],
    ['attempt fractional', { attempt: 1.5 }, '[0].attempt must be an integer ≥ 1'],
    ['attempt a string', { attempt: '2' }, '[0].attempt must be an integer ≥ 1'],
    ['warnings missing', { warnings: undefined }, '[0].warnings is missing'],
    ['warnings an object', { warnings: {} }, '[0].warnings must be an array of at most 100 warnings'],
    ['over 100 warnings', { warnings: Array.from({ length: 101 }, () => ({ message: 'w', at: 1_500 })) }, '[0].warnings must be an array of at most 100'],
    ['a warning a string', { warnings: [secret] }, '[0].warnings[0] must be an object'],
    ['a warning without at', { warnings: [{ message: 'w' }] }, '[0].warnings[0].at is missing'],
    ['a warning message a number', { warnings: [{ message: 1, at: 1 }] }, '[0].warnings[0].message must be a string'],
    ['a warning sessionId a number', { warnings: [{ message: 'w', at: 1, sessionId: 1 }] }, '[0].warnings[0].sessionId must be a string'],
    ['createdAt missing', { createdAt: undefined }, '[0].createdAt is missing'],
    ['createdAt a string', { createdAt: '1000' }, '[0].createdAt must be a finite number ≥ 0'],
    ['createdAt negative', { createdAt: -1 }, '[0].createdAt must be a finite number ≥ 0'],
    ['connectedAt null (NaN or Infinity in JSON)', { connectedAt: null }, '[0].connectedAt must be a finite number ≥ 0'],
    ['answeredAt a string', { answeredAt: 'soon' }, '[0].answeredAt must be a finite number ≥ 0'],
    ['answered without answeredAt', { answeredAt: undefined }, '[0] is answered without answeredAt'],
    ['connected without connectedAt', { status: 'connected', connectedAt: undefined, answeredAt: undefined }, '[0] is connected without connectedAt'],
    ['connectedAt before createdAt', { connectedAt: 999 }, '[0].connectedAt is before createdAt'],
    ['answeredAt before connectedAt', { answeredAt: 1_050 }, '[0].answeredAt is before connectedAt'],
    ['answeredAt before createdAt without connectedAt', { connectedAt: undefined, answeredAt: 10 }, '[0].answeredAt is before createdAt'],
    ['transfer requested before createdAt', { transfer: { method: 'refer', toEndPoint: 'sip:…@x', status: 'accepted', requestedAt: 5 } }, '[0].transfer.requestedAt is before createdAt'],
    ['transfer a string', { transfer: 'refer' }, '[0].transfer must be an object'],
    ['transfer of an unknown method', { transfer: { method: 'bridge', toEndPoint: 'sip:…@x', status: 'accepted', requestedAt: 1_400 } }, '[0].transfer.method must be one of transfer, refer'],
    ['transfer without toEndPoint', { transfer: { method: 'refer', status: 'accepted', requestedAt: 1_400 } }, '[0].transfer.toEndPoint is missing'],
    ['transfer of an unknown status', { transfer: { method: 'refer', toEndPoint: 'x', status: 'ringing', requestedAt: 1_400 } }, '[0].transfer.status must be one of requested'],
    ['transfer requestedAt a string', { transfer: { method: 'refer', toEndPoint: 'x', status: 'accepted', requestedAt: '1' } }, '[0].transfer.requestedAt must be a finite number'],
    ['transfer error of an unknown category', { transfer: { method: 'refer', toEndPoint: 'x', status: 'failed', requestedAt: 1_400, error: { category: 'odd' } } }, '[0].transfer.error.category must be one of busy'],
    ['transfer error without a category', { transfer: { method: 'refer', toEndPoint: 'x', status: 'failed', requestedAt: 1_400, error: {} } }, '[0].transfer.error.category is missing'],
  ])('ignores a session with %s, naming the field, never the value; keeps the good one next to it', (_, change, problem) => {
    // undefined drops the key (JSON.stringify)
    const read = readBack([valid(change), valid({ id: 'dialout-2', sessionId: 's-2' })]);
    expect(read.sessions.map((s) => s.id)).toEqual(['dialout-2']);
    expect(read.problem).toContain(`ignored 1 of 2 stored sessions: ${problem}`);
    expect(read.problem).not.toContain(secret);
    expect(read.problem).not.toContain('aaaa');
  });

  it('ignores a session repeating an earlier id or sessionId', () => {
    const read = readBack([valid(), valid(), valid({ id: 'dialout-3' }), valid({ id: 'dialout-4', sessionId: 's-4' })]);
    expect(read.sessions.map((s) => s.id)).toEqual(['dialout-1', 'dialout-4']);
    expect(read.problem).toBe("ignored 2 of 4 stored sessions: [1].id repeats an earlier session's; [2].sessionId repeats an earlier session's");
  });

  it('drops unknown fields, digits and the participant included', () => {
    const read = readBack([valid({ digits: '1234', participant: { sessionId: 'x', joinedAt: 1, audio: 'off' }, recovered: true, extra: 1 })]);
    expect(read.problem).toBeUndefined();
    expect(read.sessions).toEqual([toStored(answered(), true)]);
    expect(Object.keys(read.sessions[0] ?? {})).not.toContain('digits');
  });

  it('reads the first 100 sessions of more, naming the cap', () => {
    const read = readBack(Array.from({ length: 103 }, (_, i) => valid({ id: `dialout-${i}`, sessionId: `s-${i}` })));
    expect(read.sessions).toHaveLength(100);
    expect(read.problem).toBe('ignored 3 of 103 stored sessions: more than 100 sessions');
  });

  it('lists at most three problems', () => {
    const read = readBack([1, 2, 3, 4, 5]);
    expect(read.problem).toBe('ignored 5 of 5 stored sessions: [0] must be an object; [1] must be an object; [2] must be an object; …');
  });

  it('gives copies, not the parsed objects, and never throws on hostile JSON keys', () => {
    const text = `[${JSON.stringify(valid()).slice(0, -1)},"__proto__":{"polluted":true},"constructor":1}]`;
    const read = readStored(memory({ [KEY]: text }).storage, KEY);
    expect(read.problem).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(read.sessions[0])).toBe(Object.prototype);
  });
});

/**
 * Malformed daily-js events: missing fields, wrong types, extra fields,
 * `sessionId: ''`, huge `errorMsg`, values that are not objects at all. The
 * manager never throws, never changes a session the event does not name, and
 * reports each event on `events$` exactly once, with the payload as given.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DIALOUT_EVENT_TYPES } from '../../src/index.js';
import type { DialOutEventType, DialOutSessionSnapshot } from '../../src/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

const HUGE = 'E'.repeat(1_000_000);

function circular(): object {
  const o: Record<string, unknown> = { errorMsg: 'circular' };
  o.self = o;
  return o;
}

function hostileProxy(): object {
  const fail = () => {
    throw new Error('hostile payload');
  };
  return new Proxy({}, { get: fail, has: fail, ownKeys: fail, getOwnPropertyDescriptor: fail, getPrototypeOf: fail });
}

/** Payloads that name no usable sessionId: they must change no session. */
const ANONYMOUS: readonly [string, () => unknown][] = [
  ['undefined', () => undefined],
  ['null', () => null],
  ['zero', () => 0],
  ['a number', () => 42],
  ['NaN', () => Number.NaN],
  ['an empty string', () => ''],
  ['a string', () => 'dialout-connected'],
  ['true', () => true],
  ['a symbol', () => Symbol('payload')],
  ['a bigint', () => 10n],
  ['a function', () => () => 'S1'],
  ['an empty array', () => []],
  ['an array holding a payload', () => [{ sessionId: 'S1' }]],
  ['a Date', () => new Date(0)],
  ['a Map with a sessionId', () => new Map([['sessionId', 'S1']])],
  ['an empty object', () => ({})],
  ['a null-prototype empty object', () => Object.create(null) as object],
  ['sessionId missing, other fields set', () => ({ provider: 'daily', sipCallId: 'x', userId: 'u' })],
  ['sessionId undefined', () => ({ sessionId: undefined })],
  ["sessionId ''", () => ({ sessionId: '', errorMsg: 'empty id' })],
  ['sessionId null', () => ({ sessionId: null })],
  ['sessionId a number', () => ({ sessionId: 7 })],
  ['sessionId an array', () => ({ sessionId: ['S1'] })],
  ['sessionId an object with toString', () => ({ sessionId: { toString: () => 'S1' } })],
  ['sessionId a boxed String', () => ({ sessionId: Object('S1') as object })],
  ['sessionId inherited', () => Object.create({ sessionId: 'S1' }) as object],
  ['sessionId a throwing getter', () => Object.defineProperty({}, 'sessionId', { enumerable: true, get: () => { throw new Error('getter'); } })],
  ['a Proxy that throws on every access', hostileProxy],
  ['errorMsg a number', () => ({ errorMsg: 5 })],
  ['errorMsg an object', () => ({ errorMsg: { nested: { deep: true } } })],
  ['huge errorMsg (1 MB)', () => ({ errorMsg: HUGE })],
  ['circular payload', circular],
  ['extra fields and a JSON __proto__', () => JSON.parse('{"__proto__":{"sessionId":"S1"},"extra":[1,2,3],"action":"bogus"}') as object],
  ['frozen object without sessionId', () => Object.freeze({ errorMsg: 'frozen' })],
];

async function fixture() {
  const t = setup();
  const a = t.manager.start({ phoneNumber: PHONE });
  const b = t.manager.start({ phoneNumber: '+15555550101' });
  t.call.resolveStart('S1');
  t.call.resolveStart('S2');
  await flush();
  t.call.emit('dialout-connected', { sessionId: 'S1' });
  t.call.emit('dialout-answered', { sessionId: 'S1', provider: 'signalwire', sipCallId: 'call-1' });
  t.call.emit('dialout-connected', { sessionId: 'S2' });
  t.call.emit('dialout-warning', { sessionId: 'R1', errorMsg: 'remote' });
  const eventsBefore = t.events.length;
  return { ...t, a, b, eventsBefore };
}

const byId = (sessions: readonly DialOutSessionSnapshot[]) => new Map(sessions.map((s) => [s.id, s]));

describe('malformed events', () => {
  it.each(ANONYMOUS.flatMap(([name, make]) => DIALOUT_EVENT_TYPES.map((type) => [`${type} with ${name}`, type, make] as const)))(
    '%s: no throw, no session changed, reported once',
    async (_name, type, make) => {
      const t = await fixture();
      const before = t.manager.getSnapshot();
      const payload = make();
      expect(() => t.call.emitRaw(type, payload)).not.toThrow();
      await flush();
      // no session changed (the same snapshot objects), none created
      expect(t.manager.getSnapshot()).toBe(before);
      // reported exactly once, as given, without attribution
      const reported = t.events.slice(t.eventsBefore);
      expect(reported).toHaveLength(1);
      expect(reported[0]?.type).toBe(type);
      expect(Object.is(reported[0]?.payload, payload)).toBe(true);
      expect(reported[0]?.localId).toBeUndefined();
      expect(reported[0]?.sessionId).toBeUndefined();
      if (type === 'dialout-error') {
        expect(t.errors).toHaveLength(1);
        expect(t.errors[0]).toMatchObject({ code: 'DIALOUT_ERROR', retryable: false });
        expect(t.errors[0]?.localId).toBeUndefined();
        expect(t.errors[0]?.message.length).toBeGreaterThan(0);
        expect(t.errors[0]?.message.length).toBeLessThanOrEqual(2_001);
      } else {
        expect(t.errors).toEqual([]);
      }
      expect(t.warnings.slice(1)).toHaveLength(type === 'dialout-warning' ? 1 : 0);
      // still works afterwards
      t.call.emit('dialout-stopped', { sessionId: 'S2' });
      expect(t.b.snapshot.status).toBe('stopped');
      expect(t.a.snapshot.status).toBe('answered');
      t.manager.dispose();
      expect(t.call.listenerCount()).toBe(t.baseline);
    },
  );

  it.each<[string, DialOutEventType, Record<string, unknown>, string]>([
    ['wrong-typed extra fields on answered', 'dialout-answered', { sessionId: 'S2', provider: 5, sipCallId: null, callerId: [], userId: {}, destination: 9 }, 'answered'],
    ['extra unknown fields on connected', 'dialout-connected', { sessionId: 'S2', extra: { a: 1 }, action: 'something-else', callClientId: 7 }, 'connected'],
    ['a huge errorMsg on error', 'dialout-error', { sessionId: 'S2', errorMsg: HUGE }, 'error'],
    ['errorMsg an object on error', 'dialout-error', { sessionId: 'S2', errorMsg: { code: 500 } }, 'error'],
    ['a huge errorMsg on warning', 'dialout-warning', { sessionId: 'S2', errorMsg: HUGE }, 'connected'],
    ['stopped with every field wrong but the sessionId', 'dialout-stopped', { sessionId: 'S2', errorMsg: 1, provider: [], sipCallId: {} }, 'stopped'],
  ])('%s: changes only the session it names', async (_name, type, payload, status) => {
    const t = await fixture();
    const before = byId(t.manager.getSnapshot().sessions);
    expect(() => t.call.emitRaw(type, payload)).not.toThrow();
    await flush();
    const after = byId(t.manager.getSnapshot().sessions);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [id, snapshot] of after) {
      if (id === t.b.id) continue;
      expect(snapshot, id).toBe(before.get(id));
    }
    const b = after.get(t.b.id) as DialOutSessionSnapshot;
    expect(b.status).toBe(status);
    // wrong-typed fields are not copied into the snapshot
    for (const key of ['provider', 'sipCallId', 'callerId', 'userId'] as const) {
      const value = b[key];
      if (value !== undefined) expect(typeof value).toBe('string');
    }
    expect(b.target).toEqual({ kind: 'phone', phoneNumber: '+15555550101' });
    for (const text of [b.error?.message, ...b.warnings.map((w) => w.message)]) {
      if (text !== undefined) expect(text.length).toBeLessThanOrEqual(2_001);
    }
    const reported = t.events.slice(t.eventsBefore);
    expect(reported).toHaveLength(1);
    expect(reported[0]).toMatchObject({ type, sessionId: 'S2', localId: t.b.id });
    expect(reported[0]?.payload).toBe(payload);
    t.manager.dispose();
  });

  it('a dialout-error without sessionId fails only the oldest session still waiting for its sessionId', async () => {
    const t = await fixture();
    const waiting = t.manager.start({ phoneNumber: '+15555550102' });
    const waiting2 = t.manager.start({ phoneNumber: '+15555550103' });
    const before = byId(t.manager.getSnapshot().sessions);
    t.call.emitRaw('dialout-error', { sessionId: '', errorMsg: HUGE });
    await flush();
    const after = byId(t.manager.getSnapshot().sessions);
    for (const [id, snapshot] of after) {
      if (id === waiting.id) continue;
      expect(snapshot, id).toBe(before.get(id));
    }
    expect(waiting.snapshot).toMatchObject({ status: 'error', error: { code: 'DIALOUT_ERROR' } });
    expect(waiting.snapshot.error?.message.length).toBeLessThanOrEqual(2_001);
    expect(waiting2.snapshot.status).toBe('connecting');
    t.manager.dispose();
  });

  it('a dialout-* event name with a payload whose sessionId is whitespace is a (remote) sessionId like any other', async () => {
    const t = await fixture();
    t.call.emitRaw('dialout-connected', { sessionId: ' ' });
    expect(t.manager.session(' ')?.snapshot).toMatchObject({ initiator: 'remote', status: 'connected', sessionId: ' ' });
    expect(t.a.snapshot.status).toBe('answered');
    t.manager.dispose();
  });

  it('property: any value as payload of any dialout-* event never throws, is reported once, and changes only the session it names', async () => {
    const sessionIdArb = fc.oneof(
      fc.constantFrom('S1', 'S2', 'R1', '', 'unknown'),
      fc.string({ maxLength: 8 }),
      fc.anything(),
    );
    const payloadArb = fc.oneof(
      fc.anything({ withNullPrototype: true, withBoxedValues: true, withMap: true, withSet: true, withDate: true }),
      fc.record(
        { sessionId: sessionIdArb, errorMsg: fc.oneof(fc.string(), fc.anything()), provider: fc.anything(), extra: fc.anything() },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...DIALOUT_EVENT_TYPES), payloadArb, async (type, payload) => {
        const t = await fixture();
        const before = byId(t.manager.getSnapshot().sessions);
        t.call.emitRaw(type, payload);
        await flush();
        const reported = t.events.slice(t.eventsBefore);
        expect(reported).toHaveLength(1);
        expect(Object.is(reported[0]?.payload, payload)).toBe(true);
        const named =
          payload !== null && typeof payload === 'object' && Object.prototype.hasOwnProperty.call(payload, 'sessionId')
            ? (payload as { sessionId: unknown }).sessionId
            : undefined;
        const namedId = typeof named === 'string' && named.length > 0 ? named : undefined;
        expect(reported[0]?.sessionId).toBe(namedId);
        for (const [id, snapshot] of byId(t.manager.getSnapshot().sessions)) {
          const old = before.get(id);
          if (old === undefined) {
            // only a remote session for a new, named sessionId may appear
            expect(snapshot.sessionId).toBe(namedId);
            expect(snapshot.initiator).toBe('remote');
          } else if (old.sessionId !== namedId) {
            expect(snapshot, id).toBe(old);
          }
        }
        t.manager.dispose();
        expect(t.call.listenerCount()).toBe(t.baseline);
      }),
      { numRuns: 300, seed: 20_240_611 },
    );
  });
});

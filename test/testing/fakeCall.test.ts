import type {
  DailyCall,
  DailyEventObjectDialOutConnected,
  DailyParticipantUpdateOptions,
  DailySipCallTransferOptions,
  DailyStartDialinOptions,
  DailyStartDialoutOptions,
} from '@daily-co/daily-js';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { FakeDailyCall, dialOutEvent } from '../../src/testing/fakeCall.js';
import type { PendingStartCall } from '../../src/testing/fakeCall.js';
import type {
  FakeParticipantUpdate,
  PendingDialInCall,
  PendingTransferCall,
  TransferCallArgs,
} from '../../src/testing/index.js';
import type { DailyCallLike } from '../../src/types.js';

const PHONE = { phoneNumber: '+15555550100' } as const;

/** Lets queued promise callbacks run. */
async function flush(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/** Attaches handlers to a promise and reports its state without awaiting it. */
function track<T>(promise: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; value?: T; reason?: unknown } {
  const out: { state: 'pending' | 'resolved' | 'rejected'; value?: T; reason?: unknown } = { state: 'pending' };
  promise.then(
    (value) => {
      out.state = 'resolved';
      out.value = value;
    },
    (reason: unknown) => {
      out.state = 'rejected';
      out.reason = reason;
    },
  );
  return out;
}

describe('FakeDailyCall: typing', () => {
  it('is assignable to DailyCallLike and works through that type', async () => {
    expectTypeOf<FakeDailyCall>().toExtend<DailyCallLike>();
    const fake = new FakeDailyCall();
    const call: DailyCallLike = fake; // compile-time check: no cast needed
    const handler = vi.fn((event: DailyEventObjectDialOutConnected) => event.sessionId);
    call.on('dialout-connected', handler);
    fake.emit('dialout-connected', { sessionId: 's1' });
    expect(handler).toHaveReturnedWith('s1');

    const promise = call.startDialOut(PHONE);
    fake.resolveStart('s1');
    await expect(promise).resolves.toEqual({ session: { sessionId: 's1' } });
    expect(call.meetingState()).toBe('joined-meeting');
    call.off('dialout-connected', handler);
    expect(fake.listenerCount()).toBe(0);
  });

  it('returns the fake itself from on/off so calls chain', () => {
    const call = new FakeDailyCall();
    const handler = vi.fn();
    const returned = call.on('left-meeting', handler).on('dialout-stopped', handler);
    expectTypeOf(returned).toExtend<DailyCall>();
    expect(returned).toBe(call);
    expect(call.off('left-meeting', handler)).toBe(call);
    expect(call.listenerCount()).toBe(1);
  });
});

describe('FakeDailyCall: construction', () => {
  it('defaults to joined-meeting and a unique callClientId', () => {
    const a = new FakeDailyCall();
    const b = new FakeDailyCall();
    expect(a.meetingState()).toBe('joined-meeting');
    expect(a.callClientId).toMatch(/^fake-call-client-\d+$/);
    expect(a.callClientId).not.toBe(b.callClientId);
    expect(a.isDestroyed()).toBe(false);
    expect(a.startCalls).toEqual([]);
    expect(a.dialOutSessionIds).toEqual([]);
  });

  it('takes meetingState and callClientId options', () => {
    const call = new FakeDailyCall({ meetingState: 'new', callClientId: 'client-a' });
    expect(call.meetingState()).toBe('new');
    expect(call.callClientId).toBe('client-a');
    call.setMeetingState('joining-meeting');
    expect(call.meetingState()).toBe('joining-meeting');
  });
});

describe('FakeDailyCall: on / off / listenerCount / listeners', () => {
  it('counts registrations per event and in total', () => {
    const call = new FakeDailyCall();
    const a = vi.fn();
    const b = vi.fn();
    expect(call.listenerCount()).toBe(0);
    expect(call.listenerCount('dialout-connected')).toBe(0);
    call.on('dialout-connected', a);
    call.on('dialout-connected', b);
    call.on('left-meeting', a);
    expect(call.listenerCount('dialout-connected')).toBe(2);
    expect(call.listenerCount('left-meeting')).toBe(1);
    expect(call.listenerCount()).toBe(3);
    expect(call.listeners('dialout-connected')).toEqual([a, b]);
    call.off('dialout-connected', a);
    expect(call.listeners('dialout-connected')).toEqual([b]);
    expect(call.listenerCount()).toBe(2);
  });

  it('registers the same handler twice and off removes one registration', () => {
    const call = new FakeDailyCall();
    const handler = vi.fn();
    call.on('dialout-answered', handler);
    call.on('dialout-answered', handler);
    expect(call.listenerCount('dialout-answered')).toBe(2);

    call.emit('dialout-answered', { sessionId: 's1' });
    expect(handler).toHaveBeenCalledTimes(2);

    call.off('dialout-answered', handler);
    expect(call.listenerCount('dialout-answered')).toBe(1);
    call.emit('dialout-answered', { sessionId: 's1' });
    expect(handler).toHaveBeenCalledTimes(3);

    call.off('dialout-answered', handler);
    expect(call.listenerCount('dialout-answered')).toBe(0);
    expect(call.listeners('dialout-answered')).toEqual([]);
  });

  it('off removes the most recent registration (EventEmitter semantics)', () => {
    const call = new FakeDailyCall();
    const order: string[] = [];
    const a = () => order.push('a');
    const b = () => order.push('b');
    call.on('dialout-stopped', a);
    call.on('dialout-stopped', b);
    call.on('dialout-stopped', a);
    call.off('dialout-stopped', a);
    expect(call.listeners('dialout-stopped')).toEqual([a, b]);
    call.emit('dialout-stopped');
    expect(order).toEqual(['a', 'b']);
  });

  it('ignores off for unknown handlers and events', () => {
    const call = new FakeDailyCall();
    const a = vi.fn();
    call.on('dialout-error', a);
    call.off('dialout-error', vi.fn());
    call.off('dialout-warning', a);
    expect(call.listenerCount()).toBe(1);
  });

  it('throws a TypeError for a non-function handler', () => {
    const call = new FakeDailyCall();
    expect(() => call.on('dialout-error', 'nope' as never)).toThrow(TypeError);
    expect(() => call.off('dialout-error', null as never)).toThrow(TypeError);
    expect(call.listenerCount()).toBe(0);
  });

  it('listeners returns a copy', () => {
    const call = new FakeDailyCall();
    const a = vi.fn();
    call.on('dialout-error', a);
    const list = call.listeners('dialout-error') as unknown[];
    list.pop();
    expect(call.listenerCount('dialout-error')).toBe(1);
  });
});

describe('FakeDailyCall: emit / emitRaw', () => {
  it('delivers { action, callClientId, ...payload } synchronously, in registration order, same object', () => {
    const call = new FakeDailyCall({ callClientId: 'client-x' });
    const received: Array<[string, unknown]> = [];
    call.on('dialout-connected', (e) => received.push(['first', e]));
    call.on('dialout-connected', (e) => received.push(['second', e]));
    call.on('dialout-answered', (e) => received.push(['other', e]));

    call.emit('dialout-connected', { sessionId: 's1', provider: 'daily' });

    expect(received.map(([name]) => name)).toEqual(['first', 'second']);
    expect(received[0]![1]).toEqual({
      action: 'dialout-connected',
      callClientId: 'client-x',
      sessionId: 's1',
      provider: 'daily',
    });
    expect(received[1]![1]).toBe(received[0]![1]);
  });

  it('emits { action, callClientId } without a payload and does nothing without handlers', () => {
    const call = new FakeDailyCall({ callClientId: 'c' });
    expect(() => call.emit('dialout-stopped')).not.toThrow();
    const handler = vi.fn();
    call.on('dialout-stopped', handler);
    call.emit('dialout-stopped');
    expect(handler).toHaveBeenCalledExactlyOnceWith({ action: 'dialout-stopped', callClientId: 'c' });
  });

  it('does not keep a reference to the payload object', () => {
    const call = new FakeDailyCall();
    const handler = vi.fn();
    call.on('dialout-stopped', handler);
    const payload = { sessionId: 's1' };
    call.emit('dialout-stopped', payload);
    expect(handler.mock.calls[0]![0]).not.toBe(payload);
  });

  it('emitRaw delivers the value exactly as given', () => {
    const call = new FakeDailyCall();
    const handler = vi.fn();
    call.on('dialout-error', handler);
    const arr = [1, 2];
    call.emitRaw('dialout-error', 'a string');
    call.emitRaw('dialout-error', null);
    call.emitRaw('dialout-error', undefined);
    call.emitRaw('dialout-error', arr);
    expect(handler.mock.calls).toEqual([['a string'], [null], [undefined], [arr]]);
    expect(handler.mock.calls[3]![0]).toBe(arr);
  });

  it('uses a snapshot of the handlers for each emit', () => {
    const call = new FakeDailyCall();
    const late = vi.fn();
    const second = vi.fn();
    const first = vi.fn(() => {
      call.on('dialout-warning', late);
      call.off('dialout-warning', second);
    });
    call.on('dialout-warning', first);
    call.on('dialout-warning', second);
    call.emit('dialout-warning', { errorMsg: 'w' });
    expect(second).toHaveBeenCalledTimes(1);
    expect(late).not.toHaveBeenCalled();
    call.emit('dialout-warning', { errorMsg: 'w' });
    expect(second).toHaveBeenCalledTimes(1);
    expect(late).toHaveBeenCalledTimes(1);
  });

  it('rethrows a handler error and skips later handlers', () => {
    const call = new FakeDailyCall();
    const later = vi.fn();
    call.on('dialout-error', () => {
      throw new Error('boom');
    });
    call.on('dialout-error', later);
    expect(() => call.emit('dialout-error', { errorMsg: 'x' })).toThrow('boom');
    expect(later).not.toHaveBeenCalled();
  });
});

describe('FakeDailyCall: recording and settling', () => {
  it('records start calls and settles the oldest unsettled first', async () => {
    const call = new FakeDailyCall();
    const p1 = track(call.startDialOut({ phoneNumber: '+15555550101' }));
    const p2 = track(call.startDialOut({ sipUri: 'sip:bob@example.com' }));
    const p3 = track(call.startDialOut({ phoneNumber: '+15555550103' }));
    expect(call.startCalls.map((c) => c.args)).toEqual([
      { phoneNumber: '+15555550101' },
      { sipUri: 'sip:bob@example.com' },
      { phoneNumber: '+15555550103' },
    ]);
    await flush();
    expect([p1.state, p2.state, p3.state]).toEqual(['pending', 'pending', 'pending']);

    // settle the middle one directly; resolveStart then skips it
    call.startCalls[1]!.reject('NOT_ALLOWED');
    const first = call.resolveStart('s1');
    expect(first).toBe(call.startCalls[0]);
    const third = call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    expect(third).toBe(call.startCalls[2]);
    await flush();

    expect(p1).toEqual({ state: 'resolved', value: { session: { sessionId: 's1' } } });
    expect(p2).toEqual({ state: 'rejected', reason: 'NOT_ALLOWED' });
    expect(p3).toEqual({ state: 'rejected', reason: 'TEMPORARILY_NOT_AVAILABLE' });
    expect(call.startCalls.map((c) => c.status)).toEqual(['resolved', 'rejected', 'rejected']);
    expect(call.startCalls.every((c) => c.settled)).toBe(true);
  });

  it('resolveStart with null or no argument resolves {}', async () => {
    const call = new FakeDailyCall();
    const a = call.startDialOut(PHONE);
    const b = call.startDialOut(PHONE);
    call.resolveStart();
    call.resolveStart(null);
    await expect(a).resolves.toEqual({});
    await expect(b).resolves.toEqual({});
    expect(call.dialOutSessionIds).toEqual([]);
  });

  it('records stop and DTMF calls and settles them oldest first', async () => {
    const call = new FakeDailyCall();
    const s1 = track(call.stopDialOut({ sessionId: 'a' }));
    const s2 = track(call.stopDialOut({ sessionId: 'b' }));
    const d1 = track(call.sendDTMF({ sessionId: 'a', tones: '1' }));
    const d2 = track(call.sendDTMF({ sessionId: 'a', tones: '2', method: 'sip-info' }));

    expect(call.resolveStop().args).toEqual({ sessionId: 'a' });
    expect(call.rejectStop('gone').args).toEqual({ sessionId: 'b' });
    expect(call.rejectDTMF(new Error('nope')).args).toEqual({ sessionId: 'a', tones: '1' });
    expect(call.resolveDTMF().args).toEqual({ sessionId: 'a', tones: '2', method: 'sip-info' });
    await flush();

    expect(s1).toEqual({ state: 'resolved', value: undefined });
    expect(s2).toEqual({ state: 'rejected', reason: 'gone' });
    expect(d1.state).toBe('rejected');
    expect(d1.reason).toEqual(new Error('nope'));
    expect(d2).toEqual({ state: 'resolved', value: undefined });
  });

  it('ignores a second settlement of the same call', async () => {
    const call = new FakeDailyCall();
    const p = track(call.startDialOut(PHONE));
    const pending = call.startCalls[0]!;
    pending.resolve({ session: { sessionId: 'first' } });
    expect(() => pending.reject('NOT_ALLOWED')).not.toThrow();
    expect(() => pending.resolve({ session: { sessionId: 'second' } })).not.toThrow();
    await flush();
    expect(p).toEqual({ state: 'resolved', value: { session: { sessionId: 'first' } } });
    expect(pending.status).toBe('resolved');
    expect(call.dialOutSessionIds).toEqual(['first']);

    const q = track(call.stopDialOut({ sessionId: 'first' }));
    const stop = call.rejectStop('x');
    stop.resolve();
    await flush();
    expect(q).toEqual({ state: 'rejected', reason: 'x' });
    expect(stop.status).toBe('rejected');
  });

  it('throws a clear error when nothing is pending', () => {
    const call = new FakeDailyCall();
    expect(() => call.resolveStart('s1')).toThrow(
      /FakeDailyCall\.resolveStart\(\): no pending startDialOut\(\) call to settle \(0 recorded/,
    );
    void call.startDialOut(PHONE);
    call.resolveStart('s1');
    expect(() => call.rejectStart('NOT_ALLOWED')).toThrow(/rejectStart\(\).*\(1 recorded, all settled\)/);
    expect(() => call.resolveStop()).toThrow(/resolveStop\(\): no pending stopDialOut\(\)/);
    expect(() => call.rejectStop('x')).toThrow(/rejectStop\(\): no pending stopDialOut\(\)/);
    expect(() => call.resolveDTMF()).toThrow(/resolveDTMF\(\): no pending sendDTMF\(\)/);
    expect(() => call.rejectDTMF('x')).toThrow(/rejectDTMF\(\): no pending sendDTMF\(\)/);
  });

  it('records dialOutSessionIds however a start was resolved, in order', async () => {
    const call = new FakeDailyCall();
    void call.startDialOut(PHONE);
    void call.startDialOut(PHONE);
    void call.startDialOut(PHONE);
    call.resolveStart('x');
    call.startCalls[1]!.resolve({ session: { sessionId: 'y' } });
    call.resolveStart(null);
    call.autoRespond({ start: 'resolve' });
    await call.startDialOut(PHONE);
    expect(call.dialOutSessionIds).toEqual(['x', 'y', 'fake-session-1']);
  });

  it('stores args as frozen deep copies', () => {
    const call = new FakeDailyCall();
    const options = {
      phoneNumber: '+15555550100',
      codecs: { audio: ['OPUS' as const] },
      permissions: { canReceive: { base: false } },
    };
    void call.startDialOut(options);
    const stopOptions = { sessionId: 'a' };
    void call.stopDialOut(stopOptions);
    const dtmfOptions = { sessionId: 'a', tones: '12' };
    void call.sendDTMF(dtmfOptions);

    options.phoneNumber = '+15555559999';
    options.codecs.audio.push('PCMU' as never);
    options.permissions.canReceive.base = true;
    stopOptions.sessionId = 'changed';
    dtmfOptions.tones = '99';

    const args = call.startCalls[0]!.args as typeof options;
    expect(args).toEqual({
      phoneNumber: '+15555550100',
      codecs: { audio: ['OPUS'] },
      permissions: { canReceive: { base: false } },
    });
    expect(args).not.toBe(options);
    expect(Object.isFrozen(args)).toBe(true);
    expect(Object.isFrozen(args.codecs.audio)).toBe(true);
    expect(call.stopCalls[0]!.args).toEqual({ sessionId: 'a' });
    expect(call.dtmfCalls[0]!.args).toEqual({ sessionId: 'a', tones: '12' });
  });

  it('copies cyclic and non-plain values without failing', () => {
    const call = new FakeDailyCall();
    const cyclic: Record<string, unknown> = { phoneNumber: '+15555550100' };
    cyclic['self'] = cyclic;
    const date = new Date(0);
    cyclic['when'] = date;
    void call.startDialOut(cyclic as DailyStartDialoutOptions);
    const args = call.startCalls[0]!.args as Record<string, unknown>;
    expect(args).not.toBe(cyclic);
    expect(args['self']).toBe(args);
    expect(args['when']).toBe(date);
  });

  it('returns copies of the recorded lists', () => {
    const call = new FakeDailyCall();
    void call.startDialOut(PHONE);
    const list = call.startCalls as PendingStartCall[];
    list.pop();
    expect(call.startCalls).toHaveLength(1);
  });
});

describe('FakeDailyCall: meeting state checks (daily-js 0.92.2)', () => {
  it.each(['new', 'loading', 'loaded', 'joining-meeting', 'left-meeting', 'error'] as const)(
    'in %s: startDialOut/sendDTMF reject, stopDialOut throws synchronously, nothing recorded',
    async (state) => {
      const call = new FakeDailyCall({ meetingState: state });
      const start = call.startDialOut(PHONE);
      const dtmf = call.sendDTMF({ sessionId: 's', tones: '1' });
      expect(start).toBeInstanceOf(Promise);
      await expect(start).rejects.toThrow(new Error('startDialOut() only supported after join.'));
      await expect(dtmf).rejects.toThrow(new Error('sendDTMF() only supported after join.'));
      expect(() => call.stopDialOut({ sessionId: 's' })).toThrow(
        new Error('stopDialOut() only supported after join.'),
      );
      expect(call.startCalls).toEqual([]);
      expect(call.stopCalls).toEqual([]);
      expect(call.dtmfCalls).toEqual([]);
    },
  );

  it('rejects with an Error instance whose message matches daily-js exactly', async () => {
    const call = new FakeDailyCall({ meetingState: 'left-meeting' });
    const reason = await call.startDialOut(PHONE).catch((e: unknown) => e);
    expect(reason).toBeInstanceOf(Error);
    expect((reason as Error).message).toBe('startDialOut() only supported after join.');
  });

  it('accepts calls again after setMeetingState("joined-meeting")', () => {
    const call = new FakeDailyCall({ meetingState: 'joining-meeting' });
    call.setMeetingState('joined-meeting');
    void call.startDialOut(PHONE);
    expect(call.startCalls).toHaveLength(1);
  });

  it('does not auto-settle refused calls', async () => {
    const call = new FakeDailyCall({ meetingState: 'new' });
    call.autoRespond({ start: 'resolve' });
    await expect(call.startDialOut(PHONE)).rejects.toThrow('only supported after join.');
    expect(call.dialOutSessionIds).toEqual([]);
  });
});

describe('FakeDailyCall: leave / destroy', () => {
  it('leave sets left-meeting before emitting left-meeting', () => {
    const call = new FakeDailyCall({ callClientId: 'c' });
    const seen: unknown[] = [];
    call.on('left-meeting', (e) => seen.push([e, call.meetingState()]));
    call.leave();
    expect(seen).toEqual([[{ action: 'left-meeting', callClientId: 'c' }, 'left-meeting']]);
    expect(call.meetingState()).toBe('left-meeting');
  });

  it('leave does nothing when already left or in error (as daily-js)', () => {
    const call = new FakeDailyCall({ meetingState: 'error' });
    const handler = vi.fn();
    call.on('left-meeting', handler);
    call.leave();
    expect(call.meetingState()).toBe('error');
    call.setMeetingState('left-meeting');
    call.leave();
    expect(handler).not.toHaveBeenCalled();
  });

  it('leave keeps pending calls pending', async () => {
    const call = new FakeDailyCall();
    const p = track(call.startDialOut(PHONE));
    call.leave();
    await flush();
    expect(p.state).toBe('pending');
    expect(call.startCalls[0]!.settled).toBe(false);
  });

  it('destroy emits left-meeting then call-instance-destroyed when joined', () => {
    const call = new FakeDailyCall({ callClientId: 'c' });
    const events: unknown[] = [];
    call.on('left-meeting', (e) => events.push(e));
    call.on('call-instance-destroyed', (e) => events.push(e));
    call.destroy();
    expect(events).toEqual([
      { action: 'left-meeting', callClientId: 'c' },
      { action: 'call-instance-destroyed', callClientId: 'c' },
    ]);
    expect(call.meetingState()).toBe('left-meeting');
    expect(call.isDestroyed()).toBe(true);
  });

  it('destroy after leave emits only call-instance-destroyed; a second destroy does nothing', () => {
    const call = new FakeDailyCall();
    call.leave();
    const order: string[] = [];
    call.on('left-meeting', () => order.push('left'));
    call.on('call-instance-destroyed', () => order.push('destroyed'));
    call.destroy();
    call.destroy();
    expect(order).toEqual(['destroyed']);
  });

  it('after destroy, dial-out methods fail with a destroyed error even when re-joined', async () => {
    const call = new FakeDailyCall();
    call.destroy();
    call.setMeetingState('joined-meeting');
    await expect(call.startDialOut(PHONE)).rejects.toThrow(
      'startDialOut() only supported after join. This call object was destroyed.',
    );
    await expect(call.sendDTMF({ sessionId: 's', tones: '1' })).rejects.toThrow(/sendDTMF\(\).*destroyed/);
    expect(() => call.stopDialOut({ sessionId: 's' })).toThrow(/stopDialOut\(\).*destroyed/);
    expect(call.startCalls).toEqual([]);
  });
});

describe('FakeDailyCall: autoRespond', () => {
  it("start 'resolve' hands out fresh unique sessionIds synchronously", async () => {
    const call = new FakeDailyCall();
    call.autoRespond({ start: 'resolve', stop: 'resolve', dtmf: 'resolve' });
    const a = call.startDialOut(PHONE);
    expect(call.startCalls[0]!.status).toBe('resolved');
    await expect(a).resolves.toEqual({ session: { sessionId: 'fake-session-1' } });
    await expect(call.startDialOut(PHONE)).resolves.toEqual({ session: { sessionId: 'fake-session-2' } });
    await expect(call.stopDialOut({ sessionId: 'fake-session-1' })).resolves.toBeUndefined();
    await expect(call.sendDTMF({ sessionId: 'fake-session-2', tones: '5' })).resolves.toBeUndefined();
    expect(call.stopCalls).toHaveLength(1);
    expect(call.dtmfCalls).toHaveLength(1);
    expect(call.dialOutSessionIds).toEqual(['fake-session-1', 'fake-session-2']);
  });

  it('skips generated ids that were already handed out', async () => {
    const call = new FakeDailyCall();
    void call.startDialOut(PHONE);
    call.resolveStart('fake-session-1');
    call.autoRespond({ start: 'resolve' });
    await expect(call.startDialOut(PHONE)).resolves.toEqual({ session: { sessionId: 'fake-session-2' } });
  });

  it('start function receives the copied args; sync, async and throwing forms', async () => {
    const call = new FakeDailyCall();
    const responder = vi.fn((args: DailyStartDialoutOptions) => {
      if ('sipUri' in args) return Promise.reject('NOT_ALLOWED');
      if ('displayName' in args) throw new Error('sync failure');
      if ('phoneNumber' in args && args.phoneNumber === '+1') return Promise.resolve({ session: { sessionId: 'async' } });
      return { session: { sessionId: 'sync' } };
    });
    call.autoRespond({ start: responder });

    await expect(call.startDialOut({ phoneNumber: '+2' })).resolves.toEqual({ session: { sessionId: 'sync' } });
    await expect(call.startDialOut({ phoneNumber: '+1' })).resolves.toEqual({ session: { sessionId: 'async' } });
    await expect(call.startDialOut({ sipUri: 'sip:x@example.com' })).rejects.toBe('NOT_ALLOWED');
    await expect(call.startDialOut({ displayName: 'd' })).rejects.toThrow('sync failure');
    expect(responder.mock.calls[0]![0]).toBe(call.startCalls[0]!.args);
    expect(call.dialOutSessionIds).toEqual(['sync', 'async']);
  });

  it('{ reject } rejects at once', async () => {
    const call = new FakeDailyCall();
    call.autoRespond({ start: { reject: 'DIALOUT_IN_PROGRESS' }, stop: { reject: 'x' }, dtmf: { reject: 'y' } });
    await expect(call.startDialOut(PHONE)).rejects.toBe('DIALOUT_IN_PROGRESS');
    await expect(call.stopDialOut({ sessionId: 's' })).rejects.toBe('x');
    await expect(call.sendDTMF({ sessionId: 's', tones: '1' })).rejects.toBe('y');
  });

  it('replaces the previous config, leaves pending calls alone, and {} turns it off', async () => {
    const call = new FakeDailyCall();
    const pending = track(call.startDialOut(PHONE));
    call.autoRespond({ start: 'resolve', stop: 'resolve' });
    await flush();
    expect(pending.state).toBe('pending');

    call.autoRespond({ stop: 'resolve' });
    const manual = track(call.startDialOut(PHONE));
    await flush();
    expect(manual.state).toBe('pending');

    call.autoRespond({});
    const stop = track(call.stopDialOut({ sessionId: 's' }));
    await flush();
    expect(stop.state).toBe('pending');
    expect(call.startCalls.map((c) => c.settled)).toEqual([false, false]);
  });

  it('a manual settle wins over a slower async responder', async () => {
    const call = new FakeDailyCall();
    let release!: (value: { session: { sessionId: string } }) => void;
    call.autoRespond({ start: () => new Promise((resolve) => (release = resolve)) });
    const p = track(call.startDialOut(PHONE));
    call.rejectStart('TEMPORARILY_NOT_AVAILABLE');
    release({ session: { sessionId: 'late' } });
    await flush();
    expect(p).toEqual({ state: 'rejected', reason: 'TEMPORARILY_NOT_AVAILABLE' });
    expect(call.dialOutSessionIds).toEqual([]);
  });
});

describe('FakeDailyCall: sipCallTransfer / sipRefer (daily-js 0.92.2)', () => {
  it('are typed as daily-js methods and satisfy DailyCallLike', () => {
    expectTypeOf<FakeDailyCall['sipCallTransfer']>().toExtend<DailyCall['sipCallTransfer']>();
    expectTypeOf<FakeDailyCall['sipRefer']>().toExtend<DailyCall['sipRefer']>();
    expectTypeOf<FakeDailyCall['transferCalls']>().toEqualTypeOf<readonly PendingTransferCall[]>();
    const call: DailyCallLike = new FakeDailyCall();
    expect(typeof call.sipCallTransfer).toBe('function');
    expect(typeof call.sipRefer).toBe('function');
  });

  it('write useSipRefer into the given object as daily-js does, and record a copy of it with the method', async () => {
    const call = new FakeDailyCall();
    const transfer: DailySipCallTransferOptions = { sessionId: 's1', toEndPoint: '+15555550123', callerId: 'cid', extension: '42' };
    const refer = { sessionId: 's1', toEndPoint: 'sip:carol@example.com' };
    const t = track(call.sipCallTransfer(transfer));
    const r = track(call.sipRefer(refer));

    expect(transfer).toEqual({ sessionId: 's1', toEndPoint: '+15555550123', callerId: 'cid', extension: '42', useSipRefer: false });
    expect(refer).toEqual({ sessionId: 's1', toEndPoint: 'sip:carol@example.com', useSipRefer: true });
    expect(call.transferCalls.map((c) => [c.method, c.args, c.status])).toEqual([
      ['transfer', { sessionId: 's1', toEndPoint: '+15555550123', callerId: 'cid', extension: '42', useSipRefer: false }, 'pending'],
      ['refer', { sessionId: 's1', toEndPoint: 'sip:carol@example.com', useSipRefer: true }, 'pending'],
    ]);
    const [first] = call.transferCalls;
    expect(first?.args).not.toBe(transfer); // a copy
    expect(Object.isFrozen(first?.args)).toBe(true);
    transfer.toEndPoint = '+15555550999';
    expect(first?.args.toEndPoint).toBe('+15555550123');
    await flush();
    expect([t.state, r.state]).toEqual(['pending', 'pending']);
  });

  it('lets a test prove that the code under test handed over a fresh object', () => {
    const call = new FakeDailyCall();
    const mine = Object.freeze({ sessionId: 's1', toEndPoint: 'sip:carol@example.com' });
    void call.sipRefer({ ...mine });
    expect(mine).not.toHaveProperty('useSipRefer');
    expect(call.transferCalls[0]?.args.useSipRefer).toBe(true);
  });

  it('resolveTransfer / rejectTransfer settle the oldest unsettled call of either method', async () => {
    const call = new FakeDailyCall();
    const a = track(call.sipCallTransfer({ sessionId: 'a', toEndPoint: '+15555550123' }));
    const b = track(call.sipRefer({ sessionId: 'b', toEndPoint: 'sip:b@example.com' }));
    const c = track(call.sipCallTransfer({ sessionId: 'c', toEndPoint: 'sip:c@example.com' }));

    call.transferCalls[1]!.reject('handled elsewhere');
    const first = call.resolveTransfer();
    expect(first).toBe(call.transferCalls[0]);
    expect(first.method).toBe('transfer');
    const third = call.rejectTransfer(new Error('SIP 486'));
    expect(third.args.sessionId).toBe('c');
    await flush();

    expect(a).toEqual({ state: 'resolved', value: undefined });
    expect(b).toEqual({ state: 'rejected', reason: 'handled elsewhere' });
    expect(c.state).toBe('rejected');
    expect(c.reason).toEqual(new Error('SIP 486'));
    expect(call.transferCalls.map((t) => t.status)).toEqual(['resolved', 'rejected', 'rejected']);
    expect(() => call.resolveTransfer()).toThrow(
      /FakeDailyCall\.resolveTransfer\(\): no pending sipCallTransfer\(\) \/ sipRefer\(\) call to settle \(3 recorded, all settled\)/,
    );
    expect(() => call.rejectTransfer('x')).toThrow(/rejectTransfer\(\): no pending/);
  });

  it.each(['new', 'joining-meeting', 'left-meeting', 'error'] as const)(
    'in %s: reject with daily-js messages, leave the object untouched, record nothing',
    async (state) => {
      const call = new FakeDailyCall({ meetingState: state });
      call.autoRespond({ transfer: 'resolve' });
      const options = { sessionId: 's', toEndPoint: 'sip:x@example.com' };
      const transfer = call.sipCallTransfer(options);
      const refer = call.sipRefer(options);
      expect(transfer).toBeInstanceOf(Promise);
      await expect(transfer).rejects.toThrow(new Error('sipCallTransfer() only supported after join.'));
      await expect(refer).rejects.toThrow(new Error('sipRefer() only supported after join.'));
      expect(options).not.toHaveProperty('useSipRefer');
      expect(call.transferCalls).toEqual([]);
    },
  );

  it('after destroy: reject with the destroyed message', async () => {
    const call = new FakeDailyCall();
    call.destroy();
    call.setMeetingState('joined-meeting');
    await expect(call.sipCallTransfer({ sessionId: 's', toEndPoint: '+1' })).rejects.toThrow(
      'sipCallTransfer() only supported after join. This call object was destroyed.',
    );
    await expect(call.sipRefer({ sessionId: 's', toEndPoint: 'sip:x@example.com' })).rejects.toThrow(
      'sipRefer() only supported after join. This call object was destroyed.',
    );
  });

  it('without options, or with a frozen object, reject as daily-js does (never throw)', async () => {
    const call = new FakeDailyCall();
    await expect(call.sipCallTransfer(undefined as never)).rejects.toThrow(
      new Error('sipCallTransfer() requires a sessionId and toEndPoint'),
    );
    await expect(call.sipRefer(undefined as never)).rejects.toThrow(new Error('sessionId and toEndPoint are mandatory parameter'));
    const frozen = Object.freeze({ sessionId: 's', toEndPoint: 'sip:x@example.com' });
    await expect(call.sipRefer(frozen)).rejects.toBeInstanceOf(TypeError);
    expect(call.transferCalls).toEqual([]);
  });

  it("autoRespond's transfer settles both methods; a function tells them apart by useSipRefer", async () => {
    const call = new FakeDailyCall();
    call.autoRespond({ transfer: 'resolve' });
    await expect(call.sipCallTransfer({ sessionId: 's', toEndPoint: '+15555550123' })).resolves.toBeUndefined();
    await expect(call.sipRefer({ sessionId: 's', toEndPoint: 'sip:x@example.com' })).resolves.toBeUndefined();

    call.autoRespond({ transfer: { reject: 'NOT_ALLOWED' } });
    await expect(call.sipRefer({ sessionId: 's', toEndPoint: 'sip:x@example.com' })).rejects.toBe('NOT_ALLOWED');

    const responder = vi.fn((args: TransferCallArgs) => (args.useSipRefer ? Promise.reject(new Error('REFER refused')) : undefined));
    call.autoRespond({ transfer: responder });
    await expect(call.sipCallTransfer({ sessionId: 's', toEndPoint: '+15555550123' })).resolves.toBeUndefined();
    await expect(call.sipRefer({ sessionId: 's', toEndPoint: 'sip:x@example.com' })).rejects.toThrow('REFER refused');
    expect(responder.mock.calls.map(([args]) => args.useSipRefer)).toEqual([false, true]);
    expect(responder.mock.calls[0]![0]).toBe(call.transferCalls[3]!.args);

    call.autoRespond({ start: 'resolve' }); // no transfer entry: pending again
    const pending = track(call.sipCallTransfer({ sessionId: 's', toEndPoint: '+15555550123' }));
    await flush();
    expect(pending.state).toBe('pending');
    expect(call.transferCalls.map((t) => t.status)).toEqual(['resolved', 'resolved', 'rejected', 'resolved', 'rejected', 'pending']);
    // the other recorded lists are untouched
    expect([call.startCalls, call.stopCalls, call.dtmfCalls]).toEqual([[], [], []]);
  });

  it('returns a copy of the list', () => {
    const call = new FakeDailyCall();
    void call.sipRefer({ sessionId: 's', toEndPoint: 'sip:x@example.com' });
    const list = call.transferCalls as PendingTransferCall[];
    list.pop();
    expect(call.transferCalls).toHaveLength(1);
  });
});

describe('dialOutEvent', () => {
  it('fills provider and sipCallId for connected and answered', () => {
    expect(dialOutEvent('dialout-connected', { sessionId: 's1' })).toEqual({
      action: 'dialout-connected',
      provider: 'signalwire',
      sipCallId: 'fake-sip-call-s1',
      sessionId: 's1',
    });
    expect(dialOutEvent('dialout-answered', { sessionId: 's2', userId: 'u' })).toEqual({
      action: 'dialout-answered',
      provider: 'signalwire',
      sipCallId: 'fake-sip-call-s2',
      sessionId: 's2',
      userId: 'u',
    });
  });

  it('fills only provider for stopped, error and warning', () => {
    expect(dialOutEvent('dialout-stopped', { sessionId: 's1' })).toEqual({
      action: 'dialout-stopped',
      provider: 'signalwire',
      sessionId: 's1',
    });
    expect(dialOutEvent('dialout-error', { errorMsg: 'busy', sessionId: 's1' })).toEqual({
      action: 'dialout-error',
      provider: 'signalwire',
      errorMsg: 'busy',
      sessionId: 's1',
    });
    expect(dialOutEvent('dialout-warning', { errorMsg: 'codec' })).toEqual({
      action: 'dialout-warning',
      provider: 'signalwire',
      errorMsg: 'codec',
    });
  });

  it('lets fields override defaults and drops fields given as undefined', () => {
    const event = dialOutEvent('dialout-connected', {
      sessionId: 's1',
      provider: 'daily',
      sipCallId: undefined,
      callerId: '+15555550000',
    });
    expect(event).toEqual({ action: 'dialout-connected', provider: 'daily', sessionId: 's1', callerId: '+15555550000' });
    expect('sipCallId' in event).toBe(false);
    expect(dialOutEvent('dialout-answered', { sessionId: 's1', sipCallId: 'abc@host' }).sipCallId).toBe('abc@host');
  });

  it('is pure: a new object each time, input untouched', () => {
    const fields = { sessionId: 's1' };
    const a = dialOutEvent('dialout-connected', fields);
    const b = dialOutEvent('dialout-connected', fields);
    expect(a).not.toBe(b);
    expect(a).toEqual(b);
    expect(fields).toEqual({ sessionId: 's1' });
  });

  it('works with emit to produce a full daily-js event object', () => {
    const call = new FakeDailyCall({ callClientId: 'c' });
    const handler = vi.fn();
    call.on('dialout-connected', handler);
    call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 's1' }));
    const expected: DailyEventObjectDialOutConnected = {
      action: 'dialout-connected',
      callClientId: 'c',
      provider: 'signalwire',
      sipCallId: 'fake-sip-call-s1',
      sessionId: 's1',
    };
    expect(handler).toHaveBeenCalledExactlyOnceWith(expected);
  });

  it('requires the event-specific fields at compile time', () => {
    // @ts-expect-error sessionId is required for dialout-connected
    const missingSession = dialOutEvent('dialout-connected', {});
    // @ts-expect-error errorMsg is required for dialout-error
    const missingMsg = dialOutEvent('dialout-error', { sessionId: 's' });
    expect(missingSession).toEqual({ action: 'dialout-connected', provider: 'signalwire' });
    expect(missingMsg).toEqual({ action: 'dialout-error', provider: 'signalwire', sessionId: 's' });
  });
});

describe('FakeDailyCall: startDialIn (daily-js 0.92.2)', () => {
  it('is typed as the daily-js method', () => {
    expectTypeOf<FakeDailyCall['startDialIn']>().toExtend<DailyCall['startDialIn']>();
    expectTypeOf<FakeDailyCall['dialInCalls']>().toEqualTypeOf<readonly PendingDialInCall[]>();
  });

  it("records a frozen copy, leaves the caller's object alone, and stays pending until settled", async () => {
    const call = new FakeDailyCall();
    const options: DailyStartDialinOptions = { displayName: 'Front desk', userId: 'desk-1', codecs: { audio: ['OPUS'] } };
    const promise = track(call.startDialIn(options));

    expect(options).toEqual({ displayName: 'Front desk', userId: 'desk-1', codecs: { audio: ['OPUS'] } });
    expect(call.dialInCalls.map((c) => [c.args, c.status])).toEqual([[options, 'pending']]);
    const [first] = call.dialInCalls;
    expect(first?.args).not.toBe(options);
    expect(Object.isFrozen(first?.args)).toBe(true);
    expect(Object.isFrozen(first?.args.codecs)).toBe(true);
    options.displayName = 'Changed';
    expect(first?.args.displayName).toBe('Front desk');
    await flush();
    expect(promise.state).toBe('pending');

    expect(call.resolveDialIn()).toBe(first);
    await flush();
    expect(promise).toEqual({ state: 'resolved', value: undefined });
    expect(first?.status).toBe('resolved');
  });

  it('resolveDialIn / rejectDialIn settle the oldest unsettled call and throw when none is pending', async () => {
    const call = new FakeDailyCall();
    const a = track(call.startDialIn({ displayName: 'A' }));
    const b = track(call.startDialIn({ displayName: 'B' }));
    call.rejectDialIn('NOT_ALLOWED');
    call.resolveDialIn();
    await flush();
    expect([a.state, a.reason, b.state]).toEqual(['rejected', 'NOT_ALLOWED', 'resolved']);
    expect(() => call.resolveDialIn()).toThrow(/no pending startDialIn\(\) call to settle \(2 recorded, all settled\)/);
    expect(() => call.rejectDialIn('x')).toThrow(/FakeDailyCall.rejectDialIn\(\)/);
  });

  it("rejects (never throws) with daily-js's messages when not joined, destroyed, or given no object; nothing recorded", async () => {
    const call = new FakeDailyCall({ meetingState: 'joining-meeting' });
    await expect(call.startDialIn({ displayName: 'A' })).rejects.toThrow(/^startDialIn\(\) only supported after join\.$/);
    call.setMeetingState('joined-meeting');
    await expect(call.startDialIn(undefined as never)).rejects.toThrow('Error starting dial in: args must be an object');
    await expect(call.startDialIn('x' as never)).rejects.toThrow('Error starting dial in: args must be an object');
    call.destroy();
    await expect(call.startDialIn({ displayName: 'A' })).rejects.toThrow(
      'startDialIn() only supported after join. This call object was destroyed.',
    );
    expect(call.dialInCalls).toEqual([]);
  });

  it("autoRespond's dialIn settles it: 'resolve', { reject }, and a function given the copied args", async () => {
    const call = new FakeDailyCall();
    call.autoRespond({ dialIn: 'resolve' });
    await expect(call.startDialIn({ displayName: 'A' })).resolves.toBeUndefined();
    call.autoRespond({ dialIn: { reject: 'DIALIN_DISABLED' } });
    await expect(call.startDialIn({ displayName: 'B' })).rejects.toBe('DIALIN_DISABLED');
    const seen: DailyStartDialinOptions[] = [];
    call.autoRespond({
      dialIn: (args) => {
        seen.push(args);
        return Promise.resolve();
      },
    });
    await expect(call.startDialIn({ displayName: 'C', provider: 'daily' })).resolves.toBeUndefined();
    expect(seen).toEqual([{ displayName: 'C', provider: 'daily' }]);
    expect(call.dialInCalls.map((c) => c.status)).toEqual(['resolved', 'rejected', 'resolved']);
    // other methods are not affected
    const start = track(call.startDialOut(PHONE));
    await flush();
    expect(start.state).toBe('pending');
  });

  it('returns a copy of the list', () => {
    const call = new FakeDailyCall();
    void call.startDialIn({ displayName: 'A' });
    const list = call.dialInCalls as PendingDialInCall[];
    list.pop();
    expect(call.dialInCalls).toHaveLength(1);
  });
});

describe('FakeDailyCall: updateParticipant (daily-js 0.92.2)', () => {
  it('is typed as the daily-js method and returns the call object', () => {
    expectTypeOf<FakeDailyCall['updateParticipant']>().toExtend<DailyCall['updateParticipant']>();
    expectTypeOf<FakeDailyCall['participantUpdates']>().toEqualTypeOf<readonly FakeParticipantUpdate[]>();
    const call = new FakeDailyCall();
    expect(call.updateParticipant('s1', { eject: true })).toBe(call);
  });

  it('records a frozen copy with the meeting state, whatever the state; emits nothing', () => {
    const call = new FakeDailyCall();
    const handler = vi.fn();
    call.on('participant-left', handler);
    const updates = { setAudio: false, updatePermissions: { canSend: ['audio'] } } as DailyParticipantUpdateOptions;
    call.updateParticipant('dial-in-1', { eject: true });
    call.updateParticipant('s2', updates);
    call.setMeetingState('left-meeting');
    call.updateParticipant('s3', { eject: true });

    expect(call.participantUpdates).toEqual([
      { sessionId: 'dial-in-1', updates: { eject: true }, meetingState: 'joined-meeting' },
      { sessionId: 's2', updates: { setAudio: false, updatePermissions: { canSend: ['audio'] } }, meetingState: 'joined-meeting' },
      { sessionId: 's3', updates: { eject: true }, meetingState: 'left-meeting' },
    ]);
    const second = call.participantUpdates[1];
    expect(second?.updates).not.toBe(updates);
    expect(Object.isFrozen(second)).toBe(true);
    expect(Object.isFrozen(second?.updates.updatePermissions)).toBe(true);
    expect(handler).not.toHaveBeenCalled();
    (call.participantUpdates as FakeParticipantUpdate[]).pop();
    expect(call.participantUpdates).toHaveLength(3);
  });

  it("throws daily-js's errors for an unknown property and after destroy; records nothing without an id or updates", () => {
    const call = new FakeDailyCall();
    expect(() => call.updateParticipant('s1', { ejct: true } as never)).toThrow('unrecognized updateParticipant property ejct');
    call.updateParticipant('', { eject: true });
    call.updateParticipant('s1', undefined as never);
    expect(call.participantUpdates).toEqual([]);
    call.destroy();
    expect(() => call.updateParticipant('s1', { eject: true })).toThrow('Use after destroy');
    expect(call.participantUpdates).toEqual([]);
  });
});

// Recovery after a reload or a late join (issue 11, item 4): from the room's participants, and from storage.
import { describe, expect, it, vi } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import type { DialOutStorage, DialOutWarning } from '../../src/index.js';
import { FakeDailyCall, type FakeParticipant } from '../../src/testing/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

const KEY = 'daily-dialout-machine:call';
/** A phone leg's participant as daily-js reports it (only the fields the manager reads; tracks abridged). */
const leg = (sessionId: string, state: 'playable' | 'loading' = 'playable', participantType: 'pstn-dial-out' | 'sip-dial-out' = 'pstn-dial-out') =>
  ({ session_id: sessionId, participantType, local: false, tracks: { audio: { state } } }) as unknown as FakeParticipant;

function memoryStorage(): DialOutStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

describe('recovery from the room', () => {
  it('gives every phone-leg participant without a session a recovered remote session in connected, without timers', async () => {
    vi.useFakeTimers();
    const call = new FakeDailyCall({
      participants: { local: { local: true, session_id: 'me' }, a: leg('P1'), b: leg('P2', 'loading', 'sip-dial-out'), web: { session_id: 'w' } },
    });
    const t = setup({}, call);
    const sessions = t.manager.getSnapshot().sessions;
    expect(sessions.map((s) => [s.sessionId, s.status, s.initiator, s.recovered, s.participant?.audio])).toEqual([
      ['P1', 'connected', 'remote', true, 'playable'],
      ['P2', 'connected', 'remote', true, 'loading'],
    ]);
    expect(vi.getTimerCount()).toBe(0);
    // later events move it on as usual; a leg that was in the room counts as answered
    t.call.emit('dialout-stopped', { sessionId: 'P2' });
    expect(t.manager.session('P2')?.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', recovered: true });
    t.call.emit('dialout-answered', { sessionId: 'P1' });
    expect(t.manager.session('P1')?.snapshot.status).toBe('answered');
    t.manager.dispose();
  });

  it('waits for joined-meeting when the call is not joined at creation', () => {
    const call = new FakeDailyCall({ meetingState: 'joining-meeting', participants: { a: leg('P1') } });
    const t = setup({}, call);
    expect(t.manager.getSnapshot().sessions).toEqual([]);
    call.setMeetingState('joined-meeting');
    call.emit('joined-meeting', {});
    expect(t.manager.getSnapshot().sessions.map((s) => s.sessionId)).toEqual(['P1']);
    t.manager.dispose();
  });

  it('after left-meeting and a new join, a detached session’s leg starts a new recovered session that takes the sessionId over', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.call.leave();
    expect(session.snapshot).toMatchObject({ status: 'stopped', outcome: 'detached' });
    t.call.setParticipants({ a: leg('S1') });
    t.call.setMeetingState('joined-meeting');
    t.call.emit('joined-meeting', {});
    const recovered = t.manager.session('S1');
    expect(recovered?.id).not.toBe(session.id);
    expect(recovered?.snapshot).toMatchObject({ status: 'connected', recovered: true, initiator: 'remote' });
    expect(session.snapshot.status).toBe('stopped');
    t.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(recovered?.snapshot.outcome).toBe('completed');
    t.manager.dispose();
  });

  it('with trackRemoteSessions: false, recovers nothing from the room', () => {
    const t = setup({ trackRemoteSessions: false }, new FakeDailyCall({ participants: { a: leg('P1') } }));
    expect(t.manager.getSnapshot().sessions).toEqual([]);
    t.manager.dispose();
  });

  it('survives participants() throwing or returning junk', () => {
    const throwing = new FakeDailyCall({ participants: () => { throw new Error('no'); } });
    expect(() => setup({}, throwing).manager.dispose()).not.toThrow();
    const junk = new FakeDailyCall({ participants: { a: null, b: 42, c: { participantType: 'pstn-dial-out' } } as never });
    const t = setup({}, junk);
    expect(t.manager.getSnapshot().sessions).toEqual([]);
    t.manager.dispose();
  });
});

describe('recovery from storage', () => {
  async function answeredBeforeReload(storage: DialOutStorage, options: { storeTargets?: boolean; at?: number } = {}) {
    const first = setup({ storage, ...(options.storeTargets !== undefined ? { storeTargets: options.storeTargets } : {}) });
    const session = first.manager.start({ phoneNumber: PHONE, displayName: 'Support' });
    first.call.resolveStart('S1');
    await flush();
    first.call.emit('dialout-connected', { sessionId: 'S1' });
    first.call.emit('dialout-answered', { sessionId: 'S1' });
    return { first, session };
  }

  it('keeps live local sessions, masks numbers by default, and restores them as they were after a reload', async () => {
    vi.useFakeTimers();
    const storage = memoryStorage();
    const { session } = await answeredBeforeReload(storage);
    const before = session.snapshot;
    const stored = JSON.parse(storage.data.get(KEY) ?? 'null');
    expect(stored).toMatchObject([{ id: session.id, sessionId: 'S1', status: 'answered', target: { kind: 'phone', phoneNumber: '…0100' } }]);
    // the page goes away without dispose(); a new call object and manager come up, joined, with the leg still in the room
    await vi.advanceTimersByTimeAsync(50_000);
    const call = new FakeDailyCall({ participants: { a: leg('S1') } });
    const t = setup({ storage, maxDurationMs: 60_000 }, call);
    const restored = t.manager.session('S1');
    expect(restored?.id).toBe(session.id);
    expect(restored?.snapshot).toMatchObject({
      status: 'answered',
      initiator: 'local',
      recovered: true,
      displayName: 'Support',
      createdAt: before.createdAt,
      connectedAt: before.connectedAt,
      answeredAt: before.answeredAt,
      attempt: 1,
      participant: { sessionId: 'S1', audio: 'playable' },
    });
    // answered 50 s ago with maxDurationMs 60 s: it stops 10 s after the reload
    await vi.advanceTimersByTimeAsync(9_999);
    expect(call.stopCalls).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(call.stopCalls.map((c) => c.args)).toEqual([{ sessionId: 'S1' }]);
    // a new local session does not reuse the restored id
    expect(t.manager.start({ phoneNumber: PHONE }).id).not.toBe(session.id);
    call.resolveStop();
    await flush();
    call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(restored?.snapshot).toMatchObject({ status: 'stopped', outcome: 'completed', endedBy: 'local' });
    expect(JSON.parse(storage.data.get(KEY) ?? '[]').map((s: { id: string }) => s.id)).not.toContain(session.id);
    t.manager.dispose();
  });

  it('stores targets as they are with storeTargets: true', async () => {
    const storage = memoryStorage();
    const { first } = await answeredBeforeReload(storage, { storeTargets: true });
    expect(JSON.parse(storage.data.get(KEY) ?? 'null')[0].target).toEqual({ kind: 'phone', phoneNumber: PHONE });
    first.manager.dispose();
  });

  it('ends a restored session whose participant is gone: stopped, detached, recovered, and out of storage', async () => {
    const storage = memoryStorage();
    await answeredBeforeReload(storage);
    const t = setup({ storage }, new FakeDailyCall({ participants: {} }));
    expect(t.manager.getSnapshot().sessions).toMatchObject([{ status: 'stopped', outcome: 'detached', recovered: true, endedBy: 'system' }]);
    expect(storage.data.has(KEY)).toBe(false);
    t.manager.dispose();
  });

  it('keeps a session detached by dispose() or left-meeting in storage; removes one that ended', async () => {
    const storage = memoryStorage();
    const { first } = await answeredBeforeReload(storage);
    first.manager.dispose();
    expect(JSON.parse(storage.data.get(KEY) ?? '[]')).toHaveLength(1);
    const second = setup({ storage }, new FakeDailyCall({ participants: { a: leg('S1') } }));
    second.call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(storage.data.has(KEY)).toBe(false);
    second.manager.dispose();
  });

  it('ignores a corrupt or foreign entry, reports it once on warnings$ after creation, and never throws', async () => {
    const storage = memoryStorage();
    storage.data.set(KEY, '{"not":"ours"}');
    const call = new FakeDailyCall();
    const manager = createDialOutManager(call, { storage });
    const warnings: DialOutWarning[] = [];
    manager.warnings$.subscribe((w) => warnings.push(w));
    await flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.message).toMatch(/^Stored dial-out sessions ignored: /);
    expect(manager.getSnapshot().sessions).toEqual([]);
    manager.dispose();
  });

  it('restores at the next joined-meeting when the call is not joined at creation', async () => {
    const storage = memoryStorage();
    await answeredBeforeReload(storage);
    const call = new FakeDailyCall({ meetingState: 'new', participants: { a: leg('S1') } });
    const t = setup({ storage }, call);
    expect(t.manager.getSnapshot().sessions).toEqual([]);
    call.setMeetingState('joined-meeting');
    call.emit('joined-meeting', {});
    expect(t.manager.getSnapshot().sessions).toMatchObject([{ sessionId: 'S1', status: 'answered', initiator: 'local', recovered: true }]);
    t.manager.dispose();
  });

  it('a throwing storage never breaks the manager', async () => {
    const broken: DialOutStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {
        throw new Error('SecurityError');
      },
    };
    const t = setup({ storage: broken });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    expect(session.snapshot.status).toBe('answered');
    t.manager.dispose();
  });
});

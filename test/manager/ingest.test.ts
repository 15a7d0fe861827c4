import { describe, expect, it, vi } from 'vitest';
import type { DialOutWebhookEvent, DialOutWebhookType } from '../../src/webhook/types.js';
import { DialOutStateError } from '../../src/index.js';
import { PHONE, failOnConsole, flush, setup } from '../helpers.js';

failOnConsole();

let n = 0;
function webhook(type: DialOutWebhookType, payload: Record<string, unknown>): DialOutWebhookEvent {
  n += 1;
  return {
    version: '1.0.0',
    type,
    id: `evt-${n}`,
    event_ts: 1_728_025_068.748,
    payload: { domain_id: 'dom', room: 'my-dialout-room', ...payload },
  } as DialOutWebhookEvent;
}

describe('ingest (webhooks)', () => {
  it('runs a webhook-only session through its whole lifecycle, timed on receipt, with the webhook time as occurredAt', () => {
    let clock = 5_000;
    const t = setup({ now: () => clock });
    t.manager.ingest(webhook('dialout.connected', { session_id: 'W1', timestamp: 1_728_025_000, destination: '+15555550111', origin: '+15555550122', caller_id: '+15555550199', user_id: 'agent-7' }));
    clock = 6_000;
    t.manager.ingest(webhook('dialout.answered', { session_id: 'W1', timestamp: '1728025010' }));
    clock = 7_000;
    t.manager.ingest(webhook('dialout.warning', { session_id: 'W1', timestamp: 1_728_025_020, error_msg: 'codec' }));
    clock = 9_500;
    // Daily's whole seconds would put the end before the answer: receipt time keeps the order
    t.manager.ingest(webhook('dialout.stopped', { session_id: 'W1', timestamp: 1_728_025_009 }));
    const s = t.manager.session('W1')?.snapshot;
    expect(s).toMatchObject({
      initiator: 'remote',
      status: 'stopped',
      outcome: 'completed',
      endedBy: 'remote',
      target: { kind: 'phone', phoneNumber: '+15555550111' },
      origin: '+15555550122',
      callerId: '+15555550199',
      userId: 'agent-7',
      createdAt: 5_000,
      connectedAt: 5_000,
      answeredAt: 6_000,
      endedAt: 9_500,
      durationMs: 3_500,
    });
    expect(s?.warnings.map((w) => [w.message, w.at])).toEqual([['codec', 7_000]]);
    expect(t.events.map((e) => [e.type, e.source, e.at, e.occurredAt])).toEqual([
      ['dialout-connected', 'webhook', 5_000, 1_728_025_000_000],
      ['dialout-answered', 'webhook', 6_000, 1_728_025_010_000],
      ['dialout-warning', 'webhook', 7_000, 1_728_025_020_000],
      ['dialout-stopped', 'webhook', 9_500, 1_728_025_009_000],
    ]);
    t.manager.dispose();
  });

  it('gives a webhook without timestamp no occurredAt, and daily-js events none either', () => {
    const t = setup({ now: () => 42 });
    t.manager.ingest(webhook('dialout.connected', { session_id: 'W2' }));
    t.call.emit('dialout-answered', { sessionId: 'W2' });
    expect(t.events.map((e) => [e.source, e.at, 'occurredAt' in e])).toEqual([
      ['webhook', 42, false],
      ['daily-js', 42, false],
    ]);
    t.manager.dispose();
  });

  it.each(['daily-js first', 'webhook first'])('applies the same event from daily-js and from a webhook once (%s)', async (order) => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    const fromDaily = () => t.call.emit('dialout-warning', { sessionId: 'S1', errorMsg: 'codec fallback' });
    const fromWebhook = () => t.manager.ingest(webhook('dialout.warning', { session_id: 'S1', error_msg: 'codec fallback' }));
    if (order === 'daily-js first') {
      fromDaily();
      fromWebhook();
    } else {
      fromWebhook();
      fromDaily();
    }
    expect(session.snapshot.warnings).toHaveLength(1);
    expect(t.warnings).toHaveLength(1);
    expect(t.events.map((e) => e.duplicate ?? false)).toEqual([false, true]);
    // a second, real occurrence from one source is applied
    fromDaily();
    expect(session.snapshot.warnings).toHaveLength(2);
    t.manager.dispose();
  });

  it('produces one transition for connected/answered from both sources in any order', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.call.resolveStart('S1');
    await flush();
    const statuses: string[] = [];
    session.snapshot$.subscribe((s) => statuses.push(s.status));
    t.manager.ingest(webhook('dialout.answered', { session_id: 'S1' }));
    t.call.emit('dialout-connected', { sessionId: 'S1' });
    t.call.emit('dialout-answered', { sessionId: 'S1' });
    t.manager.ingest(webhook('dialout.connected', { session_id: 'S1' }));
    expect(statuses).toEqual(['connecting', 'answered']);
    expect(t.events.filter((e) => e.duplicate).map((e) => e.type)).toEqual(['dialout-answered', 'dialout-connected']);
    t.manager.dispose();
  });

  it('holds webhooks for an unknown session while a start is pending (REST start racing its webhooks)', async () => {
    const t = setup();
    const session = t.manager.start({ phoneNumber: PHONE });
    t.manager.ingest(webhook('dialout.connected', { session_id: 'S1' }));
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    t.call.resolveStart('S1');
    await flush();
    expect(session.snapshot.status).toBe('connected');
    t.manager.dispose();
  });

  it('rejects what is not a dial-out webhook, naming the field, and changes nothing', () => {
    const t = setup();
    expect(() => t.manager.ingest({ type: 'recording.started' } as never)).toThrow(/type|version/);
    expect(t.events).toHaveLength(0);
    t.manager.dispose();
    expect(() => t.manager.ingest(webhook('dialout.connected', { session_id: 'X' }))).toThrow(DialOutStateError);
  });

  it('with trackRemoteSessions: false, reports unknown webhook sessions on events$ only', () => {
    const t = setup({ trackRemoteSessions: false });
    t.manager.ingest(webhook('dialout.error', { session_id: 'W9', error_msg: 'DialOut failed', user_id: null }));
    expect(t.manager.getSnapshot().sessions).toHaveLength(0);
    expect(t.errors).toEqual([expect.objectContaining({ code: 'DIALOUT_ERROR', sessionId: 'W9', message: 'DialOut failed' })]);
    t.manager.dispose();
  });
});

describe('starter', () => {
  it('starts through the starter instead of call.startDialOut, with the validated options', async () => {
    const starter = vi.fn(async () => ({ sessionId: 'REST-1' }));
    const t = setup({ starter });
    const startDialOut = vi.spyOn(t.call, 'startDialOut');
    const session = t.manager.start({ phoneNumber: PHONE, displayName: 'Ops' });
    await flush();
    expect(starter).toHaveBeenCalledWith({ phoneNumber: PHONE, displayName: 'Ops' });
    expect(startDialOut).not.toHaveBeenCalled();
    expect(session.sessionId).toBe('REST-1');
    t.call.emit('dialout-answered', { sessionId: 'REST-1' });
    expect(session.snapshot.status).toBe('answered');
    t.manager.dispose();
  });

  it('maps starter rejections like startDialOut rejections (and retries TEMPORARILY_NOT_AVAILABLE)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const starter = vi
      .fn<() => Promise<{ sessionId: string }>>()
      .mockRejectedValueOnce(new Error('HTTP 400: TEMPORARILY_NOT_AVAILABLE'))
      .mockRejectedValueOnce({ error: 'invalid-request-error', info: 'x', code: 'NOT_ALLOWED' });
    const t = setup({ starter });
    const session = t.manager.start({ phoneNumber: PHONE });
    await flush();
    await new Promise((r) => setTimeout(r, 0));
    await flush();
    expect(starter).toHaveBeenCalledTimes(2);
    expect(session.snapshot).toMatchObject({ status: 'error', attempt: 2, error: { code: 'NOT_ALLOWED' } });
    // the retried failure was a warning; only the final one is an error
    expect(t.errors.map((e) => e.code)).toEqual(['NOT_ALLOWED']);
    expect(t.warnings.map((w) => w.message)).toEqual(['startDialOut() attempt 1 failed (TEMPORARILY_NOT_AVAILABLE); retrying in 0 ms']);
    t.manager.dispose();
  });

  it('a starter resolving without sessionId adopts the first unknown sessionId', async () => {
    const t = setup({ starter: async () => ({}) as { sessionId: string } });
    const session = t.manager.start({ phoneNumber: PHONE });
    await flush();
    t.call.emit('dialout-connected', { sessionId: 'A1' });
    expect(session.sessionId).toBe('A1');
    t.manager.dispose();
  });
});

describe('ingest: webhooks of other families', () => {
  it('reports dial-in and unknown-session transfer webhooks at once, unattributed, even while a start is pending or adopting', async () => {
    const t = setup({ starter: async () => ({}) as { sessionId: string } });
    const session = t.manager.start({ phoneNumber: PHONE });
    t.manager.ingest(webhook('dialin.connected', { session_id: 'IN-1', sip_from: 'sip:caller@example.com' }));
    expect(t.events.map((e) => [e.type, e.localId])).toEqual([['dialin-connected', undefined]]);
    await flush(); // the start resolved without a session: it adopts the next unknown dial-out sessionId
    t.manager.ingest(webhook('calltransfer.triggered', { session_id: 'T-9', to_endpoint: '+15555550199' }));
    expect(t.events.at(-1)).toMatchObject({ type: 'calltransfer.triggered', sessionId: 'T-9' });
    expect(t.events.at(-1)?.localId).toBeUndefined();
    expect(session.sessionId).toBeUndefined();
    expect(t.manager.getSnapshot().sessions).toHaveLength(1);
    t.manager.dispose();
  });
});

describe('ingest: retried deliveries and error duplicates', () => {
  it('reports a webhook whose (type, id) was already ingested as a duplicate and applies it once', () => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: 'R1' });
    const warning = webhook('dialout.warning', { session_id: 'R1', error_msg: 'codec fallback' });
    t.manager.ingest(warning);
    t.manager.ingest(warning); // Daily's retry: same type and id
    t.manager.ingest({ ...warning, type: 'dialout.error' } as DialOutWebhookEvent); // same id, other type: not a retry
    const s = t.manager.session('R1')?.snapshot;
    expect(s?.warnings.map((w) => w.message)).toEqual(['codec fallback']);
    expect(s?.status).toBe('error');
    expect(t.warnings).toHaveLength(1);
    expect(t.events.slice(1).map((e) => [e.type, e.localId, e.duplicate ?? false])).toEqual([
      ['dialout-warning', s?.id, false],
      ['dialout-warning', s?.id, true],
      ['dialout-error', s?.id, false],
    ]);
    t.manager.dispose();
  });

  it('flags a webhook dialout.error as duplicate when its message matches the daily-js copy, not when it differs', () => {
    for (const [message, duplicate] of [
      ['boom', true],
      ['something else', false],
    ] as const) {
      const t = setup();
      t.call.emit('dialout-connected', { sessionId: 'R1' });
      t.call.emit('dialout-error', { sessionId: 'R1', errorMsg: 'boom' });
      t.manager.ingest(webhook('dialout.error', { session_id: 'R1', error_msg: message }));
      const last = t.events.at(-1);
      expect([last?.source, last?.duplicate ?? false]).toEqual(['webhook', duplicate]);
      expect(t.manager.session('R1')?.snapshot.error?.message).toBe('boom'); // the first one ended it either way
      expect(t.errors).toHaveLength(1);
      t.manager.dispose();
    }
  });

  it('remembers the last 1,000 webhook ids: older ones are applied again', () => {
    const t = setup();
    t.call.emit('dialout-connected', { sessionId: 'R1' });
    const first = webhook('dialout.warning', { session_id: 'R1', error_msg: 'w0' });
    t.manager.ingest(first);
    for (let i = 1; i <= 1000; i++) t.manager.ingest(webhook('dialout.warning', { session_id: 'R1', error_msg: `w${i}` }));
    t.manager.ingest(first);
    expect(t.events.at(-1)?.duplicate).toBeUndefined();
    expect(t.manager.session('R1')?.snapshot.warnings).toHaveLength(1002);
    t.manager.dispose();
  });
});

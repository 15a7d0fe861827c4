// @vitest-environment node
/**
 * `?inspect`: what the demo's Stately inspector would send to stately.ai, captured with
 * `@statelyai/inspect`'s own `createInspector` and a recording adapter, contains no phone number
 * and no SIP URI, while the machines, states and events are all there.
 */
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { expect, it } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import { FakeDailyCall, dialOutEvent } from '../../src/testing/index.js';
import { demoInspectorOptions } from '../../demo/src/inspector.js';
import { redactJson } from '../../demo/src/mask.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

it('sends the inspector the dial-out machines with every phone number and SIP URI redacted', async () => {
  const sent: StatelyInspectionEvent[] = [];
  const inspector = createInspector({ send: (event) => sent.push(event) }, demoInspectorOptions());
  const call = new FakeDailyCall();
  const manager = createDialOutManager(call, { inspect: (event) => inspector.inspect.next?.(event) });

  const phone = manager.start({ phoneNumber: '+15555550100', displayName: 'Support', callerId: '+15555550111' });
  call.resolveStart('session-1');
  await flush();
  call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 'session-1', destination: '+15555550100' }));
  call.emit('dialout-answered', dialOutEvent('dialout-answered', { sessionId: 'session-1', destination: '+15555550100' }));
  call.emit('dialout-warning', dialOutEvent('dialout-warning', { sessionId: 'session-1', errorMsg: 'codec fallback for +15555550100' }));
  const sip = manager.start({ sipUri: 'sip:alice.smith@example.com' });
  call.rejectStart('DIALOUT_IN_PROGRESS');
  await sip.done;
  await flush();
  expect(phone.snapshot.status).toBe('answered');
  manager.dispose();
  await flush();

  const text = JSON.stringify(sent);
  expect(sent.length).toBeGreaterThan(20);
  expect(new Set(sent.map((e) => e.type))).toEqual(new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot']));
  expect(text).toContain('dialOutManager');
  expect(text).toContain('daily.answered');
  expect(text).toContain('[redacted]');
  expect(text).not.toMatch(/555555\d{4}|alice|sip:[a-z]/i);
});

it('redacts JSON by key and by pattern, and cuts cycles', () => {
  const loop: Record<string, unknown> = { name: 'loop' };
  loop.self = loop;
  const shared = { kind: 'x' };
  expect(
    redactJson({
      options: { phoneNumber: '+15555550100', sipUri: 'sip:bob@example.com', displayName: 'Bob' },
      text: 'dialing +1 555 555 0100 then sip:bob@example.com',
      snapshot: { toJSON: () => ({ input: { destination: '+15555550100' } }) },
      loop,
      twice: [shared, shared],
      big: 10n,
    }),
  ).toEqual({
    options: { phoneNumber: '[redacted]', sipUri: '[redacted]', displayName: 'Bob' },
    text: 'dialing [redacted phone] then sip:[redacted]',
    snapshot: { input: { destination: '[redacted]' } },
    loop: { name: 'loop', self: '[circular]' },
    twice: [{ kind: 'x' }, { kind: 'x' }],
    big: '10',
  });
});

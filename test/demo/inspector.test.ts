// @vitest-environment node
/**
 * `?inspect`: what the demo's Stately inspector would send to stately.ai, captured with
 * `@statelyai/inspect`'s own `createInspector` and a recording adapter, contains no phone number
 * in any format (with or without `+`, national, `tel:`, `sip:`), no DTMF tone, no display name and
 * no user id, while the machines, states and events are all there. And `redactedInspect` itself,
 * on a plain XState actor: every field of every inspection event, and what an inspector can read
 * through the actor references it is given.
 */
import { createInspector, type StatelyInspectionEvent } from '@statelyai/inspect';
import { describe, expect, it } from 'vitest';
import { assign, createActor, fromPromise, setup, type InspectionEvent } from 'xstate';
import { createDialOutManager, redactedInspect } from '../../src/index.js';
import { FakeDailyCall, dialOutEvent } from '../../src/testing/index.js';
import { demoInspect, demoInspectorOptions } from '../../demo/src/inspector.js';

const flush = () => new Promise((resolve) => setTimeout(resolve, 5));

/** Everything that must not reach stately.ai. */
const SECRETS = /555555\d|555\) 555|555-555|ada-42|Ada|Lovelace|alice|9876|4321/i;

describe('the demo’s ?inspect', () => {
  it('sends the inspector the dial-out machines with every phone number, tone, name and user id redacted', async () => {
    const sent: StatelyInspectionEvent[] = [];
    const inspector = createInspector({ send: (event) => sent.push(event) }, demoInspectorOptions());
    const call = new FakeDailyCall();
    const manager = createDialOutManager(call, { inspect: demoInspect(inspector) });

    const phone = manager.start({ phoneNumber: '+15555550100', displayName: 'Ada Lovelace', userId: 'ada-42', callerId: '+15555550111' });
    call.resolveStart('session-1');
    await flush();
    call.emit('dialout-connected', dialOutEvent('dialout-connected', { sessionId: 'session-1', destination: '+15555550100' }));
    call.emit('dialout-answered', dialOutEvent('dialout-answered', { sessionId: 'session-1', destination: '+15555550100' }));
    call.emit('dialout-warning', dialOutEvent('dialout-warning', { sessionId: 'session-1', errorMsg: 'codec fallback for 15555550100, tel:+1-555-555-0100' }));
    const dtmf = phone.sendDTMF('9876#');
    await flush();
    call.resolveDTMF();
    await dtmf;
    const sip = manager.start({ sipUri: 'sip:alice.smith@example.com' });
    call.rejectStart({ errorMsg: 'Dial-out to (555) 555-0100 failed; also tried 0044 20 7946 0958' });
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
    expect(text).toContain('•••0100'); // the last four digits stay, to tell calls apart
    // the inspector's own fields are not mistaken for numbers
    for (const event of sent) expect(event.createdAt).toMatch(/^\d{13}$/);
    expect(text.match(new RegExp(`.{0,80}(?:${SECRETS.source}).{0,40}`, 'gi')) ?? []).toEqual([]);
  });

  it('redacts the JSON it posts, last (serialize)', () => {
    const { serialize } = demoInspectorOptions();
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const event = {
      type: '@xstate.event',
      event: { type: 'x', phoneNumber: '+15555550100', errorMsg: 'busy: 15555550100', tones: '1234' },
      snapshot: { toJSON: () => ({ input: { sipUri: 'sip:alice.smith@example.com', displayName: 'Ada' } }) },
      loop,
      big: 10n,
      createdAt: '1795847914600',
      sessionId: 'x:12',
      _version: '0.7.2',
    } as unknown as StatelyInspectionEvent;
    expect(serialize?.(event)).toEqual({
      type: '@xstate.event',
      createdAt: '1795847914600',
      sessionId: 'x:12',
      _version: '0.7.2',
      event: { type: 'x', phoneNumber: '+•••••••0100', errorMsg: 'busy: •••••••0100', tones: '[redacted]' },
      snapshot: { input: { sipUri: 'sip:•••••••mith@example.com', displayName: '[redacted]' } },
      loop: { name: 'loop', self: '[circular]' },
      big: '10',
    });
  });
});

describe('redactedInspect', () => {
  const machine = setup({
    types: {
      context: {} as { phoneNumber: string; log: string[]; displayName: string },
      events: {} as { type: 'dial'; phoneNumber: string; tones: string },
    },
    actors: { start: fromPromise(async ({ input }: { input: { phoneNumber: string } }) => `started ${input.phoneNumber}`) },
  }).createMachine({
    id: 'dialer',
    context: { phoneNumber: '', log: [], displayName: 'Ada Lovelace' },
    initial: 'idle',
    states: {
      idle: {
        on: {
          dial: {
            target: 'starting',
            actions: assign({ phoneNumber: ({ event }) => event.phoneNumber, log: ({ event }) => [`dial ${event.phoneNumber}`] }),
          },
        },
      },
      starting: {
        invoke: {
          src: 'start',
          input: ({ context }) => ({ phoneNumber: context.phoneNumber }),
          onDone: { target: 'done', actions: assign({ log: ({ context, event }) => [...context.log, String(event.output)] }) },
        },
      },
      done: { type: 'final' },
    },
    output: ({ context }) => context.phoneNumber,
  });

  it('hands every inspection event on, with its telephony data redacted, and leaves the actors as they are', async () => {
    const seen: InspectionEvent[] = [];
    const actor = createActor(machine, { inspect: redactedInspect((event) => seen.push(event)) });
    actor.start();
    actor.send({ type: 'dial', phoneNumber: '+15555550100', tones: '4321' });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(actor.getSnapshot().value).toBe('done');
    expect(actor.getSnapshot().output).toBe('+15555550100'); // the actor's own data is untouched

    const types = new Set(seen.map((e) => e.type));
    expect(types).toEqual(new Set(['@xstate.actor', '@xstate.event', '@xstate.snapshot', '@xstate.microstep', '@xstate.action']));
    // what an inspector reads: the events, snapshots and inputs, and through the actor references
    const read = seen.map((e) => ({
      event: e,
      snapshot: e.actorRef.getSnapshot(),
      options: (e.actorRef as unknown as { options?: unknown }).options,
      persisted: (e.actorRef as unknown as { getPersistedSnapshot?: () => unknown }).getPersistedSnapshot?.(),
    }));
    const text = JSON.stringify(read, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
    expect(text).toContain('+•••••••0100');
    expect(text).toContain('started +•••••••0100');
    expect(text).not.toMatch(SECRETS);

    const dial = seen.find((e) => e.type === '@xstate.event' && (e as { event: { type: string } }).event.type === 'dial');
    expect(dial).toMatchObject({ event: { type: 'dial', phoneNumber: '+•••••••0100', tones: '[redacted]' } });
    // actor references keep working and keep their identity
    const refs = seen.filter((e) => e.actorRef.sessionId === actor.sessionId).map((e) => e.actorRef);
    expect(new Set(refs).size).toBe(1);
    expect((refs[0] as unknown as { id: string }).id).toBe(actor.id);
    expect(refs[0]?.getSnapshot().value).toBe('done');
  });

  it('takes an observer too (as createBrowserInspector().inspect is), and drops an event it cannot redact', () => {
    const seen: unknown[] = [];
    const inspect = redactedInspect({ next: (event) => seen.push(event) });
    inspect({ type: '@xstate.event', event: { type: 'x', phoneNumber: '+15555550100' }, rootId: 'r' } as never);
    const hostile = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('trap');
        },
      },
    );
    inspect(hostile as never);
    expect(seen).toEqual([{ type: '@xstate.event', event: { type: 'x', phoneNumber: '+•••••••0100' }, rootId: 'r' }]);
  });
});

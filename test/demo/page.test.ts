// @vitest-environment jsdom
/**
 * The demo page's pure parts: masking, the dialer's options, durations, the words a session
 * card uses for who ended a call and why, and the state diagram drawn from a machine's
 * definition (including states it does not know).
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import type { DialOutError, DialOutSessionSnapshot, DialOutTransfer } from '../../src/index.js';
import { ensureBuilt } from '../browser/support.js';

// the page's modules import the package by name, which resolves to dist/: build it first if needed
ensureBuilt();
const { dialOutSessionMachine, machineEdges } = await import('daily-dialout-machine');
const { createStateDiagram } = await import('../../demo/src/diagram.js');
const { dtmfOptionsFromForm, optionsFromForm } = await import('../../demo/src/dialer.js');
const { formatDuration } = await import('../../demo/src/dom.js');
const { maskPhoneNumber, maskSipUri, maskTarget, maskText } = await import('../../demo/src/mask.js');
const { BROWSER_ONLY, describeScript, requestText, scenarioOf } = await import('../../demo/src/remote.js');
const { audioText, endedText, failureText, recoveredText, retryText, transferText } = await import('../../demo/src/wording.js');

/** A final or live session snapshot with only what the wording reads. */
function snapshot(fields: Partial<DialOutSessionSnapshot>): DialOutSessionSnapshot {
  return { id: 'dialout-1', status: 'stopped', initiator: 'local', attempt: 1, warnings: [], createdAt: 0, ...fields };
}

function failure(fields: Partial<DialOutError>): DialOutError {
  return { code: 'DIALOUT_ERROR', message: 'Dial-out failed', retryable: false, at: 0, category: 'unknown', ...fields };
}

describe('masking', () => {
  it('shows only the last 4 digits of a phone number', () => {
    expect(maskPhoneNumber('+15555550100')).toBe('+•••••••0100');
    expect(maskPhoneNumber('+1 555 555 0100')).toBe('+• ••• ••• 0100');
    expect(maskPhoneNumber('123')).toBe('123');
  });

  it('masks the user of a SIP URI but its last 4 characters, and keeps the host', () => {
    expect(maskSipUri('sip:alice.smith@example.com')).toBe('sip:•••••••mith@example.com');
    expect(maskSipUri('sip:+15555550100@sip.example.com')).toBe('sip:••••••••0100@sip.example.com');
    expect(maskSipUri('sip:example.com')).toBe('sip:example.com');
    expect(maskTarget('sip:bob@example.com')).toBe('sip:••b@example.com'); // short users: at most half shows
    expect(maskTarget('+15555550100', true)).toBe('+15555550100');
  });

  it('masks numbers and SIP URIs inside free text', () => {
    expect(maskText('Busy: +15555550100 via sip:alice.smith@example.com')).toBe('Busy: +•••••••0100 via sip:•••••••mith@example.com');
    expect(maskText('no number in 2024-10-01')).toBe('no number in 2024-10-01');
  });
});

describe('the dialer', () => {
  it('makes start options from what a person typed', () => {
    expect(optionsFromForm(' +15555550100 ', '')).toEqual({ phoneNumber: '+15555550100' });
    expect(optionsFromForm('sip:bob@example.com', ' Support ')).toEqual({ sipUri: 'sip:bob@example.com', displayName: 'Support' });
    expect(optionsFromForm('bob@example.com', '')).toEqual({ sipUri: 'bob@example.com' }); // the validator will say why
    expect(optionsFromForm('', '')).toEqual({});
  });

  it('makes sendDTMF options from the keypad’s Method and Tone length fields (the library validates them)', () => {
    expect(dtmfOptionsFromForm('auto', '')).toEqual({ method: 'auto' });
    expect(dtmfOptionsFromForm('sip-info', ' 120 ')).toEqual({ method: 'sip-info', digitDurationMs: 120 });
    expect(dtmfOptionsFromForm('', '')).toEqual({});
    expect(dtmfOptionsFromForm('telephone-event', '20')).toEqual({ method: 'telephone-event', digitDurationMs: 20 }); // refused later, by sendDTMF()
  });

  it('formats the clocks', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(1_999)).toBe('0:01');
    expect(formatDuration(754_000)).toBe('12:34');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
    expect(formatDuration(-5)).toBe('0:00');
  });
});

describe('the remote side script', () => {
  it('turns the panel into emulator scenarios', () => {
    expect(scenarioOf({ behaviour: 'answer', ringMs: 1500, talkMs: null }).steps.map((s) => ('event' in s ? [s.event, s.afterMs] : ['reply', s.afterMs]))).toEqual([
      ['reply', 0],
      ['dialout-connected', 0],
      ['dialout-answered', 1500],
      ['dialout-stopped', Infinity],
    ]);
    expect(scenarioOf({ behaviour: 'reject', code: 'NOT_ALLOWED', ringMs: 0, talkMs: null }).steps).toEqual([{ afterMs: 0, reply: { error: 'NOT_ALLOWED' } }]);
    expect(scenarioOf({ behaviour: 'no-answer', ringMs: 1500, talkMs: 4000 }).steps.at(-1)).toEqual({ afterMs: 4000, event: 'dialout-stopped' });
    expect(describeScript({ behaviour: 'answer', ringMs: 1500, talkMs: null })).toBe('Rings 1.5 s, answers, stays until you hang up.');
    expect(describeScript({ behaviour: 'error', ringMs: 500, talkMs: null })).toBe('Rings 0.5 s, then fails with a dialout-error (Busy Here) and hangs up.');
  });

  it('plays the named scenarios of the emulator: SIP failures, not allowed, a retried start, a hang-up race', () => {
    const errorOf = (behaviour: 'busy' | 'declined' | 'unreachable' | 'invalid-number') => {
      const step = scenarioOf({ behaviour, ringMs: 700, talkMs: null }).steps.find((s) => 'event' in s && s.event === 'dialout-error');
      return step && 'event' in step ? { afterMs: step.afterMs, errorMsg: step.fields?.errorMsg, details: step.fields?.details } : undefined;
    };
    expect(errorOf('busy')).toEqual({ afterMs: 700, errorMsg: 'Dial-out failed: 486 Busy Here', details: { sipHeaders: { Reason: 'SIP;cause=486;text="Busy Here"' } } });
    expect(errorOf('declined')).toMatchObject({ afterMs: 700, errorMsg: 'Dial-out failed: 603 Decline' });
    expect(errorOf('unreachable')).toMatchObject({ afterMs: 700, errorMsg: 'Dial-out failed: 480 Temporarily Unavailable' });
    expect(errorOf('invalid-number')).toMatchObject({ afterMs: 700, errorMsg: 'Dial-out failed: 404 Not Found' });
    // only the declined callee rings first
    expect(scenarioOf({ behaviour: 'declined', ringMs: 700, talkMs: null }).steps.some((s) => 'event' in s && s.event === 'dialout-connected')).toBe(true);
    expect(scenarioOf({ behaviour: 'busy', ringMs: 700, talkMs: null }).steps.some((s) => 'event' in s && s.event === 'dialout-connected')).toBe(false);

    expect(scenarioOf({ behaviour: 'not-allowed', ringMs: 0, talkMs: null }).steps).toEqual([
      { afterMs: 0, reply: { error: 'unable to start dialout (is dialout enabled? are you a room owner or participant admin?)' } },
    ]);
    const retry = scenarioOf({ behaviour: 'retry', ringMs: 300, talkMs: null });
    expect(retry.firstAttempts).toEqual([[{ afterMs: 0, reply: { error: 'TEMPORARILY_NOT_AVAILABLE' } }]]);
    expect(retry.steps.map((s) => ('event' in s ? s.event : 'reply' in s ? 'reply' : 'gone'))).toEqual(['reply', 'dialout-connected', 'dialout-answered', 'dialout-stopped']);

    const race = scenarioOf({ behaviour: 'hangup-race', ringMs: 300, talkMs: 500 }).steps;
    expect(race.map((s) => ('event' in s ? [s.event, s.afterMs] : 'reply' in s ? ['reply', s.afterMs] : ['gone', s.afterMs]))).toEqual([
      ['reply', 0],
      ['dialout-connected', 0],
      ['dialout-answered', 300],
      ['gone', 500],
      ['dialout-stopped', 5000],
    ]);
    // every event of a scenario carries one actionTraceId, as Daily's do
    const traces = new Set(race.flatMap((s) => ('event' in s ? [s.fields?.actionTraceId] : [])));
    expect(traces.size).toBe(1);
    expect([...traces][0]).toMatch(/^[0-9a-f-]{36}$/);

    expect(describeScript({ behaviour: 'busy', ringMs: 500, talkMs: null })).toBe('Does not ring: after 0.5 s, a dialout-error with SIP 486 Busy Here.');
    expect(describeScript({ behaviour: 'retry', ringMs: 1000, talkMs: null })).toBe(
      'Daily rejects the first start with TEMPORARILY_NOT_AVAILABLE; the manager retries, and the callee rings 1 s, answers, stays until you hang up.',
    );
    expect(describeScript({ behaviour: 'hangup-race', ringMs: 1000, talkMs: null })).toBe(
      'Rings 1 s, answers, hangs up after 2 s, but Daily’s dialout-stopped arrives 5 s later: hang up in between and stopDialOut() gets NOT_FOUND.',
    );
    // the demo server's offline Daily plays none of them: they are offered in the browser start mode only
    expect([...BROWSER_ONLY].sort()).toEqual(['busy', 'declined', 'hangup-race', 'invalid-number', 'ivr', 'not-allowed', 'retry', 'unreachable']);
  });

  it('plays an IVR: answered, then the far end presses 1 2 #', () => {
    const steps = scenarioOf({ behaviour: 'ivr', ringMs: 300, talkMs: null }).steps;
    expect(steps.map((s) => ('event' in s ? [s.event, s.afterMs] : 'dtmf' in s ? ['dtmf', s.dtmf, s.afterMs] : ['reply', s.afterMs]))).toEqual([
      ['reply', 0],
      ['dialout-connected', 0],
      ['dialout-answered', 300],
      ['dtmf', '1', 150],
      ['dtmf', '2', 150],
      ['dtmf', '#', 150],
      ['dialout-stopped', Infinity],
    ]);
    expect(scenarioOf({ behaviour: 'ivr', ringMs: 300, talkMs: 2000 }).steps.at(-1)).toEqual({ afterMs: 2000, event: 'dialout-stopped' });
    expect(describeScript({ behaviour: 'ivr', ringMs: 300, talkMs: null })).toBe('Rings 0.3 s, answers, presses 1 2 # (a dtmf-event each, 0.15 s apart), stays until you hang up.');
    expect(describeScript({ behaviour: 'ivr', ringMs: 1000, talkMs: 4000 })).toBe('Rings 1 s, answers, presses 1 2 # (a dtmf-event each, 0.15 s apart), hangs up 4 s after the last.');
  });

  it('lists the DTMF and transfer requests Daily received, destinations masked', () => {
    const reply = { kind: 'reply', value: {} } as const;
    expect(requestText({ action: 'send-dtmf', payload: { sessionId: 's', tones: '123#', method: 'auto', digitDurationMs: 500 }, answer: reply }, false)).toBe(
      'send-dtmf “123#” (auto, 500 ms): accepted',
    );
    expect(requestText({ action: 'sip-call-transfer', payload: { sessionId: 's', toEndPoint: '+15555550123', useSipRefer: false }, answer: reply }, false)).toBe(
      'sip-call-transfer to +•••••••0123, useSipRefer: false: accepted',
    );
    expect(
      requestText({ action: 'sip-call-transfer', payload: { toEndPoint: 'sip:desk@example.com', useSipRefer: true }, answer: { kind: 'error', value: 'Transfer failed: 486 Busy Here' } }, true),
    ).toBe('sip-call-transfer to sip:desk@example.com, useSipRefer: true: refused (Transfer failed: 486 Busy Here)');
    expect(requestText({ action: 'send-dtmf', payload: { tones: '9' }, answer: undefined }, false)).toBe('send-dtmf “9”');
  });
});

describe('who ended a call and why, in plain words', () => {
  it('says who hung up', () => {
    expect(endedText(snapshot({ outcome: 'completed', endedBy: 'local' }))).toBe('You hung up');
    expect(endedText(snapshot({ outcome: 'canceled', endedBy: 'local' }))).toBe('You hung up before they answered');
    expect(endedText(snapshot({ outcome: 'no-answer', endedBy: 'local' }))).toBe('You hung up: no answer before the ring timeout');
    expect(endedText(snapshot({ outcome: 'completed', endedBy: 'remote' }))).toBe('They hung up');
    expect(endedText(snapshot({ outcome: 'no-answer', endedBy: 'remote' }))).toBe('They hung up before answering');
    // a stop() that Daily answered NOT_FOUND (the far end had just hung up) is still this app's hang-up
    expect(endedText(snapshot({ outcome: 'completed', endedBy: 'local', answeredAt: 1 }))).toBe('You hung up');
  });

  it('says why it failed, with the SIP status when Daily gave one', () => {
    const failed = (error: DialOutError) => endedText(snapshot({ status: 'error', outcome: 'failed', endedBy: 'system', error }));
    expect(failed(failure({ category: 'busy', sipStatus: 486 }))).toBe('Busy (SIP 486)');
    expect(failed(failure({ category: 'busy' }))).toBe('Busy');
    expect(failed(failure({ category: 'declined', sipStatus: 603 }))).toBe('Declined (SIP 603)');
    expect(failed(failure({ category: 'unreachable', sipStatus: 480 }))).toBe('Number not reachable (SIP 480)');
    expect(failed(failure({ category: 'invalid-destination', sipStatus: 404 }))).toBe('Invalid number (SIP 404)');
    expect(failed(failure({ code: 'NOT_ALLOWED', category: 'not-allowed' }))).toBe('Not allowed: is dial-out enabled for the room?');
    expect(failed(failure({ code: 'NOT_JOINED', category: 'not-allowed' }))).toBe('Not in the room: join before dialing');
    expect(failed(failure({ code: 'TEMPORARILY_NOT_AVAILABLE', category: 'capacity', retryable: true }))).toBe('Daily has no capacity right now: try again later');
    expect(failed(failure({ code: 'DIALOUT_IN_PROGRESS', category: 'capacity' }))).toBe('A dial-out is already in progress');
    expect(failed(failure({ code: 'START_TIMEOUT' }))).toBe('No answer from Daily: the start timed out');
    expect(failed(failure({ code: 'START_FAILED' }))).toBe('Failed (START_FAILED)');
    expect(failed(failure({ sipStatus: 503 }))).toBe('Failed (DIALOUT_ERROR) (SIP 503)');
    expect(failureText(failure({ category: 'busy', sipStatus: 600 }))).toBe('Busy (SIP 600)');
  });

  it('says nothing while the call is live, and names a detached session', () => {
    expect(endedText(snapshot({ status: 'answered' }))).toBeUndefined();
    expect(endedText(snapshot({ status: 'stopping' }))).toBeUndefined();
    expect(endedText(snapshot({ outcome: 'detached', endedBy: 'system' }))).toBe('No longer followed: the page left the room (Daily may still run it)');
  });

  it('says a call was transferred, by this app or by someone else', () => {
    expect(endedText(snapshot({ outcome: 'transferred', endedBy: 'local', transfer: transfer({ status: 'accepted' }) }))).toBe('Transferred');
    expect(endedText(snapshot({ outcome: 'transferred', endedBy: 'remote', transfer: transfer({ status: 'triggered' }) }))).toBe('Transferred by someone else');
    // after a failed transfer, a hang-up is a hang-up
    expect(endedText(snapshot({ outcome: 'completed', endedBy: 'remote', transfer: transfer({ status: 'failed' }) }))).toBe('They hung up');
  });

  it('names a session restored after a reload whose leg was gone', () => {
    expect(endedText(snapshot({ outcome: 'detached', endedBy: 'system', recovered: true }))).toBe('Not in the room after the reload: no longer followed (Daily may still run it)');
    // recovered, its leg was in the room, and later the page left: detached as any other
    const participant = { sessionId: 's', joinedAt: 0, audio: 'playable' } as const;
    expect(endedText(snapshot({ outcome: 'detached', endedBy: 'system', recovered: true, participant }))).toBe('No longer followed: the page left the room (Daily may still run it)');
  });

  it('counts down to a retry in whole seconds', () => {
    const retry = { attempt: 1, at: 10_000, error: failure({ code: 'TEMPORARILY_NOT_AVAILABLE', category: 'capacity', retryable: true }) };
    expect(retryText(retry, 7_000)).toBe('Retrying in 3 s (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)');
    expect(retryText(retry, 7_001)).toBe('Retrying in 3 s (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)');
    expect(retryText(retry, 8_000)).toBe('Retrying in 2 s (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)');
    expect(retryText(retry, 9_999)).toBe('Retrying in 1 s (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)');
    expect(retryText(retry, 10_000)).toBe('Retrying now (attempt 1 failed: TEMPORARILY_NOT_AVAILABLE)');
    expect(retryText({ ...retry, attempt: 2 }, 12_000)).toBe('Retrying now (attempt 2 failed: TEMPORARILY_NOT_AVAILABLE)');
  });
});

function transfer(fields: Partial<DialOutTransfer>): DialOutTransfer {
  return { method: 'transfer', toEndPoint: '+15555550123', status: 'requested', requestedAt: 0, ...fields };
}

describe('transfers, the phone leg’s audio and recovery, in plain words', () => {
  it('says where a transfer is, and why it failed', () => {
    const mask = (t: string) => maskTarget(t);
    expect(transferText(transfer({}), mask)).toBe('Transfer to +•••••••0123: requested');
    expect(transferText(transfer({ status: 'accepted' }))).toBe('Transfer to +15555550123: accepted by Daily');
    expect(transferText(transfer({ method: 'refer', toEndPoint: 'sip:desk@example.com', status: 'initiated' }), mask)).toBe('REFER to sip:••sk@example.com: initiated: dialing the destination');
    expect(transferText(transfer({ status: 'answered' }), mask)).toBe('Transfer to +•••••••0123: answered by the destination');
    expect(transferText(transfer({ status: 'completed' }), mask)).toBe('Transfer to +•••••••0123: completed');
    expect(transferText(transfer({ status: 'failed', error: failure({ code: 'TRANSFER_FAILED', category: 'busy', sipStatus: 486 }) }), mask)).toBe(
      'Transfer to +•••••••0123: failed: Busy (SIP 486)',
    );
    expect(transferText(transfer({ status: 'failed', error: failure({ code: 'TRANSFER_FAILED' }) }), mask)).toBe('Transfer to +•••••••0123: failed: Daily refused the transfer');
    expect(transferText(transfer({ status: 'failed' }), mask)).toBe('Transfer to +•••••••0123: failed');
  });

  it('says whether the phone leg sends audio', () => {
    const leg = (audio: 'playable' | 'loading' | 'interrupted' | 'off' | 'blocked' | 'sendable', leftAt?: number) => ({ sessionId: 's', joinedAt: 0, audio, ...(leftAt === undefined ? {} : { leftAt }) });
    expect(audioText(undefined)).toBe('not in the room yet');
    expect(audioText(leg('playable'))).toBe('playable');
    expect(audioText(leg('loading'))).toBe('loading');
    expect(audioText(leg('interrupted'))).toBe('interrupted: no audio from the phone');
    expect(audioText(leg('off'))).toBe('off: the phone sends no audio');
    expect(audioText(leg('blocked'))).toBe('blocked');
    expect(audioText(leg('sendable'))).toBe('sendable: not received here');
    expect(audioText(leg('playable', 5))).toBe('left the room');
  });

  it('says where a recovered session came from', () => {
    expect(recoveredText(snapshot({ status: 'answered' }))).toBeUndefined();
    expect(recoveredText(snapshot({ status: 'answered', recovered: true }))).toBe('Restored after a reload (from sessionStorage)');
    expect(recoveredText(snapshot({ status: 'connected', initiator: 'remote', recovered: true }))).toBe('Found in the room (its phone leg is a participant)');
  });
});

describe('the state diagram', () => {
  it('draws every top-level state and every edge of dialOutSessionMachine', () => {
    const diagram = createStateDiagram(dialOutSessionMachine);
    const svg = diagram.element.querySelector('svg')!;
    expect([...svg.querySelectorAll('g.node')].map((n) => n.getAttribute('data-state'))).toEqual(Object.keys(dialOutSessionMachine.root.states));
    expect([...svg.querySelectorAll('g.node.final')].map((n) => n.getAttribute('data-state'))).toEqual(['stopped', 'error']);
    const drawn = [...svg.querySelectorAll('path.edge[data-from]')].map((p) => `${p.getAttribute('data-from')}→${p.getAttribute('data-to')}`);
    expect(drawn).toEqual(machineEdges(dialOutSessionMachine).map((e) => `${e.from}→${e.to}`));
    expect(diagram.edges).toEqual(machineEdges(dialOutSessionMachine));
    expect(diagram.element.querySelectorAll('.transitions li')).toHaveLength(diagram.edges.length);
  });

  it('highlights the current state, the path taken and the ways out', () => {
    const diagram = createStateDiagram(dialOutSessionMachine);
    diagram.highlight('connected', ['idle', 'connecting'], 'dialout-1');
    const svg = diagram.element.querySelector('svg')!;
    expect(svg.querySelector('g.node.current')?.getAttribute('data-state')).toBe('connected');
    expect(svg.querySelector('g.node.current')?.getAttribute('aria-current')).toBe('step');
    expect([...svg.querySelectorAll('g.node.visited')].map((n) => n.getAttribute('data-state'))).toEqual(['idle', 'connecting']);
    const out = [...svg.querySelectorAll('path.edge.hot')].map((p) => p.getAttribute('data-to'));
    expect(out).toEqual(machineEdges(dialOutSessionMachine).filter((e) => e.from === 'connected').map((e) => e.to));
    expect([...svg.querySelectorAll('path.edge.taken')].map((p) => `${p.getAttribute('data-from')}→${p.getAttribute('data-to')}`)).toEqual([
      'idle→connecting',
      'connecting→connected',
    ]);
    expect(diagram.element.querySelector('figcaption')?.textContent).toBe('dialout-1 is in state “connected”. Path: idle → connecting → connected.');
  });

  it('still shows states it has no place for', () => {
    const machine = createMachine({
      initial: 'idle',
      states: {
        idle: { on: { go: 'ringing' } },
        ringing: { on: { pick: 'answered', wait: 'onHold' } },
        onHold: { on: { back: 'answered' } },
        answered: { on: { end: 'stopped' } },
        stopped: { type: 'final' },
      },
    });
    const diagram = createStateDiagram(machine);
    const nodes = [...diagram.element.querySelectorAll('g.node')];
    expect(nodes.map((n) => n.getAttribute('data-state'))).toEqual(['idle', 'ringing', 'onHold', 'answered', 'stopped']);
    expect(nodes.filter((n) => n.classList.contains('unknown')).map((n) => n.getAttribute('data-state'))).toEqual(['ringing', 'onHold']);
    const drawn = [...diagram.element.querySelectorAll('path.edge[data-from]')].map((p) => `${p.getAttribute('data-from')}→${p.getAttribute('data-to')}`);
    expect(drawn.sort()).toEqual(['answered→stopped', 'idle→ringing', 'onHold→answered', 'ringing→answered', 'ringing→onHold']);
    expect(drawn).toHaveLength(machineEdges(machine).length);
    // each at its own place
    const places = nodes.map((n) => n.querySelector('rect')!.getAttribute('x') + ',' + n.querySelector('rect')!.getAttribute('y'));
    expect(new Set(places).size).toBe(places.length);
  });
});

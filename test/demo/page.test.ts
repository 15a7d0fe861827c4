// @vitest-environment jsdom
/**
 * The demo page's pure parts: masking, the dialer's options, durations, and the
 * state diagram drawn from a machine's definition (including states it does not know).
 */
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { ensureBuilt } from '../browser/support.js';

// the page's modules import the package by name, which resolves to dist/: build it first if needed
ensureBuilt();
const { dialOutSessionMachine, machineEdges } = await import('daily-dialout-machine');
const { createStateDiagram } = await import('../../demo/src/diagram.js');
const { optionsFromForm } = await import('../../demo/src/dialer.js');
const { formatDuration } = await import('../../demo/src/dom.js');
const { maskPhoneNumber, maskSipUri, maskTarget, maskText } = await import('../../demo/src/mask.js');
const { describeScript, scenarioOf } = await import('../../demo/src/remote.js');

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

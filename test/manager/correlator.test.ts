/**
 * The correlator on its own: tables of happenings and where each event goes.
 */
import { describe, expect, it } from 'vitest';
import type { Incoming } from '../../src/daily/events.js';
import { fromDailyJs } from '../../src/daily/events.js';
import { type Route, createCorrelator } from '../../src/manager/correlator.js';
import type { DialOutEventType } from '../../src/index.js';

type Step =
  | ['created', string]
  | ['startRequested', string]
  | ['startResolved', string, string | undefined]
  | ['startRejected', string]
  | ['ended', string]
  | ['event', DialOutEventType, { sessionId?: string; errorMsg?: string }, ('daily-js' | 'webhook')?];

const short = (r: Route): string =>
  r.kind !== 'session'
    ? r.kind
    : `${r.localId}${r.apply ? '' : ' (absorbed)'}${r.duplicate ? ' (duplicate)' : ''}${r.bound ? ` bound ${r.bound}` : ''}${r.created ? ` new ${r.created}` : ''}`;

/** Runs the steps; returns where each event went, released events included (as the runtime routes them again). */
function run(steps: Step[], options = { trackRemoteSessions: true, maxEndedSessions: 50, retiredLimit: 1000 }) {
  const c = createCorrelator(options);
  const out: string[] = [];
  const route = (e: Incoming) => {
    const r = c.route(e);
    out.push(`${e.name}:${e.fields.sessionId ?? '-'} → ${short(r)}`);
  };
  for (const step of steps) {
    switch (step[0]) {
      case 'created':
        c.created(step[1]);
        break;
      case 'startRequested':
        c.startRequested(step[1]);
        break;
      case 'startResolved': {
        const { live, release } = c.startResolved(step[1], step[2]);
        out.push(`start ${step[1]} resolved: ${live ? 'live' : 'orphan'}`);
        release.forEach(route);
        break;
      }
      case 'startRejected': {
        const { release } = c.startRejected(step[1]);
        release.forEach(route);
        break;
      }
      case 'ended':
        out.push(...c.ended(step[1]).map((id) => `pruned ${id}`));
        break;
      case 'event': {
        const [, name, payload, source = 'daily-js'] = step;
        const e = fromDailyJs(name, payload, 0);
        route(source === 'webhook' ? { ...e, source } : e);
        break;
      }
    }
  }
  return { c, out };
}

describe('Correlator', () => {
  it.each<[string, Step[], string[]]>([
    [
      'routes by sessionId once the start resolved',
      [['created', 'a'], ['startRequested', 'a'], ['startResolved', 'a', 'S1'], ['event', 'dialout-connected', { sessionId: 'S1' }]],
      ['start a resolved: live', 'dialout-connected:S1 → a'],
    ],
    [
      'holds unknown sessionIds while a start is pending, then releases its own first',
      [
        ['created', 'a'],
        ['startRequested', 'a'],
        ['event', 'dialout-connected', { sessionId: 'R1' }],
        ['event', 'dialout-connected', { sessionId: 'S1' }],
        ['startResolved', 'a', 'S1'],
      ],
      [
        'dialout-connected:R1 → held',
        'dialout-connected:S1 → held',
        'start a resolved: live',
        'dialout-connected:S1 → a',
        'dialout-connected:R1 → remote-1 new R1',
      ],
    ],
    [
      'adopts the first unknown sessionId after a start without a session',
      [['created', 'a'], ['startRequested', 'a'], ['startResolved', 'a', undefined], ['event', 'dialout-answered', { sessionId: 'X' }]],
      ['start a resolved: live', 'dialout-answered:X → a bound X'],
    ],
    [
      'gives an error without sessionId to the oldest session still waiting for one',
      [['created', 'a'], ['startRequested', 'a'], ['created', 'b'], ['startRequested', 'b'], ['event', 'dialout-error', { errorMsg: 'x' }]],
      ['dialout-error:- → a'],
    ],
    [
      'reports lifecycle events without a sessionId unattributed',
      [['created', 'a'], ['startRequested', 'a'], ['event', 'dialout-answered', {}]],
      ['dialout-answered:- → unattributed'],
    ],
    [
      'absorbs a repeat that would change nothing, and everything after a terminal event',
      [
        ['created', 'a'],
        ['startRequested', 'a'],
        ['startResolved', 'a', 'S1'],
        ['event', 'dialout-answered', { sessionId: 'S1' }],
        ['event', 'dialout-answered', { sessionId: 'S1' }],
        ['event', 'dialout-stopped', { sessionId: 'S1' }],
        ['event', 'dialout-error', { sessionId: 'S1' }],
      ],
      [
        'start a resolved: live',
        'dialout-answered:S1 → a',
        'dialout-answered:S1 → a (absorbed)',
        'dialout-stopped:S1 → a',
        'dialout-error:S1 → a (absorbed)',
      ],
    ],
    [
      'applies the same event from the other source once, flagged duplicate; repeated warnings from one source are not duplicates',
      [
        ['created', 'a'],
        ['startRequested', 'a'],
        ['startResolved', 'a', 'S1'],
        ['event', 'dialout-warning', { sessionId: 'S1', errorMsg: 'w' }],
        ['event', 'dialout-warning', { sessionId: 'S1', errorMsg: 'w' }],
        ['event', 'dialout-warning', { sessionId: 'S1', errorMsg: 'w' }, 'webhook'],
        ['event', 'dialout-answered', { sessionId: 'S1' }, 'webhook'],
        ['event', 'dialout-answered', { sessionId: 'S1' }],
      ],
      [
        'start a resolved: live',
        'dialout-warning:S1 → a',
        'dialout-warning:S1 → a',
        'dialout-warning:S1 → a (absorbed) (duplicate)',
        'dialout-answered:S1 → a',
        'dialout-answered:S1 → a (absorbed) (duplicate)',
      ],
    ],
    [
      'a start that resolves after its session ended is an orphan, and its events stay with it',
      [
        ['created', 'a'],
        ['startRequested', 'a'],
        ['event', 'dialout-connected', { sessionId: 'S1' }],
        ['ended', 'a'],
        ['startResolved', 'a', 'S1'],
        ['event', 'dialout-stopped', { sessionId: 'S1' }],
      ],
      ['dialout-connected:S1 → held', 'start a resolved: orphan', 'dialout-connected:S1 → a (absorbed)', 'dialout-stopped:S1 → a (absorbed)'],
    ],
    [
      'prunes the oldest ended sessions and reports their late events unattributed',
      [
        ['created', 'a'],
        ['startRequested', 'a'],
        ['startResolved', 'a', 'S1'],
        ['ended', 'a'],
        ['created', 'b'],
        ['startRequested', 'b'],
        ['startResolved', 'b', 'S2'],
        ['ended', 'b'],
        ['event', 'dialout-stopped', { sessionId: 'S1' }],
        ['event', 'dialout-stopped', { sessionId: 'S2' }],
      ],
      ['start a resolved: live', 'start b resolved: live', 'pruned a', 'dialout-stopped:S1 → unattributed', 'dialout-stopped:S2 → b (absorbed)'],
    ],
    [
      'sessionIds are opaque: Object.prototype names work like any other',
      [['event', 'dialout-connected', { sessionId: '__proto__' }], ['event', 'dialout-answered', { sessionId: '__proto__' }], ['event', 'dialout-connected', { sessionId: 'constructor' }]],
      ['dialout-connected:__proto__ → remote-1 new __proto__', 'dialout-answered:__proto__ → remote-1', 'dialout-connected:constructor → remote-2 new constructor'],
    ],
  ])('%s', (_name, steps, expected) => {
    const options = { trackRemoteSessions: true, maxEndedSessions: _name.startsWith('prunes') ? 1 : 50, retiredLimit: 1000 };
    expect(run(steps, options).out).toEqual(expected);
  });

  it('with trackRemoteSessions: false, reports unknown sessionIds unattributed', () => {
    const { out } = run([['event', 'dialout-connected', { sessionId: 'R1' }]], { trackRemoteSessions: false, maxEndedSessions: 50, retiredLimit: 1000 });
    expect(out).toEqual(['dialout-connected:R1 → unattributed']);
  });

  it('detachAll() hands back the held events and stops waiting for pending starts', () => {
    const { c } = run([['created', 'a'], ['startRequested', 'a'], ['event', 'dialout-connected', { sessionId: 'R1' }]]);
    expect(c.heldCount()).toBe(1);
    expect(c.detachAll().map((e) => e.fields.sessionId)).toEqual(['R1']);
    expect(c.route(fromDailyJs('dialout-connected', { sessionId: 'R2' }, 0))).toMatchObject({ kind: 'session', created: 'R2' });
  });

  it('keeps its memory bounded: retained sessions by maxEndedSessions, retired sessionIds by retiredLimit', () => {
    const c = createCorrelator({ trackRemoteSessions: true, maxEndedSessions: 3, retiredLimit: 10 });
    for (let i = 0; i < 1000; i++) {
      c.created(`l${i}`);
      c.startRequested(`l${i}`);
      c.startResolved(`l${i}`, `S${i}`);
      c.ended(`l${i}`);
    }
    expect(c.size()).toBe(3);
    expect(c.route(fromDailyJs('dialout-stopped', { sessionId: 'S995' }, 0))).toEqual({ kind: 'unattributed' });
    // remembered no longer: an old sessionId becomes a remote session again
    expect(c.route(fromDailyJs('dialout-stopped', { sessionId: 'S0' }, 0))).toMatchObject({ created: 'S0' });
  });
});

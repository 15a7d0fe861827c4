/**
 * The value streams of the manager, derived from one state subject.
 */
import { type Observable, distinctUntilChanged, map, shareReplay } from 'rxjs';
import type { DialOutManagerSnapshot, DialOutSessionSnapshot, DialOutStatus } from '../types.js';

/** The value streams of a {@link DialOutManager}. */
export interface DialOutStateStreams {
  readonly sessions$: Observable<readonly DialOutSessionSnapshot[]>;
  readonly current$: Observable<DialOutSessionSnapshot | undefined>;
  readonly status$: Observable<DialOutStatus>;
}

/**
 * Derives `sessions$`, `current$` and `status$` from the manager's state.
 *
 * @remarks
 * Each stream replays its current value to late subscribers (the source
 * replays, and `shareReplay({ bufferSize: 1, refCount: true })` keeps one
 * pipeline for any number of subscribers), is distinct (`distinctUntilChanged`
 * on identity: snapshots are only replaced when they change), and completes
 * when the source completes (on `dispose()`).
 *
 * @param state$ - The manager snapshots; must replay the current one (a `BehaviorSubject`).
 * @returns The three streams.
 */
export function createStateStreams(state$: Observable<DialOutManagerSnapshot>): DialOutStateStreams {
  const shared = <T>(project: (s: DialOutManagerSnapshot) => T): Observable<T> =>
    state$.pipe(map(project), distinctUntilChanged(), shareReplay({ bufferSize: 1, refCount: true }));
  return {
    sessions$: shared((s) => s.sessions),
    current$: shared((s) => s.current),
    status$: shared((s) => s.status),
  };
}

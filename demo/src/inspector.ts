/**
 * `?inspect`: the Stately browser inspector, loaded only then (it opens stately.ai, so it needs
 * a network connection). Telephony data is redacted before anything leaves the page: every
 * inspection event goes through the library's `redactedInspect`, and, last, `serialize` runs
 * `redactTelephonyData` over the exact JSON that is posted to the inspector window.
 */
import type { createBrowserInspector, StatelyInspectionEvent } from '@statelyai/inspect';
import { redactedInspect, redactTelephonyData } from 'daily-dialout-machine';
import type { InspectionEvent, Observer } from 'xstate';
import { toJsonValue } from './mask.js';

/** The options of `createBrowserInspector` (`@statelyai/inspect` does not export their type). */
export type DemoInspectorOptions = NonNullable<Parameters<typeof createBrowserInspector>[0]>;

/** The inspector's wiring. */
export interface DemoInspector {
  /** For the manager's `inspect` option: redacts, then hands the event to the inspector. */
  readonly inspect: (event: InspectionEvent) => void;
  /** Opens the inspector window (call it from a click: browsers block pop-ups otherwise). */
  start(): void;
}

/** Fields the Stately inspector adds to each event itself (ids, its clock as a string of epoch ms): kept as they are. */
const INSPECTOR_FIELDS = ['type', 'createdAt', 'id', 'sessionId', 'rootId', 'parentId', 'sourceId', '_version'] as const;

/**
 * The inspector options of the demo: started on demand, and a `serialize` that redacts the JSON
 * of every event as it leaves (a second line of defence behind {@link demoInspect}), except the
 * inspector's own fields (`createdAt` is a string of epoch ms, not a phone number).
 *
 * @returns Options for `createBrowserInspector` / `createInspector`.
 */
export function demoInspectorOptions(): DemoInspectorOptions {
  return {
    autoStart: false,
    serialize: (event: StatelyInspectionEvent) => {
      const json = toJsonValue(event) as unknown as Record<string, unknown>;
      const redacted = redactTelephonyData(json);
      for (const field of INSPECTOR_FIELDS) if (Object.hasOwn(json, field)) redacted[field] = json[field];
      return redacted as unknown as StatelyInspectionEvent;
    },
  };
}

/**
 * The manager's `inspect` option for an inspector: `redactedInspect` around its observer.
 *
 * @param inspector - An inspector made by `createBrowserInspector` / `createInspector`.
 * @returns The inspect function.
 */
export function demoInspect(inspector: { readonly inspect: Observer<InspectionEvent> }): (event: InspectionEvent) => void {
  return redactedInspect(inspector.inspect);
}

/**
 * Loads `@statelyai/inspect` and makes a browser inspector that is started on demand.
 *
 * @returns The inspector's wiring.
 */
export async function createDemoInspector(): Promise<DemoInspector> {
  const { createBrowserInspector } = await import('@statelyai/inspect');
  const inspector = createBrowserInspector(demoInspectorOptions());
  return {
    inspect: demoInspect(inspector),
    start: () => inspector.start(),
  };
}

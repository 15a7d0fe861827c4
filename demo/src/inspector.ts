/**
 * `?inspect`: the Stately browser inspector, loaded only then (it opens stately.ai, so it needs
 * a network connection), with phone numbers and SIP URIs redacted before anything leaves the page.
 */
import type { createBrowserInspector, StatelyInspectionEvent } from '@statelyai/inspect';
import type { InspectionEvent } from 'xstate';
import { redactForInspector, redactJson } from './mask.js';

/** The options of `createBrowserInspector` (`@statelyai/inspect` does not export their type). */
export type DemoInspectorOptions = NonNullable<Parameters<typeof createBrowserInspector>[0]>;

/** The inspector's wiring. */
export interface DemoInspector {
  /** For the manager's `inspect` option. */
  readonly inspect: (event: InspectionEvent) => void;
  /** Opens the inspector window (call it from a click: browsers block pop-ups otherwise). */
  start(): void;
}

/**
 * The inspector options that keep phone numbers and SIP URIs in the page.
 *
 * @remarks
 * `sanitizeContext` and `sanitizeEvent` redact machine contexts and events. They do not see
 * everything the inspector sends (a promise actor's `input`, for example, holds the start
 * options), so `serialize`, which every event passes through last, redacts the whole event too:
 * values under Daily's target keys, and E.164 numbers and SIP URIs in any string.
 *
 * @returns Options for `createBrowserInspector` / `createInspector`.
 */
export function demoInspectorOptions(): DemoInspectorOptions {
  return {
    autoStart: false,
    sanitizeContext: (context) => redactForInspector(context),
    sanitizeEvent: (event) => redactForInspector(event),
    serialize: (event: StatelyInspectionEvent) => redactJson(event),
  };
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
    inspect: (event) => inspector.inspect.next?.(event),
    start: () => inspector.start(),
  };
}

/**
 * The daily-js call-machine emulator: run the real `@daily-co/daily-js`
 * against a scripted fake of the call machine it loads, in jsdom or in a
 * browser, with no network but 127.0.0.1.
 *
 * @remarks
 * It emulates the call-machine protocol of daily-js 0.92.x as daily-js
 * accepts it (read from daily-js 0.92.2), not Daily's servers: replies are
 * shaped to what daily-js accepts, and the scripted scenarios are made-up
 * stories. Everything here is browser-safe except {@link serveEmulator},
 * which loads `node:http` only when called.
 *
 * @packageDocumentation
 */
export { callMachineEmulatorBundle, emulatorBundleSource } from './bundle.js';
export { createEmulatorController, emulatorBundleInfo } from './controller.js';
export type {
  EmulatorAnswer,
  EmulatorController,
  EmulatorControllerOptions,
  EmulatorDialOutFields,
  EmulatorEventName,
  EmulatorEventPayloads,
  EmulatorFatalErrorType,
  EmulatorParticipantFields,
  EmulatorResponder,
  EmulatorWaitOptions,
} from './controller.js';
export {
  EMULATED_DAILY_JS_VERSIONS,
  EMULATOR_BUNDLE_FILENAME,
  EMULATOR_GLOBAL,
  EMULATOR_PROTOCOL,
} from './protocol.js';
export type {
  EmulatorAnswerRecord,
  EmulatorClientRecord,
  EmulatorDecision,
  EmulatorRegistry,
  EmulatorRequest,
  EmulatorSessionRecord,
} from './protocol.js';
export { EMULATOR_SCENARIO_NAMES, scenario } from './scenarios.js';
export type {
  EmulatorScenario,
  EmulatorScenarioEvent,
  EmulatorScenarioName,
  EmulatorScenarioOptions,
  EmulatorScenarioStep,
} from './scenarios.js';
export { serveEmulator } from './serve.js';
export type { EmulatorServer, ServeEmulatorOptions } from './serve.js';
export { SHIM_USER_AGENT, installWebRTCShim } from './webrtcShim.js';

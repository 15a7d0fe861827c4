/**
 * The emulator's call-machine bundle. {@link callMachineEmulatorBundle} must reference nothing outside its body but
 * browser globals, and keep to syntax transpilers rewrite without helpers (no classes, spread, destructuring,
 * `for…of`, `async`), so that its source text stays a self-contained script even after a downstream bundler.
 */
import type {
  EmulatorAnswerRecord,
  EmulatorClientRecord,
  EmulatorDecision,
  EmulatorRegistry,
  EmulatorRequest,
  EmulatorSessionRecord,
} from './protocol.js';

/** What the bundle reads from daily-js's globals. */
interface DailyGlobal {
  pendings?: string[];
  instances?: Record<string, Record<string, unknown> | undefined>;
}

type AnyRecord = Record<string, unknown>;

/**
 * The fake call machine daily-js loads in place of Daily's `call-machine-object-bundle.js` (via
 * `dailyConfig.bundlePathOverride`); calling it is what evaluating the bundle does. Speaks the call-machine protocol
 * of daily-js 0.92.x as `@daily-co/daily-js` 0.92.2 accepts it; does not emulate Daily's servers. When evaluated it:
 *
 * 1. creates `window.__dailyDialOutEmulator` ({@link EmulatorRegistry}) if missing and installs one `message`
 *    listener on `window`, replacing an earlier evaluation's;
 * 2. for each id it takes out of `window._daily.pendings`, sets
 *    `window._daily.instances[id].callMachine = { store: { getState }, reset }` and posts
 *    `call-machine-initialized` and `loaded`;
 * 3. records each request of daily-js (`{ what: 'iframe-call-message', from: 'module' }`) in the call client's
 *    `received` and asks a controller's handler first; by default it answers `join-meeting` with
 *    `access-state-updated` (`{ level: 'full' }`) then `joined-meeting` with a local participant (an owner, unless a
 *    controller set otherwise) and the room's remote participants, `lib-room-info` (`call.room()`) with a
 *    `DailyRoomInfo` whose `config` is `{ enable_dialout: true }` unless a controller set another, `leave-meeting`
 *    with `left-meeting`, `dialout-start` with
 *    `{ session: { sessionId } }` (a fresh UUID), `dialout-stop` with `{}` then `dialout-stopped` for that session,
 *    `send-dtmf` and `sip-call-transfer` (both `sipCallTransfer()` and `sipRefer()`) with `{}`, `dialin-start`
 *    (`startDialIn()`) with `{}` then `dialin-ready` for its `sipEndpoint` (default `sip:<room name>@sip.daily.co`) and
 *    `provider` (default `'daily'`; daily-js sends `'signalwire'` when none is given), and any other request
 *    expecting an answer with an `Error` naming the action (rather than leave daily-js's promise pending); requests
 *    expecting none (`transmit-log`, …) are only recorded;
 * 4. unless a controller turned it off ({@link EmulatorClientRecord.phoneLegs}), puts Daily's phone-leg participant
 *    in the room when it posts a filled `dialout-answered` for one of its live dial-outs while joined: it posts
 *    `participant-joined` for `{ session_id: sessionId, user_id: userId (else the sessionId), user_name: displayName
 *    (else ''), participantType: 'sip-dial-out' | 'pstn-dial-out' (by the target), local: false, owner: false,
 *    tracks: { audio: { subscribed: true, state: 'playable' } } }` after it, and posts `participant-left` for it after
 *    the dial-out's filled `dialout-stopped` or `dialout-error`. The room's participants (these and a controller's)
 *    are part of every later default `joined-meeting`;
 * 5. takes a dial-in caller (a controller's `dialIn()`) out of the room, posting `participant-left`, after a filled
 *    `dialin-stopped` or `dialin-error` for that dial-in; fills `dialin-*` events only for dial-ins and `dialout-*`
 *    events only for dial-outs; keeps the SIP endpoint of each `dialin-ready` it posts in
 *    {@link EmulatorClientRecord.dialInEndpoints}.
 *
 * `destroy()` sends the call machine nothing: the bundle sees `window._daily.instances[id]` gone and then ignores that
 * call client.
 *
 * @example
 * ```ts
 * // What daily-js's default (eval-based) loader does with the bundle text:
 * Function('"use strict";' + emulatorBundleSource)();
 * ```
 */
export function callMachineEmulatorBundle(): void {
  const KEY = '__dailyDialOutEmulator';
  const PROTOCOL = 1;
  const EMULATES = '0.92.x';
  const w = window as unknown as AnyRecord & Window;

  function ensureRegistry(): EmulatorRegistry {
    let registry = w[KEY] as EmulatorRegistry | undefined;
    if (!registry) {
      registry = { protocol: PROTOCOL, clients: {}, bundle: undefined };
      w[KEY] = registry;
    }
    return registry;
  }

  function ensureRecord(registry: EmulatorRegistry, id: string): EmulatorClientRecord {
    let record = registry.clients[id];
    if (!record) {
      record = {
        callClientId: id,
        attached: false,
        initializations: 0,
        joined: false,
        destroyed: false,
        dailyJsVersion: undefined,
        received: [],
        sessions: {},
        handler: undefined,
        observers: [],
        send: undefined,
        answer: undefined,
        openSession: undefined,
        localFields: {},
        local: undefined,
        participants: {},
        roomConfig: undefined,
        phoneLegs: true,
        dialInEndpoints: [],
      };
      registry.clients[id] = record;
    }
    return record;
  }

  function dailyGlobal(): DailyGlobal | undefined {
    const daily = w._daily as DailyGlobal | undefined;
    return daily && typeof daily === 'object' ? daily : undefined;
  }

  function isAlive(id: string): boolean {
    const daily = dailyGlobal();
    return !!(daily && daily.instances && daily.instances[id]);
  }

  function uuid(): string {
    const c = w.crypto as Crypto | undefined;
    if (c && typeof c.randomUUID === 'function') {
      try {
        return c.randomUUID();
      } catch (_) {
        // not a secure context: fall through
      }
    }
    const bytes = new Uint8Array(16);
    if (c && typeof c.getRandomValues === 'function') c.getRandomValues(bytes);
    else for (let i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    bytes[6] = ((bytes[6] as number) & 0x0f) | 0x40;
    bytes[8] = ((bytes[8] as number) & 0x3f) | 0x80;
    let hex = '';
    for (let i = 0; i < 16; i++) hex += ((bytes[i] as number) + 0x100).toString(16).slice(1);
    return hex.slice(0, 8) + '-' + hex.slice(8, 12) + '-' + hex.slice(12, 16) + '-' + hex.slice(16, 20) + '-' + hex.slice(20);
  }

  function targetOrigin(): string {
    const loc = w.location as Location | undefined;
    if (!loc || loc.protocol === 'file:' || !loc.origin || loc.origin === 'null') return '*';
    return loc.origin;
  }

  function clone(value: unknown): unknown {
    const sc = w.structuredClone as ((v: unknown) => unknown) | undefined;
    if (typeof sc === 'function') {
      try {
        return sc(value);
      } catch (_) {
        // not cloneable (a function inside): keep the value itself
      }
    }
    return value;
  }

  function assign(target: AnyRecord, source: Readonly<AnyRecord> | undefined): AnyRecord {
    if (!source) return target;
    const keys = Object.keys(source);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      target[key] = source[key];
    }
    return target;
  }

  /** Plain objects and arrays copied all the way down, other values (Date, Set, …) kept: a fresh object to post. */
  function copyDeep(value: unknown): unknown {
    if (Array.isArray(value)) {
      const list: unknown[] = [];
      for (let i = 0; i < value.length; i++) list.push(copyDeep(value[i]));
      return list;
    }
    if (value !== null && typeof value === 'object') {
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return value;
      const out: AnyRecord = {};
      const keys = Object.keys(value);
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i] as string;
        out[key] = copyDeep((value as AnyRecord)[key]);
      }
      return out;
    }
    return value;
  }

  function str(value: unknown): string | undefined {
    return typeof value === 'string' && value !== '' ? value : undefined;
  }

  function reportLater(error: unknown): void {
    setTimeout(function () {
      throw error;
    }, 0);
  }

  /** Posts `{ action, ...payload }` to daily-js for one call client; returns what was posted. */
  function postTo(record: EmulatorClientRecord, message: AnyRecord): AnyRecord | undefined {
    if (!isAlive(record.callClientId)) {
      record.destroyed = true;
      return undefined;
    }
    const envelope = assign({}, message);
    envelope.what = 'iframe-call-message';
    envelope.from = 'embedded';
    envelope.callClientId = record.callClientId;
    w.postMessage(envelope, targetOrigin());
    return message;
  }

  const FILLED: Record<string, readonly (keyof EmulatorSessionRecord)[]> = {
    'dialout-connected': ['provider', 'sipCallId', 'destination', 'userId', 'callerId'],
    'dialout-answered': ['provider', 'sipCallId', 'destination', 'userId', 'callerId'],
    'dialout-stopped': ['provider', 'sipCallId', 'destination', 'userId', 'callerId'],
    'dialout-warning': ['provider', 'sipCallId', 'destination', 'userId', 'callerId'],
    'dialout-error': ['provider', 'sipCallId', 'userId'],
    'dialin-connected': ['provider', 'sipCallId', 'sipFrom', 'sipEndpoint', 'userId', 'sipHeaders', 'actionTraceId'],
    'dialin-stopped': ['provider', 'sipCallId', 'sipFrom', 'sipEndpoint', 'userId', 'sipHeaders', 'actionTraceId'],
    'dialin-warning': ['provider', 'sipCallId', 'sipFrom', 'sipEndpoint', 'userId', 'actionTraceId'],
    'dialin-error': ['provider', 'sipCallId', 'userId', 'actionTraceId'],
  };

  /** Whether `action` is an event of the session's direction: `dialin-*` for a dial-in, `dialout-*` for a dial-out. */
  function ofKind(session: EmulatorSessionRecord, action: string): boolean {
    return action.indexOf(session.kind === 'dial-in' ? 'dialin-' : 'dialout-') === 0;
  }

  function send(record: EmulatorClientRecord, action: string, payload: Readonly<AnyRecord>, fill: boolean): AnyRecord | undefined {
    const message: AnyRecord = {};
    const sessionId = str(payload.sessionId);
    const known = sessionId !== undefined ? record.sessions[sessionId] : undefined;
    // a session only gets (and is ended by) the events of its own direction
    const session = known && ofKind(known, action) ? known : undefined;
    const fields = FILLED[action];
    if (fill && session && fields) {
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] as keyof EmulatorSessionRecord;
        if (session[field] !== undefined) message[field] = copyDeep(session[field]);
      }
    }
    assign(message, payload);
    if (fill && (action === 'participant-joined' || action === 'participant-updated')) {
      const participant = message.participant;
      if (participant && typeof participant === 'object') {
        // a fresh copy: daily-js keeps (and, in jsdom, which does not clone, writes into) what it receives
        const copy = copyDeep(participant) as AnyRecord;
        if (!copy.tracks) copy.tracks = {};
        message.participant = copy;
      }
    }
    message.action = action;
    const wasLive = !!session && session.state === 'started';
    const ends = action === 'dialout-stopped' || action === 'dialout-error' || action === 'dialin-stopped' || action === 'dialin-error';
    if (session && ends) session.state = 'ended';
    if (action === 'error' || action === 'left-meeting') record.joined = false;
    const posted = postTo(record, message);
    if (posted && action === 'dialin-ready') noteEndpoint(record, message);
    if (posted && fill && session && session.kind === 'dial-in') {
      if (ends) leaveCaller(record, session.sessionId);
    } else if (posted && fill && session && record.phoneLegs !== false) {
      if (action === 'dialout-answered' && wasLive) joinPhoneLeg(record, session);
      else if (action === 'dialout-stopped' || action === 'dialout-error') leavePhoneLeg(record, session.sessionId);
    }
    return posted;
  }

  /** Keeps the SIP endpoint of a posted `dialin-ready` in `record.dialInEndpoints` (one entry per `sipEndpoint`). */
  function noteEndpoint(record: EmulatorClientRecord, message: Readonly<AnyRecord>): void {
    const sipEndpoint = str(message.sipEndpoint);
    if (sipEndpoint === undefined) return;
    const provider = typeof message.provider === 'string' ? message.provider : '';
    const endpoints = record.dialInEndpoints || (record.dialInEndpoints = []);
    for (let i = 0; i < endpoints.length; i++) {
      if ((endpoints[i] as { sipEndpoint: string }).sipEndpoint === sipEndpoint) {
        endpoints[i] = { sipEndpoint: sipEndpoint, provider: provider };
        return;
      }
    }
    endpoints.push({ sipEndpoint: sipEndpoint, provider: provider });
  }

  /** Takes the caller of the dial-in `sessionId` (a `sip-dial-in` / `pstn-dial-in` participant) out of the room, posting `participant-left`. */
  function leaveCaller(record: EmulatorClientRecord, sessionId: string): void {
    const participant = record.participants[sessionId];
    const type = participant ? participant.participantType : undefined;
    if (type !== 'sip-dial-in' && type !== 'pstn-dial-in') return;
    delete record.participants[sessionId];
    if (record.joined) postTo(record, { action: 'participant-left', participant: copyDeep(participant) });
  }

  function isPhoneLeg(participant: Readonly<AnyRecord> | undefined): boolean {
    const type = participant ? participant.participantType : undefined;
    return type === 'sip-dial-out' || type === 'pstn-dial-out';
  }

  /** Daily's participant for an answered dial-out: `session_id` is the dial-out's `sessionId`. */
  function phoneLegParticipant(session: EmulatorSessionRecord): AnyRecord {
    return {
      session_id: session.sessionId,
      user_id: session.userId || session.sessionId,
      user_name: session.displayName || '',
      participantType: /^sips?:/i.test(session.destination || '') ? 'sip-dial-out' : 'pstn-dial-out',
      local: false,
      owner: false,
      tracks: { audio: { subscribed: true, state: 'playable' } },
    };
  }

  /** While joined, puts the phone leg of `session` in the room (unless a participant has its id) and posts `participant-joined`. */
  function joinPhoneLeg(record: EmulatorClientRecord, session: EmulatorSessionRecord): void {
    if (!record.joined || record.participants[session.sessionId]) return;
    const participant = phoneLegParticipant(session);
    record.participants[session.sessionId] = participant;
    postTo(record, { action: 'participant-joined', participant: copyDeep(participant) });
  }

  /** Takes the phone leg with `sessionId` (a `sip-dial-out` / `pstn-dial-out` participant) out of the room, posting `participant-left`. */
  function leavePhoneLeg(record: EmulatorClientRecord, sessionId: string): void {
    const participant = record.participants[sessionId];
    if (!isPhoneLeg(participant)) return;
    delete record.participants[sessionId];
    if (record.joined) postTo(record, { action: 'participant-left', participant: copyDeep(participant) });
  }

  function openSession(record: EmulatorClientRecord, request: EmulatorRequest, chosen?: string): EmulatorSessionRecord {
    const sessionId = str(chosen) || uuid();
    const existing = record.sessions[sessionId];
    if (existing) return existing;
    const p = request.payload;
    const session: EmulatorSessionRecord = {
      sessionId: sessionId,
      kind: 'dial-out',
      requestSeq: request.seq,
      provider: str(p.provider) || 'signalwire',
      sipCallId: uuid(),
      destination: str(p.phoneNumber) || str(p.sipUri),
      userId: str(p.userId),
      callerId: str(p.callerId),
      displayName: str(p.displayName),
      state: 'started',
    };
    record.sessions[sessionId] = session;
    return session;
  }

  /** `fields` over `base`, `permissions` merged field by field; a new object. */
  function mergeParticipant(base: Readonly<AnyRecord>, fields: Readonly<AnyRecord>): AnyRecord {
    const merged = assign(assign({}, base), fields);
    const before = base.permissions;
    const given = fields.permissions;
    if (before && typeof before === 'object' && given && typeof given === 'object') {
      merged.permissions = assign(assign({}, before as AnyRecord), given as AnyRecord);
    }
    return merged;
  }

  function localParticipant(record: EmulatorClientRecord, request: EmulatorRequest): AnyRecord {
    const properties = (request.payload.properties || {}) as AnyRecord;
    const sessionId = uuid();
    const base: AnyRecord = {
      local: true,
      session_id: sessionId,
      user_id: sessionId,
      user_name: str(properties.userName) || '',
      owner: true,
      permissions: { hasPresence: true, canSend: true, canReceive: { base: true }, canAdmin: false },
      joined_at: new Date(),
      audio: false,
      video: false,
      screen: false,
      tracks: {},
    };
    return mergeParticipant(base, record.localFields || {});
  }

  function joinedParticipants(record: EmulatorClientRecord, request: EmulatorRequest): AnyRecord {
    const participants: AnyRecord = { local: localParticipant(record, request) };
    const remote = record.participants || {};
    const ids = Object.keys(remote);
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as string;
      participants[id] = assign({ tracks: {} }, remote[id]);
    }
    return participants;
  }

  const roomIds: Record<string, string> = {};

  /** The room's name: the last path segment of the last joined URL, else `'emulated-room'`. */
  function roomName(record: EmulatorClientRecord): string {
    let url: string | undefined;
    for (let i = record.received.length - 1; i >= 0 && url === undefined; i--) {
      const request = record.received[i] as EmulatorRequest;
      const properties = request.payload.properties as AnyRecord | undefined;
      if (request.action === 'join-meeting' && properties) url = str(properties.url);
    }
    const path = (url || '').replace(/[?#].*$/, '').split('/');
    return path[path.length - 1] || 'emulated-room';
  }

  /** What `lib-room-info` answers: daily-js's `DailyRoomInfo`, named after the last joined URL. */
  function roomInfo(record: EmulatorClientRecord): AnyRecord {
    const id = roomIds[record.callClientId] || (roomIds[record.callClientId] = uuid());
    return {
      id: id,
      name: roomName(record),
      config: assign({}, record.roomConfig || { enable_dialout: true }),
      domainConfig: {},
      tokenConfig: {},
    };
  }

  function unsupported(action: string): Error {
    return new Error(
      'daily-dialout-machine emulator: no answer for the call-machine request "' +
        action +
        '". The emulator speaks the protocol of daily-js ' +
        EMULATES +
        ' for join, leave, dial-out, dial-in, DTMF and transfers only; script this request with respond("' +
        action +
        '", …).',
    );
  }

  function answer(record: EmulatorClientRecord, request: EmulatorRequest, decision: EmulatorDecision): AnyRecord | undefined {
    if (request.answer) {
      throw new Error('daily-dialout-machine emulator: request #' + request.seq + ' (' + request.action + ') was already answered');
    }
    if (decision.kind === 'default') return answerDefault(record, request);
    if (decision.kind === 'none') {
      request.answer = { kind: 'none' };
      return undefined;
    }
    if (decision.kind === 'error') {
      if (!request.expectsAnswer) {
        request.answer = { kind: 'none' };
        return undefined;
      }
      request.answer = { kind: 'error', value: decision.error };
      return postTo(record, { callbackStamp: request.callbackStamp, error: decision.error });
    }
    const payload = assign({}, decision.payload);
    if (request.action === 'dialout-start') {
      const session = payload.session as AnyRecord | undefined;
      if (session && typeof session === 'object' && str(session.sessionId)) openSession(record, request, session.sessionId as string);
    }
    if (payload.action === 'joined-meeting') {
      record.joined = true;
      const participants = payload.participants as AnyRecord | undefined;
      const local = participants && typeof participants === 'object' ? participants.local : undefined;
      record.local = local && typeof local === 'object' ? (local as AnyRecord) : undefined;
      // what Daily grants on join; until then daily-js's room() answers { roomUrlPendingJoin } without asking
      postTo(record, { action: 'access-state-updated', access: { level: 'full' } });
    }
    if (payload.action === 'left-meeting' || payload.action === 'error') record.joined = false;
    let answered: EmulatorAnswerRecord;
    let message: AnyRecord;
    if (request.expectsAnswer) {
      answered = { kind: 'reply', value: payload };
      message = assign({ callbackStamp: request.callbackStamp }, payload);
    } else if (typeof payload.action === 'string') {
      answered = { kind: 'event', value: payload };
      message = payload;
    } else {
      request.answer = { kind: 'none' };
      return undefined;
    }
    request.answer = answered;
    postTo(record, message);
    return payload;
  }

  function answerDefault(record: EmulatorClientRecord, request: EmulatorRequest): AnyRecord | undefined {
    switch (request.action) {
      case 'join-meeting':
        return answer(record, request, {
          kind: 'reply',
          payload: { action: 'joined-meeting', participants: joinedParticipants(record, request) },
        });
      case 'leave-meeting':
        return answer(record, request, { kind: 'reply', payload: { action: 'left-meeting' } });
      case 'dialout-start': {
        const session = openSession(record, request);
        return answer(record, request, { kind: 'reply', payload: { session: { sessionId: session.sessionId } } });
      }
      case 'dialout-stop': {
        const replied = answer(record, request, { kind: 'reply', payload: {} });
        const sessionId = str(request.payload.sessionId);
        if (sessionId !== undefined) send(record, 'dialout-stopped', { sessionId: sessionId }, true);
        return replied;
      }
      case 'send-dtmf':
      case 'sip-call-transfer':
        return answer(record, request, { kind: 'reply', payload: {} });
      case 'dialin-start': {
        const replied = answer(record, request, { kind: 'reply', payload: {} });
        // the room's SIP worker is ready for the endpoint asked for (else the room's default one)
        send(
          record,
          'dialin-ready',
          {
            sipEndpoint: str(request.payload.sipEndpoint) || 'sip:' + roomName(record) + '@sip.daily.co',
            provider: str(request.payload.provider) || 'daily',
          },
          false,
        );
        return replied;
      }
      case 'lib-room-info':
        return answer(record, request, { kind: 'reply', payload: roomInfo(record) });
      default:
        if (request.expectsAnswer) return answer(record, request, { kind: 'error', error: unsupported(request.action) });
        request.answer = { kind: 'none' };
        return undefined;
    }
  }

  function payloadOf(data: AnyRecord): AnyRecord {
    const out: AnyRecord = {};
    const keys = Object.keys(data);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as string;
      if (key === 'what' || key === 'from' || key === 'callClientId' || key === 'callbackStamp' || key === 'action') continue;
      out[key] = clone(data[key]);
    }
    return out;
  }

  function handleRequest(record: EmulatorClientRecord, data: AnyRecord): void {
    const stamp = data.callbackStamp;
    const hasStamp = stamp !== undefined && stamp !== null;
    const request: EmulatorRequest = {
      seq: record.received.length + 1,
      action: data.action as string,
      payload: payloadOf(data),
      expectsAnswer: hasStamp,
      callbackStamp: hasStamp ? (stamp as number | string) : undefined,
      at: Date.now(),
      answer: undefined,
    };
    record.received.push(request);
    if (request.action === 'join-meeting') {
      const properties = request.payload.properties as AnyRecord | undefined;
      record.dailyJsVersion = properties ? str(properties.dailyJsVersion) : undefined;
    }
    let owned = false;
    const handler = record.handler;
    if (handler) {
      try {
        owned = handler(request) === true;
      } catch (error) {
        owned = true;
        if (!request.answer) answer(record, request, { kind: 'error', error: error });
        reportLater(error);
      }
    }
    if (!owned && !request.answer) answer(record, request, { kind: 'default' });
    const observers = record.observers.slice();
    for (let i = 0; i < observers.length; i++) {
      try {
        (observers[i] as (r: EmulatorRequest) => void)(request);
      } catch (error) {
        reportLater(error);
      }
    }
  }

  function onMessage(event: MessageEvent): void {
    const data = event.data as AnyRecord | null | undefined;
    if (
      !data ||
      typeof data !== 'object' ||
      data.what !== 'iframe-call-message' ||
      data.from !== 'module' ||
      typeof data.action !== 'string' ||
      data.action === '' ||
      data.callFrameId ||
      typeof data.callClientId !== 'string'
    ) {
      return;
    }
    const record = ensureRegistry().clients[data.callClientId];
    if (!record || !record.attached || record.destroyed) return;
    if (!isAlive(record.callClientId)) {
      record.destroyed = true;
      return;
    }
    handleRequest(record, data);
  }

  function initialize(record: EmulatorClientRecord, first: boolean): void {
    record.initializations += 1;
    record.joined = false;
    postTo(record, { action: 'call-machine-initialized' });
    if (first) postTo(record, { action: 'loaded' });
  }

  function attach(registry: EmulatorRegistry, daily: DailyGlobal, id: string): void {
    const instance = daily.instances ? daily.instances[id] : undefined;
    if (!instance) return;
    const record = ensureRecord(registry, id);
    record.attached = true;
    record.destroyed = false;
    record.send = function (action, payload, fill) {
      return send(record, action, payload, fill);
    };
    record.answer = function (request, decision) {
      return answer(record, request, decision);
    };
    record.openSession = function (request, sessionId) {
      return openSession(record, request, sessionId);
    };
    instance.callMachine = {
      store: {
        getState: function () {
          return { local: { streams: {}, public: { customTracks: {} } }, streams: {}, participants: {} };
        },
      },
      reset: function () {
        initialize(record, false);
      },
      emulator: { emulates: EMULATES, protocol: PROTOCOL },
    };
    initialize(record, true);
  }

  const registry = ensureRegistry();
  const previous = registry.bundle;
  if (previous) w.removeEventListener('message', previous.listener);
  registry.bundle = {
    protocol: PROTOCOL,
    emulates: EMULATES,
    evaluations: previous ? previous.evaluations + 1 : 1,
    listener: onMessage,
  };
  w.addEventListener('message', onMessage);

  const daily = dailyGlobal();
  if (daily && Array.isArray(daily.pendings)) {
    const pendings = daily.pendings.splice(0);
    for (let i = 0; i < pendings.length; i++) attach(registry, daily, pendings[i] as string);
  }
}

/**
 * The emulator bundle as a plain browser script: what {@link serveEmulator} serves and `npm run build` writes to
 * `dist/testing/call-machine-object-bundle.js`. Use it behind a test's own server or `fetch` stub. In jsdom only,
 * daily-js also takes a `data:` URL, `'data:text/javascript,' + encodeURIComponent(emulatorBundleSource) + '//'`
 * (the `//` comments out the file name daily-js appends): a hack; prefer a server on 127.0.0.1.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { emulatorBundleSource } from 'daily-dialout-machine/testing';
 *
 * createServer((req, res) => {
 *   res.writeHead(200, { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' });
 *   res.end(emulatorBundleSource);
 * }).listen(0, '127.0.0.1');
 * ```
 */
export const emulatorBundleSource: string =
  '/* daily-dialout-machine call-machine emulator: emulates the call-machine protocol of daily-js 0.92.x as daily-js accepts it, not Daily\'s servers. */\n' +
  '(' +
  callMachineEmulatorBundle.toString() +
  ')();\n';

// @vitest-environment jsdom
/**
 * Our validation and daily-js 0.92.2's own checks agree: every options object
 * below is refused by `manager.start()` (DialOutValidationError, nothing
 * started) and by the real `call.startDialOut()` (rejects before anything
 * reaches the call machine).
 */
import type { DailyStartDialoutOptions } from '@daily-co/daily-js';
import { describe, expect, it, vi } from 'vitest';
import { DialOutValidationError } from '../../src/index.js';
import { scenario } from '../../src/testing/index.js';
import { PHONE, settle, until, useEmulatedCalls } from './harness.js';

const calls = useEmulatedCalls();

const SIP = 'sip:bob@example.com';

/** [what is wrong, options, the path our validation names]. */
const BAD_OPTIONS: ReadonlyArray<readonly [string, Record<string, unknown>, string]> = [
  ['neither sipUri nor phoneNumber', {}, 'sipUri'],
  ['both sipUri and phoneNumber', { sipUri: SIP, phoneNumber: PHONE }, 'phoneNumber'],
  ['phoneNumber not E.164 (no +)', { phoneNumber: '15555550100' }, 'phoneNumber'],
  ['phoneNumber with dashes', { phoneNumber: '+1-555-555-0100' }, 'phoneNumber'],
  ['phoneNumber not a string', { phoneNumber: 15555550100 }, 'phoneNumber'],
  ['sipUri without sip:', { sipUri: 'bob@example.com' }, 'sipUri'],
  ['sipUri not a string', { sipUri: ['sip:bob@example.com'] }, 'sipUri'],
  ['callerId with sipUri', { sipUri: SIP, callerId: '+15555550199' }, 'callerId'],
  ['callerId not a string', { phoneNumber: PHONE, callerId: 15555550199 }, 'callerId'],
  ['displayName of 200 characters', { phoneNumber: PHONE, displayName: 'x'.repeat(200) }, 'displayName'],
  ['displayName not a string', { phoneNumber: PHONE, displayName: 42 }, 'displayName'],
  ['userId longer than 36', { phoneNumber: PHONE, userId: 'u'.repeat(37) }, 'userId'],
  ['provider with phoneNumber', { phoneNumber: PHONE, provider: 'daily' }, 'provider'],
  ['unknown provider', { sipUri: SIP, provider: 'twilio' }, 'provider'],
  ['video not a boolean', { sipUri: SIP, video: 'yes' }, 'video'],
  ['videoSettings without video', { sipUri: SIP, videoSettings: { width: 640 } }, 'videoSettings'],
  ['videoSettings.width over 1280', { sipUri: SIP, video: true, videoSettings: { width: 1281 } }, 'videoSettings.width'],
  ['videoSettings.height over 720', { sipUri: SIP, video: true, videoSettings: { height: 721 } }, 'videoSettings.height'],
  ['videoSettings.fps 0', { sipUri: SIP, video: true, videoSettings: { fps: 0 } }, 'videoSettings.fps'],
  ['videoSettings.videoBitrate over 1000', { sipUri: SIP, video: true, videoSettings: { videoBitrate: 1001 } }, 'videoSettings.videoBitrate'],
  ['videoSettings.width not an integer', { sipUri: SIP, video: true, videoSettings: { width: 640.5 } }, 'videoSettings.width'],
  ['unknown audio codec (SIP)', { sipUri: SIP, codecs: { audio: ['MP3'] } }, 'codecs.audio[0]'],
  ['empty audio codec list (PSTN)', { phoneNumber: PHONE, codecs: { audio: [] } }, 'codecs.audio'],
  ['audio codecs not an array', { sipUri: SIP, codecs: { audio: 'OPUS' } }, 'codecs.audio'],
  ['unknown video codec', { sipUri: SIP, video: true, codecs: { video: ['AV1'] } }, 'codecs.video[0]'],
];

/** [what is wrong, tones]. */
const BAD_TONES: ReadonlyArray<readonly [string, string]> = [
  ['a letter outside A-D', '12E'],
  ['a space', '1 2'],
  ['lower-case a', 'a'],
];

describe('validation agrees with daily-js 0.92.2', () => {
  it.each(BAD_OPTIONS)('startDialOut options: %s', async (_label, options, path) => {
    const { call, emulator, manager } = await calls.joinWithManager();

    let ours: unknown;
    try {
      manager.start(structuredClone(options) as unknown as DailyStartDialoutOptions);
    } catch (error) {
      ours = error;
    }
    expect(ours).toBeInstanceOf(DialOutValidationError);
    expect((ours as DialOutValidationError).issues.map((i) => i.path)).toContain(path);
    expect(manager.getSnapshot().sessions).toEqual([]);

    // daily-js mutates what it is given (it sets provider), so it gets its own copy
    await expect(call.startDialOut(structuredClone(options) as unknown as DailyStartDialoutOptions)).rejects.toThrow(
      /Error starting dial out|provider/,
    );
    await settle();
    expect(emulator.received.filter((r) => r.action === 'dialout-start')).toEqual([]);
  });

  it.each(BAD_TONES)('DTMF tones: %s', async (_label, tones) => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');

    await expect(session.sendDTMF(tones)).rejects.toBeInstanceOf(DialOutValidationError);
    await expect(call.sendDTMF({ sessionId: session.sessionId as string, tones })).rejects.toThrow(/DTMF tone|upto 20/);
    await settle();
    expect(emulator.received.filter((r) => r.action === 'send-dtmf')).toEqual([]);
  });

  it('DTMF longer than daily-js takes (20): sent in order as chunks of at most 20, with the options given', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    emulator.play(scenario('answer', { ringMs: 1 }));
    const session = manager.start({ phoneNumber: PHONE });
    await until(session.snapshot$, (s) => s.status === 'answered');
    const tones = '0123456789ABCD*#0123456789';
    await expect(call.sendDTMF({ sessionId: session.sessionId as string, tones })).rejects.toThrow(/upto 20/);
    await session.sendDTMF(tones, { method: 'telephone-event', digitDurationMs: 100 });
    const sent = emulator.received.filter((r) => r.action === 'send-dtmf').map((r) => r.payload);
    expect(sent).toEqual([
      { sessionId: session.sessionId, tones: tones.slice(0, 20), method: 'telephone-event', digitDurationMs: 100 },
      { sessionId: session.sessionId, tones: tones.slice(20), method: 'telephone-event', digitDurationMs: 100 },
    ]);
  });

  it('both refuse before join: NOT_JOINED / "only supported after join"', async () => {
    const { call, emulator } = calls.create();
    const { createDialOutManager } = await import('../../src/index.js');
    const manager = createDialOutManager(call);
    try {
      const final = await manager.start({ phoneNumber: PHONE }).done;
      expect(final.error?.code).toBe('NOT_JOINED');
      const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
      await expect(call.startDialOut({ phoneNumber: PHONE })).rejects.toThrow(/only supported after join/);
      expect(logged).toHaveBeenCalledWith('startDialOut() only supported after join.'); // daily-js logs it too
      expect(emulator.received).toEqual([]);
    } finally {
      manager.dispose();
    }
  });

  it('where ours is stricter, daily-js lets it through to the call machine (documented difference)', async () => {
    const { call, emulator, manager } = await calls.joinWithManager();
    const stricter = { phoneNumber: '+0155555501' }; // E.164 has no leading 0 after +

    expect(() => manager.start(stricter)).toThrow(DialOutValidationError);
    await call.startDialOut({ ...stricter });
    expect((await emulator.waitFor('dialout-start')).payload).toEqual({ ...stricter, provider: 'signalwire' });
  });
});

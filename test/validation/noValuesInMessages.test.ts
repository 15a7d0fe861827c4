// @vitest-environment node
/**
 * Validation messages name the field and the kind of value, never the value: whatever is given
 * for `phoneNumber`, `sipUri`, `callerId`, `displayName`, `userId`, `extension` or `tones`
 * (property-based), no part of it appears in the issues, in the error message, or in what the REST
 * client rejects with.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DialOutValidationError, parseStartDialOutOptions, validateDtmfTones, validateStartDialOutOptions } from '../../src/index.js';
import { createDailyDialOutClient } from '../../src/server/index.js';

const params = { numRuns: Number(process.env.FUZZ_RUNS ?? 300), seed: 1_113 };
const TIMEOUT = Math.max(10_000, params.numRuns * 4);

/** A distinctive secret: a phone number's digits, or a made-up word no message contains. */
const digits = fc.stringMatching(/^[1-9][0-9]{9,13}$/);
const word = fc.stringMatching(/^zq[a-z]{6}$/);

/** Values of every type built around the secret. */
function around(secret: string): fc.Arbitrary<unknown> {
  return fc.constantFrom<unknown>(
    secret,
    Number(secret) || secret.length,
    `+${secret}`,
    `${secret} `,
    ` +1 ${secret}`,
    [secret],
    { value: secret },
    `${secret}`.repeat(30),
    `sip:${secret}@example.com`,
    `sip:${secret}`,
    `sip:bob@${secret}_host.example.com`,
    `sip:bob:${secret}"@example.com`,
    `sip:bob@example.com;${secret}=a=b`,
    `sip:bob@example.com?${secret}=1`,
    `sip:bob@example.com?X-${secret}"=1`,
    `sip:bob@example.com?X-a=<${secret}>`,
    `sip:bob@example.com?X-${secret}`,
    `SIP:${secret}@example.com`,
    `sip:${secret} x@example.com`,
  );
}

function leaks(text: string, secret: string): boolean {
  return text.includes(secret) || (/^\d+$/.test(secret) && text.includes(secret.slice(0, 7)));
}

describe('validation messages never contain the value', () => {
  for (const field of ['phoneNumber', 'sipUri', 'callerId', 'displayName', 'userId', 'extension'] as const) {
    it(`of ${field}`, () => {
      fc.assert(
        fc.property(
          fc.oneof(digits, word).chain((secret) => around(secret).map((value) => ({ secret, value }))),
          fc.boolean(),
          ({ secret, value }, withPhone) => {
            const base = field === 'sipUri' ? {} : field === 'phoneNumber' ? {} : withPhone ? { phoneNumber: '+12268077097' } : { sipUri: 'sip:bob@example.com' };
            const options = { ...base, [field]: value };
            const issues = validateStartDialOutOptions(options);
            expect(leaks(JSON.stringify(issues), secret)).toBe(false);
            let thrown = '';
            try {
              parseStartDialOutOptions(options);
            } catch (error) {
              thrown = (error as DialOutValidationError).message;
            }
            expect(leaks(thrown, secret)).toBe(false);
          },
        ),
        params,
      );
    }, TIMEOUT);
  }

  it('of the options object itself (a phone number given instead of options)', () => {
    fc.assert(
      fc.property(digits, (secret) => {
        for (const options of [Number(secret), secret, `+${secret}`, [secret]]) {
          expect(leaks(JSON.stringify(validateStartDialOutOptions(options)), secret)).toBe(false);
        }
      }),
      params,
    );
  }, TIMEOUT);

  it('of tones', () => {
    fc.assert(
      fc.property(fc.oneof(digits, fc.stringMatching(/^[0-9A-D*#]{6,10}x[0-9]{4}$/)), (secret) => {
        for (const tones of [secret, Number(secret), [secret], { tones: secret }, `${secret}${secret}${secret}`]) {
          const text = JSON.stringify(validateDtmfTones(tones));
          expect(text).not.toContain(secret.slice(0, 6));
        }
      }),
      params,
    );
  }, TIMEOUT);

  it('in what the REST client rejects with', async () => {
    const daily = createDailyDialOutClient({ apiKey: 'k', baseUrl: 'http://127.0.0.1:9/v1' });
    const secret = '15555550123';
    const errors = await Promise.all([
      daily.startDialOut('room', { phoneNumber: Number(secret) } as never).catch((e: unknown) => e),
      daily.startDialOut('room', { sipUri: `sip:${secret} @example.com` }).catch((e: unknown) => e),
      daily.startDialOut('room', { phoneNumber: '+12268077097', callerId: Number(secret) } as never).catch((e: unknown) => e),
      daily.sendDTMF('room', { sessionId: 'S1', tones: Number(secret) } as never).catch((e: unknown) => e),
      daily.sendDTMF('room', { sessionId: 'S1', tones: `${secret}x` }).catch((e: unknown) => e),
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(DialOutValidationError);
      expect(JSON.stringify({ message: (error as Error).message, issues: (error as DialOutValidationError).issues })).not.toContain(secret.slice(0, 7));
    }
  });
});

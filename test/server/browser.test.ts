// Runs in jsdom (the default environment): `window` exists here.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDailyDialOutClient } from '../../src/server/index.js';
import { type DailyRestMock, startDailyRestMock } from '../../src/server/restMock.js';

const KEY = 'dk_live_browser_test_key';

let mock: DailyRestMock;
beforeEach(async () => {
  mock = await startDailyRestMock({ apiKey: KEY, sessionId: () => 'B1' });
});
afterEach(async () => {
  await mock.close();
});

describe('createDailyDialOutClient where window exists', () => {
  it('refuses, explaining why and how to opt in', () => {
    expect(typeof window).toBe('object');
    expect(() => createDailyDialOutClient({ apiKey: KEY, baseUrl: mock.baseUrl })).toThrow(/window.*allowBrowser: true/s);
    expect(() => createDailyDialOutClient({ apiKey: KEY, allowBrowser: false })).toThrow(/allowBrowser/);
  });

  it('does not put the key in the refusal', () => {
    let thrown: unknown;
    try {
      createDailyDialOutClient({ apiKey: KEY });
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).not.toContain(KEY);
  });

  it('works with allowBrowser: true', async () => {
    const daily = createDailyDialOutClient({ apiKey: KEY, baseUrl: mock.baseUrl, allowBrowser: true });
    await expect(daily.startDialOut('room', { phoneNumber: '+15555550100' })).resolves.toEqual({ sessionId: 'B1' });
    expect(mock.requests).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { createDialOutManager } from '../../src/index.js';
import { FakeDailyCall } from '../../src/testing/index.js';

describe('smoke', () => {
  it('runs a dial-out', async () => {
    const call = new FakeDailyCall();
    const m = createDialOutManager(call);
    const s = m.start({ phoneNumber: '+15555550100' });
    expect(s.snapshot.status).toBe('connecting');
    call.resolveStart('S1');
    await Promise.resolve(); await Promise.resolve(); await Promise.resolve();
    call.emit('dialout-connected', { sessionId: 'S1' });
    expect(m.getSnapshot().status).toBe('connected');
    call.emit('dialout-answered', { sessionId: 'S1' });
    expect(s.snapshot.status).toBe('answered');
    call.emit('dialout-stopped', { sessionId: 'S1' });
    expect(s.snapshot.status).toBe('stopped');
    expect(s.snapshot.outcome).toBe('completed');
    m.dispose();
    expect(call.listenerCount()).toBe(0);
  });
});

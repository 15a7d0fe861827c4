// @vitest-environment node
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = process.cwd();

/**
 * Runs a script that imports the package by its name, so Node resolves it
 * through package.json "exports" to dist/ (what `npm run build` emits; `npm test` builds first).
 */
describe('the built package', () => {
  it('has typed ESM in dist/ for both entry points', () => {
    const pkg = JSON.parse(readFileSync(`${root}/package.json`, 'utf8'));
    for (const entry of ['.', './testing', './server']) {
      const target = pkg.exports[entry];
      expect(existsSync(`${root}/${target.import}`), target.import).toBe(true);
      expect(existsSync(`${root}/${target.types}`), target.types).toBe(true);
    }
    expect(readFileSync(`${root}/dist/index.d.ts`, 'utf8')).toContain('createDialOutManager');
  });

  it('runs a dial-out through a fake call when imported by name', () => {
    const script = `
      import { createDialOutManager } from 'daily-dialout-machine';
      import { FakeDailyCall } from 'daily-dialout-machine/testing';
      const call = new FakeDailyCall();
      const manager = createDialOutManager(call);
      const statuses = [];
      manager.status$.subscribe((s) => statuses.push(s));
      const session = manager.start({ phoneNumber: '+15555550100' });
      call.resolveStart('S1');
      await new Promise((r) => setTimeout(r, 0));
      call.emit('dialout-connected', { sessionId: 'S1' });
      call.emit('dialout-answered', { sessionId: 'S1' });
      call.emit('dialout-stopped', { sessionId: 'S1' });
      const final = await session.done;
      manager.dispose();
      console.log(JSON.stringify({ statuses, outcome: final.outcome, listeners: call.listenerCount() }));
    `;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(JSON.parse(out.trim())).toEqual({
      statuses: ['idle', 'connecting', 'connected', 'answered', 'stopped'],
      outcome: 'completed',
      listeners: 0,
    });
  });
});

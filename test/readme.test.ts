// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import * as api from '../src/index.js';

const readme = readFileSync(`${process.cwd()}/README.md`, 'utf8');

describe('README', () => {
  it('shows the state diagram of dialOutSessionMachine as it is', () => {
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBe(api.toMermaidStateDiagram(api.dialOutSessionMachine));
  });

  it('names every runtime export in its API table', () => {
    const api_section = readme.slice(readme.indexOf('## API'), readme.indexOf('## Testing your'));
    const missing = Object.keys(api).filter((name) => !api_section.includes(name));
    expect(missing).toEqual([]);
  });

  it('gives the two commands', () => {
    expect(readme).toContain('npm run demo');
    expect(readme).toContain('npm test');
  });
});

describe('README examples', () => {
  it.each(['offline-ui.test.ts', 'server-relay.ts', 'browser-relay.ts'])('shows test/examples/%s exactly as it is checked', (file) => {
    const marker = `<!-- example: test/examples/${file} -->\n\`\`\`ts\n`;
    const start = readme.indexOf(marker);
    expect(start, `README has no block for ${file}`).toBeGreaterThan(-1);
    const block = readme.slice(start + marker.length, readme.indexOf('\n```', start + marker.length));
    expect(block).toBe(readFileSync(`${process.cwd()}/test/examples/${file}`, 'utf8').trimEnd());
  });
});

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
  it('shows test/examples/offline-ui.test.ts exactly as it is run', () => {
    const block = /<!-- example: test\/examples\/offline-ui\.test\.ts -->\n```ts\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(block).toBe(readFileSync(`${process.cwd()}/test/examples/offline-ui.test.ts`, 'utf8').trimEnd());
  });
});

// Min+gzip size of each package entry, as a user's bundler would ship it.
// Shared by scripts/size.mjs (the budget checked in `npm test`) and bench/ (`npm run bench`).
//
// Each entry is bundled from the built dist/ through the package's own name and its
// `exports` map (`import … from 'daily-dialout-machine'`), with esbuild (bundle, minify,
// ESM) and gzipped with node:zlib at level 9. The peers (xstate, rxjs, @daily-co/daily-js)
// and node: builtins are external, so the figure is our own code only.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const NAME = JSON.parse(readFileSync(resolve(ROOT, 'package.json'), 'utf8')).name;

export const EXTERNAL = ['xstate', 'rxjs', 'rxjs/*', '@daily-co/daily-js', 'node:*'];

/**
 * The measured entries. `budget` is in bytes of min+gzip; `null` means printed only.
 * - `createDialOutManager`: issue 9 asks for 10,000 B (aim 8,000). The rewrite took it from
 *   15,653 B (fc4acbc) to 13,001 B. Issue 10 added the failure classification table (~0.9 kB) and
 *   preflight (~1.2 kB): 15,415 B; issue 11 the transfer/DTMF validators, the parallel answered
 *   state (DTMF, transfer, audio), the participant link, recovery and storage (~1.5 kB): 21,800 B.
 *   The budget stops regressions at that size plus about 3 %; the 10,000 B of issue 9 are not met
 *   (the session machine alone is 16 kB minified). Lower it as the code shrinks.
 * - `/testing`: 8,548 B on fc4acbc; issues 10–11 added the scenarios, the fake's participants,
 *   room and transfers, and the emulator's phone legs, DTMF, transfers and reload (12,299 B);
 *   issue 12's groundwork the emulator's dial-in callers and the fake's startDialIn (14,685 B);
 *   plus about 3 %.
 * - `/server`: 10,483 B on fc4acbc; issue 13 added the webhook verifier, the replay guard and the
 *   idempotency-aware retry policy (12,141 B); issue 11 the transfer REST calls and webhooks, and
 *   issue 12's groundwork the dial-in webhooks and pinlessCallUpdate (14,097 B); plus about 3 %.
 */
export const ENTRIES = [
  {
    name: "import { createDialOutManager } from '.'",
    key: 'createDialOutManager',
    source: `export { createDialOutManager } from '${NAME}';`,
    platform: 'browser',
    budget: 22_450,
  },
  { name: "'.' (whole entry)", key: '.', source: `export * from '${NAME}';`, platform: 'browser', budget: null },
  {
    name: "'/testing' (whole entry)",
    key: '/testing',
    source: `export * from '${NAME}/testing';`,
    platform: 'browser',
    budget: 15_150,
  },
  {
    name: "'/server' (whole entry)",
    key: '/server',
    source: `export * from '${NAME}/server';`,
    platform: 'node',
    budget: 14_500,
  },
];

/**
 * Bundles one entry and measures it.
 *
 * @returns `{ key, name, budget, minified, gzip }` (bytes).
 * @throws When dist/ is missing, or when the bundle pulls a file from outside dist/
 *   (a peer that is not external, or a stale path).
 */
export async function measureEntry(entry) {
  const result = await build({
    stdin: { contents: entry.source, resolveDir: ROOT, sourcefile: `size-${entry.key}.mjs`, loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: entry.platform,
    target: 'es2022',
    external: EXTERNAL,
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outside = Object.keys(result.metafile.inputs).filter(
    (path) => !path.startsWith('dist/') && !path.startsWith('size-'),
  );
  if (outside.length > 0) {
    throw new Error(`${entry.name}: the bundle includes files outside dist/: ${outside.join(', ')}`);
  }
  const code = result.outputFiles[0].contents;
  return {
    key: entry.key,
    name: entry.name,
    budget: entry.budget,
    minified: code.byteLength,
    gzip: gzipSync(code, { level: 9 }).byteLength,
  };
}

/** Measures every entry of {@link ENTRIES}, in order. */
export async function measureAll() {
  const results = [];
  for (const entry of ENTRIES) results.push(await measureEntry(entry));
  return results;
}

/** Formats a byte count as `15,653`. */
export function bytes(n) {
  return n.toLocaleString('en-US');
}

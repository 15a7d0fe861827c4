// Size budget: min+gzip of each package entry (see scripts/size-lib.mjs for how it is
// measured). Prints every entry and fails when one is over its budget.
// Runs on the built dist/: `npm run build` first (the `test` script does).
//
// Usage: node scripts/size.mjs
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { ROOT, bytes, measureAll } from './size-lib.mjs';

for (const file of ['dist/index.js', 'dist/testing/index.js', 'dist/server/index.js']) {
  if (!existsSync(resolve(ROOT, file))) {
    console.error(`size: ${file} is missing; run \`npm run build\` first`);
    process.exit(1);
  }
}

const results = await measureAll();
const width = Math.max(...results.map((r) => r.name.length));
console.log('size: min+gzip (esbuild --bundle --minify, ESM; gzip -9; peers and node: builtins external)');
const over = [];
for (const r of results) {
  const budget = r.budget === null ? 'no budget' : `budget ${bytes(r.budget)} B`;
  const verdict = r.budget === null ? '' : r.gzip <= r.budget ? '  ok' : `  OVER by ${bytes(r.gzip - r.budget)} B`;
  console.log(`  ${r.name.padEnd(width)}  ${bytes(r.gzip).padStart(7)} B  (${budget}; minified ${bytes(r.minified)} B)${verdict}`);
  if (r.budget !== null && r.gzip > r.budget) over.push(r);
}
if (over.length > 0) {
  console.error(
    `size: ${over.length} entr${over.length === 1 ? 'y is' : 'ies are'} over budget: ` +
      over.map((r) => `${r.name} is ${bytes(r.gzip)} B min+gzip, budget ${bytes(r.budget)} B`).join('; ') +
      '. Make it smaller, or raise its budget in scripts/size-lib.mjs with a reason.',
  );
  process.exit(1);
}
console.log('size: every entry is within its budget');

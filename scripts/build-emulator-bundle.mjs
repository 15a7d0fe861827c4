// Writes dist/testing/call-machine-object-bundle.js (the emulator's call-machine
// bundle as a plain browser script) from the compiled dist/testing/emulator/bundle.js.
// Runs after `tsc -p tsconfig.build.json` (see the "build" script).
//
// Usage: node scripts/build-emulator-bundle.mjs [outDir]   (default: dist)
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = resolve(root, process.argv[2] ?? 'dist');
const compiled = join(outDir, 'testing', 'emulator', 'bundle.js');
if (!existsSync(compiled)) {
  console.error(`build-emulator-bundle: ${compiled} is missing; run tsc -p tsconfig.build.json first`);
  process.exit(1);
}

const { emulatorBundleSource } = await import(pathToFileURL(compiled).href);
if (typeof emulatorBundleSource !== 'string' || !emulatorBundleSource.includes('__dailyDialOutEmulator')) {
  console.error('build-emulator-bundle: emulatorBundleSource is not the emulator bundle');
  process.exit(1);
}
// Must parse as a classic script the way daily-js evaluates it (Function('"use strict";' + text)).
try {
  new Function('"use strict";' + emulatorBundleSource);
} catch (error) {
  console.error(`build-emulator-bundle: the bundle does not parse as a script: ${error}`);
  process.exit(1);
}

const target = join(outDir, 'testing', 'call-machine-object-bundle.js');
await writeFile(target, emulatorBundleSource, 'utf8');
console.log(`build-emulator-bundle: wrote ${target} (${Buffer.byteLength(emulatorBundleSource)} bytes)`);

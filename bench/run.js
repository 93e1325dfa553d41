#!/usr/bin/env node
'use strict';
/**
 * `npm run bench`: every benchmark one after another (each starts and removes its own platform).
 * `npm run bench -- gateway-overhead memory` runs only those. Build first: `npm run build`.
 */
const BENCHES = ['gateway-overhead', 'publish-to-journal', 'memory'];

async function main() {
  const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = wanted.filter((w) => !BENCHES.includes(w));
  if (unknown.length) throw new Error(`unknown bench ${unknown.join(', ')}; known: ${BENCHES.join(', ')}`);
  let failed = 0;
  for (const name of wanted.length ? wanted : BENCHES) {
    console.log(`\n=== ${name} (${new Date().toISOString()})`);
    try {
      await require(`./${name}.js`).main();
    } catch (err) {
      failed += 1;
      console.error(`${name} failed:`, err);
    }
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});

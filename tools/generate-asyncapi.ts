// Writes docs/asyncapi.yaml from libs/contracts (run with `npm run asyncapi`).
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from '../libs/contracts/src/lib/asyncapi';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { version } = require('../package.json') as { version: string };

const target = resolve(__dirname, '../docs/asyncapi.yaml');
writeFileSync(target, stringify(buildAsyncApiDocument(version), { aliasDuplicateObjects: false, lineWidth: 0 }));
process.stdout.write(`wrote ${target}\n`);

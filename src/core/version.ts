// The package version, read once from package.json (for --version, the User-Agent and logs).
import { createRequire } from 'node:module';

export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;

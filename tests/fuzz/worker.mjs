// Worker-thread entry for `npm run fuzz` (run.ts): registers tsx's TypeScript loader in
// this thread, then loads the worker proper (worker.ts). Plain JS because a worker's
// entry module is loaded before any loader could handle a .ts file.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');

// Worker-thread entry for the corpus run: registers tsx's TypeScript loader in this
// thread, then loads the worker proper (corpus-worker.ts). Plain JS because a worker's
// entry module is loaded before any loader could handle a .ts file.
import { register } from 'tsx/esm/api';

register();
await import('./corpus-worker.ts');

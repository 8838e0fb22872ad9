// Worker entry when newswatch runs from its TypeScript sources (tests, benches): registers
// tsx's loader in the worker thread, then hands each task to worker.ts. Plain JS because a
// worker's entry module is loaded before any loader could handle a .ts file. The built
// service (dist/) loads worker.js directly.
import { register } from 'tsx/esm/api';

register();
const { default: parseTask } = await import('./worker.ts');

export default parseTask;

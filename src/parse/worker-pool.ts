// The parse stage behind a worker pool (./pool/): what the service imports to parse feeds
// with heap and time limits.
export { ParsePool } from './pool/index.js';

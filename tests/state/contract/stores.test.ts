// The store contracts, run against every implementation. PostgreSQL adds its factories
// to ./subjects.ts and a line to each list below.
import { outboxContract } from './outbox.contract.js';
import { pollContract } from './poll.contract.js';
import { memoryOutbox, outboxOfPollStore, sqlitePoll } from './subjects.js';

pollContract('SQLite', sqlitePoll);

outboxContract('SQLite', outboxOfPollStore(sqlitePoll));
outboxContract('in-memory fake (tests/helpers/memory-outbox.ts)', memoryOutbox);

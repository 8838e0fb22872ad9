// The store contracts, run against every implementation: SQLite, PostgreSQL (when a
// server answers: see tests/helpers/postgres.ts) and the sender tests' in-memory fake.
import { afterAll, describe, it } from 'vitest';
import { dropTestDatabase, postgresUnavailable } from '../../helpers/postgres.js';
import { outboxContract } from './outbox.contract.js';
import { pollContract } from './poll.contract.js';
import { memoryOutbox, outboxOfPollStore, postgresPoll, sqlitePoll } from './subjects.js';

pollContract('SQLite', sqlitePoll);

outboxContract('SQLite', outboxOfPollStore(sqlitePoll));
outboxContract('in-memory fake (tests/helpers/memory-outbox.ts)', memoryOutbox);

const noPostgres = await postgresUnavailable();
if (noPostgres) {
  describe('PostgreSQL contracts', () => it.skip(noPostgres, () => {}));
} else {
  afterAll(dropTestDatabase);
  pollContract('PostgreSQL', postgresPoll);
  outboxContract('PostgreSQL', outboxOfPollStore(postgresPoll));
}

// The store contracts, run against every implementation: SQLite, PostgreSQL (when a
// server answers: see tests/helpers/postgres.ts) and the sender tests' in-memory fake.
import { afterAll, describe, it } from 'vitest';
import { dropTestDatabase, postgresUnavailable } from '../../helpers/postgres.js';
import { briefingContract } from './briefing.contract.js';
import { historyContract } from './history.contract.js';
import { interactContract } from './interact.contract.js';
import { outboxContract } from './outbox.contract.js';
import { pollContract } from './poll.contract.js';
import { statusContract } from './status.contract.js';
import {
  memoryOutbox,
  outboxOfPollStore,
  postgresFaces,
  postgresPoll,
  postgresState,
  sqliteFaces,
  sqlitePoll,
  sqliteState,
} from './subjects.js';

pollContract('SQLite', sqlitePoll);
historyContract('SQLite', sqliteState);
briefingContract('SQLite', sqliteState);
// The bot's and the status readers' faces have no in-memory fake: their consumers' tests use real stores.
interactContract('SQLite', sqliteFaces);
statusContract('SQLite', sqliteFaces);

outboxContract('SQLite', outboxOfPollStore(sqlitePoll));
outboxContract('in-memory fake (tests/helpers/memory-outbox.ts)', memoryOutbox);

const noPostgres = await postgresUnavailable();
if (noPostgres) {
  // Skipped, named by its reason, only where no PostgreSQL server answers (a newcomer's machine);
  // .ci/run sets NEWSWATCH_REQUIRE_PG=1, which turns a missing server into a failure instead.
  describe('PostgreSQL contracts', () => it.skip(noPostgres, () => {})); // skipped: no PostgreSQL server (the reason is its name)
} else {
  afterAll(dropTestDatabase);
  pollContract('PostgreSQL', postgresPoll);
  outboxContract('PostgreSQL', outboxOfPollStore(postgresPoll));
  historyContract('PostgreSQL', postgresState);
  briefingContract('PostgreSQL', postgresState);
  interactContract('PostgreSQL', postgresFaces);
  statusContract('PostgreSQL', postgresFaces);
}

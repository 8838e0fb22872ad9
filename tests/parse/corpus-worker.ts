// Worker thread for the feedparser corpus run (corpus-score.ts): parses the files it is
// sent, one at a time, and posts back each result mapped to the corpus's shape. Running
// in a worker lets the main thread kill a parse that hangs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { parseFeed } from '../../src/parse/index.js';
import type { CorpusJob, FileResult } from './corpus-score.js';

const { filesDir } = workerData as { filesDir: string };

parentPort?.on('message', (job: CorpusJob) => {
  parentPort?.postMessage(runOne(job));
});

function runOne(job: CorpusJob): FileResult {
  const body = readFileSync(join(filesDir, job.file));
  const started = performance.now();
  try {
    const r = parseFeed(body, job.ctx);
    const ms = performance.now() - started;
    if (!r.ok) return { file: job.file, status: 'error', error: r.error, ms };
    const f = r.feed;
    return {
      file: job.file,
      status: 'ok',
      warnings: r.warnings.length,
      ms,
      // The corpus's normalized shape. Two feedparser policies are applied here, in the
      // mapping, as the corpus README describes: `summary` falls back to the content, and
      // `guid` is the item id. Raw date texts are not kept by ParsedFeed (null).
      result: {
        feed: { title: f.title, link: f.link, description: f.description },
        items: f.items.map((i) => ({
          title: i.title,
          link: i.link,
          guid: i.id,
          summary: i.summary ?? i.content,
          content: i.content,
          isoDate: i.published ? i.published.toISOString() : null,
          published: null,
          updated: null,
        })),
      },
    };
  } catch (err) {
    return {
      file: job.file,
      status: 'crash',
      message: String((err as Error)?.stack ?? err),
      ms: performance.now() - started,
    };
  }
}

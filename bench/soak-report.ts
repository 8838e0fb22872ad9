// The soak's report: the JSON lines bench/soak-child.ts writes → the text `npm run bench` prints.
export interface Counts {
  polls: number;
  failedPolls: number;
  items: number;
  sent: number;
  pending: number;
}

export interface Sample extends Counts {
  type: 'sample' | 'mark';
  name?: string;
  t: number;
  rssMb: number;
  heapUsedMb: number;
  heapTotalMb: number;
  externalMb: number;
  heapAfterGcMb?: number;
}

export interface Delay {
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

export type SoakLine =
  | { type: 'ready'; bareRssMb: number; pid: number }
  | Sample
  | (Counts & { type: 'done'; seconds: number; warmupEld: Delay; eld: Delay; cpuMs: number; maxRssMb: number });

export interface SoakRun {
  feeds: number;
  seconds: number;
  warmup: number;
  tickMs: number;
  perTick: number;
  sampleMs: number;
  published: number;
  lines: SoakLine[];
}

const pct = (to: number, from: number) => `${to >= from ? '+' : ''}${(((to - from) / from) * 100).toFixed(1)}%`;
/** Delays are beyond the monitor's 10 ms timer period (the child subtracts it). */
const ms = (d: Delay) => `p50 ${d.p50.toFixed(1)} ms, p99 ${d.p99.toFixed(1)} ms, max ${d.max.toFixed(0)} ms`;

function median(samples: Sample[]): number {
  const v = samples.map((s) => s.rssMb).sort((a, b) => a - b);
  return v.length === 0
    ? Number.NaN
    : v.length % 2
      ? (v[(v.length - 1) / 2] as number)
      : ((v[v.length / 2 - 1] as number) + (v[v.length / 2] as number)) / 2;
}

/** Least-squares slope of RSS over time, in MB per minute. */
function slope(samples: Sample[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const mx = samples.reduce((s, p) => s + p.t, 0) / n;
  const my = samples.reduce((s, p) => s + p.rssMb, 0) / n;
  const num = samples.reduce((s, p) => s + (p.t - mx) * (p.rssMb - my), 0);
  const den = samples.reduce((s, p) => s + (p.t - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60;
}

/** The marks, and the first sample of each minute that is not within a few seconds of a mark. */
function everyMinute(samples: Sample[]): Sample[] {
  const marks = samples.filter((s) => s.type === 'mark');
  const rows: Sample[] = [...marks];
  let minute = -1;
  for (const s of samples) {
    if (s.type === 'mark' || Math.floor(s.t / 60) === minute) continue;
    minute = Math.floor(s.t / 60);
    if (!marks.some((m) => Math.abs(m.t - s.t) < 10)) rows.push(s);
  }
  return rows.sort((a, b) => a.t - b.t);
}

export function formatSoak(run: SoakRun): string {
  const ready = run.lines.find((l) => l.type === 'ready');
  const done = run.lines.find((l) => l.type === 'done');
  const samples = run.lines.filter((l): l is Sample => l.type === 'sample' || l.type === 'mark');
  const mark = (name: string) => samples.find((s) => s.type === 'mark' && s.name === name);
  const [w, m, e] = [mark('warm-up'), mark('middle'), mark('end')];
  if (!ready || !done || !w || !m || !e) return 'soak: incomplete run (the service process did not report every mark)';

  const after = samples.filter((s) => s.t >= w.t);
  // One sample swings with the garbage collector's timing (tens of MB), so each point is
  // the median of the samples in a window: after the warm-up, around the middle, at the end.
  const span = Math.max((2 * run.sampleMs) / 1000, Math.min(60, (e.t - w.t) / 5));
  const rssW = median(after.filter((s) => s.t <= w.t + span));
  const rssM = median(after.filter((s) => Math.abs(s.t - m.t) <= span / 2));
  const rssE = median(after.filter((s) => s.t >= e.t - span));
  const growth = (rssE - rssW) / rssW;
  const low = after.reduce((a, s) => (s.rssMb < a.rssMb ? s : a), w);
  const scheduled = Math.round(run.feeds * (e.t - w.t));
  const steadyPolls = e.polls - w.polls;
  const firstPollItems = run.feeds * 10; // every feed carries ten items, recorded silently at its first poll
  const timeline = everyMinute(samples);
  const win = `${span.toFixed(0)} s`;
  const steady = after.filter((s) => s.t >= w.t + span);
  const trend = slope(steady);
  return [
    `soak: newswatch's Service polls ${run.feeds} local feeds every second ("* * * * * *") for ${run.seconds} s, in its own process`,
    `  new items: every ${run.tickMs / 1000} s, ${run.perTick} feeds each publish one (${run.published} published); console channel → null stream; warm-up ${run.warmup} s`,
    `  baseline: the same process's RSS just after the warm-up; before loading newswatch it weighed ${ready.bareRssMb} MB (Node alone)`,
    `  RSS (median of the samples in a ${win} window): after warm-up ${rssW.toFixed(1)} MB · middle ${rssM.toFixed(1)} MB · end ${rssE.toFixed(1)} MB · growth end vs after warm-up ${pct(rssE, rssW)} (target ≤ +20%: ${growth <= 0.2 ? 'met' : 'NOT met'})`,
    `  RSS single samples at the marks: ${w.rssMb} MB (${w.t.toFixed(0)} s) · ${m.rssMb} MB (${m.t.toFixed(0)} s) · ${e.rssMb} MB (${e.t.toFixed(0)} s); lowest after warm-up ${low.rssMb} MB (${low.t.toFixed(0)} s), end vs lowest ${pct(e.rssMb, low.rssMb)}`,
    `  RSS trend from ${(w.t + span).toFixed(0)} s on: ${trend >= 0 ? '+' : ''}${trend.toFixed(2)} MB/min (least squares, ${steady.length} samples); peak RSS ${done.maxRssMb} MB`,
    `  heap after a full GC: ${w.heapAfterGcMb ?? '?'} → ${m.heapAfterGcMb ?? '?'} → ${e.heapAfterGcMb ?? '?'} MB${w.heapAfterGcMb && e.heapAfterGcMb ? ` (${pct(e.heapAfterGcMb, w.heapAfterGcMb)})` : ''}; external ${w.externalMb} → ${e.externalMb} MB`,
    `  event-loop delay after warm-up: ${ms(done.eld)} (during warm-up, with the first poll of every feed: ${ms(done.warmupEld)})`,
    `  polls ${done.polls} (after warm-up ${steadyPolls} of ${scheduled} scheduled, ${((steadyPolls / scheduled) * 100).toFixed(1)}%), failed ${done.failedPolls}`,
    `  items seen ${done.items} (${firstPollItems} recorded silently at the first poll, ${done.items - firstPollItems} new); alerts delivered ${done.sent}, pending at the end ${done.pending}`,
    `  CPU ${(done.cpuMs / 1000).toFixed(1)} s = ${(done.cpuMs / 10 / done.seconds).toFixed(1)}% of one core, ${(done.cpuMs / Math.max(1, done.polls)).toFixed(2)} ms per poll`,
    `  timeline:      t    RSS MB   heap used/total MB   polls   items   alerts`,
    ...timeline.map(
      (s) =>
        `  ${(s.name ?? '').padEnd(9)} ${s.t.toFixed(0).padStart(5)} ${s.rssMb.toFixed(1).padStart(9)} ${`${s.heapUsedMb.toFixed(1)} / ${s.heapTotalMb.toFixed(1)}`.padStart(20)} ${String(s.polls).padStart(7)} ${String(s.items).padStart(7)} ${String(s.sent).padStart(8)}`,
    ),
  ].join('\n');
}

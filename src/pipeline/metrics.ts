/** What the pipeline reports to observability; the service passes a prom-client backed one. */
export interface PipelineMetrics {
  /** One poll finished: `result` is updated | not-modified | a failure kind. */
  poll(feedId: string, result: string, durationMs: number): void;
  itemsSeen(feedId: string, count: number): void;
  match(watchlist: string, entity: string): void;
}

export const noMetrics: PipelineMetrics = {
  poll: () => {},
  itemsSeen: () => {},
  match: () => {},
};

import type { Metric, Registry } from 'prom-client';

/** One label set's series: recording is a bucket search and three additions. */
export interface LatencySeries {
  observe(seconds: number): void;
}

/** A histogram whose series are resolved once and recorded with plain arithmetic. */
export interface LatencyHistogram {
  /** A new series for a label set (none: the unlabelled one); resolve it once, record many times. */
  series(labels?: Readonly<Record<string, string>>): LatencySeries;
}

/** One line of the exposition, as prom-client's Histogram hands it to the registry. */
interface Sample {
  readonly labels: Readonly<Record<string, string | number>>;
  readonly sharedLabels: Readonly<Record<string, string>>;
  readonly value: number;
  readonly metricName: string;
}

interface Series extends LatencySeries {
  readonly labels: Readonly<Record<string, string>>;
  /** Observations per bucket (not cumulative); the last slot is above every bound. */
  readonly counts: number[];
  sum: number;
  count: number;
}

/**
 * A Prometheus histogram kept in plain numbers and turned into prom-client's samples at scrape time, in the
 * exact text prom-client's Histogram prints. prom-client's `observe` (and its `labels()` children) validates
 * and hashes the label object on every call, a measurable share of a cached answer's CPU.
 */
export function createLatencyHistogram(options: {
  readonly name: string;
  readonly help: string;
  /** Upper bounds in seconds, ascending. */
  readonly buckets: readonly number[];
  readonly registry: Registry;
}): LatencyHistogram {
  const { name, help, buckets } = options;
  const all: Series[] = [];
  const create = (labels: Readonly<Record<string, string>>): Series => {
    const series: Series = {
      labels,
      counts: new Array<number>(buckets.length + 1).fill(0),
      sum: 0,
      count: 0,
      observe(seconds) {
        // The first bucket whose bound is at least the value (`le`), else the last slot.
        let at = 0;
        for (const bound of buckets) {
          if (seconds <= bound) break;
          at++;
        }
        series.counts[at] = (series.counts[at] ?? 0) + 1;
        series.sum += seconds;
        series.count++;
      },
    };
    all.push(series);
    return series;
  };
  const samplesOf = (series: Series): Sample[] => {
    const shared = series.labels;
    let cumulative = 0;
    const samples = buckets.map((bound, at): Sample => {
      cumulative += series.counts[at] ?? 0;
      return { labels: { le: bound }, sharedLabels: shared, value: cumulative, metricName: `${name}_bucket` };
    });
    samples.push(
      { labels: { le: '+Inf' }, sharedLabels: shared, value: series.count, metricName: `${name}_bucket` },
      { labels: {}, sharedLabels: shared, value: series.sum, metricName: `${name}_sum` },
      { labels: {}, sharedLabels: shared, value: series.count, metricName: `${name}_count` },
    );
    return samples;
  };
  const metric = {
    name,
    help,
    type: 'histogram',
    aggregator: 'sum',
    get: () => ({
      name,
      help,
      type: 'histogram',
      aggregator: 'sum',
      // As prom-client: an unlabelled series from the start, a labelled one from its first observation.
      values: all
        .filter((series) => series.count > 0 || Object.keys(series.labels).length === 0)
        .flatMap(samplesOf),
    }),
    // Zeroes every series (prom-client's drops them); nothing in the API resets its registry.
    reset: () => {
      for (const series of all) {
        series.counts.fill(0);
        series.sum = 0;
        series.count = 0;
      }
    },
  };
  // The registry only calls get() and reset(); prom-client's types know its own classes alone.
  options.registry.registerMetric(metric as unknown as Metric);
  return {
    series: (labels = {}) => create(labels),
  };
}

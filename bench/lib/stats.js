'use strict';
/** Latency histograms (HDR, microsecond resolution) and aggregation over several runs. */
const hdr = require('hdr-histogram-js');

// The pure-JS implementation: no WebAssembly start-up, and plenty fast for our rates.
hdr.initWebAssemblySync?.();

/** A histogram of latencies recorded in milliseconds (stored as µs, 1 µs .. 60 s, 3 digits). */
function latencyHistogram() {
  const h = hdr.build({ lowestDiscernibleValue: 1, highestTrackableValue: 60_000_000, numberOfSignificantValueDigits: 3 });
  return {
    record(ms) {
      h.recordValue(Math.max(1, Math.round(ms * 1000)));
    },
    get count() {
      return h.totalCount;
    },
    percentile(p) {
      return h.totalCount ? h.getValueAtPercentile(p) / 1000 : null;
    },
    summary() {
      if (!h.totalCount) return { count: 0 };
      return {
        count: h.totalCount,
        mean: round(h.mean / 1000),
        p50: round(h.getValueAtPercentile(50) / 1000),
        p90: round(h.getValueAtPercentile(90) / 1000),
        p99: round(h.getValueAtPercentile(99) / 1000),
        max: round(h.maxValue / 1000),
      };
    },
  };
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Nearest-rank percentile of plain values. */
function percentile(values, p) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
}

/** Median and p99 of one metric across runs (p99 of several runs = the worst but one in 100). */
function acrossRuns(values) {
  return { median: round(median(values)), p99: round(percentile(values, 99)), runs: values.length };
}

function round(x, digits = 2) {
  if (x === null || x === undefined || !Number.isFinite(x)) return x ?? null;
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

module.exports = { latencyHistogram, median, percentile, acrossRuns, round };

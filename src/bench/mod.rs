//! The benchmark harness behind `lede bench`: speeds measured on real corpora, each next to a
//! plain tantivy baseline timed the same way in the same run, so that ratios hold on a shared,
//! noisy machine.

pub mod index;
pub mod latency;
pub mod plot;
#[cfg(feature = "serve")]
pub mod serve;

pub use index::{IndexBenchReport, RunResult, RunSpec, Side, Sweep};
pub use latency::{measure_latency, Latency, LatencyReport};
#[cfg(feature = "serve")]
pub use serve::{measure_load, Load, LoadReport, LoadSpec};

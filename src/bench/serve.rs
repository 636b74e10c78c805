//! Serving load: `lede serve`'s search API driven on loopback by concurrent clients, each on a
//! kept-alive connection, for a bounded time; beside it the same searches (hits and facets,
//! [`Engine::results`]) made in-process on a few threads, in the same sitting. Rounds
//! alternate the two, and each side's median round is kept.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde::Serialize;

use super::latency::Latency;
use crate::error::{Error, Result};
use crate::serve::client::{encode, Connection};
use crate::{Engine, SearchRequest};

/// What to run.
#[derive(Debug, Clone)]
pub struct LoadSpec {
    /// Concurrent HTTP clients.
    pub clients: usize,
    /// Threads searching in-process.
    pub threads: usize,
    /// Seconds each side runs per round.
    pub seconds: f64,
    /// Rounds, each running both sides.
    pub rounds: usize,
}

/// One side's figures in one round.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Load {
    /// Requests answered.
    pub requests: u64,
    /// Requests that failed: a connection error or a status other than 200.
    pub failed: u64,
    /// Of those, answers with a 5xx status.
    pub server_errors: u64,
    /// Requests answered per second of wall time.
    pub requests_per_s: f64,
    /// Latency of each request.
    pub latency: Latency,
}

/// The outcome of a load run.
#[derive(Debug, Clone, Serialize)]
pub struct LoadReport {
    /// Passages in the index.
    pub passages: u64,
    /// Distinct queries, asked in turn.
    pub queries: usize,
    /// Concurrent HTTP clients.
    pub clients: usize,
    /// In-process threads.
    pub threads: usize,
    /// Seconds per side and round.
    pub seconds: f64,
    /// The served side's median round (by requests/s).
    pub served: Load,
    /// The in-process side's median round.
    pub in_process: Load,
    /// Served requests/s over in-process searches/s.
    pub ratio: f64,
    /// Every round, served and in-process.
    pub rounds: Vec<(Load, Load)>,
}

/// Serves `engine` on a loopback port of its own and measures `queries` as `spec` says.
pub fn measure_load(engine: Engine, queries: &[String], spec: &LoadSpec) -> Result<LoadReport> {
    if queries.is_empty() {
        return Err(Error::InvalidArgument("no queries to send".into()));
    }
    let engine = Arc::new(engine);
    let (addr, stop) = start_server(Arc::clone(&engine))?;
    // Warm-up: each query once, served, so per-commit caches and the OS are warm.
    let mut warm = Connection::open(addr).map_err(|e| Error::io(addr.to_string(), e))?;
    for q in queries {
        warm.get(&search_target(q))
            .map_err(|e| Error::io(addr.to_string(), e))?;
    }
    let mut rounds = Vec::new();
    for _ in 0..spec.rounds.max(1) {
        let served = drive(spec.clients, spec.seconds, queries, |_| {
            let mut c = Connection::open(addr).ok();
            move |q: &str| match c.as_mut().map(|c| c.get(&search_target(q))) {
                Some(Ok(a)) => a.status,
                _ => 0,
            }
        });
        let in_process = drive(spec.threads, spec.seconds, queries, |_| {
            let engine = Arc::clone(&engine);
            move |q: &str| match engine.results(&SearchRequest::new(q), 0) {
                Ok(_) => 200,
                Err(_) => 500,
            }
        });
        rounds.push((served, in_process));
    }
    stop.store(true, Ordering::SeqCst);
    let median = |side: fn(&(Load, Load)) -> Load| {
        let mut all: Vec<Load> = rounds.iter().map(side).collect();
        all.sort_by(|a, b| a.requests_per_s.total_cmp(&b.requests_per_s));
        all[all.len() / 2]
    };
    let (served, in_process) = (median(|r| r.0), median(|r| r.1));
    Ok(LoadReport {
        passages: engine.passages(),
        queries: queries.len(),
        clients: spec.clients,
        threads: spec.threads,
        seconds: spec.seconds,
        ratio: served.requests_per_s / in_process.requests_per_s.max(f64::MIN_POSITIVE),
        served,
        in_process,
        rounds,
    })
}

/// The API request for `query`.
fn search_target(query: &str) -> String {
    format!("/api/search?q={}", encode(query))
}

/// Starts the server on a thread of its own, on a free loopback port; the flag stops it.
fn start_server(engine: Arc<Engine>) -> Result<(SocketAddr, Arc<AtomicBool>)> {
    let stop = Arc::new(AtomicBool::new(false));
    let (tx, rx) = std::sync::mpsc::channel();
    let flag = Arc::clone(&stop);
    let loopback = SocketAddr::from(([127, 0, 0, 1], 0));
    std::thread::spawn(move || {
        let ready = tx.clone();
        let shutdown = async move {
            while !flag.load(Ordering::SeqCst) {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
        };
        let served = crate::serve::run(engine, loopback, |a| drop(ready.send(Ok(a))), shutdown);
        if let Err(e) = served {
            let _ = tx.send(Err(e));
        }
    });
    let addr = rx
        .recv()
        .map_err(|_| Error::InvalidArgument("the server did not start".into()))??;
    Ok((addr, stop))
}

/// Runs `workers` threads for `seconds`, each asking the queries in turn with the function
/// `make` gives it, which answers a status code.
fn drive<F>(workers: usize, seconds: f64, queries: &[String], make: impl Fn(usize) -> F) -> Load
where
    F: FnMut(&str) -> u16 + Send,
{
    let deadline = Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let outcomes: Vec<(Vec<Duration>, u64, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers.max(1))
            .map(|w| {
                let mut ask = make(w);
                scope.spawn(move || {
                    let (mut times, mut failed, mut server_errors) = (Vec::new(), 0, 0);
                    let mut i = w * 7;
                    while started.elapsed() < deadline {
                        let q = &queries[i % queries.len()];
                        i += 1;
                        let t = Instant::now();
                        let status = ask(q);
                        times.push(t.elapsed());
                        if status != 200 {
                            failed += 1;
                        }
                        if status >= 500 {
                            server_errors += 1;
                        }
                    }
                    (times, failed, server_errors)
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let wall = started.elapsed().as_secs_f64();
    let mut times: Vec<Duration> = outcomes.iter().flat_map(|o| o.0.clone()).collect();
    let failed = outcomes.iter().map(|o| o.1).sum();
    let server_errors = outcomes.iter().map(|o| o.2).sum();
    Load {
        requests: times.len() as u64,
        failed,
        server_errors,
        requests_per_s: times.len() as f64 / wall,
        latency: Latency::of(&mut times),
    }
}

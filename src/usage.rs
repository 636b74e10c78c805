//! What the process has used: CPU time and peak resident memory, read from the operating system
//! (`getrusage`). Indexing reports stage times with it; benchmarks report peak memory.

/// CPU time (user and system) the whole process has used so far, in seconds; `None` where the
/// operating system does not say.
pub fn process_cpu_seconds() -> Option<f64> {
    rusage().map(|u| u.cpu_seconds)
}

/// The largest resident memory the process has had since it started, in bytes; `None` where the
/// operating system does not say.
pub fn peak_rss_bytes() -> Option<u64> {
    rusage().map(|u| u.peak_rss_bytes)
}

/// CPU time the calling thread has used so far, in seconds; falls back to wall time from a
/// fixed start where the operating system does not say, so differences stay meaningful.
pub fn thread_cpu_seconds() -> f64 {
    #[cfg(unix)]
    {
        let mut ts = libc::timespec {
            tv_sec: 0,
            tv_nsec: 0,
        };
        // SAFETY: clock_gettime writes one timespec into the pointer given, a valid one.
        if unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) } == 0 {
            return ts.tv_sec as f64 + ts.tv_nsec as f64 / 1e9;
        }
    }
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START
        .get_or_init(std::time::Instant::now)
        .elapsed()
        .as_secs_f64()
}

/// The process's resident anonymous memory now (heap and stacks: not the index files it maps),
/// in bytes; `None` where `/proc/self/status` does not say (outside Linux).
pub fn anon_rss_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("RssAnon:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
}

/// Samples [`anon_rss_bytes`] on a thread of its own until stopped: the peak of the memory a run
/// allocates, which `peak_rss_bytes` mixes with mapped index files, and how it moved.
pub struct AnonSampler {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: std::thread::JoinHandle<Vec<u64>>,
}

/// What an [`AnonSampler`] saw, in bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnonUsage {
    /// The highest value.
    pub peak: u64,
    /// The highest value in each tenth of the samples, in order (fewer parts with fewer than
    /// ten samples): memory that accumulates rises from one tenth to the next, memory that is
    /// freed as it goes does not.
    pub tenths: Vec<u64>,
}

impl AnonSampler {
    /// Starts sampling every `every`.
    pub fn start(every: std::time::Duration) -> AnonSampler {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let flag = stop.clone();
        let thread = std::thread::spawn(move || {
            let mut samples: Vec<u64> = anon_rss_bytes().into_iter().collect();
            while !flag.load(std::sync::atomic::Ordering::Relaxed) {
                std::thread::sleep(every);
                samples.extend(anon_rss_bytes());
            }
            samples.extend(anon_rss_bytes());
            samples
        });
        AnonSampler { stop, thread }
    }

    /// Stops sampling; `None` if the system never said (outside Linux).
    pub fn stop(self) -> Option<AnonUsage> {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        let samples = self.thread.join().ok()?;
        Some(AnonUsage {
            peak: samples.iter().copied().max()?,
            tenths: tenths(&samples),
        })
    }
}

/// The highest of each of ten consecutive, near-equal parts of `samples`.
fn tenths(samples: &[u64]) -> Vec<u64> {
    let parts = samples.len().min(10);
    (0..parts)
        .filter_map(|i| {
            let part = &samples[i * samples.len() / parts..(i + 1) * samples.len() / parts];
            part.iter().copied().max()
        })
        .collect()
}

struct Usage {
    cpu_seconds: f64,
    peak_rss_bytes: u64,
}

#[cfg(unix)]
fn rusage() -> Option<Usage> {
    let mut usage = std::mem::MaybeUninit::<libc::rusage>::zeroed();
    // SAFETY: getrusage writes a whole `rusage` into the pointer it is given, which points at
    // memory of that size, and it is read only when the call reports success.
    let usage = unsafe {
        if libc::getrusage(libc::RUSAGE_SELF, usage.as_mut_ptr()) != 0 {
            return None;
        }
        usage.assume_init()
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    // Linux and the BSDs count kilobytes, macOS bytes.
    let unit = if cfg!(target_os = "macos") { 1 } else { 1024 };
    Some(Usage {
        cpu_seconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
        peak_rss_bytes: u64::try_from(usage.ru_maxrss).unwrap_or(0) * unit,
    })
}

#[cfg(not(unix))]
fn rusage() -> Option<Usage> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_grows_with_work_and_memory_is_counted() {
        let before = process_cpu_seconds().unwrap();
        let mut x = 0u64;
        for i in 0..20_000_000u64 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(i);
        }
        std::hint::black_box(x);
        assert!(process_cpu_seconds().unwrap() > before);
        let thread_before = thread_cpu_seconds();
        let mut y = 0u64;
        for i in 0..20_000_000u64 {
            y = y.wrapping_mul(6364136223846793005).wrapping_add(i);
        }
        std::hint::black_box(y);
        assert!(thread_cpu_seconds() > thread_before);
        assert!(peak_rss_bytes().unwrap() > 1 << 20);
        if cfg!(target_os = "linux") {
            let sampler = AnonSampler::start(std::time::Duration::from_millis(1));
            let block = vec![1u8; 64 << 20];
            std::thread::sleep(std::time::Duration::from_millis(20));
            std::hint::black_box(&block);
            drop(block);
            std::thread::sleep(std::time::Duration::from_millis(200));
            let usage = sampler.stop().unwrap();
            assert!(usage.peak >= 64 << 20, "the 64 MiB block was seen");
            assert!(
                usage.tenths.last().unwrap() + (32 << 20) < usage.peak,
                "the block was freed well before the last tenth: {usage:?}"
            );
        }
    }

    #[test]
    fn tenths_keep_the_highest_of_each_part_in_order() {
        let rising: Vec<u64> = (0..100).collect();
        assert_eq!(
            tenths(&rising),
            [9, 19, 29, 39, 49, 59, 69, 79, 89, 99],
            "every part of ten samples gives its last"
        );
        assert_eq!(
            tenths(&[5, 1, 7]),
            [5, 1, 7],
            "fewer than ten: one part each"
        );
        assert_eq!(tenths(&[]), Vec::<u64>::new());
        let saw: Vec<u64> = (0..25).map(|i| i % 5).collect();
        assert_eq!(tenths(&saw).len(), 10);
        assert!(tenths(&saw).iter().all(|&m| m <= 4));
    }
}

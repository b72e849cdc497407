//! Stage timings for benchmarks: with `ZERENZHI_TIMINGS=1` set, each stage
//! prints how long it took to standard error.

use std::time::Instant;

/// A stage being timed; its time is printed when it is dropped.
pub struct Stage {
    name: &'static str,
    start: Instant,
}

/// Starts timing a stage; the time is printed when the guard is dropped.
pub fn stage(name: &'static str) -> Option<Stage> {
    std::env::var_os("ZERENZHI_TIMINGS").map(|_| Stage {
        name,
        start: Instant::now(),
    })
}

impl Drop for Stage {
    fn drop(&mut self) {
        eprintln!(
            "timing {:<10} {:>8.1} ms",
            self.name,
            self.start.elapsed().as_secs_f64() * 1000.0
        );
    }
}

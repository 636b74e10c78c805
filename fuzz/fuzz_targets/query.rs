//! Any string as a query against an index of the seed articles: it is answered or refused with
//! a query error, never a panic or an index error.
#![no_main]

use std::sync::OnceLock;

use lede::{Engine, Error, SearchRequest};
use libfuzzer_sys::fuzz_target;

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let engine = Engine::in_memory().expect("an index in memory");
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../seeds");
        engine
            .index_paths(&[seeds], &mut |_| {})
            .expect("the seeds index");
        engine
    })
}

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let request = SearchRequest::new(query.as_ref()).explain(true);
    for result in [
        engine().search(&request).map(|_| ()),
        engine().read_query(&request).map(|_| ()),
    ] {
        match result {
            Ok(())
            | Err(Error::Query(_) | Error::InvalidDate { .. } | Error::InvalidArgument(_)) => {}
            Err(other) => panic!("{query:?}: {other}"),
        }
    }
});

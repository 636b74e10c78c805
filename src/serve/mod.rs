//! `lede serve`: an index over HTTP. A JSON API (`api.rs`) answers with the values the CLI
//! prints with `--json`; a search page (`page/`, compiled into the binary) is served at `/`.
//!
//! Searches are blocking work: each runs on tokio's blocking pool, so slow ones never hold up
//! the connections. The server only reads the index; a task takes up new commits of a
//! `lede index` running beside it every [`RELOAD_EVERY`]. Nothing a request names reaches the
//! file system: the page's files are constants.
//!
//! ```no_run
//! # async fn run() -> lede::Result<()> {
//! let engine = std::sync::Arc::new(lede::Engine::open(std::path::Path::new("index"))?);
//! let app = lede::serve::router(engine);
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:7700").await.unwrap();
//! axum::serve(listener, app).await.unwrap();
//! # Ok(()) }
//! ```

mod api;
pub mod client;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::error::{Error, Result};
use crate::Engine;

pub use api::{MAX_API_LIMIT, MAX_API_OFFSET, MAX_API_QUERY_BYTES};

/// How often the server looks for a new commit of the index.
pub const RELOAD_EVERY: Duration = Duration::from_millis(500);

/// The address `lede serve` listens on unless told another: loopback only.
pub const DEFAULT_ADDR: &str = "127.0.0.1:7700";

/// The largest request body taken (the API has no request bodies).
const MAX_BODY_BYTES: usize = 16 << 10;

const PAGE: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/app.js");
const STYLE: &str = include_str!("page/app.css");

/// The API and the page, over `engine`.
pub fn router(engine: Arc<Engine>) -> Router {
    Router::new()
        .route(
            "/",
            get(|| async { asset(PAGE, "text/html; charset=utf-8") }),
        )
        .route(
            "/app.js",
            get(|| async { asset(SCRIPT, "text/javascript; charset=utf-8") }),
        )
        .route(
            "/app.css",
            get(|| async { asset(STYLE, "text/css; charset=utf-8") }),
        )
        .nest("/api", api::routes())
        .fallback(|| async { api::not_found("no such page") })
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .with_state(engine)
}

/// One of the page's files, with headers that keep it to its own origin.
fn asset(body: &'static str, kind: &'static str) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'",
        ),
    );
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    response
}

/// Serves `engine` on `listener` until `shutdown` resolves, taking up new commits as they come.
pub async fn serve(
    listener: tokio::net::TcpListener,
    engine: Arc<Engine>,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let reloader = tokio::spawn(reload_loop(Arc::clone(&engine)));
    let served = axum::serve(listener, router(engine))
        .with_graceful_shutdown(shutdown)
        .await;
    reloader.abort();
    served.map_err(|e| Error::io("the listening socket", e))
}

/// Takes up the index's new commits, every [`RELOAD_EVERY`]; a failed reload is tried again.
async fn reload_loop(engine: Arc<Engine>) {
    let mut every = tokio::time::interval(RELOAD_EVERY);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        let engine = Arc::clone(&engine);
        let _ = tokio::task::spawn_blocking(move || engine.reload()).await;
    }
}

/// Binds `addr` and serves `engine` until `shutdown` resolves, on a runtime of its own; `ready`
/// is called with the address bound (port 0 picks a free one).
pub fn run(
    engine: Arc<Engine>,
    addr: SocketAddr,
    ready: impl FnOnce(SocketAddr),
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::io("the server's runtime", e))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| Error::io(addr.to_string(), e))?;
        let bound = listener
            .local_addr()
            .map_err(|e| Error::io(addr.to_string(), e))?;
        ready(bound);
        serve(listener, engine, shutdown).await
    })
}

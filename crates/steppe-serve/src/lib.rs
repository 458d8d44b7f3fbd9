//! Serves the store over HTTP: a JSON API described at `/openapi.json`, a
//! full-text index (`index`), and a web UI in French and English whose
//! assets are compiled in. One job: read the store and answer; writes
//! (posted articles) go through an `Ingest` the binary supplies, and only
//! with a token.
//!
//! Every request's store and index work runs on the blocking pool with its
//! own connection from a small pool; a panic there becomes a 500 for that
//! request (`guarded`), and the server goes on.

pub mod api;
pub mod cache;
pub mod conn;
pub mod index;
pub mod params;
pub mod stem;
pub mod ui;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use futures_util::FutureExt;
use steppe_store::Store;

use crate::index::SearchIndex;
use crate::params::{ApiError, ApiResult};

/// What the knowledge base says of an actor (the binary fills it in).
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Profile {
    pub name: String,
    pub kind: String,
    pub code: String,
    pub country: Option<String>,
    /// (language, name).
    pub names: Vec<(String, String)>,
    pub aliases: Vec<String>,
    pub roles: Vec<RoleInfo>,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct RoleInfo {
    pub office: String,
    pub of: String,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// Actor profiles from a knowledge base.
pub trait Profiles: Send + Sync + 'static {
    fn profile(&self, id: &str) -> Option<Profile>;
}

/// No knowledge base: profiles come from the store alone.
pub struct NoProfiles;

impl Profiles for NoProfiles {
    fn profile(&self, _: &str) -> Option<Profile> {
        None
    }
}

/// Ingests posted bytes (a file named `name`) into the store; returns a
/// one-line summary or why it failed.
pub trait Ingest: Send + Sync + 'static {
    fn ingest(&self, name: &str, bytes: &[u8]) -> Result<String, String>;
}

pub struct Options {
    pub db: PathBuf,
    /// The index folder; `index::folder_for(db)` by default.
    pub index: PathBuf,
    /// Writes (`POST /api/ingest`) need `Authorization: Bearer TOKEN`.
    pub token: Option<String>,
    pub profiles: Arc<dyn Profiles>,
    pub ingest: Option<Arc<dyn Ingest>>,
    /// Search pages kept for repeated searches (0: none).
    pub search_cache: usize,
    /// A connection whose request head, once begun, is not complete by
    /// then is closed.
    pub header_timeout: std::time::Duration,
    /// A connection that sends nothing for this long between requests is closed.
    pub idle_timeout: std::time::Duration,
    /// A posted body not received by then is a 408.
    pub body_timeout: std::time::Duration,
}

/// Search pages kept by default, and how long one holds.
pub const SEARCH_CACHE: usize = 2048;
pub const SEARCH_CACHE_TTL: std::time::Duration = std::time::Duration::from_secs(300);

impl Options {
    pub fn new(db: &Path) -> Options {
        Options {
            db: db.to_path_buf(),
            index: index::folder_for(db),
            token: None,
            profiles: Arc::new(NoProfiles),
            ingest: None,
            search_cache: SEARCH_CACHE,
            header_timeout: HEADER_READ_TIMEOUT,
            idle_timeout: IDLE_TIMEOUT,
            body_timeout: BODY_READ_TIMEOUT,
        }
    }
}

/// What the server computes once (and again after an ingest).
#[derive(Debug, Clone, Default)]
pub struct Cached {
    /// Month → (articles, events).
    pub volume: Vec<(String, u64, u64)>,
    /// (actor id, mentions, articles, most frequent surface), most mentioned first.
    pub actors: Vec<(String, u64, u64, String)>,
}

pub struct App {
    db: PathBuf,
    pool: Mutex<Vec<Store>>,
    pub index: SearchIndex,
    pub profiles: Arc<dyn Profiles>,
    token: Option<String>,
    ingest: Option<Arc<dyn Ingest>>,
    cached: RwLock<Arc<Cached>>,
    /// Recent search pages by request.
    pub searches: cache::Cache<api::SearchPage>,
    header_timeout: std::time::Duration,
    idle_timeout: std::time::Duration,
    pub body_timeout: std::time::Duration,
}

/// Connections kept for reuse; more are opened under load and dropped after.
const POOL_KEEP: usize = 16;

impl App {
    /// Opens the store (read-only) and its index, indexing what the index lacks.
    pub fn open(o: Options) -> Result<App, String> {
        let store = Store::open_read_only(&o.db).map_err(|e| e.to_string())?;
        let index = SearchIndex::open(&o.index).map_err(|e| e.to_string())?;
        index.sync(&store).map_err(|e| e.to_string())?;
        let app = App {
            db: o.db,
            pool: Mutex::new(vec![store]),
            index,
            profiles: o.profiles,
            token: o.token,
            ingest: o.ingest,
            cached: RwLock::new(Arc::new(Cached::default())),
            searches: cache::Cache::new(o.search_cache, SEARCH_CACHE_TTL),
            header_timeout: o.header_timeout,
            idle_timeout: o.idle_timeout,
            body_timeout: o.body_timeout,
        };
        app.refresh().map_err(|e| e.to_string())?;
        Ok(app)
    }

    fn refresh(&self) -> ApiResult<()> {
        let c = self.with_store(|s| {
            Ok(Cached {
                volume: s.volume_by_month().map_err(store_error)?,
                actors: s.actor_counts().map_err(store_error)?,
            })
        })?;
        if let Ok(mut w) = self.cached.write() {
            *w = Arc::new(c);
        }
        // Stories may have changed without a new index generation.
        self.searches.clear();
        Ok(())
    }

    pub fn cached(&self) -> Arc<Cached> {
        self.cached
            .read()
            .map(|c| Arc::clone(&c))
            .unwrap_or_default()
    }

    /// Runs `f` with a pooled read-only connection.
    pub fn with_store<T>(&self, f: impl FnOnce(&Store) -> ApiResult<T>) -> ApiResult<T> {
        let taken = self.pool.lock().ok().and_then(|mut p| p.pop());
        let store = match taken {
            Some(s) => s,
            None => Store::open_read_only(&self.db).map_err(store_error)?,
        };
        let out = f(&store);
        if let Ok(mut p) = self.pool.lock() {
            if p.len() < POOL_KEEP {
                p.push(store);
            }
        }
        out
    }

    fn authorised(&self, req: &axum::http::HeaderMap) -> ApiResult<()> {
        let Some(token) = &self.token else {
            return Err(ApiError {
                status: StatusCode::FORBIDDEN,
                param: None,
                message: "this server is read-only (start it with --token to accept writes)".into(),
            });
        };
        let given = req
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "));
        if given != Some(token.as_str()) {
            return Err(ApiError {
                status: StatusCode::UNAUTHORIZED,
                param: Some("Authorization".into()),
                message: "a valid `Authorization: Bearer TOKEN` header is required".into(),
            });
        }
        Ok(())
    }
}

pub fn store_error(e: steppe_store::StoreError) -> ApiError {
    ApiError::internal(format!("store: {e}"))
}

/// Runs blocking work on the blocking pool; a panic in it is a 500 for this
/// request only.
pub async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    f: impl FnOnce(&App) -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    let app = Arc::clone(app);
    match tokio::task::spawn_blocking(move || f(&app)).await {
        Ok(r) => r,
        Err(e) => Err(ApiError::internal(format!(
            "the request failed inside the server ({})",
            if e.is_panic() { "panic" } else { "cancelled" }
        ))),
    }
}

/// Middleware: a panic anywhere in a handler's future is a 500 JSON answer.
async fn guarded(req: Request<Body>, next: Next) -> Response {
    match std::panic::AssertUnwindSafe(next.run(req))
        .catch_unwind()
        .await
    {
        Ok(r) => r,
        Err(_) => {
            ApiError::internal("the request failed inside the server (panic)").into_response()
        }
    }
}

/// The whole HTTP surface.
pub fn router(app: Arc<App>) -> axum::Router {
    api::routes()
        .merge(ui::routes())
        .fallback(ui::not_found)
        .layer(axum::middleware::from_fn(guarded))
        .with_state(app)
}

/// By default, a client that has begun a request head and not sent all of it
/// by then loses its connection (a slow or stalled client holds nothing for long).
pub const HEADER_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);
/// By default, a connection idle this long before a request (a reader
/// pausing on a page keeps its keep-alive connection until then) is closed.
pub const IDLE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);
/// By default, a posted body must arrive within this (else 408 naming `body`).
pub const BODY_READ_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(60);

/// Accepts connections and serves each on its own task, HTTP/1.1 with
/// keep-alive and the request-head timer of `conn` (axum's own `serve` sets
/// no timer, so hyper's timeout would not run).
async fn accept_loop(
    listener: tokio::net::TcpListener,
    router: axum::Router,
    timeouts: (std::time::Duration, std::time::Duration),
) {
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors, or a connection reset before accept:
                // wait a little and go on.
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                continue;
            }
        };
        let _ = stream.set_nodelay(true);
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        let (stream, timer) = conn::watched(stream, timeouts.0, timeouts.1);
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            // The duration is the timer's business (head or idle); any
            // value turns hyper's head timer on.
            builder
                .timer(timer)
                .header_read_timeout(timeouts.0)
                .keep_alive(true);
            let _ = builder
                .serve_connection(hyper_util::rt::TokioIo::new(stream), service)
                .await;
        });
    }
}

/// Serves until the process ends; prints the URL once listening.
pub fn serve(options: Options, addr: SocketAddr) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the server runtime: {e}"))?;
    let app = Arc::new(App::open(options)?);
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| format!("listening on {addr}: {e}"))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("listening on {addr}: {e}"))?;
        println!(
            "steppe serve: http://{local}/ ({} article(s) indexed)",
            app.index.documents()
        );
        let timeouts = (app.header_timeout, app.idle_timeout);
        accept_loop(listener, router(app), timeouts).await;
        Ok(())
    })
}

/// Starts a server on a free loopback port in a background thread, for
/// tests and benchmarks; returns its address.
pub fn spawn_local(options: Options) -> Result<SocketAddr, String> {
    let app = Arc::new(App::open(options)?);
    let std_listener = std::net::TcpListener::bind("127.0.0.1:0")
        .map_err(|e| format!("listening on loopback: {e}"))?;
    let addr = std_listener
        .local_addr()
        .map_err(|e| format!("listening on loopback: {e}"))?;
    std_listener
        .set_nonblocking(true)
        .map_err(|e| format!("listening on loopback: {e}"))?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("starting the server runtime: {e}"))?;
    let timeouts = (app.header_timeout, app.idle_timeout);
    std::thread::spawn(move || {
        runtime.block_on(async move {
            if let Ok(listener) = tokio::net::TcpListener::from_std(std_listener) {
                accept_loop(listener, router(app), timeouts).await;
            }
        });
    });
    Ok(addr)
}

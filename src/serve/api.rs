//! The JSON API: `/api/search`, `/api/articles/{doc_id}`, `/api/stats`, `/api/quotes`,
//! `/api/health`. Parameters are read strictly: an unknown, repeated or malformed one is a 400
//! whose JSON names it; an unknown article is a 404; only a fault of the server is a 500.

use std::sync::Arc;

use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Serialize;
use serde_json::json;

use crate::error::Error;
use crate::query::{Filters, SearchMode};
use crate::search::SearchRequest;
use crate::Engine;

/// The longest `q` the API takes, in bytes.
pub const MAX_API_QUERY_BYTES: usize = 2048;
/// The most hits one request returns.
pub const MAX_API_LIMIT: usize = 100;
/// The deepest first hit a request may ask for.
pub const MAX_API_OFFSET: usize = 1000;

type Shared = Arc<Engine>;

pub(super) fn routes() -> Router<Shared> {
    Router::new()
        .route("/health", get(health))
        .route("/search", get(search))
        .route("/articles/{doc_id}", get(article))
        .route("/stats", get(stats))
        .route("/quotes", get(quotes))
        .fallback(|| async { not_found("no such API endpoint") })
}

/// A failed request: its status and a JSON body naming the parameter at fault, if one is.
#[derive(Debug)]
pub(super) struct ApiError {
    status: StatusCode,
    message: String,
    parameter: Option<&'static str>,
}

impl ApiError {
    fn bad(parameter: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            message: message.into(),
            parameter: Some(parameter),
        }
    }

    /// The library's error for a request, as the status it deserves: what the user's input
    /// caused is a 400, naming `parameter`; the index failing is a 500.
    fn from_engine(e: Error, parameter: &'static str) -> ApiError {
        let (status, parameter) = match &e {
            Error::Query(_) | Error::InvalidArgument(_) | Error::InvalidDate { .. } => {
                (StatusCode::BAD_REQUEST, Some(parameter))
            }
            // A mode the index's vectors or the server's model cannot serve.
            Error::Vectors(_) | Error::Model { .. } => (StatusCode::BAD_REQUEST, Some("mode")),
            _ => (StatusCode::INTERNAL_SERVER_ERROR, None),
        };
        ApiError {
            status,
            message: e.to_string(),
            parameter,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message, "status": self.status.as_u16() });
        if let Some(p) = self.parameter {
            body["parameter"] = json!(p);
        }
        (self.status, Json(body)).into_response()
    }
}

/// A 404 with a JSON body.
pub(super) fn not_found(message: &str) -> Response {
    ApiError {
        status: StatusCode::NOT_FOUND,
        message: message.to_string(),
        parameter: None,
    }
    .into_response()
}

/// A request's query string, each parameter at most once and all of them known.
struct Params(Vec<(String, String)>);

impl Params {
    fn parse(raw: Option<&str>, known: &[&'static str]) -> Result<Params, ApiError> {
        let mut out: Vec<(String, String)> = Vec::new();
        for (name, value) in form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
            let Some(&known_name) = known.iter().find(|k| **k == name) else {
                return Err(ApiError {
                    status: StatusCode::BAD_REQUEST,
                    message: format!(
                        "unknown parameter {name:?}; this endpoint takes {}",
                        known.join(", ")
                    ),
                    parameter: None,
                });
            };
            if out.iter().any(|(n, _)| n == known_name) {
                return Err(ApiError::bad(
                    known_name,
                    format!("{known_name} is given twice"),
                ));
            }
            out.push((known_name.to_string(), value.into_owned()));
        }
        Ok(Params(out))
    }

    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A text parameter; an empty one is as good as absent.
    fn text(&self, name: &str) -> Option<String> {
        self.get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_string)
    }

    fn number(
        &self,
        name: &'static str,
        default: usize,
        range: (usize, usize),
    ) -> Result<usize, ApiError> {
        let Some(v) = self.get(name).filter(|v| !v.is_empty()) else {
            return Ok(default);
        };
        match v.parse::<usize>() {
            Ok(n) if (range.0..=range.1).contains(&n) => Ok(n),
            _ => Err(ApiError::bad(
                name,
                format!(
                    "{name} must be a whole number from {} to {}, not {v:?}",
                    range.0, range.1
                ),
            )),
        }
    }

    fn flag(&self, name: &'static str, default: bool) -> Result<bool, ApiError> {
        match self.get(name) {
            None | Some("") => Ok(default),
            Some("1" | "true" | "on" | "yes") => Ok(true),
            Some("0" | "false" | "off" | "no") => Ok(false),
            Some(v) => Err(ApiError::bad(
                name,
                format!("{name} must be true or false, not {v:?}"),
            )),
        }
    }

    fn date(&self, name: &'static str) -> Result<Option<time::Date>, ApiError> {
        let Some(v) = self.text(name) else {
            return Ok(None);
        };
        match crate::date::parse_ymd(&v).filter(|_| v.len() == 10) {
            Some(d) => Ok(Some(d)),
            None => Err(ApiError::bad(
                name,
                format!("{name} must be a date as YYYY-MM-DD, not {v:?}"),
            )),
        }
    }
}

/// Runs blocking work on the blocking pool; a panic in it is the server's fault.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
) -> Result<T, ApiError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|e| {
        Err(ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            message: format!("the request failed: {e}"),
            parameter: None,
        })
    })
}

#[derive(Serialize)]
struct Health {
    status: &'static str,
    passages: u64,
}

async fn health(State(engine): State<Shared>) -> Result<Json<Health>, ApiError> {
    blocking(move || {
        Ok(Json(Health {
            status: "ok",
            passages: engine.passages(),
        }))
    })
    .await
}

/// `/api/search`'s answer: the request as read, the hits and the facets.
#[derive(Serialize)]
struct SearchAnswer {
    query: String,
    limit: usize,
    #[serde(flatten)]
    results: crate::search::Results,
}

const SEARCH_PARAMS: &[&str] = &[
    "q", "limit", "offset", "outlet", "speaker", "since", "until", "group", "explain", "mode",
];

/// Reads `/api/search`'s parameters into a request and an offset.
pub(super) fn search_request(raw: Option<&str>) -> Result<(SearchRequest, usize), ApiError> {
    let p = Params::parse(raw, SEARCH_PARAMS)?;
    let query = p
        .text("q")
        .ok_or_else(|| ApiError::bad("q", "q, the query, is missing or empty"))?;
    if query.len() > MAX_API_QUERY_BYTES {
        return Err(ApiError::bad(
            "q",
            format!(
                "q is {} bytes long; the most is {MAX_API_QUERY_BYTES}",
                query.len()
            ),
        ));
    }
    let limit = p.number("limit", 10, (1, MAX_API_LIMIT))?;
    let offset = p.number("offset", 0, (0, MAX_API_OFFSET))?;
    let mode = match p.text("mode") {
        None => None,
        Some(m) => Some(
            m.parse::<SearchMode>()
                .map_err(|e| ApiError::bad("mode", e.to_string()))?,
        ),
    };
    let filters = Filters {
        outlet: p.text("outlet"),
        speaker: p.text("speaker"),
        since: p.date("since")?,
        until: p.date("until")?,
    };
    if let (Some(since), Some(until)) = (filters.since, filters.until) {
        if since > until {
            return Err(ApiError::bad("since", "since is after until"));
        }
    }
    let mut request = SearchRequest::new(query)
        .limit(limit)
        .group(p.flag("group", true)?)
        .explain(p.flag("explain", false)?);
    request.filters = filters;
    request.mode = mode;
    Ok((request, offset))
}

async fn search(
    State(engine): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchAnswer>, ApiError> {
    let (request, offset) = search_request(raw.as_deref())?;
    blocking(move || {
        let results = engine
            .results(&request, offset)
            .map_err(|e| ApiError::from_engine(e, "q"))?;
        Ok(Json(SearchAnswer {
            query: request.query,
            limit: request.limit,
            results,
        }))
    })
    .await
}

async fn article(
    State(engine): State<Shared>,
    Path(doc_id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Result<Response, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    if doc_id.len() > MAX_API_QUERY_BYTES {
        return Err(ApiError::bad("doc_id", "the doc id is too long"));
    }
    blocking(move || {
        let articles = engine
            .article(&doc_id)
            .map_err(|e| ApiError::from_engine(e, "doc_id"))?;
        if articles.is_empty() {
            return Ok(not_found(&format!("no article with doc id {doc_id:?}")));
        }
        Ok(Json(articles).into_response())
    })
    .await
}

async fn stats(
    State(engine): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Json<crate::Stats>, ApiError> {
    Params::parse(raw.as_deref(), &[])?;
    blocking(move || {
        engine
            .stats()
            .map(Json)
            .map_err(|e| ApiError::from_engine(e, "stats"))
    })
    .await
}

async fn quotes(
    State(engine): State<Shared>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Vec<crate::QuoteGroup>>, ApiError> {
    let p = Params::parse(raw.as_deref(), &["speaker"])?;
    let speaker = p
        .text("speaker")
        .ok_or_else(|| ApiError::bad("speaker", "speaker is missing or empty"))?;
    if speaker.len() > MAX_API_QUERY_BYTES {
        return Err(ApiError::bad("speaker", "speaker is too long"));
    }
    blocking(move || {
        engine
            .quotes(&speaker)
            .map(Json)
            .map_err(|e| ApiError::from_engine(e, "speaker"))
    })
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_parameters_are_read_strictly() {
        let (r, offset) = search_request(Some(
            "q=Lavrov+diplomacy&limit=5&offset=10&since=2026-02-01&group=false",
        ))
        .unwrap();
        assert_eq!(
            (r.query.as_str(), r.limit, offset, r.group),
            ("Lavrov diplomacy", 5, 10, false)
        );
        for (raw, parameter) in [
            ("", Some("q")),
            ("q=%20", Some("q")),
            ("q=a&limit=0", Some("limit")),
            ("q=a&limit=101", Some("limit")),
            ("q=a&limit=ten", Some("limit")),
            ("q=a&offset=-1", Some("offset")),
            ("q=a&since=2026-13-01", Some("since")),
            ("q=a&until=yesterday", Some("until")),
            ("q=a&since=2026-02-02&until=2026-02-01", Some("since")),
            ("q=a&group=maybe", Some("group")),
            ("q=a&mode=psychic", Some("mode")),
            ("q=a&q=b", Some("q")),
            ("q=a&colour=red", None),
        ] {
            let e = search_request(Some(raw)).unwrap_err();
            assert_eq!(e.status, StatusCode::BAD_REQUEST, "{raw}");
            assert_eq!(e.parameter, parameter, "{raw}: {}", e.message);
        }
        let long = format!("q={}", "a".repeat(MAX_API_QUERY_BYTES + 1));
        assert_eq!(
            search_request(Some(&long)).unwrap_err().parameter,
            Some("q")
        );
    }
}

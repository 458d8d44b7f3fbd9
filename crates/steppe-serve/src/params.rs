//! Strict reading of query strings: every parameter is known, given once,
//! valid UTF-8 and of its type and range; anything else is a 400 that names
//! the parameter. Values are only ever bound into SQL or the index query
//! parser, never spliced into either.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The longest query string read (longer is a 414 naming `query`).
pub const MAX_QUERY: usize = 8 * 1024;
/// The longest free-text value (`q`).
pub const MAX_TEXT: usize = 500;
/// The longest id or name value.
pub const MAX_ID: usize = 200;

/// An API error: a status, the parameter at fault when there is one, and why.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: StatusCode,
    pub param: Option<String>,
    pub message: String,
}

impl ApiError {
    pub fn bad(param: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::BAD_REQUEST,
            param: Some(param.to_string()),
            message: message.into(),
        }
    }

    pub fn not_found(param: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::NOT_FOUND,
            param: Some(param.to_string()),
            message: message.into(),
        }
    }

    pub fn internal(message: impl Into<String>) -> ApiError {
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            param: None,
            message: message.into(),
        }
    }

    pub fn body(&self) -> serde_json::Value {
        json!({"error": {
            "status": self.status.as_u16(),
            "param": self.param,
            "message": self.message,
        }})
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, axum::Json(self.body())).into_response()
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.param {
            Some(p) => write!(f, "{p}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

pub type ApiResult<T> = std::result::Result<T, ApiError>;

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// Percent-decodes (and `+` → space) to bytes; `None` on a broken escape.
pub fn percent_decode(s: &str, plus_is_space: bool) -> Option<Vec<u8>> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b.get(i).copied() {
            Some(b'%') => {
                let hi = b.get(i + 1).copied().and_then(hex)?;
                let lo = b.get(i + 2).copied().and_then(hex)?;
                out.push(hi * 16 + lo);
                i += 3;
            }
            Some(b'+') if plus_is_space => {
                out.push(b' ');
                i += 1;
            }
            Some(c) => {
                out.push(c);
                i += 1;
            }
            None => break,
        }
    }
    Some(out)
}

/// Percent-encodes a value for a URL (everything but unreserved characters).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The decoded parameters of one request.
#[derive(Debug, Default)]
pub struct Params {
    pairs: Vec<(String, String)>,
}

impl Params {
    /// Reads a raw query string against the names an endpoint accepts.
    pub fn parse(raw: Option<&str>, known: &[&str]) -> ApiResult<Params> {
        let raw = raw.unwrap_or_default();
        if raw.len() > MAX_QUERY {
            return Err(ApiError {
                status: StatusCode::URI_TOO_LONG,
                param: Some("query".into()),
                message: format!("the query string is longer than {MAX_QUERY} bytes"),
            });
        }
        let mut pairs: Vec<(String, String)> = Vec::new();
        for part in raw.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = part.split_once('=').unwrap_or((part, ""));
            let name = percent_decode(k, true)
                .and_then(|b| String::from_utf8(b).ok())
                .ok_or_else(|| {
                    ApiError::bad(
                        "query",
                        "a parameter name is not valid percent-encoded UTF-8",
                    )
                })?;
            if !known.contains(&name.as_str()) {
                let shown: String = name.chars().take(40).collect();
                return Err(ApiError::bad(
                    &shown,
                    format!(
                        "unknown parameter; this endpoint takes {}",
                        known.join(", ")
                    ),
                ));
            }
            let value = percent_decode(v, true)
                .ok_or_else(|| ApiError::bad(&name, "broken percent-escape"))?;
            let value = String::from_utf8(value)
                .map_err(|_| ApiError::bad(&name, "the value is not valid UTF-8"))?;
            if value
                .chars()
                .any(|c| c.is_control() && c != '\n' && c != '\t')
            {
                return Err(ApiError::bad(&name, "the value holds control characters"));
            }
            if pairs.iter().any(|(n, _)| *n == name) {
                return Err(ApiError::bad(&name, "given more than once"));
            }
            pairs.push((name, value));
        }
        Ok(Params { pairs })
    }

    fn raw(&self, name: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
            .filter(|v| !v.is_empty())
    }

    /// Free text, at most `MAX_TEXT` characters, trimmed; empty is absent.
    pub fn text(&self, name: &str) -> ApiResult<Option<String>> {
        match self.raw(name).map(str::trim).filter(|v| !v.is_empty()) {
            Some(v) if v.chars().count() > MAX_TEXT => Err(ApiError::bad(
                name,
                format!("longer than {MAX_TEXT} characters"),
            )),
            Some(v) => Ok(Some(v.to_string())),
            None => Ok(None),
        }
    }

    /// An id or a name: at most `MAX_ID` characters.
    pub fn id(&self, name: &str) -> ApiResult<Option<String>> {
        match self.raw(name) {
            Some(v) => check_id(name, v).map(Some),
            None => Ok(None),
        }
    }

    pub fn required_id(&self, name: &str) -> ApiResult<String> {
        self.id(name)?
            .ok_or_else(|| ApiError::bad(name, "required"))
    }

    /// One of a fixed set of words.
    pub fn choice(&self, name: &str, allowed: &[&'static str]) -> ApiResult<Option<&'static str>> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => allowed
                .iter()
                .find(|a| **a == v)
                .copied()
                .map(Some)
                .ok_or_else(|| {
                    ApiError::bad(name, format!("must be one of {}", allowed.join(", ")))
                }),
        }
    }

    /// A whole number in `min..=max`.
    pub fn number(&self, name: &str, min: u64, max: u64) -> ApiResult<Option<u64>> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => match v.parse::<u64>() {
                Ok(n) if (min..=max).contains(&n) => Ok(Some(n)),
                _ => Err(ApiError::bad(
                    name,
                    format!("must be a whole number from {min} to {max}"),
                )),
            },
        }
    }

    /// `limit`: 1 to `max`, `default` when absent.
    pub fn limit(&self, default: usize, max: usize) -> ApiResult<usize> {
        Ok(self
            .number("limit", 1, max as u64)?
            .map_or(default, |n| n as usize))
    }

    /// A date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, given back as the first
    /// (`end` false) or last day it covers.
    pub fn date(&self, name: &str, end: bool) -> ApiResult<Option<String>> {
        match self.raw(name) {
            None => Ok(None),
            Some(v) => parse_date(v, end).map(Some).ok_or_else(|| {
                ApiError::bad(
                    name,
                    "must be a date: YYYY, YYYY-MM or YYYY-MM-DD, years 1800 to 2200",
                )
            }),
        }
    }

    /// `from` and `to` as first and last days, `from` not after `to`.
    pub fn date_range(&self) -> ApiResult<(Option<String>, Option<String>)> {
        let from = self.date("from", false)?;
        let to = self.date("to", true)?;
        if let (Some(f), Some(t)) = (&from, &to) {
            if f > t {
                return Err(ApiError::bad("to", "is before from"));
            }
        }
        Ok((from, to))
    }

    /// An opaque cursor from an earlier page: its parts.
    pub fn cursor(&self, parts: usize) -> ApiResult<Option<Vec<String>>> {
        match self.raw("cursor") {
            None => Ok(None),
            Some(v) => decode_cursor(v)
                .filter(|p| p.len() == parts)
                .map(Some)
                .ok_or_else(|| ApiError::bad("cursor", "not a cursor this endpoint gave out")),
        }
    }
}

pub fn check_id(name: &str, v: &str) -> ApiResult<String> {
    if v.chars().count() > MAX_ID {
        return Err(ApiError::bad(
            name,
            format!("longer than {MAX_ID} characters"),
        ));
    }
    Ok(v.to_string())
}

fn parse_date(v: &str, end: bool) -> Option<String> {
    let mut it = v.split('-');
    let y: i32 = it.next().filter(|p| p.len() == 4)?.parse().ok()?;
    let m: Option<u32> = match it.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    let d: Option<u32> = match it.next() {
        Some(p) if p.len() == 2 => Some(p.parse().ok()?),
        Some(_) => return None,
        None => None,
    };
    if it.next().is_some() || !(1800..=2200).contains(&y) {
        return None;
    }
    let date = match (m, d) {
        (Some(m), Some(d)) => chrono::NaiveDate::from_ymd_opt(y, m, d)?,
        (Some(m), None) => {
            let first = chrono::NaiveDate::from_ymd_opt(y, m, 1)?;
            if end {
                let next = if m == 12 {
                    chrono::NaiveDate::from_ymd_opt(y + 1, 1, 1)?
                } else {
                    chrono::NaiveDate::from_ymd_opt(y, m + 1, 1)?
                };
                next.pred_opt()?
            } else {
                first
            }
        }
        (None, _) => {
            chrono::NaiveDate::from_ymd_opt(y, if end { 12 } else { 1 }, if end { 31 } else { 1 })?
        }
    };
    Some(date.format("%Y-%m-%d").to_string())
}

/// A cursor is its parts joined by a unit separator, hex-encoded: opaque to
/// clients, checked on the way back.
pub fn encode_cursor(parts: &[&str]) -> String {
    let joined = parts.join("\u{1f}");
    joined.bytes().map(|b| format!("{b:02x}")).collect()
}

fn decode_cursor(v: &str) -> Option<Vec<String>> {
    if !v.len().is_multiple_of(2) || v.len() > 2 * 4 * MAX_ID {
        return None;
    }
    let b = v.as_bytes();
    let mut bytes = Vec::with_capacity(b.len() / 2);
    for pair in b.chunks(2) {
        let hi = pair.first().copied().and_then(hex)?;
        let lo = pair.get(1).copied().and_then(hex)?;
        bytes.push(hi * 16 + lo);
    }
    let s = String::from_utf8(bytes).ok()?;
    Some(s.split('\u{1f}').map(str::to_string).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KNOWN: &[&str] = &["q", "limit", "from", "to", "cursor"];

    #[test]
    fn unknown_repeated_and_broken_parameters_are_named() {
        let e = Params::parse(Some("q=Blinken&sort=date"), KNOWN).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("sort"));
        let e = Params::parse(Some("q=a&q=b"), KNOWN).unwrap_err();
        assert_eq!(
            (e.param.as_deref(), e.message.as_str()),
            (Some("q"), "given more than once")
        );
        let e = Params::parse(Some("q=%FF%FE"), KNOWN).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("q"));
        let e = Params::parse(Some("q=%4"), KNOWN).unwrap_err();
        assert_eq!(e.param.as_deref(), Some("q"));
        let long = format!("q={}", "a".repeat(MAX_QUERY));
        assert_eq!(
            Params::parse(Some(&long), KNOWN).unwrap_err().status,
            StatusCode::URI_TOO_LONG
        );
    }

    #[test]
    fn values_are_decoded_and_typed() {
        let p = Params::parse(Some("q=Anthony+Blinken%20%C3%A0+Astana&limit=20"), KNOWN).unwrap();
        assert_eq!(
            p.text("q").unwrap().as_deref(),
            Some("Anthony Blinken à Astana")
        );
        assert_eq!(p.limit(10, 100).unwrap(), 20);
        for bad in [
            "limit=0",
            "limit=-5",
            "limit=101",
            "limit=1e3",
            "limit=99999999999999999999999",
        ] {
            let e = Params::parse(Some(bad), KNOWN)
                .unwrap()
                .limit(10, 100)
                .unwrap_err();
            assert_eq!(e.param.as_deref(), Some("limit"), "{bad}");
        }
    }

    #[test]
    fn dates_cover_their_span_and_absurd_ones_are_refused() {
        let p = Params::parse(Some("from=2023-02&to=2024"), KNOWN).unwrap();
        assert_eq!(
            p.date_range().unwrap(),
            (Some("2023-02-01".into()), Some("2024-12-31".into()))
        );
        let p = Params::parse(Some("to=2024-02"), KNOWN).unwrap();
        assert_eq!(p.date("to", true).unwrap().as_deref(), Some("2024-02-29"));
        for bad in [
            "from=2023-02-30",
            "from=99999-01-01",
            "from=2023-13",
            "from=yesterday",
            "from=2023-2-1",
            "from=0001-01-01",
        ] {
            let e = Params::parse(Some(bad), KNOWN)
                .unwrap()
                .date_range()
                .unwrap_err();
            assert_eq!(e.param.as_deref(), Some("from"), "{bad}");
        }
        let e = Params::parse(Some("from=2024&to=2023"), KNOWN)
            .unwrap()
            .date_range()
            .unwrap_err();
        assert_eq!(e.param.as_deref(), Some("to"));
    }

    #[test]
    fn cursors_round_trip_and_forged_ones_are_refused() {
        let c = encode_cursor(&["a1b2", "E00ff"]);
        let p = Params::parse(Some(&format!("cursor={c}")), KNOWN).unwrap();
        assert_eq!(
            p.cursor(2).unwrap(),
            Some(vec!["a1b2".to_string(), "E00ff".to_string()])
        );
        assert!(p.cursor(1).is_err());
        let p = Params::parse(Some("cursor=zz"), KNOWN).unwrap();
        assert_eq!(p.cursor(2).unwrap_err().param.as_deref(), Some("cursor"));
    }
}

//! One bad item costs one item. [`catch`] runs a piece of work on one item
//! (an article's analysis stage, an eval record) and turns a panic inside it
//! into an error naming where it happened, so the caller reports that item
//! and goes on with the rest.
//!
//! While a [`catch`] is running on a thread, the panic hook records the
//! message and location instead of printing them: the caller prints one
//! line per item in its own words. Panics outside [`catch`] print as usual.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    static LAST: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// How an article's warnings mark a failed analysis stage: `steppe
/// reanalyse` drops these and tries the stage again.
pub const STAGE_FAILED: &str = "analysis stage failed:";

fn payload_text(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "panic with a non-text payload".to_string()
    }
}

fn install_hook() {
    HOOK.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) > 0 {
                let at = info
                    .location()
                    .map(|l| format!(" (at {}:{})", l.file(), l.line()))
                    .unwrap_or_default();
                let text = format!("{}{at}", payload_text(info.payload()));
                LAST.with(|l| *l.borrow_mut() = Some(text));
            } else {
                default(info);
            }
        }));
    });
}

/// Runs `f`; a panic inside it becomes `Err` with its message and source
/// location. `f` must leave nothing half-changed that the caller keeps
/// using after an `Err` (each use here builds a fresh value).
pub fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    DEPTH.with(|d| d.set(d.get() + 1));
    let r = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get().saturating_sub(1)));
    r.map_err(|p| {
        LAST.with(|l| l.borrow_mut().take())
            .unwrap_or_else(|| payload_text(p.as_ref()))
    })
}

/// A test hook: with `STEPPE_FAILPOINT=stage:needle` in the environment,
/// [`failpoint`] panics in that stage on any text containing the needle.
/// It lets the tests and CI prove that a failing stage costs one article
/// and nothing else, without keeping a known-bad input around.
pub fn failpoint(stage: &str, text: &str) {
    static SPEC: std::sync::OnceLock<Option<(String, String)>> = std::sync::OnceLock::new();
    let spec = SPEC.get_or_init(|| {
        let v = std::env::var("STEPPE_FAILPOINT").ok()?;
        let (s, n) = v.split_once(':')?;
        (!n.is_empty()).then(|| (s.to_string(), n.to_string()))
    });
    if let Some((s, needle)) = spec {
        if s == stage && text.contains(needle.as_str()) {
            panic!("failpoint {stage}:{needle} reached");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_error_with_its_place() {
        let r: Result<(), String> = catch(|| {
            let v: Vec<u8> = Vec::new();
            let i = v.len() + 3;
            let _ = v[i];
        });
        let e = r.expect_err("the index is out of bounds");
        assert!(e.contains("index out of bounds"), "{e}");
        assert!(e.contains("guard.rs"), "{e}");
        // The next item runs normally.
        assert_eq!(catch(|| 2 + 2), Ok(4));
    }

    #[test]
    fn nested_catches_report_the_inner_panic() {
        let outer = catch(|| catch(|| panic!("inner")).is_err());
        assert_eq!(outer, Ok(true));
    }
}

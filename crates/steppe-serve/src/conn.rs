//! The request-head timer of a connection. hyper's header read timeout
//! starts as soon as it waits for a request, so a keep-alive connection that
//! sits idle between two requests (a reader pausing on a page) would be
//! closed after the head timeout, as a client stalled half way through a
//! head is. Here the timer hyper starts counts from the first byte of the
//! head instead: before that byte the connection is idle and may wait for
//! the longer idle timeout; after it, the head must be complete within the
//! head timeout.

use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What the connection's reads tell its timer: when the first byte after
/// the timer was started came.
#[derive(Default)]
struct Watch {
    first_byte: Option<Instant>,
}

/// A connection's stream, noting when bytes arrive.
pub struct Watched<S> {
    stream: S,
    watch: Arc<Mutex<Watch>>,
}

/// The timer hyper is given for one connection (it starts it for each
/// request head it waits for).
#[derive(Clone)]
pub struct HeadTimer {
    watch: Arc<Mutex<Watch>>,
    head: Duration,
    idle: Duration,
}

/// A stream and the timer that reads its watch.
pub fn watched<S>(stream: S, head: Duration, idle: Duration) -> (Watched<S>, HeadTimer) {
    let watch = Arc::new(Mutex::new(Watch::default()));
    (
        Watched {
            stream,
            watch: Arc::clone(&watch),
        },
        HeadTimer { watch, head, idle },
    )
}

struct HeadSleep {
    watch: Arc<Mutex<Watch>>,
    started: Instant,
    head: Duration,
    idle: Duration,
    sleep: Pin<Box<tokio::time::Sleep>>,
}

impl HeadSleep {
    /// The first byte's time plus the head timeout, or, while no byte came,
    /// the start plus the idle timeout.
    fn deadline(&self) -> Instant {
        match self.watch.lock().ok().and_then(|w| w.first_byte) {
            Some(t) => t + self.head,
            None => self.started + self.idle,
        }
    }
}

impl Future for HeadSleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        // hyper polls this each time a read leaves the head incomplete, so
        // a first byte moves the deadline before the next wait.
        let deadline = tokio::time::Instant::from_std(self.deadline());
        if self.sleep.deadline() != deadline {
            self.sleep.as_mut().reset(deadline);
        }
        self.sleep.as_mut().poll(cx)
    }
}

impl hyper::rt::Sleep for HeadSleep {}

impl HeadTimer {
    fn start(&self) -> Pin<Box<dyn hyper::rt::Sleep>> {
        if let Ok(mut w) = self.watch.lock() {
            w.first_byte = None;
        }
        let started = Instant::now();
        Box::pin(HeadSleep {
            watch: Arc::clone(&self.watch),
            started,
            head: self.head,
            idle: self.idle,
            sleep: Box::pin(tokio::time::sleep_until(tokio::time::Instant::from_std(
                started + self.idle,
            ))),
        })
    }
}

impl hyper::rt::Timer for HeadTimer {
    // hyper asks for the head timeout from now; the deadline is this
    // timer's own (see `HeadSleep::deadline`).
    fn sleep(&self, _: Duration) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.start()
    }

    fn sleep_until(&self, _: Instant) -> Pin<Box<dyn hyper::rt::Sleep>> {
        self.start()
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let before = buf.filled().len();
        let r = Pin::new(&mut this.stream).poll_read(cx, buf);
        if matches!(r, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            if let Ok(mut w) = this.watch.lock() {
                w.first_byte.get_or_insert_with(Instant::now);
            }
        }
        r
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().stream).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().stream).poll_shutdown(cx)
    }
}

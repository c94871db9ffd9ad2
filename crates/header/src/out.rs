//! Buffered output to an `io::Write` or `fmt::Write` sink.

use crate::error::{Error, Result};

/// Bytes collected before they go to the sink.
const FLUSH_AT: usize = 1 << 16;

/// An output buffer's capacity: room past [`FLUSH_AT`] for the last write.
const BUF_CAP: usize = FLUSH_AT + 4096;

/// Where the emitter's bytes end up.
pub(crate) trait Sink {
    /// Takes all of `bytes` (the emitter's output is bytes: BTF names need
    /// not be UTF-8).
    fn put(&mut self, bytes: &[u8]) -> Result<()>;
    /// Called once at the end.
    fn finish(&mut self) -> Result<()>;
    /// Takes a full buffer and returns an empty one to fill next: by
    /// default the same one, once its bytes are put.
    fn take(&mut self, mut full: Vec<u8>) -> Result<Vec<u8>> {
        let r = self.put(&full);
        full.clear();
        r.map(|()| full)
    }
}

/// A sink that drops everything (a planner's, which never prints).
pub(crate) struct NullSink;

impl Sink for NullSink {
    fn put(&mut self, _: &[u8]) -> Result<()> {
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

/// An `io::Write` sink.
pub(crate) struct IoSink<W>(pub W);

impl<W: std::io::Write> Sink for IoSink<W> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        self.0.write_all(bytes).map_err(Error::Io)
    }
    fn finish(&mut self) -> Result<()> {
        self.0.flush().map_err(Error::Io)
    }
}

/// A `fmt::Write` sink: bytes that are not UTF-8 become U+FFFD; a UTF-8
/// sequence split between two flushes is kept for the next one.
pub(crate) struct FmtSink<W> {
    pub w: W,
    pub pending: Vec<u8>,
}

impl<W: core::fmt::Write> FmtSink<W> {
    fn write_valid(&mut self, mut bytes: &[u8], last: bool) -> Result<usize> {
        loop {
            match core::str::from_utf8(bytes) {
                Ok(s) => {
                    self.w.write_str(s).map_err(|_| Error::Fmt)?;
                    return Ok(0);
                }
                Err(e) => {
                    let (ok, rest) = bytes.split_at(e.valid_up_to());
                    // from_utf8 just validated `ok`.
                    self.w.write_str(core::str::from_utf8(ok).unwrap_or("")).map_err(|_| Error::Fmt)?;
                    match e.error_len() {
                        None if !last => return Ok(rest.len()),
                        None => {
                            self.w.write_str("\u{fffd}").map_err(|_| Error::Fmt)?;
                            return Ok(0);
                        }
                        Some(n) => {
                            self.w.write_str("\u{fffd}").map_err(|_| Error::Fmt)?;
                            bytes = &rest[n..];
                        }
                    }
                }
            }
        }
    }
}

impl<W: core::fmt::Write> Sink for FmtSink<W> {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        if self.pending.is_empty() {
            let keep = self.write_valid(bytes, false)?;
            self.pending.extend_from_slice(&bytes[bytes.len() - keep..]);
        } else {
            let mut all = std::mem::take(&mut self.pending);
            all.extend_from_slice(bytes);
            let keep = self.write_valid(&all, false)?;
            self.pending.extend_from_slice(&all[all.len() - keep..]);
        }
        Ok(())
    }
    fn finish(&mut self) -> Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.write_valid(&pending, true).map(|_| ())
    }
}

const TABS: &[u8; 13] = b"\t\t\t\t\t\t\t\t\t\t\t\t\t";

/// The output buffer in front of a sink.
pub(crate) struct Out<'s> {
    buf: Vec<u8>,
    sink: &'s mut dyn Sink,
    /// Bytes handed on so far.
    gone: u64,
}

impl<'s> Out<'s> {
    pub fn new(sink: &'s mut dyn Sink) -> Out<'s> {
        Out { buf: Vec::with_capacity(BUF_CAP), sink, gone: 0 }
    }

    /// Flushes what is buffered, then hands `bytes` to the sink as they are.
    pub fn put_through(&mut self, bytes: &[u8]) -> Result<()> {
        self.flush()?;
        self.gone += bytes.len() as u64;
        self.sink.put(bytes)
    }

    /// The position of the next byte in the whole output.
    #[inline]
    pub fn mark(&self) -> u64 {
        self.gone + self.buf.len() as u64
    }

    /// The bytes written from mark `from` to mark `to`, if still buffered.
    #[inline]
    pub fn span(&self, from: u64, to: u64) -> Option<&[u8]> {
        let a = usize::try_from(from.checked_sub(self.gone)?).ok()?;
        let b = usize::try_from(to.checked_sub(self.gone)?).ok()?;
        self.buf.get(a..b)
    }

    /// Appends bytes.
    #[inline]
    pub fn s(&mut self, b: &[u8]) -> Result<()> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= FLUSH_AT { self.flush() } else { Ok(()) }
    }

    /// Appends one byte.
    #[inline]
    pub fn b(&mut self, b: u8) -> Result<()> {
        self.buf.push(b);
        if self.buf.len() >= FLUSH_AT { self.flush() } else { Ok(()) }
    }

    /// libbpf's `pfx(lvl)`: `lvl` tabs, at most 13.
    #[inline]
    pub fn pfx(&mut self, lvl: usize) -> Result<()> {
        self.s(&TABS[..lvl.min(TABS.len())])
    }

    /// `\n` then `pfx(lvl)`.
    #[inline]
    pub fn nl_pfx(&mut self, lvl: usize) -> Result<()> {
        self.buf.push(b'\n');
        self.pfx(lvl)
    }

    /// An unsigned decimal.
    pub fn u64(&mut self, v: u64) -> Result<()> {
        self.s(itoa::Buffer::new().format(v).as_bytes())
    }

    /// A signed decimal.
    pub fn i64(&mut self, v: i64) -> Result<()> {
        if v < 0 {
            self.buf.push(b'-');
        }
        self.u64(v.unsigned_abs())
    }

    /// Hands everything buffered to the sink.
    pub fn flush(&mut self) -> Result<()> {
        if !self.buf.is_empty() {
            self.gone += self.buf.len() as u64;
            self.buf = self.sink.take(std::mem::take(&mut self.buf))?;
        }
        Ok(())
    }

    /// Flushes and finishes the sink.
    pub fn finish(&mut self) -> Result<()> {
        self.flush()?;
        self.sink.finish()
    }
}

/// What a second printer hands the thread that writes: its text, in
/// order, then the end of each batch (and whether printing it failed).
pub(crate) enum Piece {
    /// The next bytes of the output.
    Text(Vec<u8>),
    /// The batch is printed (or failed).
    End(Result<()>),
}

/// The buffers a [`Handoff`] may fill before it waits for one back: each
/// new one costs 17 fresh pages, and with 8 the second printer ran that
/// far ahead every time (4: 100 page faults fewer, no slower).
pub(crate) const HANDOFF_POOL: usize = 4;

/// A sink that sends each full buffer to the thread that writes, and
/// fills the buffers that thread sends back: at most [`HANDOFF_POOL`] of
/// them exist, so their memory is used again.
pub(crate) struct Handoff {
    /// Where full buffers go.
    pub to: std::sync::mpsc::SyncSender<Piece>,
    /// Where written buffers come back.
    pub back: std::sync::mpsc::Receiver<Vec<u8>>,
    /// Buffers made so far.
    pub made: usize,
}

impl Handoff {
    fn empty(&mut self) -> Result<Vec<u8>> {
        if let Ok(b) = self.back.try_recv() {
            return Ok(b);
        }
        if self.made < HANDOFF_POOL {
            self.made += 1;
            return Ok(Vec::with_capacity(BUF_CAP));
        }
        // The writer is gone when it has failed; its error is reported.
        self.back.recv().map_err(|_| Error::Fmt)
    }
}

impl Sink for Handoff {
    fn put(&mut self, bytes: &[u8]) -> Result<()> {
        let mut b = self.empty()?;
        b.extend_from_slice(bytes);
        self.to.send(Piece::Text(b)).map_err(|_| Error::Fmt)
    }
    fn take(&mut self, full: Vec<u8>) -> Result<Vec<u8>> {
        self.to.send(Piece::Text(full)).map_err(|_| Error::Fmt)?;
        self.empty()
    }
    fn finish(&mut self) -> Result<()> {
        Ok(())
    }
}

//! The pass over every type that a full dump starts with, begun on the
//! raw type records while the BTF is still being parsed.

use crate::emit::PrepPart;
use crate::error::Result;
use crate::{Config, Order};
use bpfkit_btf::{Btf, Records};
use core::ops::Range;
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::thread::{Scope, ScopedJoinHandle};

/// Ids claimed at a time.
const CHUNK: u32 = 1024;

/// The ids still to be scanned, `front..back`, shared out: the prescan
/// takes them from the front as it walks the records; the thread that
/// parsed, once it knows how many there are, from the back.
#[derive(Debug)]
struct Claims(Mutex<(u32, u32)>);

impl Claims {
    fn lock(&self) -> std::sync::MutexGuard<'_, (u32, u32)> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    fn front(&self) -> Range<u32> {
        let mut ids = self.lock();
        let (front, back) = *ids;
        let end = front.saturating_add(CHUNK).min(back).max(front);
        ids.0 = end;
        front..end
    }

    fn back(&self, count: u32) -> Range<u32> {
        let mut ids = self.lock();
        let (front, back) = (ids.0, ids.1.min(count));
        let start = back.saturating_sub(CHUNK).max(front).min(back);
        ids.1 = start;
        start..back
    }
}

/// What the prescan thread found: the pass over ids `1..end`.
type Found = Option<(Result<PrepPart>, u32)>;

/// The first pass of a full dump over the types of standalone BTF (their
/// kinds and references, the sizes of the name tables), begun by
/// [`Prescan::start`] on another thread over the raw records while the
/// calling thread parses the same bytes, and finished by
/// [`write_header_prescanned`](crate::write_header_prescanned): the parse
/// keeps one core busy and leaves the other idle otherwise.
pub struct Prescan<'scope> {
    /// What the prescan thread found, sent as soon as it is done (its
    /// thread may take longer to end).
    found: Receiver<Found>,
    /// The thread, which the scope joins.
    _thread: Option<ScopedJoinHandle<'scope, ()>>,
    claims: Arc<Claims>,
    /// Whether the pass marks the names the sort ranks (for a sorted dump).
    names: bool,
    /// The bytes scanned (where and how long): a prescan serves only the
    /// BTF parsed from them.
    from: (usize, usize),
}

impl core::fmt::Debug for Prescan<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Prescan").field("started", &self._thread.is_some()).finish_non_exhaustive()
    }
}

impl Drop for Prescan<'_> {
    /// A prescan dropped unused (a dump that failed first) stops at once.
    fn drop(&mut self) {
        self.claims.back(0);
    }
}

impl<'scope> Prescan<'scope> {
    /// Starts scanning the type records of `data`, the raw BTF about to be
    /// parsed with [`Btf::parse`] (not split BTF, whose ids go on from its
    /// base's), on a thread of `scope`, for a dump with `config`. Bytes
    /// that are no BTF, records that stop short and a thread that cannot
    /// be made only leave more of the pass to the dump.
    pub fn start<'env>(scope: &'scope Scope<'scope, 'env>, data: &'env [u8], config: &Config) -> Prescan<'scope> {
        let names = config.order == Order::Sorted;
        // A thread count left to the dump is found here, beside the parse:
        // on one core the prescan stops at once and the dump makes the pass.
        let auto = config.threads == 0;
        let claims = Arc::new(Claims(Mutex::new((1, u32::MAX))));
        let mine = Arc::clone(&claims);
        let (tx, found) = std::sync::mpsc::sync_channel(1);
        let thread = std::thread::Builder::new()
            .name("prescan".into())
            .spawn_scoped(scope, move || {
                let found = if auto && !crate::config::multicore() {
                    mine.back(0);
                    None
                } else {
                    scan_front(data, &mine, names)
                };
                let _ = tx.send(found);
            })
            .ok();
        Prescan { found, _thread: thread, claims, names, from: (data.as_ptr() as usize, data.len()) }
    }

    /// Stops the prescan, which will not be used.
    pub fn abandon(self) {
        // Dropping it stops it.
        drop(self);
    }

    /// Finishes the pass for `btf`: scans the ids the prescan has not
    /// reached, from the back, until the two meet. `None` (and the prescan
    /// unused) when `btf` was not parsed from the prescanned bytes.
    pub(crate) fn finish(self, btf: &Btf<'_>) -> Option<Result<PrepPart>> {
        let data = btf.data();
        if btf.base().is_some() || self.from != (data.as_ptr() as usize, data.len()) {
            // Stop the prescan at once (it stops at an empty claim).
            self.claims.back(0);
            return None;
        }
        let n = btf.type_count();
        // Names are marked once the prescan's bitmap is here: a second
        // bitmap of them all would cost a page fault per page to merge.
        // This thread's part is made only when it has ids to scan: the
        // prescan mostly has them all by the end of the parse, and an
        // empty part would cost a page fault per page to make and merge.
        let mut mine: Option<PrepPart> = None;
        let new_part = || PrepPart::empty(n as usize, 0);
        let mut failed = false;
        let mut low = n;
        loop {
            let ids = self.claims.back(n);
            if ids.is_empty() {
                break;
            }
            low = ids.start;
            failed |= mine.get_or_insert_with(new_part).scan_ids(btf, ids).is_err();
        }
        // Nothing comes when there is no thread (or it panicked).
        let found = self.found.recv().ok().flatten();
        let (theirs, end) = match found {
            // The lowest ids: the first malformed type of all.
            Some((Err(e), _)) => return Some(Err(e)),
            Some((Ok(part), end)) => (Some(part), end),
            None => (None, 1),
        };
        // What the prescan claimed but did not reach (it stopped early).
        if end < low {
            failed |= mine.get_or_insert_with(new_part).scan_ids(btf, end..low).is_err();
        }
        if failed {
            // Which malformed type comes first: ask a pass in id order.
            return Some(PrepPart::scan(btf, 1..n, self.names));
        }
        let mut part = match theirs {
            Some(mut part) => {
                part.truncate(n as usize);
                match mine {
                    Some(mine) => part.merge(mine),
                    None => part.sort_decl_tags(),
                }
                part
            }
            None => {
                let mut mine = mine.unwrap_or_else(new_part);
                mine.sort_decl_tags();
                if self.names {
                    mine.names = crate::sort::name_bits(btf.string_section().len());
                }
                mine
            }
        };
        part.mark_names(btf, end.min(low)..n);
        Some(Ok(part))
    }
}

/// Where a dump's first pass over every type stands when the dump starts.
pub(crate) enum FirstPass<'p> {
    /// Not begun: the dump makes it.
    Ahead,
    /// Begun by a prescan: the dump finishes it (once its threads are
    /// started, so that they start while it does).
    Begun(Prescan<'p>),
}

impl FirstPass<'_> {
    /// The pass over every id, if a prescan made it (see [`Prescan::finish`]).
    pub(crate) fn finish(self, btf: &Btf<'_>) -> Option<Result<PrepPart>> {
        match self {
            FirstPass::Ahead => None,
            FirstPass::Begun(p) => p.finish(btf),
        }
    }

    /// Whether a prescan began it.
    pub(crate) fn begun(&self) -> bool {
        matches!(self, FirstPass::Begun(_))
    }
}

/// Parses standalone `bytes` with `parse` and hands `f` the BTF with, when
/// `config` asks for a full dump on more than one thread (or leaves the
/// count to the dump), a [`Prescan`] of the bytes begun before the parse
/// (stopped if the parse fails), for
/// [`write_header_prescanned`](crate::write_header_prescanned).
pub fn with_prescan<'d, T, E>(
    bytes: &'d [u8],
    config: &Config,
    parse: impl FnOnce(&'d [u8]) -> core::result::Result<Btf<'d>, E>,
    f: impl for<'s> FnOnce(&Btf<'d>, Option<Prescan<'s>>) -> core::result::Result<T, E>,
) -> core::result::Result<T, E> {
    if !config.roots.is_empty() || config.threads == 1 {
        return f(&parse(bytes)?, None);
    }
    std::thread::scope(|scope| {
        let prescan = Prescan::start(scope, bytes, config);
        match parse(bytes) {
            Ok(btf) => f(&btf, Some(prescan)),
            Err(e) => {
                prescan.abandon();
                Err(e)
            }
        }
    })
}

/// The prescan: the records from id 1 on, a claim at a time.
fn scan_front(data: &[u8], claims: &Claims, names: bool) -> Found {
    let Ok(mut records) = Records::new(data) else {
        claims.back(0);
        return None;
    };
    // Room for every id there can be (the parse's count is not known yet).
    let mut part = PrepPart::empty(records.max_left() + 1, if names { records.strings_len() } else { 0 });
    loop {
        let ids = claims.front();
        if ids.is_empty() {
            break;
        }
        if let Err(e) = part.scan_types(records.by_ref().take(ids.len())) {
            return Some((Err(e), records.next_id().0));
        }
        if records.next_id().0 < ids.end {
            // The records ended (or stopped at a kind they cannot size).
            break;
        }
    }
    Some((Ok(part), records.next_id().0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use bpfkit_btf::write::{BtfBuilder, MemberSpec};
    use bpfkit_btf::{BtfKind, Endian, IntEncoding, Linkage};

    /// Some 5,000 types of every kind the pass looks at, over several
    /// claims' worth of ids.
    fn blob() -> Vec<u8> {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        for i in 0..500 {
            let name = format!("s{}", i % 300);
            let p = b.add_ptr(int);
            let c = b.add_const(p);
            let a = b.add_array(c, int, 3);
            let e = b.add_enum(if i % 2 == 0 { "" } else { "e" }, 4, false, &[("A", 1), ("B", 2)]);
            let s = b.add_struct(&name, 40, &[MemberSpec::new("a", a, 0), MemberSpec::new("e", e, 192)]);
            let t = b.add_typedef(&name, s);
            let proto = b.add_func_proto(int, &[("x", t)]);
            let f = b.add_func(&format!("f{i}"), proto, Linkage::GLOBAL);
            b.add_decl_tag("tag", f, -1, false);
            b.add_ref(BtfKind::VOLATILE, "", t);
        }
        b.encode(Endian::Little)
    }

    /// A prescan whose thread took the ids below `k` and found `found`.
    fn stopped_at(data: &[u8], k: u32, names: bool) -> Prescan<'static> {
        let claims = Arc::new(Claims(Mutex::new((1, k))));
        let found = scan_front(data, &claims, names);
        claims.lock().1 = u32::MAX;
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        tx.send(found).unwrap();
        Prescan { found: rx, _thread: None, claims, names, from: (data.as_ptr() as usize, data.len()) }
    }

    /// However far the prescan got before the other thread took the rest
    /// from the back, the two make the pass over every id (names marked
    /// for the sort or not).
    #[test]
    fn any_split_is_the_whole_pass() {
        let data = blob();
        let btf = Btf::parse(&data).unwrap();
        let n = btf.type_count();
        for names in [false, true] {
            let whole = PrepPart::scan(&btf, 1..n, names).unwrap();
            assert_eq!(whole.names.is_empty(), !names);
            for k in [1, 2, 1000, CHUNK, CHUNK + 1, 2 * CHUNK + 7, n - 1, n, n + 1, n + 5000] {
                let part = stopped_at(&data, k, names).finish(&btf).unwrap().unwrap();
                assert_eq!(part, whole, "split at {k}, names {names}");
            }
        }
    }

    /// Without a thread, or with a thread that found nothing, the other
    /// thread makes the whole pass; a prescan of other bytes is not used.
    #[test]
    fn nothing_found_or_other_bytes() {
        let data = blob();
        let btf = Btf::parse(&data).unwrap();
        let whole = PrepPart::scan(&btf, 1..btf.type_count(), true).unwrap();
        let (tx, rx) = std::sync::mpsc::sync_channel(1);
        tx.send(None).unwrap();
        let claims = Arc::new(Claims(Mutex::new((1, u32::MAX))));
        let none =
            Prescan { found: rx, _thread: None, claims, names: true, from: (data.as_ptr() as usize, data.len()) };
        assert_eq!(none.finish(&btf).unwrap().unwrap(), whole);
        let copy = data.clone();
        assert!(stopped_at(&copy, 100, true).finish(&btf).is_none());
        // Not BTF at all: the prescan finds nothing.
        assert!(scan_front(b"not btf", &Claims(Mutex::new((1, u32::MAX))), true).is_none());
    }
}

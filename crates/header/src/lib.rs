//! `bpfkit-header`: C headers from BTF, byte-identical to upstream
//! bpftool 7.8 / libbpf 1.8 `bpftool btf dump file X format c`.
//!
//! ```no_run
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let bytes = std::fs::read("/sys/kernel/btf/vmlinux")?;
//! let btf = bpfkit_btf::Btf::parse(&bytes)?;
//! let out = std::io::stdout().lock();
//! bpfkit_header::write_header(&btf, &bpfkit_header::Config::new(), out)?;
//! # Ok(()) }
//! ```
//!
//! Runnable, from the bytes of a BTF file (raw here; gzip and ELF work the same):
//!
//! ```
//! let mut b = bpfkit_btf::write::BtfBuilder::new();
//! b.add_int("int", 4, bpfkit_btf::IntEncoding::SIGNED, 32);
//! let file = b.encode(bpfkit_btf::Endian::Little);
//! let mut header = Vec::new();
//! bpfkit_header::write_vmlinux_h(&file, None, &bpfkit_header::Config::new(), &mut header)?;
//! assert!(header.starts_with(b"#ifndef __VMLINUX_H__"));
//! # Ok::<(), bpfkit_header::Error>(())
//! ```
//!
//! For a `build.rs`, [`write_vmlinux_h`] takes the input file's bytes as
//! they are (raw BTF, gzip, or with the default feature `elf` any ELF file
//! with `.BTF`) and writes the header (see `examples/vmlinux-h`).
//!
//! The emitter follows libbpf's `btf_dump`: a depth-first topological
//! order with forward declarations where a pointer allows them
//! ([`order`](crate) module), lazy `___N` renaming of duplicate names,
//! anonymous types defined inline, bitfields and `long: 0;`-style padding,
//! packed detection, declarator chains; bpftool's driver adds the sorted
//! order ([`sorted_ids`]), the header block and the kfunc prototypes.
//!
//! It streams: output goes through a 64 KiB buffer to the sink, per-type
//! state is a few bytes per id, and names are never copied. Malformed BTF
//! gives an [`Error`], never a panic or an endless loop: recursion is
//! depth-limited and work is bounded by the input's size.
//!
//! One deliberate difference from bpftool: bpftool's sorted output skips
//! the first entry of its sorted list (an anonymous enum, when the BTF has
//! one); this crate prints it.

mod boilerplate;
mod config;
mod decl;
mod emit;
mod error;
mod names;
mod order;
mod out;
mod prescan;
mod sort;
mod vmlinux;

pub use boilerplate::{FOOTER, HEADER};
pub use config::{Config, Order, Root};
pub use error::{Error, Result};
use prescan::FirstPass;
pub use prescan::{Prescan, with_prescan};
pub use sort::{disambig_hash, rank, sort_name, sorted_ids};
pub use vmlinux::{btf_bytes, write_vmlinux_h};

use bpfkit_btf::{Btf, BtfKind, TypeId};
use emit::Emitter;
use out::{FmtSink, IoSink, Out, Sink};

/// Writes the header for `btf` to an `io::Write` sink.
///
/// The sink sees writes of about 64 KiB; wrapping it in a `BufWriter` is
/// not needed.
pub fn write_header<W: std::io::Write>(btf: &Btf<'_>, config: &Config, out: W) -> Result<()> {
    let mut sink = IoSink(out);
    run(btf, config, &mut sink, FirstPass::Ahead)
}

/// [`write_header`], with the first pass over the types begun by
/// `prescan` (when there is one) on the bytes `btf` was parsed from: the
/// output is the same; a prescan of other bytes is not used.
/// [`with_prescan`] makes the prescan and the parse.
///
/// ```
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// # let mut b = bpfkit_btf::write::BtfBuilder::new();
/// # b.add_int("int", 4, bpfkit_btf::IntEncoding::SIGNED, 32);
/// # let bytes = b.encode(bpfkit_btf::Endian::Little);
/// let config = bpfkit_header::Config::new();
/// let header = std::thread::scope(|scope| {
///     let prescan = bpfkit_header::Prescan::start(scope, &bytes, &config);
///     let btf = bpfkit_btf::Btf::parse(&bytes)?;
///     let mut header = Vec::new();
///     bpfkit_header::write_header_prescanned(&btf, &config, Some(prescan), &mut header)?;
///     Ok::<_, Box<dyn std::error::Error>>(header)
/// })?;
/// let btf = bpfkit_btf::Btf::parse(&bytes)?;
/// assert_eq!(header, bpfkit_header::header_bytes(&btf, &config)?);
/// # Ok(()) }
/// ```
pub fn write_header_prescanned<W: std::io::Write>(
    btf: &Btf<'_>,
    config: &Config,
    prescan: Option<Prescan<'_>>,
    out: W,
) -> Result<()> {
    let mut sink = IoSink(out);
    // Only a full dump makes the pass.
    let pass = match prescan {
        Some(p) if config.roots.is_empty() => FirstPass::Begun(p),
        Some(p) => {
            p.abandon();
            FirstPass::Ahead
        }
        None => FirstPass::Ahead,
    };
    run(btf, config, &mut sink, pass)
}

/// Writes the header for `btf` to a `fmt::Write` sink (bytes of names that
/// are not UTF-8 become U+FFFD).
pub fn write_header_fmt<W: core::fmt::Write>(btf: &Btf<'_>, config: &Config, out: W) -> Result<()> {
    let mut sink = FmtSink { w: out, pending: Vec::new() };
    run(btf, config, &mut sink, FirstPass::Ahead)
}

/// The whole header as bytes in memory (names need not be UTF-8).
pub fn header_bytes(btf: &Btf<'_>, config: &Config) -> Result<Vec<u8>> {
    let mut v = Vec::new();
    write_header(btf, config, &mut v)?;
    Ok(v)
}

/// The ids `config.roots` stand for, in order: ids are checked, a name
/// stands for every struct, union, enum or typedef of that name (or its
/// forward declarations when nothing else has it).
pub fn resolve_roots(btf: &Btf<'_>, config: &Config) -> Result<Vec<TypeId>> {
    let mut ids = Vec::with_capacity(config.roots.len());
    for root in &config.roots {
        match root {
            Root::Id(id) => {
                if id.0 >= btf.type_count() {
                    return Err(Error::BadRoot(*id));
                }
                ids.push(*id);
            }
            Root::Name(name) => {
                let kind_of = |id: &TypeId| btf.get(*id).map(|t| t.kind());
                let mut defs: Vec<TypeId> = btf
                    .find_by_name(name)
                    .filter(|id| {
                        matches!(
                            kind_of(id),
                            Some(BtfKind::STRUCT | BtfKind::UNION | BtfKind::ENUM | BtfKind::ENUM64 | BtfKind::TYPEDEF)
                        )
                    })
                    .collect();
                if defs.is_empty() {
                    defs = btf.find_by_name(name).filter(|id| kind_of(id) == Some(BtfKind::FWD)).collect();
                }
                if defs.is_empty() {
                    return Err(Error::NoSuchName(name.as_str().into()));
                }
                defs.sort_unstable();
                ids.extend(defs);
            }
        }
    }
    Ok(ids)
}

/// A dump; `pass` is the pass over every type, when a [`Prescan`] began it.
fn run(btf: &Btf<'_>, config: &Config, sink: &mut dyn Sink, pass: FirstPass<'_>) -> Result<()> {
    // Check everything that can be checked before the first byte goes out.
    let roots = resolve_roots(btf, config)?;
    if roots.is_empty() && config.thread_count() > 1 {
        return run_pipelined(btf, config, sink, pass);
    }
    let mut pre = pass.finish(btf);
    let names = pre.as_mut().and_then(|p| p.as_mut().ok()).and_then(emit::PrepPart::take_names);
    let prep = || match pre {
        Some(part) => part.map(emit::PrepPart::finish),
        None => emit::Prep::new(btf),
    };
    let (presorted, mut e) = setup(
        btf,
        roots.is_empty() && config.order == Order::Sorted,
        0,
        move || names,
        prep,
        Vec::new,
        |prep| Emitter::with_prep(btf, prep, Out::new(sink)),
    )?;
    if config.header {
        e.out.s(HEADER.as_bytes())?;
    }
    if roots.is_empty() {
        dump_all(&mut e, btf, config, presorted.as_ref())?;
    } else {
        for id in roots {
            e.dump_type(id)?;
        }
    }
    if config.header {
        e.out.s(FOOTER.as_bytes())?;
    }
    e.out.finish()
}

/// The emitter (made by `make` from the state `prep` computes or
/// receives) and, for a full sorted dump (`sort_all`), the sorted order. The emitter's
/// set-up runs while a helper thread orders the names (marked already in
/// what `names` gives, if anything); then this thread computes the sort
/// keys of the ids from `split` on, and `keys` gives those below it
/// (computed elsewhere meanwhile).
fn setup<'b, 'a, 's>(
    btf: &'b Btf<'a>,
    sort_all: bool,
    split: u32,
    names: impl FnOnce() -> Option<Vec<u64>> + Send,
    prep: impl FnOnce() -> Result<emit::Prep>,
    keys: impl FnOnce() -> Vec<[u32; 3]>,
    make: impl FnOnce(emit::Prep) -> Emitter<'b, 'a, 's>,
) -> Result<(Option<sort::Presorted>, Emitter<'b, 'a, 's>)> {
    if sort_all {
        let on_main = || match prep() {
            Ok(mut prep) => {
                let noops = std::mem::take(&mut prep.noops);
                let decls_kept = prep.decls_kept;
                (Ok(make(prep)), noops, decls_kept)
            }
            Err(e) => (Err(e), Vec::new(), false),
        };
        let (p, e) = sort::Presorted::new_with(btf, true, split, names, on_main, keys);
        Ok((Some(p), e?))
    } else {
        Ok((None, make(prep()?)))
    }
}

/// Every type in `config`'s order, then the kfuncs.
fn dump_all(e: &mut Emitter<'_, '_, '_>, btf: &Btf<'_>, config: &Config, p: Option<&sort::Presorted>) -> Result<()> {
    match p {
        Some(p) => emit_sorted(e, btf, p)?,
        None => {
            let all = btf.type_count() as usize;
            for i in 1..btf.type_count() {
                if !e.is_noop(TypeId(i)) && !e.is_ordered(TypeId(i)) {
                    e.set_progress(i as usize, all);
                    e.dump_type(TypeId(i))?;
                }
            }
        }
    }
    if config.header {
        e.emit_kfuncs()?;
    }
    Ok(())
}

/// A full dump on two or three threads: a planner orders the types and
/// resolves their names (everything that depends on what came before)
/// and sends the items, in order and in batches, to this thread, which
/// prints them. With three threads, every other batch goes to a second
/// printer instead, whose text this thread writes in its place. Printers
/// read only the names the planner resolved, so the output is the same as
/// on one thread.
fn run_pipelined(btf: &Btf<'_>, config: &Config, sink: &mut dyn Sink, pass: FirstPass<'_>) -> Result<()> {
    use std::sync::Arc;
    let n = btf.type_count() as usize;
    // The resolved names, which the planner fills: it makes the table
    // (a fault per page) while this thread finishes the first pass, and
    // hands it round.
    let new_dup = || Arc::new(names::Dups::new(n));
    let (dup_tx, dup_rx) = std::sync::mpsc::sync_channel::<Arc<names::Dups>>(1);
    let (dup2_tx, dup2_rx) = std::sync::mpsc::sync_channel::<Arc<names::Dups>>(1);
    let (tx, rx) = std::sync::mpsc::sync_channel::<emit::Batch>(4);
    // This thread prepares the emitter state while the planner computes
    // the sort keys, then prints. Unsorted, the planner has nothing to do
    // meanwhile: it prepares the first half of the ids, this thread the
    // rest.
    // Sorted, this thread also computes the sort keys of the ids its
    // pass finds may matter to the order, while the planner waits and
    // leaves its core to the helper that ranks the names.
    let sorted = config.order == Order::Sorted;
    let n_ids = btf.type_count();
    // A prescan did the pass already: this thread hands it on.
    let mid = if sorted || pass.begun() { 1 } else { n_ids / 2 };
    // Sorted, this thread computes the sort keys below `split`, the
    // planner those above (it starts later: it sets up first).
    let split = if sorted { n_ids / 5 * 3 } else { 0 };
    // This thread's part of the pass, then (sorted) its sort keys.
    let (prep_tx, prep_rx) = std::sync::mpsc::sync_channel::<Result<emit::PrepPart>>(1);
    let (keys_tx, keys_rx) = std::sync::mpsc::sync_channel::<Vec<[u32; 3]>>(1);
    let (names_tx, names_rx) = std::sync::mpsc::sync_channel::<Option<Vec<u64>>>(1);
    let (tx2, rx2) = std::sync::mpsc::sync_channel::<emit::Batch>(4);
    // The second printer's text, in buffers that come back once written.
    let (text_tx, text_rx) = std::sync::mpsc::sync_channel::<out::Piece>(2 * out::HANDOFF_POOL);
    let (used_tx, used_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(out::HANDOFF_POOL);
    // The alignments this thread computes while it would wait.
    let (align_tx, align_rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
    std::thread::scope(|scope| {
        let mut two_printers = false;
        if config.thread_count() > 2 {
            two_printers = std::thread::Builder::new()
                .name("printer2".into())
                .spawn_scoped(scope, move || {
                    let Ok(dup2) = dup2_rx.recv() else { return };
                    let end_tx = text_tx.clone();
                    let mut handoff = out::Handoff { to: text_tx, back: used_rx, made: 0 };
                    let mut p = Emitter::printer(btf, dup2, Out::new(&mut handoff));
                    if let Ok(table) = align_rx.recv() {
                        p.set_align(table);
                    }
                    for batch in rx2.iter() {
                        let done = p.print_batch(batch).and_then(|()| p.out.flush());
                        let failed = done.is_err();
                        if end_tx.send(out::Piece::End(done)).is_err() || failed {
                            return;
                        }
                    }
                })
                .is_ok();
        }
        let tx2 = two_printers.then_some(tx2);
        let planner = std::thread::Builder::new().name("planner".into()).spawn_scoped(scope, move || {
            let plan_dup = new_dup();
            let _ = dup_tx.send(Arc::clone(&plan_dup));
            let _ = dup2_tx.send(Arc::clone(&plan_dup));
            let mut null = out::NullSink;
            let prep = || {
                let first = (mid > 1).then(|| emit::PrepPart::scan(btf, 1..mid, false));
                let rest = prep_rx.recv().unwrap_or(Err(Error::Fmt));
                match first {
                    None => rest.map(emit::PrepPart::finish),
                    Some(first) => first.and_then(|mut first| {
                        first.merge(rest?);
                        Ok(first.finish())
                    }),
                }
            };
            let keys = || keys_rx.recv().unwrap_or_default();
            let names = move || names_rx.recv().ok().flatten();
            let (presorted, mut e) = setup(btf, sorted, split, names, prep, keys, |prep| {
                Emitter::planner(btf, prep, plan_dup, tx, tx2, Out::new(&mut null))
            })?;
            dump_all(&mut e, btf, config, presorted.as_ref())?;
            e.send_batch()
        });
        let Ok(planner) = planner else {
            // No thread: nothing is written yet, so do it all here.
            let single = Config { threads: 1, ..config.clone() };
            return run(btf, &single, sink, pass);
        };
        // (A prescan's pass is finished here, once the threads are started.)
        let mut part = pass.finish(btf).unwrap_or_else(|| emit::PrepPart::scan(btf, mid..n_ids, sorted));
        // The names the sort ranks, for the helper that ranks them.
        let _ = names_tx.send(part.as_mut().ok().and_then(emit::PrepPart::take_names));
        // This thread covered every id: the ids the sort leaves out are
        // known (about half of a kernel's), and get no key. The planner
        // sets up its emitter meanwhile.
        let noops = (split > 0).then(|| part.as_ref().map(emit::PrepPart::noops).ok()).flatten();
        let _ = prep_tx.send(part);
        let mut keys = Vec::new();
        if let Some(noops) = noops {
            sort::push_keys(btf, 0..split, &noops, &mut keys);
        }
        let _ = keys_tx.send(keys);
        let dup = dup_rx.recv().unwrap_or_else(|_| new_dup());
        let mut p = Emitter::printer(btf, dup, Out::new(sink));
        // Sorted, the planner sorts before its first batch: meanwhile, the
        // alignments both printers will need. (Unsorted, there is no time
        // for that: each printer finds what it needs as it goes.)
        if sorted && p.fill_align() && two_printers {
            let _ = align_tx.send(p.align_table());
        }
        drop(align_tx);
        let printed = (move || {
            if config.header {
                p.out.s(HEADER.as_bytes())?;
            }
            for k in 0.. {
                if k % 2 == 1 && two_printers {
                    // The second printer's batch, as its buffers fill.
                    loop {
                        match text_rx.recv() {
                            Ok(out::Piece::Text(mut text)) => {
                                p.out.put_through(&text)?;
                                text.clear();
                                let _ = used_tx.try_send(text);
                            }
                            Ok(out::Piece::End(done)) => break done?,
                            Err(_) => return Ok(p),
                        }
                    }
                } else {
                    match rx.recv() {
                        Ok(batch) => p.print_batch(batch)?,
                        Err(_) => break,
                    }
                }
            }
            Ok(p)
        })();
        // On a printer error `rx` is gone, so the planner stops too.
        let planned = planner.join().unwrap_or(Err(Error::Fmt));
        let mut p = printed?;
        planned?;
        if config.header {
            p.out.s(FOOTER.as_bytes())?;
        }
        p.out.finish()
    })
}

/// Emits in sorted order. Tie groups are ordered by hashing their types,
/// except those types that dumping would do nothing to by then (ordered
/// already as parts of earlier types: most anonymous types): they are
/// skipped, since where they go cannot matter, and only the rest are
/// hashed and dumped, in their order.
fn emit_sorted(e: &mut Emitter<'_, '_, '_>, btf: &Btf<'_>, p: &sort::Presorted) -> Result<()> {
    let groups = p.tie_groups();
    let mut tie = Vec::new();
    let mut h = sort::Hasher::default();
    let mut live = Vec::new();
    let mut next_group = 0;
    let mut i = 0;
    let ids = p.ids();
    while i < ids.len() {
        e.set_progress(i, ids.len());
        if next_group < groups.len() && groups[next_group].0 == i {
            let (a, b) = groups[next_group];
            next_group += 1;
            i = b;
            live.clear();
            live.extend(ids[a..b].iter().copied().filter(|&id| !e.settled(TypeId(id), 0)));
            if live.is_empty() {
                continue;
            }
            sort::Presorted::resolve_group(btf, &live, &mut tie, &mut h);
            for &(_, id) in &tie {
                e.dump_type(TypeId(id))?;
            }
        } else {
            e.dump_type(p.id(i))?;
            i += 1;
        }
    }
    Ok(())
}

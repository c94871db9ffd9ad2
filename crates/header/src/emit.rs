//! The emitter state and type definitions: libbpf's `btf_dump_emit_type`,
//! struct/union/enum/typedef definitions, bit padding and packing.

use crate::error::{Error, Result};
use crate::names::{Dups, Name, NameCounter};
use crate::out::Out;
use crate::sort;
use bpfkit_btf::{Btf, BtfKind, StrOffset, Type, TypeId};
use std::sync::Arc;
use std::sync::mpsc::SyncSender;

// Per-type state bits (libbpf's `btf_dump_type_aux_state`).
pub(crate) const ORDER_MASK: u8 = 0b11;
pub(crate) const ORDERING: u8 = 1;
pub(crate) const ORDERED: u8 = 2;
pub(crate) const EMIT_MASK: u8 = 0b1100;
pub(crate) const EMITTING: u8 = 0b0100;
pub(crate) const EMITTED: u8 = 0b1000;
pub(crate) const FWD_EMITTED: u8 = 0x10;
/// The planner's mark: a declarator of this type resolves no more names
/// (all were resolved and no anonymous enum is on the way).
const DECL_DONE: u8 = 0x20;
pub(crate) const REFERENCED: u8 = 0x40;

/// The deepest recursion through the type graph the emitter follows; real
/// BTF stays far below (libbpf has no limit and overflows its stack).
pub(crate) const MAX_DEPTH: u32 = 1000;

const ALIGN_UNKNOWN: u8 = 0xff;

/// The work budget: this many steps plus [`STEPS_PER_ITEM`] per type and
/// per member, enumerator or parameter. A kernel needs about 1.5 per item.
const STEPS_BASE: u64 = 1 << 16;
const STEPS_PER_ITEM: u64 = 64;

/// GCC's ARM NEON types, aliased to standard types when used.
const MISSING_BASE_TYPES: [(&[u8], &[u8]); 4] = [
    (b"__Poly8_t", b"unsigned char"),
    (b"__Poly16_t", b"unsigned short"),
    (b"__Poly64_t", b"unsigned long long"),
    (b"__Poly128_t", b"unsigned __int128"),
];

/// What one pass over all types finds before emitting: libbpf's
/// `referenced` marks, the sizes of the name tables, and the ids whose
/// place in the sorted order cannot matter.
pub(crate) struct Prep {
    state: Vec<u8>,
    /// Each type's kind, with bit 7 set when it has a name.
    kinds: Vec<u8>,
    tags: usize,
    idents: usize,
    elems: u64,
    /// Bitmap of void and of the FUNC, VAR, DATASEC and DECL_TAG types that
    /// no pointer, array, member, typedef, modifier or prototype refers
    /// to. Dumping such a type only marks it ordered, and that state is
    /// read only when it is dumped again or reached through one of those
    /// references (libbpf's `btf_dump_order_type`); it is never emitted.
    /// On a kernel these are about half the ids (the FUNCs).
    pub noops: Vec<u64>,
    /// Whether some FUNC, VAR, DATASEC or DECL_TAG is not in `noops`.
    pub decls_kept: bool,
    /// The DECL_TAG ids (where the kfuncs are found).
    decl_tags: Vec<u32>,
}

impl Prep {
    pub fn new(btf: &Btf<'_>) -> Result<Prep> {
        Ok(PrepPart::scan(btf, 1..btf.type_count(), false)?.finish())
    }
}

/// [`Prep`]'s pass over a range of ids, so that two threads can share it:
/// the parts of two ranges merge into the part of both.
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct PrepPart {
    state: Vec<u8>,
    kinds: Vec<u8>,
    order_refs: Vec<u64>,
    candidates: Vec<u64>,
    tags: usize,
    idents: usize,
    elems: u64,
    decl_tags: Vec<u32>,
    /// The strings the sort ranks (see [`sort::mark_sort_names`]), when
    /// the part is for a sorted dump: else empty.
    pub names: Vec<u64>,
}

impl PrepPart {
    /// The pass over the ids in `ids` (a malformed type there is an error),
    /// marking the names the sort ranks when `names`.
    pub fn scan(btf: &Btf<'_>, ids: core::ops::Range<u32>, names: bool) -> Result<PrepPart> {
        let strings = btf.start_str_off() as usize + btf.string_section().len();
        let mut part = Self::empty(btf.type_count() as usize, if names { strings } else { 0 });
        part.scan_ids(btf, ids)?;
        Ok(part)
    }

    /// A part that knows nothing yet, of ids below `n`; it marks names in
    /// strings of `strings` bytes (none when 0).
    pub fn empty(n: usize, strings: usize) -> PrepPart {
        let words = n / 64 + 1;
        PrepPart {
            names: if strings == 0 { Vec::new() } else { sort::name_bits(strings) },
            state: vec![0u8; n],
            kinds: vec![0u8; n],
            order_refs: vec![0u64; words],
            candidates: vec![0u64; words],
            tags: 0,
            idents: 0,
            elems: 0,
            decl_tags: Vec::new(),
        }
    }

    /// Adds the pass over the ids in `ids`.
    pub fn scan_ids(&mut self, btf: &Btf<'_>, ids: core::ops::Range<u32>) -> Result<()> {
        let ids = ids.start.max(1)..ids.end.min(btf.type_count());
        self.scan_types(ids.filter_map(|i| btf.get(TypeId(i))))
    }

    /// Marks the names of the ids in `ids` the sort ranks (when the part
    /// marks names at all).
    pub fn mark_names(&mut self, btf: &Btf<'_>, ids: core::ops::Range<u32>) {
        if self.names.is_empty() {
            return;
        }
        for t in ids.filter_map(|i| btf.get(TypeId(i))) {
            sort::mark_sort_names(&mut self.names, &t);
        }
    }

    /// The names marked for the sort, taken out (`None` when none are).
    pub fn take_names(&mut self) -> Option<Vec<u64>> {
        Some(std::mem::take(&mut self.names)).filter(|b| !b.is_empty())
    }

    /// Keeps what is known of the first `n` ids (a part made for more).
    pub fn truncate(&mut self, n: usize) {
        let words = n / 64 + 1;
        self.state.truncate(n);
        self.kinds.truncate(n);
        self.order_refs.truncate(words);
        self.candidates.truncate(words);
    }

    /// Adds the pass over `types` (of ids below the part's count; it stops
    /// at the first that is not).
    pub fn scan_types<'a>(&mut self, types: impl Iterator<Item = Type<'a>>) -> Result<()> {
        // `tags` and `idents` size the two name tables: tags (struct,
        // union, enum, fwd, and ints, which libbpf resolves too) and
        // identifiers (typedefs and enumerators).
        let PrepPart { state, kinds, order_refs, candidates, tags, idents, elems, decl_tags, names } = self;
        if let Some(void) = names.first_mut() {
            // Void's name, and that of anonymous types.
            *void |= 1;
        }
        let set = |bits: &mut Vec<u64>, id: TypeId| sort::set_bit(bits, id.0 as usize);
        for t in types {
            let i = t.id().0;
            let Some(kind_slot) = kinds.get_mut(i as usize) else { break };
            let mut mark = |id: TypeId| {
                if let Some(s) = state.get_mut(id.0 as usize) {
                    *s |= REFERENCED;
                }
            };
            *elems += u64::from(t.vlen());
            let named = usize::from(t.name_off().0 != 0);
            let kind = t.kind();
            *kind_slot = (kind.0 & 0x7f) | ((named as u8) << 7);
            if !names.is_empty() {
                sort::mark_sort_names(names, &t);
            }
            match kind {
                BtfKind::INT | BtfKind::FWD => *tags += named,
                BtfKind::FLOAT => {}
                BtfKind::ENUM | BtfKind::ENUM64 => {
                    *tags += named;
                    *idents += t.vlen() as usize;
                }
                BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::PTR | BtfKind::TYPE_TAG => {
                    mark(t.type_id());
                    set(order_refs, t.type_id());
                }
                BtfKind::FUNC | BtfKind::VAR | BtfKind::DECL_TAG => {
                    mark(t.type_id());
                    set(candidates, TypeId(i));
                    if kind == BtfKind::DECL_TAG {
                        decl_tags.push(i);
                    }
                }
                BtfKind::TYPEDEF => {
                    *idents += named;
                    mark(t.type_id());
                    set(order_refs, t.type_id());
                }
                BtfKind::ARRAY => {
                    if let Some(a) = t.array() {
                        mark(a.index);
                        mark(a.elem);
                        set(order_refs, a.elem);
                    }
                }
                BtfKind::STRUCT | BtfKind::UNION => {
                    *tags += named;
                    for m in t.members() {
                        mark(m.type_id);
                        set(order_refs, m.type_id);
                    }
                }
                BtfKind::FUNC_PROTO => {
                    set(order_refs, t.type_id());
                    for p in t.params() {
                        mark(p.type_id);
                        set(order_refs, p.type_id);
                    }
                }
                BtfKind::DATASEC => {
                    t.datasec_vars().for_each(|v| mark(v.type_id));
                    set(candidates, TypeId(i));
                }
                _ => return Err(Error::UnknownKind(TypeId(i))),
            }
        }
        Ok(())
    }

    /// [`Prep::noops`] as far as this part knows (all of it when the part
    /// covers every id).
    pub fn noops(&self) -> Vec<u64> {
        noops(&self.candidates, &self.order_refs)
    }

    /// Adds the part of another range of ids.
    pub fn merge(&mut self, later: PrepPart) {
        let or = |a: &mut [u8], b: &[u8]| a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
        or(&mut self.state, &later.state);
        or(&mut self.kinds, &later.kinds);
        let or64 = |a: &mut [u64], b: &[u64]| a.iter_mut().zip(b).for_each(|(x, y)| *x |= y);
        or64(&mut self.order_refs, &later.order_refs);
        or64(&mut self.candidates, &later.candidates);
        self.tags += later.tags;
        self.idents += later.idents;
        self.elems += later.elems;
        self.decl_tags.extend(later.decl_tags);
        self.sort_decl_tags();
        or64(&mut self.names, &later.names);
    }

    /// Puts the DECL_TAGs found in id order again (ranges scanned out of
    /// order find them out of order).
    pub fn sort_decl_tags(&mut self) {
        if !self.decl_tags.is_sorted() {
            self.decl_tags.sort_unstable();
        }
    }

    /// The [`Prep`] of every id, from the part of all of them.
    pub fn finish(self) -> Prep {
        let PrepPart { mut state, kinds, order_refs, candidates, tags, idents, elems, decl_tags, names: _ } = self;
        if let Some(s) = state.first_mut() {
            *s |= ORDERED | EMITTED;
        }
        let noops = noops(&candidates, &order_refs);
        let decls_kept = candidates.iter().zip(&order_refs).any(|(c, r)| c & r != 0);
        Prep { state, kinds, tags, idents, elems, noops, decls_kept, decl_tags }
    }
}

/// Void and the candidates nothing refers to (see [`Prep::noops`]).
fn noops(candidates: &[u64], order_refs: &[u64]) -> Vec<u64> {
    let mut noops: Vec<u64> = candidates.iter().zip(order_refs).map(|(c, r)| c & !r).collect();
    if let Some(w) = noops.first_mut() {
        *w |= 1; // void
    }
    noops
}

/// What one top-level emission (text ending in `;\n\n`) is.
pub(crate) mod item {
    pub const STRUCT_FWD: u8 = 0;
    pub const STRUCT_DEF: u8 = 1;
    pub const ENUM_DEF: u8 = 2;
    pub const FWD_DEF: u8 = 3;
    pub const TYPEDEF_DEF: u8 = 4;
    pub const ALIAS: u8 = 5;
    pub const KFUNCS: u8 = 6;
    pub const KFUNC: u8 = 7;
    pub const KFUNC_FASTCALL: u8 = 8;
    pub const KFUNCS_END: u8 = 9;
}

/// Items planned but not yet printed, with the duplicate counts of the
/// enumerators they print, in order.
pub(crate) type Batch = (Vec<(u8, u32)>, Vec<u32>);

/// Items per batch handed from the planner to the printer.
const BATCH: usize = 1024;
/// The first batch's size (each next one is twice as large, up to [`BATCH`]).
const BATCH_FIRST: usize = 32;

/// How the emitter produces its output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Orders, resolves names and prints, on one thread.
    Direct,
    /// Orders and resolves names, and sends each item to the printer
    /// instead of printing it.
    Plan,
    /// Prints the items a planner sent, reading the names it resolved.
    Print,
}

/// libbpf's `struct btf_dump`, over one output.
pub(crate) struct Emitter<'b, 'a, 's> {
    pub btf: &'b Btf<'a>,
    pub ptr_sz: u32,
    pub state: Vec<u8>,
    /// Kinds and "named" bits by id (see `Prep`).
    kinds: Vec<u8>,
    /// The duplicate count of a resolved name (0: not resolved yet; 1:
    /// printed as is), shared by a planner and its printer.
    dup: Arc<Dups>,
    align: Vec<u8>,
    /// Each type's longest alignment walk, while `fill_align` runs.
    align_height: Vec<u16>,
    pub type_names: NameCounter,
    pub ident_names: NameCounter,
    pub queue: Vec<u32>,
    /// The declarator stack: each type with its kind.
    pub decl: Vec<(Type<'a>, BtfKind)>,
    /// Printed declarators by type id.
    pub(crate) decl_cache: crate::decl::DeclCache,
    /// Where the name of the declarator being printed went: (mark before,
    /// after a `*`, mark after); `None` until it is printed.
    pub(crate) name_at: Option<(u64, bool, u64)>,
    /// Counts what makes a declarator's text differ between two uses: the
    /// anonymous types it defines inline (indented to its level) and the
    /// spaces that depend on whether the name is empty.
    pub(crate) varying: u32,
    /// The DECL_TAG ids.
    pub(crate) decl_tags: Vec<u32>,
    /// `Prep::noops` (empty when the sorted order took it).
    noops: Vec<u64>,
    /// String sections, own first, then the bases': (first offset, bytes).
    strings: Vec<(u32, &'a [u8])>,
    pub out: Out<'s>,
    /// Work left before the input counts as malformed (exponential blow-up).
    pub steps: u64,
    pub depth: u32,
    mode: Mode,
    /// Planned items not yet sent, and their enumerators' counts.
    batch: Batch,
    tx: Option<SyncSender<Batch>>,
    /// Where every other batch goes, when two printers print.
    tx2: Option<SyncSender<Batch>>,
    /// Batches sent so far.
    sent: u64,
    /// Items queued so far, and how far the dump is (ids done, of all):
    /// the last batches are smaller, so that both printers end together.
    queued: u64,
    progress: (u64, u64),
    /// The printer's next enumerator count in `batch.1`.
    enum_pos: usize,
    /// Enumerator counts the planner has taken so far.
    bumps: u64,
    /// Set when the printer met a name its planner had not resolved (a
    /// bug; the tests check it never happens).
    pub diverged: bool,
}

impl<'b, 'a, 's> Emitter<'b, 'a, 's> {
    /// The emitter over state computed by [`Prep::new`].
    pub fn with_prep(btf: &'b Btf<'a>, prep: Prep, out: Out<'s>) -> Emitter<'b, 'a, 's> {
        let n = prep.state.len();
        let dup = Arc::new(Dups::new(n));
        let mut e = Self::build(btf, prep, dup, out);
        e.align = vec![ALIGN_UNKNOWN; n];
        e
    }

    /// A planner over state computed by [`Prep::new`]: it sends its items
    /// to `tx` and resolves names into `dup` (one slot per type id) for the
    /// printer made by [`Emitter::printer`].
    pub fn planner(
        btf: &'b Btf<'a>,
        prep: Prep,
        dup: Arc<Dups>,
        tx: SyncSender<Batch>,
        tx2: Option<SyncSender<Batch>>,
        out: Out<'s>,
    ) -> Emitter<'b, 'a, 's> {
        let mut e = Self::build(btf, prep, dup, out);
        e.mode = Mode::Plan;
        e.tx = Some(tx);
        e.tx2 = tx2;
        e
    }

    /// A printer of a planner's items (see [`Emitter::print_batch`]).
    pub fn printer(btf: &'b Btf<'a>, dup: Arc<Dups>, out: Out<'s>) -> Emitter<'b, 'a, 's> {
        let prep = Prep {
            state: Vec::new(),
            kinds: Vec::new(),
            tags: 0,
            idents: 0,
            elems: 0,
            noops: Vec::new(),
            decls_kept: false,
            decl_tags: Vec::new(),
        };
        let mut e = Self::build(btf, prep, dup, out);
        e.align = vec![ALIGN_UNKNOWN; btf.type_count() as usize];
        e.mode = Mode::Print;
        e
    }

    fn build(btf: &'b Btf<'a>, prep: Prep, dup: Arc<Dups>, out: Out<'s>) -> Emitter<'b, 'a, 's> {
        let mut strings = Vec::new();
        let mut b = Some(btf);
        while let Some(x) = b {
            strings.push((x.start_str_off(), x.string_section()));
            b = x.base();
        }
        let ptr_sz = match btf.pointer_size() {
            0 => 8,
            s => s,
        };
        Emitter {
            btf,
            ptr_sz,
            state: prep.state,
            kinds: prep.kinds,
            dup,
            // A planner prints nothing and needs no alignments.
            align: Vec::new(),
            align_height: Vec::new(),
            type_names: NameCounter::with_capacity(prep.tags),
            ident_names: NameCounter::with_capacity(prep.idents),
            queue: Vec::new(),
            decl: Vec::new(),
            decl_cache: crate::decl::DeclCache::new(),
            name_at: None,
            varying: 0,
            strings,
            decl_tags: prep.decl_tags,
            noops: prep.noops,
            out,
            steps: STEPS_BASE + STEPS_PER_ITEM * (u64::from(btf.type_count()) + prep.elems),
            depth: 0,
            mode: Mode::Direct,
            batch: (Vec::new(), Vec::new()),
            tx: None,
            tx2: None,
            sent: 0,
            queued: 0,
            progress: (0, 0),
            enum_pos: 0,
            bumps: 0,
            diverged: false,
        }
    }

    /// The kind of `id` and whether it is named, without decoding it.
    #[inline]
    pub fn kind_named(&self, id: TypeId) -> (BtfKind, bool) {
        let k = self.kinds.get(id.0 as usize).copied().unwrap_or(0);
        (BtfKind(k & 0x7f), k & 0x80 != 0)
    }

    /// Whether dumping `id` would only mark it ordered, a state nothing
    /// reads again in an id-order dump (see `Prep::noops`).
    #[inline]
    pub fn is_noop(&self, id: TypeId) -> bool {
        sort::bit(&self.noops, id.0 as usize)
    }

    /// The type with `id`; ids were checked by the parser.
    #[inline]
    pub fn ty(&self, id: TypeId) -> Result<Type<'a>> {
        self.btf.get(id).ok_or_else(|| Error::BadTypeId(id))
    }

    /// The raw name at `off` (`""` when out of range).
    #[inline]
    pub fn raw(&self, off: StrOffset) -> &'a [u8] {
        for &(start, sec) in &self.strings {
            if off.0 >= start {
                return bpfkit_btf::c_str(sec.get((off.0 - start) as usize..).unwrap_or(&[]));
            }
        }
        b""
    }

    /// One unit of work; fails once the budget is spent.
    #[inline]
    pub fn step(&mut self, id: TypeId) -> Result<()> {
        if self.steps == 0 {
            return Err(Error::TooDeep(id));
        }
        self.steps -= 1;
        Ok(())
    }

    /// Enters one level of recursion.
    #[inline]
    pub fn enter(&mut self, id: TypeId) -> Result<()> {
        self.step(id)?;
        if self.depth >= MAX_DEPTH {
            return Err(Error::TooDeep(id));
        }
        self.depth += 1;
        Ok(())
    }

    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    #[inline]
    fn st(&self, id: TypeId) -> u8 {
        self.state[id.0 as usize]
    }
    #[inline]
    fn set_emit(&mut self, id: TypeId, emit: u8) {
        let s = &mut self.state[id.0 as usize];
        *s = (*s & !EMIT_MASK) | emit;
    }

    // ---- names (libbpf's btf_dump_resolve_name) ----

    fn resolve_name(&mut self, t: &Type<'a>, ident: bool) -> Name<'a> {
        let off = t.name_off();
        if off.0 == 0 {
            return Name::EMPTY;
        }
        let base = self.raw(off);
        let id = t.id().0;
        if !self.dup.has(id) {
            return Name::plain(base);
        }
        let dup = self.dup.get(id);
        if dup != 0 {
            return Name { base, dup };
        }
        if self.mode == Mode::Print {
            self.diverged = true;
            return Name::plain(base);
        }
        let dup = if t.kind() == BtfKind::FWD || (t.kind() == BtfKind::ENUM && t.vlen() == 0) {
            1
        } else {
            let counter = if ident { &mut self.ident_names } else { &mut self.type_names };
            counter.bump(self.btf, off, base)
        };
        self.dup.set(id, dup);
        Name { base, dup }
    }

    /// The struct/union/enum/fwd tag name (`type_names`).
    pub fn type_name(&mut self, t: &Type<'a>) -> Name<'a> {
        self.resolve_name(t, false)
    }

    /// The typedef name (`ident_names`, shared with enumerators).
    pub fn ident_name(&mut self, t: &Type<'a>) -> Name<'a> {
        self.resolve_name(t, true)
    }

    fn is_blacklisted(&self, t: &Type<'a>) -> bool {
        t.name_off().0 != 0 && self.raw(t.name_off()) == b"__builtin_va_list"
    }

    // ---- layout helpers ----

    /// `btf__align_of` (packed-aware), memoized; errors read as 0.
    #[inline]
    pub fn align_of(&mut self, id: TypeId) -> u32 {
        self.align_depth(id, 0)
    }

    #[inline]
    fn align_depth(&mut self, id: TypeId, depth: u32) -> u32 {
        // Mostly known already: no call for those.
        match self.align.get(id.0 as usize) {
            Some(&a) if a != ALIGN_UNKNOWN => u32::from(a),
            Some(_) => self.align_new(id, depth),
            None => 0,
        }
    }

    /// The alignment of `id`, not known yet.
    #[inline(never)]
    fn align_new(&mut self, id: TypeId, depth: u32) -> u32 {
        if depth > MAX_DEPTH {
            return 0;
        }
        let Some(t) = self.btf.get(id) else { return 0 };
        // The longest walk below `id` (kept only by `fill_align`).
        let mut height = 0u16;
        let a = match t.kind() {
            BtfKind::INT | BtfKind::ENUM | BtfKind::ENUM64 | BtfKind::FLOAT => self.ptr_sz.min(t.size()),
            BtfKind::PTR => self.ptr_sz,
            BtfKind::TYPEDEF | BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::TYPE_TAG => {
                self.align_below(t.type_id(), depth, &mut height)
            }
            BtfKind::ARRAY => t.array().map_or(0, |a| self.align_below(a.elem, depth, &mut height)),
            BtfKind::STRUCT | BtfKind::UNION => {
                let mut max_align = 1;
                let mut result = None;
                for m in t.members() {
                    let a = self.align_below(m.type_id, depth, &mut height);
                    if a == 0 {
                        result = Some(0);
                        break;
                    }
                    max_align = max_align.max(a);
                    if m.bitfield_size == 0 && m.raw_offset % (8 * a) != 0 {
                        result = Some(1);
                        break;
                    }
                }
                result.unwrap_or(if t.size() % max_align != 0 { 1 } else { max_align })
            }
            _ => 0,
        };
        let a = a.min(254);
        self.align[id.0 as usize] = a as u8;
        if let Some(h) = self.align_height.get_mut(id.0 as usize) {
            *h = height;
        }
        a
    }

    /// The alignment of `child`, one level below `depth`; counts it in
    /// `height` while [`Emitter::fill_align`] keeps heights.
    #[inline]
    fn align_below(&mut self, child: TypeId, depth: u32, height: &mut u16) -> u32 {
        let a = self.align_depth(child, depth + 1);
        if let Some(&h) = self.align_height.get(child.0 as usize) {
            *height = (*height).max(h.saturating_add(1));
        }
        a
    }

    /// Computes the alignments printing needs now (a printer would as it
    /// goes);
    /// `false`, with nothing changed, when some walk is longer than the
    /// recursion limit: a query from its start would be cut off, and what
    /// cut-off walks store depends on the order of the queries, so they
    /// stay lazy as on one thread. Otherwise no query is ever cut off and
    /// the values do not depend on the order.
    pub fn fill_align(&mut self) -> bool {
        let n = self.btf.type_count() as usize;
        let saved = std::mem::replace(&mut self.align, vec![ALIGN_UNKNOWN; n]);
        self.align_height = vec![0; n];
        let mut deep = false;
        // What printing asks: each struct's and union's alignment, and
        // that of each member's type.
        let btf = self.btf;
        'all: for i in 1..n as u32 {
            let Some(t) = btf.get(TypeId(i)) else { continue };
            if !matches!(t.kind(), BtfKind::STRUCT | BtfKind::UNION) {
                continue;
            }
            for id in core::iter::once(TypeId(i)).chain(t.members().map(|m| m.type_id)) {
                self.align_depth(id, 0);
                if self.align_height.get(id.0 as usize).is_some_and(|&h| u32::from(h) >= MAX_DEPTH) {
                    deep = true;
                    break 'all;
                }
            }
        }
        self.align_height = Vec::new();
        if deep {
            self.align = saved;
        }
        !deep
    }

    /// The alignments known so far (for [`Emitter::set_align`]).
    pub fn align_table(&self) -> Vec<u8> {
        self.align.clone()
    }

    /// Takes alignments [`Emitter::fill_align`] computed (of the same BTF).
    pub fn set_align(&mut self, table: Vec<u8>) {
        if table.len() == self.align.len() {
            self.align = table;
        }
    }

    fn resolve_size(&self, id: TypeId) -> i64 {
        self.btf.resolve_size(id).map_or(0, |s| s as i64)
    }

    fn is_struct_packed(&mut self, t: &Type<'a>) -> bool {
        let mut max_align = 1u32;
        for m in t.members() {
            let align = self.align_of(m.type_id);
            if align != 0 && m.bitfield_size == 0 && m.raw_offset % (8 * align) != 0 {
                return true;
            }
            max_align = max_align.max(align);
        }
        !t.size().is_multiple_of(max_align)
    }

    // ---- btf_dump__dump_type ----

    /// Orders `id` and emits everything it needs, then itself.
    pub fn dump_type(&mut self, id: TypeId) -> Result<()> {
        if id.0 >= self.btf.type_count() {
            return Err(Error::BadRoot(id));
        }
        self.queue.clear();
        self.order_type(id, false)?;
        if self.queue.is_empty() {
            // Mostly: a prototype, modifier or pointer, ordered and done.
            return Ok(());
        }
        let queue = std::mem::take(&mut self.queue);
        let mut r = Ok(());
        for &q in &queue {
            r = self.emit_type(TypeId(q), TypeId(0));
            if r.is_err() {
                break;
            }
        }
        self.queue = queue;
        r
    }

    /// libbpf's `btf_dump_emit_type`: forward declarations as needed, then
    /// the definition of a top-level type (`cont_id` 0).
    #[inline]
    pub fn emit_type(&mut self, id: TypeId, cont_id: TypeId) -> Result<()> {
        // Most links lead to a type emitted already: no call for those.
        if self.is_emitted(id) {
            return Ok(());
        }
        self.emit_new(id, cont_id)
    }

    /// [`Emitter::emit_type`] of a type not emitted yet.
    #[inline(never)]
    fn emit_new(&mut self, id: TypeId, cont_id: TypeId) -> Result<()> {
        let Some(&st) = self.state.get(id.0 as usize) else { return Err(Error::BadTypeId(id)) };
        self.enter(id)?;
        let r = self.emit_type_inner(id, cont_id, st);
        self.leave();
        r
    }

    fn emit_type_inner(&mut self, id: TypeId, cont_id: TypeId, st: u8) -> Result<()> {
        let t = self.ty(id)?;
        let (kind, named) = self.kind_named(id);
        let top_level = cont_id.0 == 0;

        if st & EMIT_MASK == EMITTING {
            if st & FWD_EMITTED != 0 {
                return Ok(());
            }
            match kind {
                BtfKind::STRUCT | BtfKind::UNION => {
                    // Referencing the struct we are inside, or an anonymous
                    // loop (libbpf warns): nothing to emit.
                    if id == cont_id || !named {
                        return Ok(());
                    }
                    self.item(item::STRUCT_FWD, &t)?;
                    self.state[id.0 as usize] |= FWD_EMITTED;
                }
                BtfKind::TYPEDEF => {
                    if !self.is_blacklisted(&t) {
                        self.item(item::TYPEDEF_DEF, &t)?;
                    }
                    self.state[id.0 as usize] |= FWD_EMITTED;
                }
                _ => {}
            }
            return Ok(());
        }

        match kind {
            BtfKind::INT => {
                self.item(item::ALIAS, &t)?;
                self.set_emit(id, EMITTED);
            }
            BtfKind::ENUM | BtfKind::ENUM64 => {
                if top_level {
                    self.item(item::ENUM_DEF, &t)?;
                }
                self.set_emit(id, EMITTED);
            }
            BtfKind::PTR | BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::TYPE_TAG => {
                self.emit_type(t.type_id(), cont_id)?;
                self.emitted_if_parts(id, &[t.type_id()]);
            }
            BtfKind::ARRAY => {
                if let Some(a) = t.array() {
                    self.emit_type(a.elem, cont_id)?;
                    self.emitted_if_parts(id, &[a.elem]);
                }
            }
            BtfKind::FWD => {
                self.item(item::FWD_DEF, &t)?;
                self.set_emit(id, EMITTED);
            }
            BtfKind::TYPEDEF => {
                self.set_emit(id, EMITTING);
                self.emit_type(t.type_id(), id)?;
                if self.st(id) & FWD_EMITTED == 0 && !self.is_blacklisted(&t) {
                    self.item(item::TYPEDEF_DEF, &t)?;
                }
                self.set_emit(id, EMITTED);
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                self.set_emit(id, EMITTING);
                if top_level || !named {
                    let new_cont = if named { id } else { cont_id };
                    for m in t.members() {
                        self.emit_type(m.type_id, new_cont)?;
                    }
                } else if self.st(id) & FWD_EMITTED == 0 && id != cont_id {
                    self.item(item::STRUCT_FWD, &t)?;
                    self.state[id.0 as usize] |= FWD_EMITTED;
                }
                if top_level {
                    self.item(item::STRUCT_DEF, &t)?;
                    self.set_emit(id, EMITTED);
                } else {
                    self.set_emit(id, 0);
                }
            }
            BtfKind::FUNC_PROTO => {
                self.emit_type(t.type_id(), cont_id)?;
                let mut parts = self.is_emitted(t.type_id());
                for p in t.params() {
                    self.emit_type(p.type_id, cont_id)?;
                    parts &= self.is_emitted(p.type_id);
                }
                if parts {
                    self.set_emit(id, EMITTED);
                }
            }
            _ => {}
        }
        Ok(())
    }

    #[inline]
    fn is_emitted(&self, id: TypeId) -> bool {
        self.state.get(id.0 as usize).is_some_and(|&s| s & EMIT_MASK == EMITTED)
    }

    /// Marks a pointer, modifier, array or prototype emitted once all its
    /// parts are. libbpf never marks these kinds, so it walks them again at
    /// each use; but with every part emitted, that walk finds each part
    /// emitted and does nothing, which is what an emitted type does. So
    /// the mark changes nothing but the work (and the depth later walks
    /// reach). Emitted is for good: no state goes back from it.
    fn emitted_if_parts(&mut self, id: TypeId, parts: &[TypeId]) {
        if parts.iter().all(|&p| self.is_emitted(p)) {
            self.set_emit(id, EMITTED);
        }
    }

    // ---- items: printed here, or planned here and printed elsewhere ----

    /// One top-level item: printed (direct), or its names resolved and
    /// the item queued for the printer (plan).
    fn item(&mut self, kind: u8, t: &Type<'a>) -> Result<()> {
        if self.mode == Mode::Direct {
            return self.print_item(kind, t);
        }
        match kind {
            item::STRUCT_DEF => self.struct_effects(t)?,
            item::ENUM_DEF => self.enum_effects(t)?,
            item::TYPEDEF_DEF => {
                let name = self.ident_name(t);
                if !(t.type_id().0 == 0 && name.eq(b"__gnuc_va_list")) {
                    self.decl_effects(t.type_id())?;
                }
            }
            item::ALIAS => {
                let name = self.type_name(t);
                if !MISSING_BASE_TYPES.iter().any(|(alias, _)| name.eq(alias)) {
                    return Ok(());
                }
            }
            _ => {
                self.type_name(t);
            }
        }
        self.queue_item(kind, t.id().0)
    }

    /// Whether this emitter plans for a printer instead of printing.
    pub fn planning(&self) -> bool {
        self.mode == Mode::Plan
    }

    /// Queues an item for the printer, sending a full batch.
    pub fn queue_item(&mut self, kind: u8, id: u32) -> Result<()> {
        self.batch.0.push((kind, id));
        self.queued += 1;
        // The first batches are small, so that the printers start soon,
        // and so are the last (a quarter of the items still to come, as
        // many as have come per id so far), so that they end together.
        let mut limit = (BATCH_FIRST << self.sent.min(8) as u32).min(BATCH);
        let (done, all) = self.progress;
        if let Some(left) = self.queued.saturating_mul(all.saturating_sub(done)).checked_div(done) {
            limit = limit.min(usize::try_from(left / 4).unwrap_or(usize::MAX).max(BATCH_FIRST));
        }
        if self.batch.0.len() >= limit { self.send_batch() } else { Ok(()) }
    }

    /// How far a full dump is: `done` of `all` ids (for the batch sizes).
    #[inline]
    pub fn set_progress(&mut self, done: usize, all: usize) {
        self.progress = (done as u64, all as u64);
    }

    /// Sends what is queued (a printer that stopped reads as an error; it
    /// reports its own).
    pub fn send_batch(&mut self) -> Result<()> {
        let batch = std::mem::replace(&mut self.batch, (Vec::with_capacity(BATCH), Vec::new()));
        self.sent += 1;
        let tx = if self.sent.is_multiple_of(2) && self.tx2.is_some() { &self.tx2 } else { &self.tx };
        match tx {
            Some(tx) => tx.send(batch).map_err(|_| Error::Fmt),
            None => Ok(()),
        }
    }

    /// Prints what a planner queued.
    pub fn print_batch(&mut self, batch: Batch) -> Result<()> {
        self.batch.1 = batch.1;
        self.enum_pos = 0;
        for (kind, id) in batch.0 {
            match kind {
                item::KFUNCS => self.print_kfuncs_start()?,
                item::KFUNC | item::KFUNC_FASTCALL => self.print_kfunc(id, kind == item::KFUNC_FASTCALL)?,
                item::KFUNCS_END => self.print_kfuncs_end()?,
                _ => {
                    let t = self.ty(TypeId(id))?;
                    self.print_item(kind, &t)?;
                }
            }
        }
        Ok(())
    }

    fn print_item(&mut self, kind: u8, t: &Type<'a>) -> Result<()> {
        match kind {
            item::STRUCT_FWD => self.emit_struct_fwd(t)?,
            item::STRUCT_DEF => self.emit_struct_def(t, 0)?,
            item::ENUM_DEF => self.emit_enum_def(t, 0)?,
            item::FWD_DEF => self.emit_fwd_def(t)?,
            item::TYPEDEF_DEF => self.emit_typedef_def(t, 0)?,
            _ => return self.emit_missing_aliases(t),
        }
        self.out.s(b";\n\n")
    }

    /// The names a struct/union definition resolves, in print order.
    fn struct_effects(&mut self, t: &Type<'a>) -> Result<()> {
        self.type_name(t);
        for m in t.members() {
            self.decl_effects(m.type_id)?;
        }
        Ok(())
    }

    /// The names an enum definition resolves: its own, and a count per
    /// enumerator (kept for the printer).
    fn enum_effects(&mut self, t: &Type<'a>) -> Result<()> {
        self.type_name(t);
        for e in t.enumerators() {
            self.step(t.id())?;
            let base = self.raw(e.name_off);
            let dup = self.ident_names.bump(self.btf, e.name_off, base);
            self.batch.1.push(dup);
            self.bumps += 1;
        }
        Ok(())
    }

    /// The names `emit_type_decl(id, ..)` resolves, in the same order:
    /// the terminal type's (or those of the anonymous type it defines),
    /// then the parameters of each prototype on the way, innermost
    /// declarator first.
    #[inline]
    pub fn decl_effects(&mut self, id: TypeId) -> Result<()> {
        match self.state.get(id.0 as usize) {
            // Mostly done already: no call for those.
            Some(&st) if st & DECL_DONE != 0 => Ok(()),
            Some(_) => self.decl_effects_new(id),
            None => Err(Error::BadTypeId(id)),
        }
    }

    #[inline(never)]
    fn decl_effects_new(&mut self, id: TypeId) -> Result<()> {
        let bumps = self.bumps;
        self.enter(id)?;
        let r = self.chain_effects(id);
        self.leave();
        r?;
        // Names resolve once: unless an enum was defined on the way, doing
        // this again would change nothing.
        if self.bumps == bumps {
            self.state[id.0 as usize] |= DECL_DONE;
        }
        Ok(())
    }

    /// The names the declarator chain from `id` resolves (as
    /// [`Emitter::push_decl_chain`] would push it, one step per link):
    /// the terminal type's, then each prototype's parameters from the
    /// outermost on.
    fn chain_effects(&mut self, id: TypeId) -> Result<()> {
        let mut cur = id;
        let mut links = 0;
        let mut protos = false;
        let terminal = loop {
            if links >= crate::decl::MAX_CHAIN {
                return Err(Error::TooDeep(cur));
            }
            self.step(cur)?;
            let t = self.ty(cur)?;
            links += 1;
            if cur.0 == 0 {
                break t;
            }
            match t.kind() {
                BtfKind::PTR | BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::TYPE_TAG => {
                    cur = t.type_id()
                }
                BtfKind::FUNC_PROTO => {
                    protos = true;
                    cur = t.type_id();
                }
                BtfKind::ARRAY => match t.array() {
                    Some(a) => cur = a.elem,
                    None => break t,
                },
                _ => break t,
            }
        };
        if terminal.id().0 != 0 {
            match terminal.kind() {
                BtfKind::STRUCT | BtfKind::UNION if terminal.name_off().0 == 0 => {
                    self.depth += 1;
                    let r = self.struct_effects(&terminal);
                    self.depth -= 1;
                    r?;
                }
                BtfKind::ENUM | BtfKind::ENUM64 if terminal.name_off().0 == 0 => self.enum_effects(&terminal)?,
                BtfKind::STRUCT | BtfKind::UNION | BtfKind::ENUM | BtfKind::ENUM64 | BtfKind::FWD => {
                    self.type_name(&terminal);
                }
                BtfKind::TYPEDEF => {
                    self.ident_name(&terminal);
                }
                BtfKind::INT
                | BtfKind::FLOAT
                | BtfKind::PTR
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::TYPE_TAG
                | BtfKind::ARRAY
                | BtfKind::FUNC_PROTO => {}
                // The printer stops at a kind that has no place in a chain.
                _ => return Ok(()),
            }
        }
        if !protos {
            return Ok(());
        }
        // The links again, above the terminal (walked once already).
        let mut cur = id;
        for _ in 1..links {
            let t = self.ty(cur)?;
            cur = match t.kind() {
                BtfKind::FUNC_PROTO => {
                    self.proto_effects(&t)?;
                    t.type_id()
                }
                BtfKind::ARRAY => match t.array() {
                    Some(a) => a.elem,
                    None => break,
                },
                _ => t.type_id(),
            };
        }
        Ok(())
    }

    /// The names a prototype's parameters resolve, as printed.
    fn proto_effects(&mut self, t: &Type<'a>) -> Result<()> {
        let vlen = t.vlen() as usize;
        let first_void = t.params().next().is_some_and(|p| p.type_id.0 == 0);
        if vlen == 0 || (vlen == 1 && first_void) {
            return Ok(());
        }
        let mut params = t.params();
        let n = params.len();
        for i in 0..n {
            let Some(p) = params.next() else { break };
            if i == n - 1 && p.type_id.0 == 0 {
                break;
            }
            self.decl_effects(p.type_id)?;
        }
        Ok(())
    }

    // ---- definitions ----

    fn emit_missing_aliases(&mut self, t: &Type<'a>) -> Result<()> {
        let name = self.type_name(t);
        for (alias, real) in MISSING_BASE_TYPES {
            if name.eq(alias) {
                self.out.s(b"typedef ")?;
                self.out.s(real)?;
                self.out.b(b' ')?;
                name.write(&mut self.out)?;
                return self.out.s(b";\n\n");
            }
        }
        Ok(())
    }

    /// `struct X` / `union X`.
    pub fn emit_struct_fwd(&mut self, t: &Type<'a>) -> Result<()> {
        self.out.s(if t.kind() == BtfKind::STRUCT { b"struct" } else { b"union" })?;
        if t.name_off().0 != 0 {
            self.out.b(b' ')?;
        }
        let name = self.type_name(t);
        name.write(&mut self.out)
    }

    /// A full struct/union definition at indentation `lvl`.
    pub fn emit_struct_def(&mut self, t: &Type<'a>, lvl: usize) -> Result<()> {
        let is_struct = t.kind() == BtfKind::STRUCT;
        let align = self.align_of(t.id());
        let packed = is_struct && self.is_struct_packed(t);
        self.emit_struct_fwd(t)?;
        self.out.s(b" {")?;
        let mut off: i64 = 0;
        let mut prev_bitfield = false;
        for m in t.members() {
            let fname = Name::plain(self.raw(m.name_off));
            let m_sz = i64::from(m.bitfield_size);
            let m_off = i64::from(m.bit_offset);
            let m_align = if packed { 1 } else { self.align_of(m.type_id) };
            let in_bitfield = prev_bitfield && m_sz != 0;
            self.emit_bit_padding(off, m_off, m_align, in_bitfield, lvl + 1)?;
            self.out.nl_pfx(lvl + 1)?;
            self.emit_type_decl(m.type_id, fname, lvl + 1)?;
            if m_sz != 0 {
                self.out.s(b": ")?;
                self.out.i64(m_sz)?;
                off = m_off + m_sz;
                prev_bitfield = true;
            } else {
                // The declarator just printed is mostly in the cache,
                // with its size.
                let size = match self.decl_cache.size(m.type_id) {
                    Some(s) => i64::from(s),
                    None => self.resolve_size(m.type_id),
                };
                off = m_off + size * 8;
                prev_bitfield = false;
            }
            self.out.b(b';')?;
        }
        if is_struct {
            self.emit_bit_padding(off, i64::from(t.size()) * 8, align, false, lvl + 1)?;
        }
        if t.vlen() != 0 || t.size() != 0 {
            self.out.b(b'\n')?;
            self.out.pfx(lvl)?;
        }
        self.out.b(b'}')?;
        if packed {
            self.out.s(b" __attribute__((packed))")?;
        }
        Ok(())
    }

    /// libbpf's `btf_dump_emit_bit_padding` (v1.1+), in 64-bit arithmetic.
    #[inline]
    fn emit_bit_padding(
        &mut self,
        cur_off: i64,
        next_off: i64,
        next_align: u32,
        in_bitfield: bool,
        lvl: usize,
    ) -> Result<()> {
        // Mostly no gap: no call for those.
        if cur_off >= next_off {
            return Ok(());
        }
        self.emit_gap(cur_off, next_off, next_align, in_bitfield, lvl)
    }

    /// [`Emitter::emit_bit_padding`] of a gap.
    #[inline(never)]
    fn emit_gap(
        &mut self,
        mut cur_off: i64,
        next_off: i64,
        next_align: u32,
        in_bitfield: bool,
        lvl: usize,
    ) -> Result<()> {
        let pads: [(&[u8], i64); 4] =
            [(b"long", i64::from(self.ptr_sz) * 8), (b"int", 32), (b"short", 16), (b"char", 8)];
        let roundup = |x: i64, y: i64| if y <= 0 { x } else { (x + y - 1) / y * y };
        let (mut pad_type, mut pad_bits) = pads[3];
        let mut new_off = 0;
        for &(name, bits) in &pads {
            pad_type = name;
            pad_bits = bits;
            new_off = roundup(cur_off, bits);
            if new_off <= next_off {
                break;
            }
        }
        if new_off > cur_off && new_off <= next_off {
            if in_bitfield
                || (new_off == next_off && roundup(cur_off, i64::from(next_align) * 8) != new_off)
                || (new_off != next_off && next_off - new_off <= new_off - cur_off)
            {
                self.pad_line(lvl, pad_type, if in_bitfield { new_off - cur_off } else { 0 })?;
            }
            cur_off = new_off;
        }
        while cur_off != next_off {
            let bits = (next_off - cur_off).min(pad_bits);
            if bits == pad_bits {
                self.pad_line(lvl, pad_type, pad_bits)?;
                cur_off += bits;
                continue;
            }
            for &(name, pb) in pads.iter().rev() {
                pad_type = name;
                pad_bits = pb;
                if pb < bits {
                    continue;
                }
                self.pad_line(lvl, name, bits)?;
                cur_off += bits;
                break;
            }
            if pad_bits < bits {
                // Not reachable with libbpf's pad widths; never loop.
                break;
            }
        }
        Ok(())
    }

    fn pad_line(&mut self, lvl: usize, ty: &[u8], bits: i64) -> Result<()> {
        self.step(TypeId(0))?;
        self.out.nl_pfx(lvl)?;
        self.out.s(ty)?;
        self.out.s(b": ")?;
        self.out.i64(bits)?;
        self.out.b(b';')
    }

    /// `enum X` (named enums referenced, not defined).
    pub fn emit_enum_fwd(&mut self, t: &Type<'a>) -> Result<()> {
        self.out.s(b"enum ")?;
        let name = self.type_name(t);
        name.write(&mut self.out)
    }

    /// An enum definition at indentation `lvl`.
    pub fn emit_enum_def(&mut self, t: &Type<'a>, lvl: usize) -> Result<()> {
        self.out.s(b"enum")?;
        if t.name_off().0 != 0 {
            self.out.b(b' ')?;
        }
        let name = self.type_name(t);
        name.write(&mut self.out)?;
        if t.vlen() == 0 {
            return Ok(());
        }
        self.out.s(b" {")?;
        let is64 = t.kind() == BtfKind::ENUM64;
        let signed = t.kflag();
        let mut hi_nonzero = false;
        for e in t.enumerators() {
            self.step(t.id())?;
            let base = self.raw(e.name_off);
            let dup = if self.mode == Mode::Print {
                let d = self.batch.1.get(self.enum_pos).copied();
                self.enum_pos += 1;
                d.unwrap_or_else(|| {
                    self.diverged = true;
                    0
                })
            } else {
                self.ident_names.bump(self.btf, e.name_off, base)
            };
            self.out.nl_pfx(lvl + 1)?;
            Name { base, dup }.write(&mut self.out)?;
            self.out.s(b" = ")?;
            match (is64, signed) {
                (false, true) => self.out.i64(i64::from(e.value as u32 as i32))?,
                (false, false) => self.out.u64(u64::from(e.value as u32))?,
                (true, true) => {
                    self.out.i64(e.value as i64)?;
                    self.out.s(b"LL")?;
                }
                (true, false) => {
                    self.out.u64(e.value)?;
                    self.out.s(b"ULL")?;
                }
            }
            self.out.b(b',')?;
            hi_nonzero |= e.value >> 32 != 0;
        }
        self.out.nl_pfx(lvl)?;
        self.out.b(b'}')?;
        if t.size() == 1 {
            self.out.s(b" __attribute__((mode(byte)))")?;
        } else if t.size() == 8 && self.ptr_sz == 8 {
            // A 32-bit enum can't be 8 bytes by itself; an ENUM64 is when a
            // value needs the upper half.
            if !is64 || !hi_nonzero {
                self.out.s(b" __attribute__((mode(word)))")?;
            }
        }
        Ok(())
    }

    fn emit_fwd_def(&mut self, t: &Type<'a>) -> Result<()> {
        let name = self.type_name(t);
        self.out.s(if t.kflag() { b"union " } else { b"struct " })?;
        name.write(&mut self.out)
    }

    fn emit_typedef_def(&mut self, t: &Type<'a>, lvl: usize) -> Result<()> {
        let name = self.ident_name(t);
        if t.type_id().0 == 0 && name.eq(b"__gnuc_va_list") {
            return self.out.s(b"typedef __builtin_va_list __gnuc_va_list");
        }
        self.out.s(b"typedef ")?;
        self.emit_type_decl(t.type_id(), name, lvl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::out;
    use bpfkit_btf::write::{BtfBuilder, MemberSpec};
    use bpfkit_btf::{Endian, IntEncoding};

    /// `int`, a chain of `depth` typedefs over it, and a struct with a
    /// member of the chain's top at bit 32 and one of `int` at bit 0.
    fn chain(depth: usize) -> Vec<u8> {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let mut top = int;
        for i in 0..depth {
            top = b.add_typedef(&format!("t{i}"), top);
        }
        let _ = b.add_struct("s", 8, &[MemberSpec::new("a", int, 0), MemberSpec::new("x", top, 32)]);
        b.encode(Endian::Little)
    }

    fn emitter<'b, 'a, 's>(btf: &'b Btf<'a>, sink: &'s mut out::NullSink) -> Emitter<'b, 'a, 's> {
        Emitter::with_prep(btf, Prep::new(btf).unwrap(), Out::new(sink))
    }

    /// Within the recursion limit, the table computed ahead holds what
    /// queries in any order find (here: from the top down, as a printer
    /// asks first about the struct).
    #[test]
    fn fill_align_is_what_lazy_queries_find() {
        for depth in [0, 1, 10, MAX_DEPTH as usize - 2] {
            let data = chain(depth);
            let btf = Btf::parse(&data).unwrap();
            let (mut a, mut b) = (out::NullSink, out::NullSink);
            let mut ahead = emitter(&btf, &mut a);
            assert!(ahead.fill_align(), "depth {depth}");
            let mut lazy = emitter(&btf, &mut b);
            for id in (1..btf.type_count()).rev() {
                assert_eq!(ahead.align_of(TypeId(id)), lazy.align_of(TypeId(id)), "depth {depth}, id {id}");
            }
            assert_eq!(ahead.align_table(), lazy.align_table(), "depth {depth}");
            assert_eq!(ahead.align_of(TypeId(btf.type_count() - 1)), 4);
        }
    }

    /// Past the limit a query from the top is cut off and stores what the
    /// cut gave (0 here), while one from the bottom up would not be: the
    /// table depends on the order, so none is computed ahead.
    #[test]
    fn fill_align_refuses_walks_past_the_limit() {
        for depth in [MAX_DEPTH as usize + 5, 3 * MAX_DEPTH as usize] {
            let data = chain(depth);
            let btf = Btf::parse(&data).unwrap();
            let mut sink = out::NullSink;
            let mut e = emitter(&btf, &mut sink);
            let before = e.align_table();
            assert!(!e.fill_align(), "depth {depth}");
            assert_eq!(e.align_table(), before, "nothing changed");
            // The order matters: top first is cut off, bottom up is not.
            let s = TypeId(btf.type_count() - 1);
            assert_eq!(e.align_of(s), 0, "struct queried first: cut off");
            let mut sink2 = out::NullSink;
            let mut up = emitter(&btf, &mut sink2);
            for id in 1..btf.type_count() {
                up.align_of(TypeId(id));
            }
            assert_eq!(up.align_of(s), 4, "bottom up: never cut off");
        }
    }
}

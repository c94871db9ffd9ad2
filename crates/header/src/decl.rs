//! C declarators (libbpf's `btf_dump_emit_type_decl` and
//! `btf_dump_emit_type_chain`): modifiers, pointers, arrays and function
//! prototypes around a name, e.g. `char * (*fparr[4])(int x, long y)`.

use crate::emit::{Emitter, MAX_DEPTH};
use crate::error::{Error, Result};
use crate::names::Name;
use bpfkit_btf::{BtfKind, TypeId};

/// The longest chain of pointers, modifiers, arrays and prototypes one
/// declarator follows (real BTF needs a handful).
pub(crate) const MAX_CHAIN: usize = 4096;

impl<'b, 'a, 's> Emitter<'b, 'a, 's> {
    /// Emits the declaration of `fname` with type `id` at indentation `lvl`
    /// (anonymous structs, unions and enums are defined inline).
    #[inline]
    pub fn emit_type_decl(&mut self, id: TypeId, fname: Name<'a>, lvl: usize) -> Result<()> {
        if let Some(hit) = self.decl_cache.get(id) {
            self.out.s(self.decl_cache.prefix(&hit))?;
            self.put_name(fname, hit.ptr_last)?;
            return self.out.s(self.decl_cache.suffix(&hit));
        }
        self.emit_new_decl(id, fname, lvl)
    }

    /// [`Emitter::emit_type_decl`] of a declarator not in the cache.
    #[inline(never)]
    fn emit_new_decl(&mut self, id: TypeId, fname: Name<'a>, lvl: usize) -> Result<()> {
        let start = self.push_decl_chain(id)?;
        // The declarator around this one (a prototype's parameters are
        // declarators inside it) finds its name's place again after.
        let outer = self.name_at.take();
        let varying = self.varying;
        let from = self.out.mark();
        let mut cnt = self.decl.len() - start;
        let r = self.emit_type_chain(start, &mut cnt, fname, lvl);
        self.decl.truncate(start);
        self.leave();
        let name_at = std::mem::replace(&mut self.name_at, outer);
        // The same text around any name, every time: cache it.
        if let (Ok(()), Some((before, ptr_last, after)), true) = (&r, name_at, self.varying == varying) {
            let to = self.out.mark();
            // (A type too big for the entry's size is not cached.)
            let size = u32::try_from(self.btf.resolve_size(id).unwrap_or(0));
            if let (Some(p), Some(s), Ok(size)) = (self.out.span(from, before), self.out.span(after, to), size) {
                self.decl_cache.insert(id, p, ptr_last, s, size);
            }
        }
        r
    }

    /// Enters `id` and pushes its declarator chain (pointers, modifiers,
    /// arrays and prototypes down to the terminal type) onto `self.decl`;
    /// returns where the chain starts. The caller truncates to that start
    /// and leaves `id` when done.
    pub(crate) fn push_decl_chain(&mut self, id: TypeId) -> Result<usize> {
        let mut id = id;
        self.enter(id)?;
        let start = self.decl.len();
        loop {
            if self.decl.len() - start >= MAX_CHAIN {
                self.decl.truncate(start);
                self.leave();
                return Err(Error::TooDeep(id));
            }
            self.step(id)?;
            let t = self.ty(id)?;
            let kind = t.kind();
            self.decl.push((t, kind));
            if id.0 == 0 {
                break;
            }
            match kind {
                BtfKind::PTR
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::FUNC_PROTO
                | BtfKind::TYPE_TAG => id = t.type_id(),
                BtfKind::ARRAY => match t.array() {
                    Some(a) => id = a.elem,
                    None => break,
                },
                // Terminal types, and kinds libbpf warns about ("unexpected
                // type in decl chain").
                _ => break,
            }
        }
        Ok(start)
    }

    #[inline]
    fn top_kind(&self, base: usize, cnt: usize) -> BtfKind {
        self.decl[base + cnt - 1].1
    }

    /// Prints and pops the `const`/`volatile`/`restrict` prefixes of a
    /// terminal type.
    fn emit_mods(&mut self, base: usize, cnt: &mut usize) -> Result<()> {
        while *cnt > 0 {
            let kw: &[u8] = match self.top_kind(base, *cnt) {
                BtfKind::VOLATILE => b"volatile ",
                BtfKind::CONST => b"const ",
                BtfKind::RESTRICT => b"restrict ",
                _ => return Ok(()),
            };
            self.out.s(kw)?;
            *cnt -= 1;
        }
        Ok(())
    }

    /// Pops modifiers (including type tags) without printing them.
    fn drop_mods(&mut self, base: usize, cnt: &mut usize) -> Result<()> {
        while *cnt > 0
            && matches!(
                self.top_kind(base, *cnt),
                BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT | BtfKind::TYPE_TAG
            )
        {
            *cnt -= 1;
        }
        Ok(())
    }

    /// The declarator's name, with a space before it unless it is empty or
    /// follows a `*`; its place is kept for the cache.
    fn emit_name(&mut self, name: Name<'a>, last_was_ptr: bool) -> Result<()> {
        let before = self.out.mark();
        self.put_name(name, last_was_ptr)?;
        // Printed twice (which no chain does), the text would not be
        // "the same around any name".
        self.name_at = match self.name_at {
            None => Some((before, last_was_ptr, self.out.mark())),
            Some(_) => {
                self.varying += 1;
                None
            }
        };
        Ok(())
    }

    #[inline]
    fn put_name(&mut self, name: Name<'a>, last_was_ptr: bool) -> Result<()> {
        if !name.is_empty() && !last_was_ptr {
            self.out.b(b' ')?;
        }
        name.write(&mut self.out)
    }

    fn emit_type_chain(&mut self, base: usize, cnt: &mut usize, fname: Name<'a>, lvl: usize) -> Result<()> {
        if self.depth >= MAX_DEPTH {
            return Err(Error::TooDeep(TypeId(0)));
        }
        // No space before the first `*` (`(*f)`, `int ***p`).
        let mut last_was_ptr = true;
        while *cnt > 0 {
            *cnt -= 1;
            let (t, kind) = self.decl[base + *cnt];
            if t.id().0 == 0 {
                self.emit_mods(base, cnt)?;
                self.out.s(b"void")?;
                last_was_ptr = false;
                continue;
            }
            match kind {
                BtfKind::INT | BtfKind::FLOAT => {
                    self.emit_mods(base, cnt)?;
                    self.out.s(self.raw(t.name_off()))?;
                }
                BtfKind::STRUCT | BtfKind::UNION => {
                    self.emit_mods(base, cnt)?;
                    if t.name_off().0 == 0 {
                        self.varying += 1;
                        self.depth += 1;
                        let r = self.emit_struct_def(&t, lvl);
                        self.depth -= 1;
                        r?;
                    } else {
                        self.emit_struct_fwd(&t)?;
                    }
                }
                BtfKind::ENUM | BtfKind::ENUM64 => {
                    self.emit_mods(base, cnt)?;
                    if t.name_off().0 == 0 {
                        self.varying += 1;
                        self.emit_enum_def(&t, lvl)?;
                    } else {
                        self.emit_enum_fwd(&t)?;
                    }
                }
                BtfKind::FWD => {
                    self.emit_mods(base, cnt)?;
                    let name = self.type_name(&t);
                    self.out.s(if t.kflag() { b"union " } else { b"struct " })?;
                    name.write(&mut self.out)?;
                }
                BtfKind::TYPEDEF => {
                    self.emit_mods(base, cnt)?;
                    let name = self.ident_name(&t);
                    name.write(&mut self.out)?;
                }
                BtfKind::PTR => self.out.s(if last_was_ptr { b"*" } else { b" *" })?,
                BtfKind::VOLATILE => self.out.s(b" volatile")?,
                BtfKind::CONST => self.out.s(b" const")?,
                BtfKind::RESTRICT => self.out.s(b" restrict")?,
                BtfKind::TYPE_TAG => {
                    self.emit_mods(base, cnt)?;
                    let tag = self.raw(t.name_off());
                    if t.kflag() {
                        self.out.s(b" __attribute__((")?;
                        self.out.s(tag)?;
                        self.out.s(b"))")?;
                    } else {
                        self.out.s(b" __attribute__((btf_type_tag(\"")?;
                        self.out.s(tag)?;
                        self.out.s(b"\")))")?;
                    }
                }
                BtfKind::ARRAY => {
                    let nelems = t.array().map_or(0, |a| a.nelems);
                    // GCC adds const/volatile to arrays of const elements
                    // (bug 8354); they mean nothing there.
                    self.drop_mods(base, cnt)?;
                    if *cnt == 0 {
                        self.emit_name(fname, last_was_ptr)?;
                        return self.dims(nelems);
                    }
                    let multidim = self.top_kind(base, *cnt) == BtfKind::ARRAY;
                    // A space that depends on the name.
                    self.varying += 1;
                    if !fname.is_empty() && !last_was_ptr {
                        self.out.b(b' ')?;
                    }
                    if !multidim {
                        self.out.b(b'(')?;
                    }
                    self.depth += 1;
                    let r = self.emit_type_chain(base, cnt, fname, lvl);
                    self.depth -= 1;
                    r?;
                    if !multidim {
                        self.out.b(b')')?;
                    }
                    return self.dims(nelems);
                }
                BtfKind::FUNC_PROTO => {
                    // GCC marks noreturn function pointers volatile: drop.
                    self.drop_mods(base, cnt)?;
                    if *cnt > 0 {
                        self.out.s(b" (")?;
                        self.depth += 1;
                        let r = self.emit_type_chain(base, cnt, fname, lvl);
                        self.depth -= 1;
                        r?;
                        self.out.b(b')')?;
                    } else {
                        self.emit_name(fname, last_was_ptr)?;
                    }
                    self.out.b(b'(')?;
                    let vlen = t.vlen() as usize;
                    let mut params = t.params();
                    let first_void = t.params().next().is_some_and(|p| p.type_id.0 == 0);
                    if vlen == 0 || (vlen == 1 && first_void) {
                        return self.out.s(b"void)");
                    }
                    let n = params.len();
                    for i in 0..n {
                        let Some(p) = params.next() else { break };
                        if i > 0 {
                            self.out.s(b", ")?;
                        }
                        // A last parameter of type void is `...`.
                        if i == n - 1 && p.type_id.0 == 0 {
                            self.out.s(b"...")?;
                            break;
                        }
                        let name = Name::plain(self.raw(p.name_off));
                        self.emit_type_decl(p.type_id, name, lvl)?;
                    }
                    return self.out.b(b')');
                }
                // libbpf: "unexpected type in decl chain"; stops here.
                _ => return Ok(()),
            }
            last_was_ptr = kind == BtfKind::PTR;
        }
        self.emit_name(fname, last_was_ptr)
    }

    fn dims(&mut self, nelems: u32) -> Result<()> {
        self.out.b(b'[')?;
        self.out.u64(u64::from(nelems))?;
        self.out.b(b']')
    }
}

/// A declarator the cache knows: where its text is, and how a name goes in.
#[derive(Clone, Copy)]
pub(crate) struct CachedDecl {
    at: u32,
    prefix_len: u16,
    suffix_len: u16,
    /// Whether the name follows a `*` (no space before it).
    pub ptr_last: bool,
    /// The type's size (`btf__resolve_size`; 0 when it has none).
    size: u32,
}

/// The printed text before and after the name of recent declarators, by
/// type id: a member of type `struct list_head`, `const char *` or
/// `int (*)(struct sock *, int)` prints the same text around its name
/// every time once the names in it are resolved (they resolve once), so
/// the chain is walked the first time only. Not cached: declarators that
/// define an anonymous type inline (indented to where they are), print a
/// space that depends on the name, or fail. Direct-mapped, and cleared
/// when its text outgrows [`DeclCache::TEXT`] bytes.
pub(crate) struct DeclCache {
    /// (id + 1, entry); 0: empty.
    slots: Vec<(u32, CachedDecl)>,
    text: Vec<u8>,
}

impl DeclCache {
    const SLOTS: usize = 4096;
    const TEXT: usize = 1 << 16;

    /// An empty cache (allocates on first insert).
    pub fn new() -> DeclCache {
        DeclCache { slots: Vec::new(), text: Vec::new() }
    }

    #[inline]
    fn get(&self, id: TypeId) -> Option<CachedDecl> {
        #[cfg(test)]
        if tests::OFF.get() {
            return None;
        }
        let (key, e) = *self.slots.get(id.0 as usize % Self::SLOTS)?;
        #[cfg(test)]
        tests::HITS.set(tests::HITS.get() + u64::from(key == id.0.wrapping_add(1)));
        (key == id.0.wrapping_add(1)).then_some(e)
    }

    /// The size of `id` (as [`Btf::resolve_size`](bpfkit_btf::Btf::resolve_size) finds
    /// it, 0 for none) if the cache knows `id`.
    #[inline]
    pub fn size(&self, id: TypeId) -> Option<u32> {
        self.get(id).map(|e| e.size)
    }

    #[inline]
    fn prefix(&self, e: &CachedDecl) -> &[u8] {
        let a = e.at as usize;
        self.text.get(a..a + usize::from(e.prefix_len)).unwrap_or(&[])
    }

    #[inline]
    fn suffix(&self, e: &CachedDecl) -> &[u8] {
        let a = e.at as usize + usize::from(e.prefix_len);
        self.text.get(a..a + usize::from(e.suffix_len)).unwrap_or(&[])
    }

    fn insert(&mut self, id: TypeId, prefix: &[u8], ptr_last: bool, suffix: &[u8], size: u32) {
        let (Ok(prefix_len), Ok(suffix_len)) = (u16::try_from(prefix.len()), u16::try_from(suffix.len())) else {
            return;
        };
        if self.slots.is_empty() {
            self.slots =
                vec![(0, CachedDecl { at: 0, prefix_len: 0, suffix_len: 0, ptr_last: false, size: 0 }); Self::SLOTS];
            self.text.reserve_exact(Self::TEXT);
        }
        if self.text.len() + prefix.len() + suffix.len() > Self::TEXT {
            self.text.clear();
            self.slots.iter_mut().for_each(|s| s.0 = 0);
        }
        let at = self.text.len() as u32;
        self.text.extend_from_slice(prefix);
        self.text.extend_from_slice(suffix);
        self.slots[id.0 as usize % Self::SLOTS] =
            (id.0.wrapping_add(1), CachedDecl { at, prefix_len, suffix_len, ptr_last, size });
    }
}

#[cfg(test)]
mod tests {
    use crate::{Config, Order, header_bytes};
    use bpfkit_btf::write::{BtfBuilder, MemberSpec};
    use bpfkit_btf::{Btf, BtfKind, Endian, IntEncoding, Linkage, TypeId};
    use std::cell::Cell;

    std::thread_local! {
        /// Set: the cache finds nothing (printing walks every declarator).
        pub(super) static OFF: Cell<bool> = const { Cell::new(false) };
        /// Declarators the cache found on this thread.
        pub(super) static HITS: Cell<u64> = const { Cell::new(0) };
    }

    /// Declarators used more than once, in every place one goes: function
    /// pointers as named members, as unnamed parameters and behind
    /// typedefs; pointers to arrays (whose space depends on the name);
    /// arrays of function pointers; qualifiers and type tags; a prototype
    /// with an anonymous enum parameter (defined inline at each use); a
    /// member without a name.
    fn declarators() -> Vec<u8> {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let fwd = b.add_fwd("sock", false);
        let sock_ptr = b.add_ptr(fwd);
        let cb = b.add_func_proto(int, &[("", sock_ptr), ("", int)]);
        let cb_ptr = b.add_ptr(cb);
        let arr = b.add_array(int, int, 4);
        let arr_ptr = b.add_ptr(arr);
        let cst = b.add_const(arr_ptr);
        let void_proto = b.add_func_proto(TypeId(0), &[]);
        let void_ptr = b.add_ptr(void_proto);
        let fn_arr = b.add_array(void_ptr, int, 3);
        let tagged = b.add_type_tag("user", sock_ptr, false);
        let vol = b.add_volatile(tagged);
        let anon = b.add_enum("", 4, false, &[("A", 1)]);
        let with_enum = b.add_func_proto(int, &[("e", anon), ("p", arr_ptr)]);
        let with_enum_ptr = b.add_ptr(with_enum);
        let outer = b.add_func_proto(cb_ptr, &[("f", cb_ptr), ("", arr_ptr), ("", cst)]);
        let outer_ptr = b.add_ptr(outer);
        let td = b.add_typedef("cb_t", cb_ptr);
        let m = |name, ty, bits| MemberSpec::new(name, ty, bits);
        for s in ["one", "two"] {
            b.add_struct(
                s,
                104,
                &[
                    m("f", cb_ptr, 0),
                    m("g", cb_ptr, 64),
                    m("", cb_ptr, 128),
                    m("a", arr_ptr, 192),
                    m("", arr_ptr, 256),
                    m("c", cst, 320),
                    m("v", fn_arr, 384),
                    m("t", vol, 576),
                    m("e", with_enum_ptr, 640),
                    m("o", outer_ptr, 704),
                    m("d", td, 768),
                ],
            );
        }
        let f = b.add_func("kf", outer, Linkage::GLOBAL);
        b.add_decl_tag("bpf_kfunc", f, -1, false);
        let _ = b.add_ref(BtfKind::RESTRICT, "", sock_ptr);
        b.encode(Endian::Little)
    }

    fn kernel(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/btf").join(name);
        let gz = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut out = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::GzDecoder::new(&gz[..]), &mut out).unwrap();
        out
    }

    /// The cache changes no byte: the same header with it and without it
    /// (one thread, so that it is this thread's cache), for the
    /// declarators above and a kernel; and it is used.
    #[test]
    fn the_cache_changes_nothing() {
        for (name, data) in [("declarators", declarators()), ("6.1", kernel("vmlinux-6.1-cloud-amd64.btf.gz"))] {
            let btf = Btf::parse(&data).unwrap();
            for order in [Order::Sorted, Order::Unsorted] {
                let config = Config::new().order(order).threads(1);
                HITS.set(0);
                let cached = header_bytes(&btf, &config).unwrap();
                assert!(HITS.get() > 5, "{name}: the cache was used {} times", HITS.get());
                OFF.set(true);
                let walked = header_bytes(&btf, &config);
                OFF.set(false);
                let walked = walked.unwrap();
                if cached != walked {
                    let at = cached.iter().zip(&walked).position(|(a, b)| a != b).unwrap_or(0);
                    let ctx = |v: &[u8]| {
                        String::from_utf8_lossy(&v[at.saturating_sub(120)..(at + 80).min(v.len())]).into_owned()
                    };
                    panic!("{name} {order:?}: byte {at} differs:\ncached: {}\nwalked: {}", ctx(&cached), ctx(&walked));
                }
            }
        }
    }
}

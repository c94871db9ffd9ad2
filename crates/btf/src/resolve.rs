//! Helpers over the type graph: sizes, alignment, skipping modifiers and
//! typedefs, C-style names. Every walk is bounded, so reference cycles in
//! malformed input end in an error, not a hang.

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{BtfKind, TypeId};
use crate::types::Type;

/// How many references a walk follows before it gives up (libbpf's `MAX_RESOLVE_DEPTH`).
pub const MAX_RESOLVE_DEPTH: usize = 32;

/// The most types `Btf::type_name` spells out in one name.
const TYPE_NAME_PARTS: usize = 1024;

/// Types a modifier/typedef chain is followed one by one before the table
/// of chain ends is made.
const SHORT_CHAIN: usize = 16;

/// The chain-end mark of a cycle.
const CYCLE: u32 = u32::MAX;

fn too_deep(id: TypeId) -> Error {
    Error::new(ErrorKind::TooDeep { id: id.0 })
}
#[cold]
fn wrong_kind(id: TypeId, found: BtfKind, expected: &'static str) -> Error {
    Error::new(ErrorKind::WrongKind { id: id.0, expected, found })
}
const SIZED: &str = "a type with a size";
const TOO_BIG: &str = "a type smaller than 4 GiB";

impl<'a> Btf<'a> {
    /// The pointer size used for layout: [`Btf::pointer_size`], or 8 when
    /// the BTF does not tell (libbpf falls back to the host's `sizeof(void *)`).
    pub fn effective_pointer_size(&self) -> u32 {
        match self.pointer_size() {
            0 => 8,
            s => s,
        }
    }

    /// The size in bytes of the type with `id` (libbpf's `btf__resolve_size`).
    pub fn resolve_size(&self, id: TypeId) -> Result<u64> {
        let mut nelems: u64 = 1;
        let mut cur = id;
        for _ in 0..MAX_RESOLVE_DEPTH {
            let t = self.type_by_id(cur)?;
            let size = match t.kind() {
                BtfKind::INT
                | BtfKind::STRUCT
                | BtfKind::UNION
                | BtfKind::ENUM
                | BtfKind::ENUM64
                | BtfKind::DATASEC
                | BtfKind::FLOAT => u64::from(t.size()),
                BtfKind::PTR => u64::from(self.effective_pointer_size()),
                BtfKind::TYPEDEF
                | BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::VAR
                | BtfKind::DECL_TAG
                | BtfKind::TYPE_TAG => {
                    cur = t.type_id();
                    continue;
                }
                BtfKind::ARRAY => {
                    let a = t.array().ok_or_else(|| wrong_kind(cur, t.kind(), "an array"))?;
                    if nelems != 0 && u64::from(a.nelems) > u64::from(u32::MAX) / nelems {
                        return Err(wrong_kind(cur, t.kind(), TOO_BIG));
                    }
                    nelems *= u64::from(a.nelems);
                    cur = a.elem;
                    continue;
                }
                k => return Err(wrong_kind(cur, k, SIZED)),
            };
            if nelems != 0 && size > u64::from(u32::MAX) / nelems {
                return Err(wrong_kind(cur, t.kind(), TOO_BIG));
            }
            return Ok(nelems * size);
        }
        Err(too_deep(id))
    }

    /// The alignment of the type with `id` (libbpf's `btf__align_of`):
    /// packed-aware, so a struct whose members are misaligned aligns to 1.
    pub fn align_of(&self, id: TypeId) -> Result<u32> {
        self.align_of_depth(id, 0)
    }

    fn align_of_depth(&self, id: TypeId, depth: usize) -> Result<u32> {
        if depth > MAX_RESOLVE_DEPTH {
            return Err(too_deep(id));
        }
        let t = self.type_by_id(id)?;
        let ptr = self.effective_pointer_size();
        match t.kind() {
            BtfKind::INT | BtfKind::ENUM | BtfKind::ENUM64 | BtfKind::FLOAT => Ok(ptr.min(t.size())),
            BtfKind::PTR => Ok(ptr),
            BtfKind::TYPEDEF | BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::TYPE_TAG => {
                self.align_of_depth(t.type_id(), depth + 1)
            }
            BtfKind::ARRAY => {
                let a = t.array().ok_or_else(|| wrong_kind(id, t.kind(), "an array"))?;
                self.align_of_depth(a.elem, depth + 1)
            }
            BtfKind::STRUCT | BtfKind::UNION => {
                let mut max_align = 1;
                for m in t.members() {
                    let align = self.align_of_depth(m.type_id, depth + 1)?;
                    if align == 0 {
                        let found = self.get(m.type_id).map_or(BtfKind::UNKN, |m| m.kind());
                        return Err(wrong_kind(m.type_id, found, "a type with an alignment"));
                    }
                    max_align = max_align.max(align);
                    if m.bitfield_size == 0 && m.raw_offset % (8 * align) != 0 {
                        return Ok(1);
                    }
                }
                if t.size() % max_align != 0 {
                    return Ok(1);
                }
                Ok(max_align)
            }
            k => Err(wrong_kind(id, k, "a type with an alignment")),
        }
    }

    /// Follows CONST/VOLATILE/RESTRICT/TYPE_TAG and TYPEDEF to the underlying type.
    ///
    /// A chain longer than a few types is not walked again each time: the
    /// first one makes a table of where every id's chain ends (one pass over
    /// all types), so many lookups through one long chain stay linear.
    pub fn skip_mods_and_typedefs(&self, id: TypeId) -> Result<Type<'a>> {
        let skip = |t: &Type<'a>| t.is_modifier() || t.kind() == BtfKind::TYPEDEF;
        let mut t = self.type_by_id(id)?;
        for _ in 0..SHORT_CHAIN {
            if !skip(&t) {
                return Ok(t);
            }
            t = self.type_by_id(t.type_id())?;
        }
        let ends = self.skip_ends.get_or_init(|| self.chain_ends(skip));
        match ends.get(id.0 as usize) {
            Some(&CYCLE) => Err(too_deep(id)),
            // The end, or the missing id the chain runs into (the same error).
            Some(&end) => self.type_by_id(TypeId(end)),
            None => self.skip_while(id, skip),
        }
    }

    /// For every id, where following `skip` types ends: the first type
    /// `skip` does not take, the missing id the chain runs into, or
    /// [`CYCLE`]. Linear: each chain is walked once, its ends shared.
    fn chain_ends(&self, skip: impl Fn(&Type<'a>) -> bool) -> Box<[u32]> {
        const UNSET: u32 = u32::MAX - 1;
        const ON_PATH: u32 = u32::MAX - 2;
        let n = self.type_count() as usize;
        let mut ends = vec![UNSET; n];
        let mut path = Vec::new();
        for start in 0..n {
            if ends[start] != UNSET {
                continue;
            }
            let mut cur = start as u32;
            let end = loop {
                let Some(&e) = ends.get(cur as usize) else { break cur };
                match e {
                    ON_PATH => break CYCLE,
                    UNSET => {}
                    e => break e,
                }
                let Some(t) = self.get(TypeId(cur)) else { break cur };
                if !skip(&t) {
                    break cur;
                }
                ends[cur as usize] = ON_PATH;
                path.push(cur);
                cur = t.type_id().0;
            };
            for x in path.drain(..) {
                ends[x as usize] = end;
            }
            if ends[start] == UNSET {
                ends[start] = end;
            }
        }
        ends.into_boxed_slice()
    }

    /// Follows CONST/VOLATILE/RESTRICT/TYPE_TAG to the underlying type.
    pub fn skip_mods(&self, id: TypeId) -> Result<Type<'a>> {
        self.skip_while(id, |t| t.is_modifier())
    }

    fn skip_while(&self, id: TypeId, skip: impl Fn(&Type<'a>) -> bool) -> Result<Type<'a>> {
        let mut t = self.type_by_id(id)?;
        // A chain can be as long as the type table, but never longer without a cycle.
        for _ in 0..=self.type_count() {
            if !skip(&t) {
                return Ok(t);
            }
            t = self.type_by_id(t.type_id())?;
        }
        Err(too_deep(id))
    }

    /// A short C-style name: `struct task_struct`, `int *`, `char[16]`,
    /// `const u32`, `void`; `(anon)` for anonymous composites.
    /// Past 1,024 types (`TYPE_NAME_PARTS`: prototypes whose parameters
    /// are pointers to the prototype again would make a name
    /// exponentially long), the rest is `...`.
    pub fn type_name(&self, id: TypeId) -> String {
        let mut out = String::new();
        let mut parts = TYPE_NAME_PARTS;
        self.write_type_name(id, &mut out, 0, &mut parts);
        out
    }

    fn write_type_name(&self, id: TypeId, out: &mut String, depth: usize, parts: &mut usize) {
        if depth > MAX_RESOLVE_DEPTH || *parts == 0 {
            out.push_str("...");
            return;
        }
        *parts -= 1;
        let Some(t) = self.get(id) else {
            out.push_str("<bad type>");
            return;
        };
        let name = self.name(&t);
        let named = |kw: &str, out: &mut String| {
            out.push_str(kw);
            out.push(' ');
            out.push_str(if name.is_empty() { "(anon)" } else { name });
        };
        match t.kind() {
            BtfKind::UNKN if id.0 == 0 => out.push_str("void"),
            BtfKind::STRUCT => named("struct", out),
            BtfKind::UNION => named("union", out),
            BtfKind::ENUM | BtfKind::ENUM64 => named("enum", out),
            BtfKind::FWD => named(if t.kflag() { "union" } else { "struct" }, out),
            BtfKind::INT | BtfKind::FLOAT | BtfKind::TYPEDEF | BtfKind::FUNC | BtfKind::VAR | BtfKind::DATASEC => {
                out.push_str(name)
            }
            BtfKind::PTR => {
                self.write_type_name(t.type_id(), out, depth + 1, parts);
                out.push_str(" *");
            }
            BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT => {
                out.push_str(match t.kind() {
                    BtfKind::CONST => "const ",
                    BtfKind::VOLATILE => "volatile ",
                    _ => "restrict ",
                });
                self.write_type_name(t.type_id(), out, depth + 1, parts);
            }
            BtfKind::TYPE_TAG | BtfKind::DECL_TAG => self.write_type_name(t.type_id(), out, depth + 1, parts),
            BtfKind::ARRAY => {
                if let Some(a) = t.array() {
                    self.write_type_name(a.elem, out, depth + 1, parts);
                    out.push_str(&format!("[{}]", a.nelems));
                }
            }
            BtfKind::FUNC_PROTO => {
                self.write_type_name(t.type_id(), out, depth + 1, parts);
                out.push_str(" (*)(");
                for (i, p) in t.params().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if *parts == 0 {
                        out.push_str("...");
                        break;
                    }
                    if p.type_id.0 == 0 {
                        out.push_str("...");
                    } else {
                        self.write_type_name(p.type_id, out, depth + 1, parts);
                    }
                }
                out.push(')');
            }
            k => out.push_str(&format!("<{k}>")),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::write::BtfBuilder;
    use crate::{Btf, BtfKind, Endian, IntEncoding, TypeId};

    /// A prototype whose three parameters point back at it names itself
    /// 3^32 times over down to the depth limit: the name stops after
    /// 1,024 types instead (found by fuzzing: a 2.7 GB string).
    #[test]
    fn self_referring_prototypes_have_short_names() {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        // Ids: int 1, ptr 2 (to 3), proto 3 (params: 2, 2, 2).
        let ptr = b.add_ptr(TypeId(3));
        let proto = b.add_func_proto(int, &[("a", ptr), ("b", ptr), ("c", ptr)]);
        assert_eq!(proto, TypeId(3));
        let data = b.encode(Endian::Little);
        let btf = Btf::parse(&data).unwrap();
        let name = btf.type_name(proto);
        assert!(name.starts_with("int (*)(int (*)("), "{name}");
        assert!(name.contains("..."), "{name}");
        assert!(name.len() < 64 * 1024, "{} bytes", name.len());
        // A short name is spelled out whole.
        assert_eq!(btf.type_name(int), "int");
    }

    /// The table of chain ends gives what walking each chain gives: long
    /// and short chains of modifiers and typedefs to an int, a pointer or
    /// void, and chains into a cycle (an error naming the id asked for).
    #[test]
    fn chain_ends_give_the_walks_answers() {
        let mut b = BtfBuilder::new();
        let int = b.add_int("int", 4, IntEncoding::SIGNED, 32);
        let mut ends = vec![int, TypeId(0)];
        for len in [1u32, 5, 16, 17, 40, 300] {
            for &end in &ends.clone() {
                let mut to = end;
                for k in 0..len {
                    to = match k % 4 {
                        0 => b.add_typedef("t", to),
                        1 => b.add_ref(BtfKind::CONST, "", to),
                        2 => b.add_type_tag("x", to, false),
                        _ => b.add_ref(BtfKind::VOLATILE, "", to),
                    };
                }
                ends.push(b.add_ptr(to));
            }
            // A cycle of `len` typedefs, and a chain into it (walking a
            // cycle takes as many steps as there are types: not too long).
            if len > 40 {
                continue;
            }
            let first = b.next_id().0;
            for k in 0..len {
                b.add_typedef("c", TypeId(first + (k + 1) % len));
            }
            b.add_ref(BtfKind::CONST, "", TypeId(first));
        }
        let data = b.encode(Endian::Little);
        let btf = Btf::parse(&data).unwrap();
        let skip = |t: &crate::Type<'_>| t.is_modifier() || t.kind() == BtfKind::TYPEDEF;
        for i in 0..btf.type_count() {
            let id = TypeId(i);
            let (fast, walked) = (btf.skip_mods_and_typedefs(id), btf.skip_while(id, skip));
            match (fast, walked) {
                (Ok(a), Ok(b)) => assert_eq!(a.id(), b.id(), "{i}"),
                (Err(a), Err(b)) => assert_eq!(a.to_string(), b.to_string(), "{i}"),
                (a, b) => panic!("{i}: {:?} vs {:?}", a.map(|t| t.id()), b.map(|t| t.id())),
            }
        }
        assert!(btf.skip_ends.get().is_some(), "the table was not made");
    }
}

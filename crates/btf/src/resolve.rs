//! Helpers over the type graph: sizes, alignment, skipping modifiers and
//! typedefs, C-style names. Every walk is bounded, so reference cycles in
//! malformed input end in an error, not a hang.

use crate::btf::Btf;
use crate::error::{Error, ErrorKind, Result};
use crate::kind::{BtfKind, TypeId};
use crate::types::Type;

/// How many references a walk follows before it gives up (libbpf's `MAX_RESOLVE_DEPTH`).
pub const MAX_RESOLVE_DEPTH: usize = 32;

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
    pub fn skip_mods_and_typedefs(&self, id: TypeId) -> Result<Type<'a>> {
        self.skip_while(id, |t| t.is_modifier() || t.kind() == BtfKind::TYPEDEF)
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
    pub fn type_name(&self, id: TypeId) -> String {
        let mut out = String::new();
        self.write_type_name(id, &mut out, 0);
        out
    }

    fn write_type_name(&self, id: TypeId, out: &mut String, depth: usize) {
        if depth > MAX_RESOLVE_DEPTH {
            out.push_str("...");
            return;
        }
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
                self.write_type_name(t.type_id(), out, depth + 1);
                out.push_str(" *");
            }
            BtfKind::CONST | BtfKind::VOLATILE | BtfKind::RESTRICT => {
                out.push_str(match t.kind() {
                    BtfKind::CONST => "const ",
                    BtfKind::VOLATILE => "volatile ",
                    _ => "restrict ",
                });
                self.write_type_name(t.type_id(), out, depth + 1);
            }
            BtfKind::TYPE_TAG | BtfKind::DECL_TAG => self.write_type_name(t.type_id(), out, depth + 1),
            BtfKind::ARRAY => {
                if let Some(a) = t.array() {
                    self.write_type_name(a.elem, out, depth + 1);
                    out.push_str(&format!("[{}]", a.nelems));
                }
            }
            BtfKind::FUNC_PROTO => {
                self.write_type_name(t.type_id(), out, depth + 1);
                out.push_str(" (*)(");
                for (i, p) in t.params().enumerate() {
                    if i > 0 {
                        out.push_str(", ");
                    }
                    if p.type_id.0 == 0 {
                        out.push_str("...");
                    } else {
                        self.write_type_name(p.type_id, out, depth + 1);
                    }
                }
                out.push(')');
            }
            k => out.push_str(&format!("<{k}>")),
        }
    }
}

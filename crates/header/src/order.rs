//! Topological ordering (libbpf's `btf_dump_order_type`): which named types
//! must be fully defined before which, and which can make do with a
//! forward declaration.

use crate::emit::{Emitter, ORDER_MASK, ORDERED, ORDERING, REFERENCED};
use crate::error::{Error, Result};
use bpfkit_btf::{BtfKind, TypeId};

impl<'b, 'a, 's> Emitter<'b, 'a, 's> {
    /// Queues the definitions `id` needs, then `id` itself if it is a
    /// top-level definition. Returns whether the link to `id` is strong
    /// (a full definition is needed) rather than weak (a forward
    /// declaration will do).
    #[inline]
    pub fn order_type(&mut self, id: TypeId, through_ptr: bool) -> Result<bool> {
        // Most links lead to a type ordered already: no call for those.
        if self.is_ordered(id) {
            return Ok(true);
        }
        self.order_new(id, through_ptr)
    }

    /// [`Emitter::order_type`] of a type not ordered yet.
    #[inline(never)]
    fn order_new(&mut self, id: TypeId, through_ptr: bool) -> Result<bool> {
        let Some(&st) = self.state.get(id.0 as usize) else { return Err(Error::BadTypeId(id)) };
        let st = st & ORDER_MASK;
        let t = self.ty(id)?;
        if st == ORDERING {
            // A loop, resolvable through a forward declaration.
            let (kind, named) = self.kind_named(id);
            if matches!(kind, BtfKind::STRUCT | BtfKind::UNION) && through_ptr && named {
                return Ok(false);
            }
            return Err(Error::Cycle(id));
        }
        self.enter(id)?;
        let r = self.order_inner(id, through_ptr, &t);
        self.leave();
        r
    }

    /// Whether [`Emitter::dump_type`] of `id` would do nothing now:
    /// `id` is ordered, or is a prototype, modifier or array whose parts
    /// all are (those kinds are never marked ordered themselves). Cheaper
    /// than finding out by ordering; `false` when unsure.
    pub fn settled(&self, id: TypeId, depth: u32) -> bool {
        let Some(&st) = self.state.get(id.0 as usize) else { return false };
        if st & ORDER_MASK == ORDERED {
            return true;
        }
        if depth > 16 {
            return false;
        }
        // The kind from the emitter's table first: most ids are of no
        // kind that could be settled without being ordered.
        let kind = self.kind_named(id).0;
        if !matches!(
            kind,
            BtfKind::VOLATILE
                | BtfKind::CONST
                | BtfKind::RESTRICT
                | BtfKind::TYPE_TAG
                | BtfKind::ARRAY
                | BtfKind::FUNC_PROTO
        ) {
            return false;
        }
        let Some(t) = self.btf.get(id) else { return false };
        match kind {
            BtfKind::ARRAY => t.array().is_some_and(|a| self.settled(a.elem, depth + 1)),
            BtfKind::FUNC_PROTO => {
                self.settled(t.type_id(), depth + 1) && t.params().all(|p| self.settled(p.type_id, depth + 1))
            }
            _ => self.settled(t.type_id(), depth + 1),
        }
    }

    /// Whether `id` is ordered (then [`Emitter::dump_type`] of it does
    /// nothing: its ordering stops there at once).
    #[inline]
    pub fn is_ordered(&self, id: TypeId) -> bool {
        self.state.get(id.0 as usize).is_some_and(|&s| s & ORDER_MASK == ORDERED)
    }

    /// Marks a modifier, array or prototype ordered once all its parts
    /// are. libbpf never marks these kinds, so it orders them again at
    /// each use; but with every part ordered, that finds each part
    /// ordered, does nothing and returns `true`, which is what an
    /// ordered type returns. So the mark changes nothing but the work,
    /// and the depth later walks reach (deep chains that hit the
    /// recursion limit before may now be printed, as libbpf prints them).
    fn ordered_if_parts(&mut self, id: TypeId, parts: &[TypeId]) {
        if parts.iter().all(|&p| self.is_ordered(p)) {
            self.set_order(id, ORDERED);
        }
    }

    fn set_order(&mut self, id: TypeId, order: u8) {
        let s = &mut self.state[id.0 as usize];
        *s = (*s & !ORDER_MASK) | order;
    }

    fn order_inner(&mut self, id: TypeId, through_ptr: bool, t: &bpfkit_btf::Type<'a>) -> Result<bool> {
        let (kind, named) = self.kind_named(id);
        match kind {
            BtfKind::INT | BtfKind::FLOAT => {
                self.set_order(id, ORDERED);
                Ok(false)
            }
            BtfKind::PTR => {
                let r = self.order_type(t.type_id(), true);
                self.set_order(id, ORDERED);
                r
            }
            BtfKind::ARRAY => match t.array() {
                Some(a) => {
                    let r = self.order_type(a.elem, false)?;
                    self.ordered_if_parts(id, &[a.elem]);
                    Ok(r)
                }
                None => Ok(false),
            },
            BtfKind::STRUCT | BtfKind::UNION => {
                // Only embedded (no pointer on the way) or anonymous
                // (defined inline) composites form a strong link.
                if through_ptr && named {
                    return Ok(false);
                }
                self.set_order(id, ORDERING);
                for m in t.members() {
                    self.order_type(m.type_id, false)?;
                }
                if named {
                    self.queue.push(id.0);
                }
                self.set_order(id, ORDERED);
                Ok(true)
            }
            BtfKind::ENUM | BtfKind::ENUM64 | BtfKind::FWD => {
                // Named or unreferenced enums are top-level declarations.
                if named || self.state[id.0 as usize] & REFERENCED == 0 {
                    self.queue.push(id.0);
                }
                self.set_order(id, ORDERED);
                Ok(true)
            }
            BtfKind::TYPEDEF => {
                let is_strong = self.order_type(t.type_id(), through_ptr)?;
                if through_ptr && !is_strong {
                    return Ok(false);
                }
                self.queue.push(id.0);
                self.set_order(id, ORDERED);
                Ok(true)
            }
            BtfKind::VOLATILE | BtfKind::CONST | BtfKind::RESTRICT | BtfKind::TYPE_TAG => {
                let r = self.order_type(t.type_id(), through_ptr)?;
                self.ordered_if_parts(id, &[t.type_id()]);
                Ok(r)
            }
            BtfKind::FUNC_PROTO => {
                let mut is_strong = self.order_type(t.type_id(), through_ptr)?;
                let mut parts = self.is_ordered(t.type_id());
                for p in t.params() {
                    is_strong |= self.order_type(p.type_id, through_ptr)?;
                    parts &= self.is_ordered(p.type_id);
                }
                if parts {
                    self.set_order(id, ORDERED);
                }
                Ok(is_strong)
            }
            BtfKind::FUNC | BtfKind::VAR | BtfKind::DATASEC | BtfKind::DECL_TAG => {
                self.set_order(id, ORDERED);
                Ok(false)
            }
            _ => Err(Error::UnknownKind(id)),
        }
    }
}

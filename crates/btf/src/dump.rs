//! bpftool's text formats: the raw dump (`bpftool btf dump file X`) and its
//! JSON form (`bpftool -j btf dump file X`), byte for byte.

use crate::btf::Btf;
use crate::kind::{BtfKind, IntEncoding, Linkage, StrOffset, TypeId};
use crate::types::Type;
use std::io::{self, Write};

/// Output format of [`Dumper`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum DumpFormat {
    /// bpftool's raw text: `[1] INT 'int' size=4 ...`.
    #[default]
    Raw,
    /// bpftool's compact JSON: `{"types":[{"id":1,"kind":"INT",...},...]}`.
    Json,
}

/// Configuration for a dump: format and which types.
#[derive(Clone, Debug, Default)]
pub struct Dumper {
    format: DumpFormat,
    roots: Vec<TypeId>,
    threads: usize,
}

/// Types per chunk when two threads format a full dump.
const CHUNK: u32 = 2048;

impl Dumper {
    /// A raw-text dump of every type (for split BTF, only the module's own).
    pub fn new() -> Dumper {
        Dumper::default()
    }
    /// Sets the output format.
    pub fn format(mut self, format: DumpFormat) -> Dumper {
        self.format = format;
        self
    }
    /// Dumps only these types, in this order (bpftool's `root_id`).
    pub fn roots(mut self, roots: Vec<TypeId>) -> Dumper {
        self.roots = roots;
        self
    }

    /// Threads for a full dump: 1 formats on the calling thread; 2 or more
    /// let a second thread format every other chunk of types (the output
    /// is the same); 0 (the default) picks 2 when the machine has more
    /// than one core.
    pub fn threads(mut self, n: usize) -> Dumper {
        self.threads = n;
        self
    }

    fn two_threads(&self) -> bool {
        match self.threads {
            0 => std::thread::available_parallelism().is_ok_and(|n| n.get() > 1),
            n => n > 1,
        }
    }

    /// Writes the dump to `out`. Output is buffered internally; `out` sees
    /// large writes.
    pub fn dump<W: Write>(&self, btf: &Btf<'_>, out: W) -> io::Result<()> {
        let mut o = Out { buf: Vec::with_capacity(1 << 16), sink: out };
        let json = self.format == DumpFormat::Json;
        if json {
            o.s(b"{\"types\":[");
        }
        let mut first = true;
        let mut one = |o: &mut Out<W>, id: TypeId| -> io::Result<()> {
            let Some(t) = btf.get(id) else { return Ok(()) };
            if json {
                if !first {
                    o.b(b',');
                }
                first = false;
                json_type(btf, &t, o);
            } else {
                raw_type(btf, &t, o);
            }
            o.maybe_flush()
        };
        if self.roots.is_empty() {
            let (start, end) = (btf.start_id().0, btf.type_count());
            if self.two_threads() && end - start >= 2 * CHUNK {
                dump_two_threads(btf, json, start, end, &mut o)?;
            } else {
                for i in start..end {
                    one(&mut o, TypeId(i))?;
                }
            }
        } else {
            for &id in &self.roots {
                one(&mut o, id)?;
            }
        }
        if json {
            o.s(b"]}\n");
        }
        o.flush()
    }

    /// The dump as a `String` (names that are not UTF-8 are replaced).
    pub fn to_string(&self, btf: &Btf<'_>) -> String {
        let mut v = Vec::new();
        let _ = self.dump(btf, &mut v);
        String::from_utf8_lossy(&v).into_owned()
    }
}

/// Type `i` of a full dump from `start`: in JSON, a comma before all but
/// the first (every id in the range is a type).
fn format_one<W: Write>(btf: &Btf<'_>, json: bool, start: u32, o: &mut Out<W>, i: u32) {
    let Some(t) = btf.get(TypeId(i)) else { return };
    if json {
        if i != start {
            o.b(b',');
        }
        json_type(btf, &t, o);
    } else {
        raw_type(btf, &t, o);
    }
}

/// A full dump with a second thread formatting the odd chunks of types
/// into buffers that this thread writes in order between its own.
fn dump_two_threads<W: Write>(btf: &Btf<'_>, json: bool, start: u32, end: u32, o: &mut Out<W>) -> io::Result<()> {
    let chunks: Vec<(u32, u32)> = (start..end).step_by(CHUNK as usize).map(|a| (a, (a + CHUNK).min(end))).collect();
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(1);
        let chunks_w = &chunks;
        let worker = std::thread::Builder::new().spawn_scoped(scope, move || {
            for &(a, b) in chunks_w.iter().skip(1).step_by(2) {
                let mut w = Out { buf: Vec::with_capacity(1 << 18), sink: io::sink() };
                for i in a..b {
                    format_one(btf, json, start, &mut w, i);
                }
                if tx.send(w.buf).is_err() {
                    return;
                }
            }
        });
        // Without the worker (it could not start, or stopped), this thread
        // formats its chunks too.
        let rx = worker.ok().map(|_| rx);
        for (k, &(a, b)) in chunks.iter().enumerate() {
            if k % 2 == 1
                && let Some(buf) = rx.as_ref().and_then(|rx| rx.recv().ok())
            {
                o.put(&buf)?;
                continue;
            }
            for i in a..b {
                format_one(btf, json, start, o, i);
                o.maybe_flush()?;
            }
        }
        Ok(())
    })
}

struct Out<W: Write> {
    buf: Vec<u8>,
    sink: W,
}

impl<W: Write> Out<W> {
    #[inline]
    fn s(&mut self, s: &[u8]) {
        self.buf.extend_from_slice(s);
    }
    #[inline]
    fn b(&mut self, b: u8) {
        self.buf.push(b);
    }
    #[inline]
    fn u(&mut self, v: u64) {
        self.buf.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
    #[inline]
    fn i(&mut self, v: i64) {
        if v < 0 {
            self.b(b'-');
        }
        self.u(v.unsigned_abs());
    }
    /// Writes what is buffered, then `bytes`.
    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.sink.write_all(&self.buf)?;
        self.buf.clear();
        self.sink.write_all(bytes)
    }
    fn maybe_flush(&mut self) -> io::Result<()> {
        if self.buf.len() >= 1 << 16 { self.flush() } else { Ok(()) }
    }
    fn flush(&mut self) -> io::Result<()> {
        self.sink.write_all(&self.buf)?;
        self.buf.clear();
        self.sink.flush()
    }
}

/// bpftool's `btf_str`: `(anon)` for offset 0, `(invalid)` when out of range.
fn name<'a>(btf: &Btf<'a>, off: StrOffset) -> &'a [u8] {
    if off.0 == 0 {
        return b"(anon)";
    }
    btf.str_bytes(off).unwrap_or(b"(invalid)")
}

fn raw_type<W: Write>(btf: &Btf<'_>, t: &Type<'_>, o: &mut Out<W>) {
    let kind = t.kind();
    o.b(b'[');
    o.u(u64::from(t.id().0));
    o.s(b"] ");
    o.s(kind.name().as_bytes());
    o.s(b" '");
    o.s(name(btf, t.name_off()));
    o.b(b'\'');
    match kind {
        BtfKind::INT => {
            let i = t.int().unwrap_or(crate::IntInfo { encoding: IntEncoding(0), offset: 0, bits: 0 });
            o.s(b" size=");
            o.u(t.size().into());
            o.s(b" bits_offset=");
            o.u(i.offset.into());
            o.s(b" nr_bits=");
            o.u(i.bits.into());
            o.s(b" encoding=");
            o.s(i.encoding.name().as_bytes());
        }
        BtfKind::PTR
        | BtfKind::CONST
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPEDEF
        | BtfKind::TYPE_TAG => {
            o.s(b" type_id=");
            o.u(t.type_id().0.into());
        }
        BtfKind::ARRAY => {
            if let Some(a) = t.array() {
                o.s(b" type_id=");
                o.u(a.elem.0.into());
                o.s(b" index_type_id=");
                o.u(a.index.0.into());
                o.s(b" nr_elems=");
                o.u(a.nelems.into());
            }
        }
        BtfKind::STRUCT | BtfKind::UNION => {
            o.s(b" size=");
            o.u(t.size().into());
            o.s(b" vlen=");
            o.u(t.vlen().into());
            for m in t.members() {
                o.s(b"\n\t'");
                o.s(name(btf, m.name_off));
                o.s(b"' type_id=");
                o.u(m.type_id.0.into());
                o.s(b" bits_offset=");
                o.u(m.bit_offset.into());
                if m.bitfield_size != 0 {
                    o.s(b" bitfield_size=");
                    o.u(m.bitfield_size.into());
                }
            }
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            let signed = t.kflag();
            o.s(if signed { b" encoding=SIGNED size=" } else { b" encoding=UNSIGNED size=" });
            o.u(t.size().into());
            o.s(b" vlen=");
            o.u(t.vlen().into());
            let is64 = kind == BtfKind::ENUM64;
            for e in t.enumerators() {
                o.s(b"\n\t'");
                o.s(name(btf, e.name_off));
                o.s(b"' val=");
                match (is64, signed) {
                    (false, true) => o.i(e.value as i32 as i64),
                    (false, false) => o.u(e.value & 0xffff_ffff),
                    (true, true) => {
                        o.i(e.value as i64);
                        o.s(b"LL");
                    }
                    (true, false) => {
                        o.u(e.value);
                        o.s(b"ULL");
                    }
                }
            }
        }
        BtfKind::FWD => {
            o.s(if t.kflag() { b" fwd_kind=union" } else { b" fwd_kind=struct" });
        }
        BtfKind::FUNC => {
            o.s(b" type_id=");
            o.u(t.type_id().0.into());
            o.s(b" linkage=");
            o.s(Linkage(t.vlen()).name().as_bytes());
        }
        BtfKind::FUNC_PROTO => {
            o.s(b" ret_type_id=");
            o.u(t.type_id().0.into());
            o.s(b" vlen=");
            o.u(t.vlen().into());
            for p in t.params() {
                o.s(b"\n\t'");
                o.s(name(btf, p.name_off));
                o.s(b"' type_id=");
                o.u(p.type_id.0.into());
            }
        }
        BtfKind::VAR => {
            o.s(b" type_id=");
            o.u(t.type_id().0.into());
            o.s(b", linkage=");
            o.s(t.var_linkage().unwrap_or_default().name().as_bytes());
        }
        BtfKind::DATASEC => {
            o.s(b" size=");
            o.u(t.size().into());
            o.s(b" vlen=");
            o.u(t.vlen().into());
            for v in t.datasec_vars() {
                o.s(b"\n\ttype_id=");
                o.u(v.type_id.0.into());
                o.s(b" offset=");
                o.u(v.offset.into());
                o.s(b" size=");
                o.u(v.size.into());
                if v.type_id.0 < btf.type_count()
                    && let Some(vt) = btf.get(v.type_id)
                {
                    o.s(b" (");
                    o.s(vt.kind().name().as_bytes());
                    o.s(b" '");
                    o.s(name(btf, vt.name_off()));
                    o.s(b"')");
                }
            }
        }
        BtfKind::FLOAT => {
            o.s(b" size=");
            o.u(t.size().into());
        }
        BtfKind::DECL_TAG => {
            o.s(b" type_id=");
            o.u(t.type_id().0.into());
            o.s(b" component_idx=");
            o.i(t.decl_tag_component().unwrap_or(-1).into());
        }
        _ => {}
    }
    o.b(b'\n');
}

/// The bytes `json_str` escapes, by value (one load per byte to test).
const ESCAPED: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i as u8, b'\t' | b'\n' | b'\r' | 0x0c | 0x08 | b'\\' | b'"');
        i += 1;
    }
    t
};

/// Where the first byte `json_str` escapes is in `s`, if anywhere: eight
/// bytes at a time, past words with no control byte, `"` or `\\`.
#[inline]
fn first_escaped(s: &[u8]) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGH;
    let mut words = s.chunks_exact(8);
    let mut at = 0;
    for w in &mut words {
        let x = u64::from_le_bytes([w[0], w[1], w[2], w[3], w[4], w[5], w[6], w[7]]);
        // A byte below 0x20 (a candidate: not every control byte is
        // escaped), or equal to `"` or `\\`.
        let flagged =
            (x.wrapping_sub(ONES * 0x20) & !x & HIGH) | zero_byte(x ^ (ONES * 0x22)) | zero_byte(x ^ (ONES * 0x5c));
        if flagged != 0
            && let Some(i) = w.iter().position(|&c| ESCAPED[usize::from(c)])
        {
            return Some(at + i);
        }
        at += 8;
    }
    words.remainder().iter().position(|&c| ESCAPED[usize::from(c)]).map(|i| at + i)
}

fn json_str<W: Write>(o: &mut Out<W>, s: &[u8]) {
    o.b(b'"');
    // The runs without anything to escape go in one piece.
    let mut rest = s;
    while let Some(i) = first_escaped(rest) {
        o.s(&rest[..i]);
        o.s(match rest[i] {
            b'\t' => b"\\t",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            0x0c => b"\\f",
            0x08 => b"\\b",
            b'\\' => b"\\\\",
            _ => b"\\\"",
        });
        rest = &rest[i + 1..];
    }
    o.s(rest);
    o.b(b'"');
}

/// `,"KEY":` as one constant (written in one piece).
macro_rules! key {
    ($k:literal) => {
        concat!(",\"", $k, "\":")
    };
}

/// `"KEY":`, the first key of an object.
macro_rules! first_key {
    ($k:literal) => {
        concat!("\"", $k, "\":")
    };
}

/// A key (made by `key!`) and a number.
#[inline(always)]
fn ju<W: Write>(o: &mut Out<W>, key: &str, v: u64) {
    o.s(key.as_bytes());
    o.u(v);
}

/// A key (made by `key!`) and a string.
#[inline(always)]
fn js<W: Write>(o: &mut Out<W>, key: &str, v: &[u8]) {
    o.s(key.as_bytes());
    json_str(o, v);
}

fn json_type<W: Write>(btf: &Btf<'_>, t: &Type<'_>, o: &mut Out<W>) {
    let kind = t.kind();
    o.b(b'{');
    o.s(first_key!("id").as_bytes());
    o.u(t.id().0.into());
    js(o, key!("kind"), kind.name().as_bytes());
    js(o, key!("name"), name(btf, t.name_off()));
    match kind {
        BtfKind::INT => {
            let i = t.int().unwrap_or(crate::IntInfo { encoding: IntEncoding(0), offset: 0, bits: 0 });
            ju(o, key!("size"), t.size().into());
            ju(o, key!("bits_offset"), i.offset.into());
            ju(o, key!("nr_bits"), i.bits.into());
            js(o, key!("encoding"), i.encoding.name().as_bytes());
        }
        BtfKind::PTR
        | BtfKind::CONST
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPEDEF
        | BtfKind::TYPE_TAG => ju(o, key!("type_id"), t.type_id().0.into()),
        BtfKind::ARRAY => {
            if let Some(a) = t.array() {
                ju(o, key!("type_id"), a.elem.0.into());
                ju(o, key!("index_type_id"), a.index.0.into());
                ju(o, key!("nr_elems"), a.nelems.into());
            }
        }
        BtfKind::STRUCT | BtfKind::UNION => {
            ju(o, key!("size"), t.size().into());
            ju(o, key!("vlen"), t.vlen().into());
            o.s(key!("members").as_bytes());
            o.b(b'[');
            for (i, m) in t.members().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                o.s(first_key!("name").as_bytes());
                json_str(o, name(btf, m.name_off));
                ju(o, key!("type_id"), m.type_id.0.into());
                ju(o, key!("bits_offset"), m.bit_offset.into());
                if m.bitfield_size != 0 {
                    ju(o, key!("bitfield_size"), m.bitfield_size.into());
                }
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            let signed = t.kflag();
            js(o, key!("encoding"), if signed { b"SIGNED" } else { b"UNSIGNED" });
            ju(o, key!("size"), t.size().into());
            ju(o, key!("vlen"), t.vlen().into());
            o.s(key!("values").as_bytes());
            o.b(b'[');
            let is64 = kind == BtfKind::ENUM64;
            for (i, e) in t.enumerators().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                o.s(first_key!("name").as_bytes());
                json_str(o, name(btf, e.name_off));
                o.s(key!("val").as_bytes());
                match (is64, signed) {
                    (false, true) => o.i(e.value as i32 as i64),
                    (false, false) => o.u(e.value & 0xffff_ffff),
                    (true, true) => o.i(e.value as i64),
                    (true, false) => o.u(e.value),
                }
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::FWD => js(o, key!("fwd_kind"), if t.kflag() { b"union" } else { b"struct" }),
        BtfKind::FUNC => {
            ju(o, key!("type_id"), t.type_id().0.into());
            js(o, key!("linkage"), Linkage(t.vlen()).name().as_bytes());
        }
        BtfKind::FUNC_PROTO => {
            ju(o, key!("ret_type_id"), t.type_id().0.into());
            ju(o, key!("vlen"), t.vlen().into());
            o.s(key!("params").as_bytes());
            o.b(b'[');
            for (i, p) in t.params().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                o.s(first_key!("name").as_bytes());
                json_str(o, name(btf, p.name_off));
                ju(o, key!("type_id"), p.type_id.0.into());
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::VAR => {
            ju(o, key!("type_id"), t.type_id().0.into());
            js(o, key!("linkage"), t.var_linkage().unwrap_or_default().name().as_bytes());
        }
        BtfKind::DATASEC => {
            ju(o, key!("size"), t.size().into());
            ju(o, key!("vlen"), t.vlen().into());
            o.s(key!("vars").as_bytes());
            o.b(b'[');
            for (i, v) in t.datasec_vars().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                o.s(first_key!("type_id").as_bytes());
                o.u(v.type_id.0.into());
                ju(o, key!("offset"), v.offset.into());
                ju(o, key!("size"), v.size.into());
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::FLOAT => ju(o, key!("size"), t.size().into()),
        BtfKind::DECL_TAG => {
            ju(o, key!("type_id"), t.type_id().0.into());
            o.s(key!("component_idx").as_bytes());
            o.i(t.decl_tag_component().unwrap_or(-1).into());
        }
        _ => {}
    }
    o.b(b'}');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The word-at-a-time search finds what a byte-at-a-time one finds:
    /// each escaped byte, and bytes near the ones it looks for, at every
    /// place in strings of every length up to 40.
    #[test]
    fn first_escaped_is_the_first_escaped_byte() {
        let naive = |s: &[u8]| s.iter().position(|&c| ESCAPED[usize::from(c)]);
        for len in 0..40 {
            for at in 0..len.max(1) {
                for c in [
                    b'\t', b'\n', b'\r', 0x0c, 0x08, b'\\', b'"', 0x00, 0x1f, 0x20, 0x21, 0x23, 0x5b, 0x5d, 0x7f, 0x80,
                    0xa2, 0xdc, 0xff,
                ] {
                    let mut s = vec![b'a'; len];
                    if at < len {
                        s[at] = c;
                    }
                    assert_eq!(first_escaped(&s), naive(&s), "{s:?}");
                    // And a second one later on.
                    if len > 2 {
                        s[len - 1] = b'"';
                        assert_eq!(first_escaped(&s), naive(&s), "{s:?}");
                    }
                }
            }
        }
    }
}

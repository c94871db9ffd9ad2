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

fn json_str<W: Write>(o: &mut Out<W>, s: &[u8]) {
    o.b(b'"');
    // The runs without anything to escape go in one piece.
    let mut rest = s;
    while let Some(i) = rest.iter().position(|&c| ESCAPED[usize::from(c)]) {
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

fn json_key<W: Write>(o: &mut Out<W>, key: &str, first: bool) {
    if !first {
        o.b(b',');
    }
    o.b(b'"');
    o.s(key.as_bytes());
    o.s(b"\":");
}

fn ju<W: Write>(o: &mut Out<W>, key: &str, v: u64) {
    json_key(o, key, false);
    o.u(v);
}

fn js<W: Write>(o: &mut Out<W>, key: &str, v: &[u8]) {
    json_key(o, key, false);
    json_str(o, v);
}

fn json_type<W: Write>(btf: &Btf<'_>, t: &Type<'_>, o: &mut Out<W>) {
    let kind = t.kind();
    o.b(b'{');
    json_key(o, "id", true);
    o.u(t.id().0.into());
    js(o, "kind", kind.name().as_bytes());
    js(o, "name", name(btf, t.name_off()));
    match kind {
        BtfKind::INT => {
            let i = t.int().unwrap_or(crate::IntInfo { encoding: IntEncoding(0), offset: 0, bits: 0 });
            ju(o, "size", t.size().into());
            ju(o, "bits_offset", i.offset.into());
            ju(o, "nr_bits", i.bits.into());
            js(o, "encoding", i.encoding.name().as_bytes());
        }
        BtfKind::PTR
        | BtfKind::CONST
        | BtfKind::VOLATILE
        | BtfKind::RESTRICT
        | BtfKind::TYPEDEF
        | BtfKind::TYPE_TAG => ju(o, "type_id", t.type_id().0.into()),
        BtfKind::ARRAY => {
            if let Some(a) = t.array() {
                ju(o, "type_id", a.elem.0.into());
                ju(o, "index_type_id", a.index.0.into());
                ju(o, "nr_elems", a.nelems.into());
            }
        }
        BtfKind::STRUCT | BtfKind::UNION => {
            ju(o, "size", t.size().into());
            ju(o, "vlen", t.vlen().into());
            json_key(o, "members", false);
            o.b(b'[');
            for (i, m) in t.members().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                json_key(o, "name", true);
                json_str(o, name(btf, m.name_off));
                ju(o, "type_id", m.type_id.0.into());
                ju(o, "bits_offset", m.bit_offset.into());
                if m.bitfield_size != 0 {
                    ju(o, "bitfield_size", m.bitfield_size.into());
                }
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::ENUM | BtfKind::ENUM64 => {
            let signed = t.kflag();
            js(o, "encoding", if signed { b"SIGNED" } else { b"UNSIGNED" });
            ju(o, "size", t.size().into());
            ju(o, "vlen", t.vlen().into());
            json_key(o, "values", false);
            o.b(b'[');
            let is64 = kind == BtfKind::ENUM64;
            for (i, e) in t.enumerators().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                json_key(o, "name", true);
                json_str(o, name(btf, e.name_off));
                json_key(o, "val", false);
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
        BtfKind::FWD => js(o, "fwd_kind", if t.kflag() { b"union" } else { b"struct" }),
        BtfKind::FUNC => {
            ju(o, "type_id", t.type_id().0.into());
            js(o, "linkage", Linkage(t.vlen()).name().as_bytes());
        }
        BtfKind::FUNC_PROTO => {
            ju(o, "ret_type_id", t.type_id().0.into());
            ju(o, "vlen", t.vlen().into());
            json_key(o, "params", false);
            o.b(b'[');
            for (i, p) in t.params().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                json_key(o, "name", true);
                json_str(o, name(btf, p.name_off));
                ju(o, "type_id", p.type_id.0.into());
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::VAR => {
            ju(o, "type_id", t.type_id().0.into());
            js(o, "linkage", t.var_linkage().unwrap_or_default().name().as_bytes());
        }
        BtfKind::DATASEC => {
            ju(o, "size", t.size().into());
            ju(o, "vlen", t.vlen().into());
            json_key(o, "vars", false);
            o.b(b'[');
            for (i, v) in t.datasec_vars().enumerate() {
                if i > 0 {
                    o.b(b',');
                }
                o.b(b'{');
                json_key(o, "type_id", true);
                o.u(v.type_id.0.into());
                ju(o, "offset", v.offset.into());
                ju(o, "size", v.size.into());
                o.b(b'}');
            }
            o.b(b']');
        }
        BtfKind::FLOAT => ju(o, "size", t.size().into()),
        BtfKind::DECL_TAG => {
            ju(o, "type_id", t.type_id().0.into());
            json_key(o, "component_idx", false);
            o.i(t.decl_tag_component().unwrap_or(-1).into());
        }
        _ => {}
    }
    o.b(b'}');
}

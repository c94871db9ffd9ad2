//! bpfkit's own JSON (`obj --json`, `core relocate --json`) through serde,
//! in a fixed layout: the outer `pretty` levels of containers put each
//! element on its own line indented two spaces a level, deeper ones stay on
//! one line; `spaced` puts a space after `,` and `:` on those lines.
//! (`btf dump --json` is bpftool's format, written by `bpfkit-btf`.)

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// A serde_json formatter for the layouts above.
#[derive(Debug, Clone)]
pub struct Layout {
    pretty: usize,
    spaced: bool,
    /// An empty pretty container is `[\n\n  ]` (one blank line) instead of `[\n]`.
    empty_line: bool,
    /// One entry per open container: whether it has elements yet.
    open: Vec<bool>,
}

impl Layout {
    /// `obj --json`: the top object and its arrays one element a line,
    /// records on one line with spaces, empty arrays with a blank line.
    pub fn obj() -> Layout {
        Layout { pretty: 2, spaced: true, empty_line: true, open: Vec::new() }
    }

    fn indent<W: ?Sized + Write>(w: &mut W, depth: usize) -> io::Result<()> {
        for _ in 0..depth {
            w.write_all(b"  ")?;
        }
        Ok(())
    }

    fn begin<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        self.open.push(false);
        w.write_all(c)
    }

    fn element<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        let depth = self.open.len();
        if let Some(has) = self.open.last_mut() {
            *has = true;
        }
        if depth <= self.pretty {
            w.write_all(if first { b"\n" } else { b",\n" })?;
            Self::indent(w, depth)
        } else if first {
            Ok(())
        } else {
            w.write_all(if self.spaced { b", " } else { b"," })
        }
    }

    fn end<W: ?Sized + Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        let depth = self.open.len();
        let has = self.open.pop().unwrap_or(false);
        if depth <= self.pretty {
            w.write_all(if !has && self.empty_line { b"\n\n" } else { b"\n" })?;
            Self::indent(w, depth.saturating_sub(1))?;
        }
        w.write_all(c)
    }
}

impl Formatter for Layout {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.begin(w, b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.end(w, b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.element(w, first)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(if self.spaced { b": " } else { b":" })
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> io::Result<()> {
        Ok(())
    }
}

/// `value` as JSON in `layout`, with a final newline.
pub fn to_string<T: Serialize + ?Sized>(value: &T, layout: Layout) -> String {
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(&mut buf, layout);
    // Serializing plain data into memory cannot fail.
    let _ = value.serialize(&mut ser);
    buf.push(b'\n');
    String::from_utf8(buf).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn obj_layout() {
        #[derive(Serialize)]
        struct Top {
            a: u32,
            list: Vec<serde_json::Value>,
            none: Vec<u8>,
        }
        let v = Top {
            a: 1,
            list: vec![serde_json::json!({"x": [1, 2], "y": {"k": "v"}}), serde_json::json!(3)],
            none: vec![],
        };
        assert_eq!(
            to_string(&v, Layout::obj()),
            "{\n  \"a\": 1,\n  \"list\": [\n    {\"x\": [1, 2], \"y\": {\"k\": \"v\"}},\n    3\n  ],\n  \"none\": [\n\n  ]\n}\n"
        );
    }
}

//! bpftool's `-p` (pretty JSON) layout as a streaming re-indenter over
//! compact JSON: the rules of bpftool's `json_writer` — a key starts a new
//! line indented four spaces per level, values (including objects in an
//! array) follow the separator on the same line (`[{`, `},{`), a closing
//! bracket of a non-empty container goes on its own line, and the document
//! ends with a newline.

use std::io::{self, Write};

/// Re-indents the compact JSON written to it and passes it on to `W`.
#[derive(Debug)]
pub struct PrettyJson<W: Write> {
    out: W,
    buf: Vec<u8>,
    /// One entry per open container: `true` for an object.
    stack: Vec<bool>,
    /// A `,` is owed before the next element (json_writer's `sep`).
    sep: bool,
    expect_key: bool,
    in_string: bool,
    escape: bool,
    in_scalar: bool,
}

impl<W: Write> PrettyJson<W> {
    /// A re-indenter writing to `out`.
    pub fn new(out: W) -> PrettyJson<W> {
        PrettyJson {
            out,
            buf: Vec::with_capacity(1 << 16),
            stack: Vec::new(),
            sep: false,
            expect_key: false,
            in_string: false,
            escape: false,
            in_scalar: false,
        }
    }

    fn eol(&mut self) {
        self.buf.push(b'\n');
        let n = self.stack.len() * 4;
        self.buf.resize(self.buf.len() + n, b' ');
    }

    fn eor(&mut self) {
        if self.sep {
            self.buf.push(b',');
            self.sep = false;
        }
    }

    fn byte(&mut self, c: u8) {
        if self.in_string {
            self.buf.push(c);
            if self.escape {
                self.escape = false;
            } else if c == b'\\' {
                self.escape = true;
            } else if c == b'"' {
                self.in_string = false;
            }
            return;
        }
        let structural = matches!(c, b'{' | b'}' | b'[' | b']' | b',' | b':' | b'"') || c.is_ascii_whitespace();
        if self.in_scalar && structural {
            self.in_scalar = false;
        }
        match c {
            b'{' | b'[' => {
                self.eor();
                self.buf.push(c);
                self.stack.push(c == b'{');
                self.expect_key = c == b'{';
            }
            b'}' | b']' => {
                self.stack.pop();
                if self.sep {
                    self.eol();
                }
                self.buf.push(c);
                self.sep = true;
                self.expect_key = false;
                if self.stack.is_empty() {
                    self.buf.push(b'\n');
                    self.sep = false;
                }
            }
            b',' => self.expect_key = self.stack.last() == Some(&true),
            b':' => {
                self.buf.extend_from_slice(b": ");
                self.expect_key = false;
            }
            b'"' => {
                self.eor();
                if self.expect_key {
                    self.eol();
                } else {
                    self.sep = true;
                }
                self.buf.push(c);
                self.in_string = true;
            }
            c if c.is_ascii_whitespace() => {}
            c => {
                if !self.in_scalar {
                    self.eor();
                    self.sep = true;
                    self.in_scalar = true;
                }
                self.buf.push(c);
            }
        }
    }
}

impl<W: Write> Write for PrettyJson<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        for &c in data {
            self.byte(c);
        }
        if self.buf.len() >= 1 << 16 {
            self.out.write_all(&self.buf)?;
            self.buf.clear();
        }
        Ok(data.len())
    }
    fn flush(&mut self) -> io::Result<()> {
        self.out.write_all(&self.buf)?;
        self.buf.clear();
        self.out.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(s: &str) -> String {
        let mut p = PrettyJson::new(Vec::new());
        p.write_all(s.as_bytes()).unwrap();
        p.flush().unwrap();
        String::from_utf8(p.out).unwrap()
    }

    #[test]
    fn follows_json_writer() {
        assert_eq!(
            pretty("{\"types\":[{\"id\":1,\"a\":[],\"b\":[1,2],\"s\":\"x,\\\"{\"},{\"id\":2}]}\n"),
            "{\n    \"types\": [{\n            \"id\": 1,\n            \"a\": [],\n            \"b\": [1,2\n            ],\n            \"s\": \"x,\\\"{\"\n        },{\n            \"id\": 2\n        }\n    ]\n}\n"
        );
    }
}

//! What to emit: order, roots, boilerplate.

use bpfkit_btf::TypeId;

/// The order types are emitted in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Order {
    /// bpftool's default (7.5+): sorted by rank, sort name, own name,
    /// disambiguation hash and id, dependencies pulled in first.
    #[default]
    Sorted,
    /// bpftool's `unsorted`: id order, dependencies pulled in first.
    Unsorted,
}

/// A type to emit, with what it needs (bpftool's `root_id`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Root {
    /// A type id.
    Id(TypeId),
    /// Every struct, union, enum or typedef with this name (a forward
    /// declaration only when nothing else has the name).
    Name(String),
}

impl Root {
    /// Reads a command-line value: a decimal id, else a name.
    pub fn parse(s: &str) -> Root {
        match s.parse::<u32>() {
            Ok(id) => Root::Id(TypeId(id)),
            Err(_) => Root::Name(s.to_string()),
        }
    }
}

/// Configuration of the emitter.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Config {
    /// Emission order (ignored when roots are given: roots go in their order).
    pub order: Order,
    /// Emit only these types and what they need; empty means all types.
    pub roots: Vec<Root>,
    /// Emit bpftool's boilerplate: the `__VMLINUX_H__` guard, the
    /// `preserve_access_index` pragma, the `__ksym`/`__weak`/`__bpf_fastcall`
    /// macros, the kfunc prototypes (without roots) and the footer.
    pub header: bool,
}

impl Default for Config {
    fn default() -> Config {
        Config { order: Order::Sorted, roots: Vec::new(), header: true }
    }
}

impl Config {
    /// bpftool's `format c`: every type, sorted, with boilerplate.
    pub fn new() -> Config {
        Config::default()
    }
    /// Sets the order.
    pub fn order(mut self, order: Order) -> Config {
        self.order = order;
        self
    }
    /// Adds a root.
    pub fn root(mut self, root: Root) -> Config {
        self.roots.push(root);
        self
    }
    /// Turns the boilerplate on or off.
    pub fn header(mut self, on: bool) -> Config {
        self.header = on;
        self
    }
}

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
    /// Threads for a full dump (no roots): 1 orders and prints on the
    /// calling thread (sorting still uses one helper thread); 2 orders on
    /// a second thread while the calling thread prints; 3 or more also
    /// print every other batch of types on a third thread. The output is
    /// the same. 0 (the default) picks 3 when the machine has more than
    /// one core.
    pub threads: usize,
}

impl Default for Config {
    fn default() -> Config {
        Config { order: Order::Sorted, roots: Vec::new(), header: true, threads: 0 }
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
    /// Sets the number of threads (see [`Config::threads`]).
    pub fn threads(mut self, n: usize) -> Config {
        self.threads = n;
        self
    }
    /// The threads a full dump uses (1 to 3).
    pub(crate) fn thread_count(&self) -> usize {
        match self.threads {
            0 if multicore() => 3,
            0 => 1,
            n => n.min(3),
        }
    }
    /// Turns the boilerplate on or off.
    pub fn header(mut self, on: bool) -> Config {
        self.header = on;
        self
    }
}

/// Whether this process may run on more than one core (asked once: the
/// answer takes a few system calls, some 50 µs here).
pub(crate) fn multicore() -> bool {
    static MULTI: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *MULTI.get_or_init(|| std::thread::available_parallelism().is_ok_and(|n| n.get() > 1))
}

//! Shared helpers of the bpfkit-relo tests.
#![allow(dead_code)]

use bpfkit_btf::Btf;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// `testdata/core`.
pub fn core_dir() -> PathBuf {
    root().join("testdata/core")
}

/// The kernel BTFs of `testdata/btf` (vmlinux only), name and path.
pub fn kernels() -> Vec<(String, PathBuf)> {
    let mut v: Vec<(String, PathBuf)> = std::fs::read_dir(root().join("testdata/btf"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.file_name().unwrap().to_str().unwrap().starts_with("vmlinux-"))
        .map(|p| (p.file_name().unwrap().to_str().unwrap().trim_end_matches(".btf.gz").to_string(), p))
        .collect();
    v.sort();
    v
}

/// Reads a BTF file (raw, gzip or ELF) into raw BTF bytes.
pub fn btf_file(path: &Path) -> Vec<u8> {
    let data = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    bpfkit_obj::elf::btf_bytes(&data).unwrap().into_owned()
}

/// A BTF the tests relocate against: a kernel (named like `vmlinux-6.1-cloud-amd64`)
/// or a case's own `testdata/core/<case>.target*.btf` (named by its file name).
pub struct Target {
    /// The kernel's or file's name.
    pub name: String,
    /// The raw BTF.
    pub bytes: &'static [u8],
    /// The parsed BTF.
    pub btf: Btf<'static>,
}

/// Every target, each read, gunzipped and parsed once per test binary:
/// re-parsing the kernels for every object took most of these tests' time.
fn all_targets() -> &'static [Target] {
    static BYTES: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    static TARGETS: OnceLock<Vec<Target>> = OnceLock::new();
    let bytes = BYTES.get_or_init(|| {
        let mut v: Vec<(String, Vec<u8>)> = kernels().into_iter().map(|(n, p)| (n, btf_file(&p))).collect();
        let mut extra: Vec<PathBuf> = std::fs::read_dir(core_dir())
            .unwrap()
            .filter_map(|e| e.ok())
            .map(|e| e.path())
            .filter(|p| {
                let n = p.file_name().unwrap().to_str().unwrap();
                n.contains(".target") && n.ends_with(".btf")
            })
            .collect();
        extra.sort();
        for p in extra {
            v.push((p.file_name().unwrap().to_str().unwrap().to_string(), std::fs::read(&p).unwrap()));
        }
        v
    });
    TARGETS.get_or_init(|| {
        bytes.iter().map(|(name, b)| Target { name: name.clone(), bytes: b, btf: Btf::parse(b).unwrap() }).collect()
    })
}

/// The targets of the test object `obj`: every kernel, then the object's
/// case's own `testdata/core/<case>.target*.btf`, sorted by name.
pub fn targets_for(obj: &Path) -> Vec<&'static Target> {
    let stem = obj.file_name().unwrap().to_str().unwrap().split('.').next().unwrap();
    let prefix = format!("{stem}.target");
    all_targets().iter().filter(|t| t.name.starts_with("vmlinux-") || t.name.starts_with(&prefix)).collect()
}

/// The committed test objects of `testdata/core` (and `testdata/obj/core.*`).
pub fn objects() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(core_dir())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "o"))
        .collect();
    v.extend(std::fs::read_dir(root().join("testdata/obj")).unwrap().filter_map(|e| e.ok()).map(|e| e.path()).filter(
        |p| {
            let n = p.file_name().unwrap().to_str().unwrap();
            n.starts_with("core.") && n.ends_with(".o")
        },
    ));
    v.sort();
    v
}

/// A scratch directory for this test process.
pub fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("bpfkit-relo-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Debian's libbpf 1.1 can't read a foreign-endian `.BTF.ext` (it reads
/// foreign-endian `.BTF`): for a big-endian object, bpftool gets a copy
/// whose `.BTF.ext` is byte-swapped to little-endian (every field of the
/// header after the magic's and all records are 32-bit words).
pub fn for_bpftool(obj: &Path, dir: &Path) -> std::path::PathBuf {
    let data = std::fs::read(obj).unwrap();
    let o = bpfkit_obj::Object::parse(&data).unwrap();
    if o.endian() == bpfkit_btf::Endian::Little {
        return obj.to_path_buf();
    }
    let sec = o.section_by_name(".BTF.ext").expect("no .BTF.ext");
    let ext = &data[sec.file_offset as usize..(sec.file_offset + sec.size) as usize];
    let mut le = vec![ext[1], ext[0], ext[2], ext[3]];
    for w in ext[4..].chunks(4) {
        le.extend(w.iter().rev());
    }
    let name = obj.file_name().unwrap().to_str().unwrap();
    let ext_path = dir.join(format!("{name}.ext.le"));
    std::fs::write(&ext_path, &le).unwrap();
    let out = dir.join(format!("{name}.le-ext.o"));
    let st = std::process::Command::new("llvm-objcopy")
        .arg(format!("--update-section=.BTF.ext={}", ext_path.display()))
        .arg(obj)
        .arg(&out)
        .status()
        .unwrap();
    assert!(st.success(), "llvm-objcopy failed on {}", obj.display());
    out
}

//! Every generated kernel header compiles: `clang -target bpf -c` of a
//! file that includes it and uses a few types, for every kernel and module
//! in testdata, sorted and unsorted.

mod common;

use bpfkit_btf::Btf;
use bpfkit_header::{Config, Order, header_bytes};
use common::{compile_bpf, kernel_btf, tempdir};

const USE: &str = r#"
int use_types(struct task_struct *t, struct sk_buff *skb, struct pt_regs *regs)
{
	return t->pid + skb->len + (int)regs->di;
}
"#;

fn compile_header(name: &str, header: &[u8]) {
    let dir = tempdir(name);
    let h = dir.join("vmlinux.h");
    std::fs::write(&h, header).unwrap();
    let src = format!("#include \"{}\"\n{USE}", h.display());
    let r = compile_bpf(&src, &["-O2", "-g"], name);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = r {
        panic!("{name}: generated header does not compile:\n{}", e.lines().take(30).collect::<Vec<_>>().join("\n"));
    }
}

fn check(name: &str, btf: &Btf<'_>) {
    for order in [Order::Sorted, Order::Unsorted] {
        let header = header_bytes(btf, &Config::new().order(order)).unwrap();
        compile_header(&format!("{name}-{order:?}"), &header);
    }
}

#[test]
fn kernel_headers_compile() {
    if !bpfkit_testkit::have_tool(&common::clang(), &["--version"], "compiling kernel headers") {
        return;
    }
    for k in ["vmlinux-6.1-cloud-amd64", "vmlinux-6.12-amd64", "vmlinux-7.1-amd64"] {
        let data = kernel_btf(k);
        check(k, &Btf::parse(&data).unwrap());
    }
}

#[test]
fn module_headers_compile() {
    if !bpfkit_testkit::have_tool(&common::clang(), &["--version"], "compiling module headers") {
        return;
    }
    let base_data = kernel_btf("vmlinux-6.1-cloud-amd64");
    let base = Btf::parse(&base_data).unwrap();
    for m in ["tun-6.1-cloud-amd64", "nf_conntrack-6.1-cloud-amd64"] {
        let data = kernel_btf(m);
        check(m, &Btf::parse_split(&data, &base).unwrap());
    }
}

//! Shows what the build script generated: `vmlinux.h`, ready to be
//! `#include`d by the BPF C sources a build compiles next.

/// The header written by `build.rs`.
const VMLINUX_H: &str = include_str!(concat!(env!("OUT_DIR"), "/vmlinux.h"));

fn main() {
    let structs = VMLINUX_H.lines().filter(|l| l.starts_with("struct ") && l.ends_with(" {")).count();
    println!("vmlinux.h: {} bytes, {structs} struct definitions", VMLINUX_H.len());
}

#[cfg(test)]
mod tests {
    use super::VMLINUX_H;

    #[test]
    fn build_script_wrote_a_kernel_header() {
        assert!(VMLINUX_H.starts_with("#ifndef __VMLINUX_H__\n"));
        assert!(VMLINUX_H.contains("\nstruct task_struct {\n"));
        assert!(VMLINUX_H.trim_end().ends_with("#endif /* __VMLINUX_H__ */"));
    }
}

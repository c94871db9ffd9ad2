//! bpftool's text around the types: the header block, the kfunc
//! prototypes and the footer (`dump_btf_c`, `dump_btf_kfuncs`).

use crate::emit::Emitter;
use crate::error::Result;
use crate::names::Name;
use bpfkit_btf::{BtfKind, TypeId};

/// Everything before the first type (bpftool 7.5+).
pub const HEADER: &str = "\
#ifndef __VMLINUX_H__
#define __VMLINUX_H__

#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)
#endif

#ifndef __ksym
#define __ksym __attribute__((section(\".ksyms\")))
#endif

#ifndef __weak
#define __weak __attribute__((weak))
#endif

#ifndef __bpf_fastcall
#if __has_attribute(bpf_fastcall)
#define __bpf_fastcall __attribute__((bpf_fastcall))
#else
#define __bpf_fastcall
#endif
#endif

";

/// Everything after the types (and the kfunc section).
pub const FOOTER: &str = "\
#ifndef BPF_NO_PRESERVE_ACCESS_INDEX
#pragma clang attribute pop
#endif

#endif /* __VMLINUX_H__ */
";

impl<'b, 'a, 's> Emitter<'b, 'a, 's> {
    /// The `/* BPF kfuncs */` section: an `extern` prototype for every FUNC
    /// with a `bpf_kfunc` declaration tag, sorted by name, `__bpf_fastcall`
    /// for those also tagged `bpf_fastcall`.
    pub fn emit_kfuncs(&mut self) -> Result<()> {
        use crate::emit::item;
        let (kfuncs, fastcalls) = self.kfuncs();
        if self.planning() {
            // Only the names the prototypes resolve; the printer prints.
            self.queue_item(item::KFUNCS, 0)?;
            for &f in &kfuncs {
                let t = self.ty(TypeId(f))?;
                self.decl_effects(t.type_id())?;
                let kind = if fastcalls.contains(&f) { item::KFUNC_FASTCALL } else { item::KFUNC };
                self.queue_item(kind, f)?;
            }
            return self.queue_item(item::KFUNCS_END, 0);
        }
        self.print_kfuncs_start()?;
        for f in kfuncs {
            self.print_kfunc(f, fastcalls.contains(&f))?;
        }
        self.print_kfuncs_end()
    }

    /// The line before the kfuncs.
    pub fn print_kfuncs_start(&mut self) -> Result<()> {
        self.out.s(b"\n/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n")
    }

    /// One kfunc's prototype.
    pub fn print_kfunc(&mut self, f: u32, fastcall: bool) -> Result<()> {
        let btf = self.btf;
        let name = btf.get(TypeId(f)).and_then(|t| btf.str_bytes(t.name_off())).unwrap_or(b"");
        self.out.s(b"extern ")?;
        if fastcall {
            self.out.s(b"__bpf_fastcall ")?;
        }
        let t = self.ty(TypeId(f))?;
        self.emit_type_decl(t.type_id(), Name::plain(name), 0)?;
        self.out.s(b" __weak __ksym;\n")
    }

    /// The line after the kfuncs.
    pub fn print_kfuncs_end(&mut self) -> Result<()> {
        self.out.s(b"#endif\n\n")
    }

    /// The FUNCs tagged `bpf_kfunc` sorted by name, and those tagged
    /// `bpf_fastcall`.
    fn kfuncs(&self) -> (Vec<u32>, Vec<u32>) {
        let mut kfuncs: Vec<u32> = Vec::new();
        let mut fastcalls: Vec<u32> = Vec::new();
        for &i in &self.decl_tags {
            let Some(t) = self.btf.get(TypeId(i)) else { continue };
            if t.kind() != BtfKind::DECL_TAG || t.decl_tag_component() != Some(-1) {
                continue;
            }
            if self.btf.get(t.type_id()).map(|f| f.kind()) != Some(BtfKind::FUNC) {
                continue;
            }
            match self.raw(t.name_off()) {
                b"bpf_kfunc" => kfuncs.push(t.type_id().0),
                b"bpf_fastcall" => fastcalls.push(t.type_id().0),
                _ => {}
            }
        }
        let btf = self.btf;
        let name = |id: u32| btf.get(TypeId(id)).and_then(|t| btf.str_bytes(t.name_off())).unwrap_or(b"");
        kfuncs.sort_by(|&a, &b| name(a).cmp(name(b)));
        (kfuncs, fastcalls)
    }
}

//! The running kernel as oracle: its verdict on raw BTF (one
//! `bpf(BPF_BTF_LOAD)` call) and on whole objects (`bpftool prog loadall`).

use std::os::fd::{FromRawFd, OwnedFd};

/// What the kernel said about a BTF blob.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BtfLoad {
    /// The kernel loaded it (the fd is closed again).
    Loaded,
    /// The kernel refused it: the errno and, when asked for, the last
    /// line of the verifier log.
    Rejected {
        /// The error number (`EINVAL`, `E2BIG`, `ENOTSUPP` = 524, ...).
        errno: i32,
        /// The verifier's last log line (empty unless a log was requested).
        log: String,
    },
    /// The syscall is not available here (`EPERM`, `ENOSYS`, ...): the
    /// caller skips.
    Unavailable(String),
}

const BPF_BTF_LOAD: libc::c_long = 18;

/// `union bpf_attr` as `BPF_BTF_LOAD` reads it.
#[repr(C)]
#[derive(Default)]
struct BtfLoadAttr {
    btf: u64,
    btf_log_buf: u64,
    btf_size: u32,
    btf_log_size: u32,
    btf_log_level: u32,
    btf_log_true_size: u32,
    btf_flags: u32,
    btf_token_fd: u32,
}

/// Loads `data` with `BPF_BTF_LOAD`. With `log`, a rejection carries the
/// verifier's last log line (a separate call with a 16 MiB log buffer, so
/// the log's size cannot change the verdict).
pub fn btf_load(data: &[u8], log: bool) -> BtfLoad {
    match load(data, None) {
        Ok(()) => BtfLoad::Loaded,
        Err(errno) if errno == libc::EPERM || errno == libc::ENOSYS || errno == libc::EACCES => {
            BtfLoad::Unavailable(format!("bpf(BPF_BTF_LOAD) refused: {}", std::io::Error::from_raw_os_error(errno)))
        }
        Err(errno) => {
            let mut text = String::new();
            if log {
                let mut buf = vec![0u8; 16 << 20];
                let _ = load(data, Some(&mut buf));
                let end = buf.iter().position(|&b| b == 0).unwrap_or(buf.len());
                let all = String::from_utf8_lossy(&buf[..end]);
                text = all.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("").to_string();
            }
            BtfLoad::Rejected { errno, log: text }
        }
    }
}

fn load(data: &[u8], log: Option<&mut [u8]>) -> Result<(), i32> {
    let mut attr = BtfLoadAttr {
        btf: data.as_ptr() as u64,
        btf_size: u32::try_from(data.len()).map_err(|_| libc::E2BIG)?,
        ..Default::default()
    };
    if let Some(buf) = log {
        attr.btf_log_buf = buf.as_mut_ptr() as u64;
        attr.btf_log_size = buf.len() as u32;
        attr.btf_log_level = 1;
    }
    // SAFETY: `attr` is a valid, fully initialised `bpf_attr` prefix of the
    // size passed; the pointers in it are to `data` and the log buffer, which
    // outlive the call; the kernel only reads `data` and writes at most
    // `btf_log_size` bytes of the log buffer.
    #[allow(unsafe_code)]
    let fd = unsafe {
        libc::syscall(libc::SYS_bpf, BPF_BTF_LOAD, &attr as *const BtfLoadAttr, std::mem::size_of::<BtfLoadAttr>())
    };
    if fd < 0 {
        return Err(std::io::Error::last_os_error().raw_os_error().unwrap_or(0));
    }
    // SAFETY: a non-negative return of BPF_BTF_LOAD is a new fd we own.
    #[allow(unsafe_code)]
    drop(unsafe { OwnedFd::from_raw_fd(fd as i32) });
    Ok(())
}

/// `bpftool prog loadall` on a private bpffs: the running kernel's verdict
/// on a whole object (libbpf's load steps, then the verifier). Unmounted
/// and removed on drop.
#[derive(Debug)]
pub struct Loader {
    tool: String,
    tmp: std::path::PathBuf,
    fs: std::path::PathBuf,
}

impl Loader {
    /// Sets up a private bpffs for `what`, with `BPFKIT_BPFTOOL78` (else
    /// `bpftool` on `PATH`); reports what is missing ([`crate::missing`]:
    /// SKIP, or a panic under `BPFKIT_REQUIRE_TOOLS=1`) and returns `None`
    /// without root, a little-endian machine, bpftool or a bpffs.
    pub fn new(what: &str) -> Option<Loader> {
        let tool = std::env::var("BPFKIT_BPFTOOL78").unwrap_or_else(|_| "bpftool".into());
        if !crate::have_tool(&tool, &["version"], what) {
            return None;
        }
        let is_root = std::process::Command::new("id").arg("-u").output().is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if !is_root || !cfg!(target_endian = "little") {
            crate::missing(what, "needs root on a little-endian machine");
            return None;
        }
        let tag: String = what.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
        let tmp = std::env::temp_dir().join(format!("bpfkit-loadall-{}-{tag}", std::process::id()));
        let fs = tmp.join("bpffs");
        std::fs::create_dir_all(&fs).ok()?;
        let mounted =
            std::process::Command::new("mount").args(["-t", "bpf", "bpf"]).arg(&fs).status().is_ok_and(|s| s.success());
        if !mounted {
            let _ = std::fs::remove_dir_all(&tmp);
            crate::missing(what, "cannot mount a private bpffs");
            return None;
        }
        Some(Loader { tool, tmp, fs })
    }

    /// `bpftool prog loadall OBJ PINS` (pins removed afterwards): `Ok` when
    /// it loaded, else bpftool's standard error. Callable from several
    /// threads at once (each load pins into its own directory).
    pub fn load(&self, obj: &std::path::Path) -> Result<(), String> {
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let pins = self.fs.join(format!("p{n}"));
        let _ = std::fs::remove_dir_all(&pins);
        let r = std::process::Command::new(&self.tool).args(["prog", "loadall"]).arg(obj).arg(&pins).output();
        let _ = std::fs::remove_dir_all(&pins);
        match r {
            Ok(r) if r.status.success() => Ok(()),
            Ok(r) => Err(String::from_utf8_lossy(&r.stderr).into_owned()),
            Err(e) => Err(format!("cannot run {}: {e}", self.tool)),
        }
    }
}

impl Drop for Loader {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.fs).status();
        let _ = std::fs::remove_dir_all(&self.tmp);
    }
}

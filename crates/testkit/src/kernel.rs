//! The running kernel's verdict on raw BTF: one `bpf(BPF_BTF_LOAD)` call.

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

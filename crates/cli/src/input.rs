//! File input: the only place that touches the file system for reading, and
//! one of the two `unsafe` parts of bpfkit (the memory map; the other is
//! [`start`](crate::start)). The path `-` is standard input.

use crate::error::CliError;
use std::fs::File;
use std::io::Read;
use std::ops::Deref;
use std::path::Path;

/// The bytes of an input file: memory-mapped when possible, read otherwise.
#[derive(Debug)]
pub enum FileBytes {
    /// A read-only memory map of a regular file.
    Mapped(memmap2::Mmap),
    /// The file's contents read into memory (pseudo files, pipes, empty files).
    Owned(Vec<u8>),
}

impl Deref for FileBytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            FileBytes::Mapped(m) => m,
            FileBytes::Owned(v) => v,
        }
    }
}

/// Whether `path` names standard input (`-`).
pub fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// Opens `path` and returns its bytes; `-` reads standard input to its end.
pub fn read_file(path: &Path) -> Result<FileBytes, CliError> {
    if is_stdin(path) {
        let mut buf = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| CliError::Io("cannot read standard input".into(), e))?;
        return Ok(FileBytes::Owned(buf));
    }
    let ctx = || format!("cannot read {}", path.display());
    let mut file = File::open(path).map_err(|e| CliError::Io(ctx(), e))?;
    let meta = file.metadata().map_err(|e| CliError::Io(ctx(), e))?;
    // Regular files are mapped. Kernels since 6.16 also let
    // /sys/kernel/btf/vmlinux be mapped, which saves ~1,300 page-sized
    // reads; other sysfs/procfs files refuse the map (or report size 0)
    // and are read instead.
    if meta.is_file() && meta.len() > 0 {
        // SAFETY: the map is read-only and private to this process (MAP_PRIVATE,
        // which the sysfs BTF file requires). Like every
        // tool that maps its input (ripgrep, object's examples), we accept that
        // another process truncating the file while we read it is undefined
        // behaviour; bpfkit never writes to its inputs.
        #[allow(unsafe_code)]
        let map = unsafe { memmap2::MmapOptions::new().map_copy_read_only(&file) };
        if let Ok(map) = map {
            return Ok(FileBytes::Mapped(map));
        }
    }
    let mut buf = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0).min(1 << 30));
    file.read_to_end(&mut buf).map_err(|e| CliError::Io(ctx(), e))?;
    Ok(FileBytes::Owned(buf))
}

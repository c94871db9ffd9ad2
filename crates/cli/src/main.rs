//! `bpfkit`: the multi-tool over the bpfkit libraries (see
//! [`bpfkit_cli::app`] for the command line).

// The C runtime's `main`, without the Rust runtime's start-up (see
// `bpfkit_cli::start`).
#![no_main]

/// The process entry, called by the C runtime.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
extern "C" fn main(argc: std::ffi::c_int, argv: *const *const std::ffi::c_char) -> std::ffi::c_int {
    // SAFETY: the C runtime passes argc strings in argv.
    unsafe { bpfkit_cli::start::main(argc, argv, bpfkit_cli::app::main) }
}

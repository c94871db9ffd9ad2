//! .BTF.ext

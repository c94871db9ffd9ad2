//! Typed indexes into an [`Object`](crate::Object)'s tables.

use core::fmt;

macro_rules! index_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as `usize`.
            #[inline]
            pub fn index(self) -> usize {
                self.0 as usize
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

index_type!(
    /// An ELF section index (the same number `readelf -S` prints).
    SectionIndex
);
index_type!(
    /// An ELF symbol index in `.symtab`.
    SymbolIndex
);
index_type!(
    /// A program (or subprogram) in [`Object::programs`](crate::Object::programs).
    ProgramIndex
);
index_type!(
    /// A map in [`Object::maps`](crate::Object::maps).
    MapIndex
);
index_type!(
    /// A global data section in [`Object::data_sections`](crate::Object::data_sections).
    DataIndex
);
index_type!(
    /// An extern in [`Object::externs`](crate::Object::externs).
    ExternIndex
);

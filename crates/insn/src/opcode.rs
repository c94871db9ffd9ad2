//! Spec constants of the eBPF encoding as open newtypes.
//!
//! Every field of the 8-byte instruction has a newtype here with the values
//! the Linux ISA document names. The newtypes are open: any raw value can be
//! held, and values the ISA does not define simply have no name.

use std::fmt;

macro_rules! open_newtype {
    ($(#[$m:meta])* $name:ident($ty:ty) { $($(#[$cm:meta])* $c:ident = $v:expr,)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        pub struct $name(pub $ty);
        impl $name {
            $($(#[$cm])* pub const $c: $name = $name($v);)*
            /// The spec's name for this value, if it has one.
            pub fn name(self) -> Option<&'static str> {
                match self {
                    $($name::$c => Some(stringify!($c)),)*
                    _ => None,
                }
            }
        }
        impl fmt::Debug for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self.name() {
                    Some(n) => write!(f, concat!(stringify!($name), "::{}"), n),
                    None => write!(f, concat!(stringify!($name), "({:#x})"), self.0),
                }
            }
        }
    };
}

open_newtype! {
    /// The opcode byte: class, plus size and mode or operation and source.
    Opcode(u8) {
        /// `ld_imm64`: `BPF_LD | BPF_IMM | BPF_DW`.
        LD_IMM64 = 0x18,
        /// `call`: `BPF_JMP | BPF_CALL`.
        CALL = 0x85,
        /// `callx`: `BPF_JMP | BPF_CALL | BPF_X`.
        CALLX = 0x8d,
        /// `exit`: `BPF_JMP | BPF_EXIT`.
        EXIT = 0x95,
        /// `goto`: `BPF_JMP | BPF_JA`.
        JA = 0x05,
        /// `gotol`: `BPF_JMP32 | BPF_JA`.
        GOTOL = 0x06,
        /// `gotox`: `BPF_JMP | BPF_JA | BPF_X` (indirect jump).
        GOTOX = 0x0d,
        /// `may_goto`: `BPF_JMP | BPF_JCOND`.
        MAY_GOTO = 0xe5,
    }
}

impl Opcode {
    /// Builds an opcode from its three parts.
    pub const fn new(class: Class, op_or_mode: u8, size_or_source: u8) -> Opcode {
        Opcode(class.0 | op_or_mode | size_or_source)
    }
    /// The instruction class (low three bits).
    pub const fn class(self) -> Class {
        Class(self.0 & 0x07)
    }
    /// The access size of a load/store class opcode.
    pub const fn size(self) -> Size {
        Size(self.0 & 0x18)
    }
    /// The mode of a load/store class opcode.
    pub const fn mode(self) -> Mode {
        Mode(self.0 & 0xe0)
    }
    /// The source bit of an arithmetic or jump opcode.
    pub const fn source(self) -> Source {
        Source(self.0 & 0x08)
    }
    /// The operation of an arithmetic class opcode.
    pub const fn alu_op(self) -> AluOp {
        AluOp(self.0 & 0xf0)
    }
    /// The operation of a jump class opcode.
    pub const fn jmp_op(self) -> JmpOp {
        JmpOp(self.0 & 0xf0)
    }
}

open_newtype! {
    /// The instruction class: the low three bits of the opcode.
    Class(u8) {
        /// Non-standard loads (`ld_imm64`, legacy packet access).
        LD = 0x00,
        /// Loads into a register.
        LDX = 0x01,
        /// Stores of an immediate.
        ST = 0x02,
        /// Stores of a register, and atomics.
        STX = 0x03,
        /// 32-bit arithmetic.
        ALU = 0x04,
        /// 64-bit jumps, calls and exit.
        JMP = 0x05,
        /// 32-bit jumps.
        JMP32 = 0x06,
        /// 64-bit arithmetic.
        ALU64 = 0x07,
    }
}

open_newtype! {
    /// Access size of a load or store (opcode bits 3–4).
    Size(u8) {
        /// 4 bytes.
        W = 0x00,
        /// 2 bytes.
        H = 0x08,
        /// 1 byte.
        B = 0x10,
        /// 8 bytes.
        DW = 0x18,
    }
}

impl Size {
    /// The four sizes, smallest first.
    pub const ALL: [Size; 4] = [Size::B, Size::H, Size::W, Size::DW];
    /// The size in bytes (only the low two size bits count).
    pub const fn bytes(self) -> u8 {
        match self.0 & 0x18 {
            0x00 => 4,
            0x08 => 2,
            0x10 => 1,
            _ => 8,
        }
    }
    /// The size for a byte count of 1, 2, 4 or 8.
    pub const fn from_bytes(n: u8) -> Option<Size> {
        match n {
            1 => Some(Size::B),
            2 => Some(Size::H),
            4 => Some(Size::W),
            8 => Some(Size::DW),
            _ => None,
        }
    }
}

open_newtype! {
    /// Addressing mode of a load or store (opcode bits 5–7).
    Mode(u8) {
        /// 64-bit immediate (`ld_imm64`).
        IMM = 0x00,
        /// Legacy packet access at a constant offset.
        ABS = 0x20,
        /// Legacy packet access at a register offset.
        IND = 0x40,
        /// Regular memory access.
        MEM = 0x60,
        /// Sign-extending load.
        MEMSX = 0x80,
        /// Atomic operation.
        ATOMIC = 0xc0,
    }
}

open_newtype! {
    /// The source operand bit of arithmetic and jump opcodes.
    Source(u8) {
        /// The immediate (`BPF_K`).
        K = 0x00,
        /// The source register (`BPF_X`).
        X = 0x08,
    }
}

open_newtype! {
    /// Arithmetic operation (opcode bits 4–7).
    AluOp(u8) {
        /// `+=`.
        ADD = 0x00,
        /// `-=`.
        SUB = 0x10,
        /// `*=`.
        MUL = 0x20,
        /// `/=`, or `s/=` with offset 1.
        DIV = 0x30,
        /// `|=`.
        OR = 0x40,
        /// `&=`.
        AND = 0x50,
        /// `<<=`.
        LSH = 0x60,
        /// `>>=`.
        RSH = 0x70,
        /// Negation.
        NEG = 0x80,
        /// `%=`, or `s%=` with offset 1.
        MOD = 0x90,
        /// `^=`.
        XOR = 0xa0,
        /// `=`, or sign-extending move with offset 8, 16 or 32.
        MOV = 0xb0,
        /// `s>>=`.
        ARSH = 0xc0,
        /// Byte swap.
        END = 0xd0,
    }
}

impl AluOp {
    /// The binary operations that take a destination and a source operand.
    pub const BINARY: [AluOp; 12] = [
        AluOp::ADD,
        AluOp::SUB,
        AluOp::MUL,
        AluOp::DIV,
        AluOp::OR,
        AluOp::AND,
        AluOp::LSH,
        AluOp::RSH,
        AluOp::MOD,
        AluOp::XOR,
        AluOp::MOV,
        AluOp::ARSH,
    ];
}

open_newtype! {
    /// Jump operation (opcode bits 4–7).
    JmpOp(u8) {
        /// Unconditional jump.
        JA = 0x00,
        /// `==`.
        JEQ = 0x10,
        /// Unsigned `>`.
        JGT = 0x20,
        /// Unsigned `>=`.
        JGE = 0x30,
        /// `&` (bits in common).
        JSET = 0x40,
        /// `!=`.
        JNE = 0x50,
        /// Signed `>`.
        JSGT = 0x60,
        /// Signed `>=`.
        JSGE = 0x70,
        /// Function call.
        CALL = 0x80,
        /// Return.
        EXIT = 0x90,
        /// Unsigned `<`.
        JLT = 0xa0,
        /// Unsigned `<=`.
        JLE = 0xb0,
        /// Signed `<`.
        JSLT = 0xc0,
        /// Signed `<=`.
        JSLE = 0xd0,
        /// Conditional pseudo jump (`may_goto`).
        JCOND = 0xe0,
    }
}

impl JmpOp {
    /// The conditional jumps that compare two operands.
    pub const CONDITIONAL: [JmpOp; 11] = [
        JmpOp::JEQ,
        JmpOp::JGT,
        JmpOp::JGE,
        JmpOp::JSET,
        JmpOp::JNE,
        JmpOp::JSGT,
        JmpOp::JSGE,
        JmpOp::JLT,
        JmpOp::JLE,
        JmpOp::JSLT,
        JmpOp::JSLE,
    ];
    /// Whether this is one of the eleven comparing jumps.
    pub fn is_conditional(self) -> bool {
        JmpOp::CONDITIONAL.contains(&self)
    }
}

open_newtype! {
    /// The operation of an atomic instruction, held in its immediate.
    AtomicOp(i32) {
        /// `lock *(ptr) += src`.
        ADD = 0x00,
        /// `lock *(ptr) |= src`.
        OR = 0x40,
        /// `lock *(ptr) &= src`.
        AND = 0x50,
        /// `lock *(ptr) ^= src`.
        XOR = 0xa0,
        /// `src = atomic_fetch_add(ptr, src)`.
        FETCH_ADD = 0x01,
        /// `src = atomic_fetch_or(ptr, src)`.
        FETCH_OR = 0x41,
        /// `src = atomic_fetch_and(ptr, src)`.
        FETCH_AND = 0x51,
        /// `src = atomic_fetch_xor(ptr, src)`.
        FETCH_XOR = 0xa1,
        /// Exchange.
        XCHG = 0xe1,
        /// Compare and exchange against `r0`.
        CMPXCHG = 0xf1,
        /// Load-acquire: `dst = *(src + off)`.
        LOAD_ACQ = 0x100,
        /// Store-release: `*(dst + off) = src`.
        STORE_REL = 0x110,
    }
}

impl AtomicOp {
    /// The fetch flag of the read-modify-write operations.
    pub const FETCH: i32 = 0x01;
    /// All defined operations.
    pub const ALL: [AtomicOp; 12] = [
        AtomicOp::ADD,
        AtomicOp::OR,
        AtomicOp::AND,
        AtomicOp::XOR,
        AtomicOp::FETCH_ADD,
        AtomicOp::FETCH_OR,
        AtomicOp::FETCH_AND,
        AtomicOp::FETCH_XOR,
        AtomicOp::XCHG,
        AtomicOp::CMPXCHG,
        AtomicOp::LOAD_ACQ,
        AtomicOp::STORE_REL,
    ];
    /// Whether the operation is valid at access size `size`: the
    /// read-modify-write operations need 4 or 8 bytes; load-acquire and
    /// store-release take any size.
    pub fn valid_for(self, size: Size) -> bool {
        match self {
            AtomicOp::LOAD_ACQ | AtomicOp::STORE_REL => size.0 & !0x18 == 0,
            _ if self.name().is_some() => size == Size::W || size == Size::DW,
            _ => false,
        }
    }
}

open_newtype! {
    /// The source field of `ld_imm64`: how the kernel interprets the immediate.
    PseudoSrc(u8) {
        /// A plain 64-bit constant.
        IMM = 0,
        /// `BPF_PSEUDO_MAP_FD`: imm is a map file descriptor.
        MAP_FD = 1,
        /// `BPF_PSEUDO_MAP_VALUE`: map fd plus an offset into its value.
        MAP_VALUE = 2,
        /// `BPF_PSEUDO_BTF_ID`: a kernel variable by BTF id.
        BTF_ID = 3,
        /// `BPF_PSEUDO_FUNC`: the address of a BPF function (pc-relative imm).
        FUNC = 4,
        /// `BPF_PSEUDO_MAP_IDX`: an index into the fd array.
        MAP_IDX = 5,
        /// `BPF_PSEUDO_MAP_IDX_VALUE`: fd-array index plus a value offset.
        MAP_IDX_VALUE = 6,
    }
}

impl PseudoSrc {
    /// Whether the second slot's immediate may be non-zero for this source.
    /// A plain constant uses it for the upper half; the `*_VALUE` sources
    /// (and `BTF_ID`, whose upper half is a module BTF fd) carry data there.
    pub fn uses_next_imm(self) -> bool {
        matches!(self, PseudoSrc::IMM | PseudoSrc::MAP_VALUE | PseudoSrc::MAP_IDX_VALUE | PseudoSrc::BTF_ID)
    }
}

open_newtype! {
    /// The source field of `call`: what the immediate identifies.
    CallSrc(u8) {
        /// A helper function by number.
        HELPER = 0,
        /// `BPF_PSEUDO_CALL`: a BPF function, pc-relative.
        PSEUDO_CALL = 1,
        /// `BPF_PSEUDO_KFUNC_CALL`: a kernel function by BTF id.
        KFUNC = 2,
    }
}

open_newtype! {
    /// A register number.
    Reg(u8) {
        /// Return value and scratch.
        R0 = 0,
        /// First argument.
        R1 = 1,
        /// Second argument.
        R2 = 2,
        /// Third argument.
        R3 = 3,
        /// Fourth argument.
        R4 = 4,
        /// Fifth argument.
        R5 = 5,
        /// Callee-saved.
        R6 = 6,
        /// Callee-saved.
        R7 = 7,
        /// Callee-saved.
        R8 = 8,
        /// Callee-saved.
        R9 = 9,
        /// Read-only frame pointer.
        R10 = 10,
    }
}

impl Reg {
    /// The frame pointer, `r10`.
    pub const FP: Reg = Reg::R10;
    /// Whether this is one of `r0`–`r10`.
    pub const fn is_valid(self) -> bool {
        self.0 <= 10
    }
}

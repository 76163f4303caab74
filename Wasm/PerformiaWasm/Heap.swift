/// The heap of the wasm32 build, which links no libc (docs/architecture.md, "The portable core").
///
/// Segregated free lists by power-of-two size class (16 B … 2 GiB) over a bump region that starts
/// at the end of the module's initial linear memory and grows with `memory.grow`. A block of class
/// `c` is 2^c bytes at a 16-byte-aligned `base`; the caller's pointer `p` is the first address
/// past `base + 8` with the requested alignment (at least 16), and the 8 bytes below `p` hold the
/// class and `p − base`, which is all `free` needs. Freed blocks go back whole to their class's
/// list, whose links live in the blocks' first word; memory is never returned to the host.
///
/// Not fast and up to 2× wasteful per block, deliberately: processors allocate only in `prepare`,
/// so this serves set-up and offline work, never the audio callback. Single-threaded, as wasm32
/// without the threads proposal is.
enum Heap {
    private static let smallestClass = 4   // 16 bytes
    private static let largestClass = 31   // 2 GiB
    private static let pageBytes: UInt = 65536

    /// Heads of the free lists, indexed by class; 0 is the empty list.
    nonisolated(unsafe) private static var freeLists = InlineArray<32, UInt>(repeating: 0)
    /// The next unused address and the end of linear memory; both 0 until the first allocation.
    nonisolated(unsafe) private static var bump: UInt = 0
    nonisolated(unsafe) private static var limit: UInt = 0

    /// `size` bytes aligned to `alignment` (a power of two), or nil when memory cannot grow.
    static func allocate(size: UInt, alignment: UInt) -> UnsafeMutableRawPointer? {
        let align = max(alignment, 16)
        guard size <= UInt(1) << largestClass - align else { return nil }
        let need = size + align  // p − base ≤ align, see the type's comment
        var c = smallestClass
        while UInt(1) << c < need { c += 1 }
        var base = freeLists[c]
        if base != 0 {
            freeLists[c] = pointer(base).load(as: UInt.self)
        } else {
            guard let fresh = grab(UInt(1) << c) else { return nil }
            base = fresh
        }
        let p = (base + 8 + align - 1) & ~(align - 1)
        pointer(p - 8).storeBytes(of: UInt32(c), as: UInt32.self)
        pointer(p - 4).storeBytes(of: UInt32(p - base), as: UInt32.self)
        return pointer(p)
    }

    /// Returns the block holding `p` (from `allocate`) to its free list.
    static func free(_ p: UnsafeMutableRawPointer) {
        let (c, base) = block(of: p)
        pointer(base).storeBytes(of: freeLists[c], as: UInt.self)
        freeLists[c] = base
    }

    private static func block(of p: UnsafeMutableRawPointer) -> (sizeClass: Int, base: UInt) {
        let c = Int(p.load(fromByteOffset: -8, as: UInt32.self))
        let offset = UInt(p.load(fromByteOffset: -4, as: UInt32.self))
        precondition(c >= smallestClass && c <= largestClass, "Heap: not a heap pointer, or a corrupted header")
        return (c, UInt(bitPattern: p) - offset)
    }

    /// Takes `bytes` (a multiple of 16) from the bump region, growing linear memory as needed.
    private static func grab(_ bytes: UInt) -> UInt? {
        if limit == 0 {
            limit = UInt(wasmMemorySize(0)) * pageBytes
            bump = limit
        }
        if bytes > limit - bump {
            let pages = (bytes - (limit - bump) + pageBytes - 1) / pageBytes
            // Stop one page short of 4 GiB so that `limit` stays representable in 32 bits.
            guard pages <= (UInt.max - limit) / pageBytes, wasmMemoryGrow(0, Int32(pages)) != -1 else { return nil }
            limit += pages * pageBytes
        }
        let start = bump
        bump += bytes
        return start
    }

    private static func pointer(_ address: UInt) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(bitPattern: address)!
    }
}

// The WebAssembly `memory.size` and `memory.grow` instructions (in pages of 64 KiB), reached
// through the LLVM intrinsics that clang's __builtin_wasm_memory_size/grow lower to.
@_extern(c, "llvm.wasm.memory.size.i32") private func wasmMemorySize(_ memory: Int32) -> Int32
@_extern(c, "llvm.wasm.memory.grow.i32") private func wasmMemoryGrow(_ memory: Int32, _ pages: Int32) -> Int32

// MARK: - The C allocation API the Embedded Swift runtime links against
//
// `swift_slowAlloc` calls `posix_memalign`, `swift_slowDealloc` calls `free`; nothing else in
// the build allocates. Swift reserves the names `free` and `malloc` (defining them warns, and
// will become an error), so these are `__wrap_…` functions and scripts/build-wasm links with
// `--wrap=free --wrap=posix_memalign`, which resolves the runtime's references to them.

@_cdecl("__wrap_posix_memalign")
public func wrappedPosixMemalign(_ result: UnsafeMutablePointer<UnsafeMutableRawPointer?>, _ alignment: Int, _ size: Int) -> Int32 {
    guard alignment >= MemoryLayout<UnsafeRawPointer>.size && alignment & (alignment - 1) == 0 && size >= 0 else { return 22 }  // EINVAL
    guard let p = Heap.allocate(size: UInt(size), alignment: UInt(alignment)) else { return 12 }  // ENOMEM
    result.pointee = p
    return 0
}

@_cdecl("__wrap_free")
public func wrappedFree(_ p: UnsafeMutableRawPointer?) {
    if let p { Heap.free(p) }
}

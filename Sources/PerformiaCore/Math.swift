#if canImport(Glibc)
import Glibc
#endif

/// The portable core's one door to elementary functions (docs/architecture.md §5a). Natively it
/// calls the C library; in the wasm32 build, which has no libm, it calls `PortableMath`, whose
/// pure-Swift implementations are held to libm by tests.
public enum Math {
    public static let pi = 3.14159265358979323846

    #if canImport(Glibc)
    @inline(__always) public static func exp(_ x: Double) -> Double { Glibc.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { Glibc.log(x) }
    @inline(__always) public static func sin(_ x: Double) -> Double { Glibc.sin(x) }
    @inline(__always) public static func cos(_ x: Double) -> Double { Glibc.cos(x) }
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { Glibc.pow(x, y) }
    @inline(__always) public static func atan2(_ y: Double, _ x: Double) -> Double { Glibc.atan2(y, x) }
    @inline(__always) public static func exp(_ x: Float) -> Float { Glibc.expf(x) }
    @inline(__always) public static func log(_ x: Float) -> Float { Glibc.logf(x) }
    #else
    @inline(__always) public static func exp(_ x: Double) -> Double { PortableMath.exp(x) }
    @inline(__always) public static func log(_ x: Double) -> Double { PortableMath.log(x) }
    @inline(__always) public static func sin(_ x: Double) -> Double { PortableMath.sin(x) }
    @inline(__always) public static func cos(_ x: Double) -> Double { PortableMath.cos(x) }
    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double { PortableMath.pow(x, y) }
    @inline(__always) public static func atan2(_ y: Double, _ x: Double) -> Double { PortableMath.atan2(y, x) }
    @inline(__always) public static func exp(_ x: Float) -> Float { Float(PortableMath.exp(Double(x))) }
    @inline(__always) public static func log(_ x: Float) -> Float { Float(PortableMath.log(Double(x))) }
    #endif

    @inline(__always) public static func log2(_ x: Double) -> Double { log(x) * 1.4426950408889634 }
}

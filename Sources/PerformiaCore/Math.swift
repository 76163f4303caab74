#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The portable core's one door to elementary functions (docs/architecture.md §5a). Natively it
/// calls the C library; in the wasm32 build, which has no libm, it calls `PortableMath`, whose
/// pure-Swift implementations are held to libm by tests.
public enum Math {
    public static let pi = 3.14159265358979323846

    @inline(__always) public static func exp(_ x: Double) -> Double {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_exp(x)
        #else
        return PortableMath.exp(x)
        #endif
    }

    @inline(__always) public static func log(_ x: Double) -> Double {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_log(x)
        #else
        return PortableMath.log(x)
        #endif
    }

    @inline(__always) public static func sin(_ x: Double) -> Double {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_sin(x)
        #else
        return PortableMath.sin(x)
        #endif
    }

    @inline(__always) public static func cos(_ x: Double) -> Double {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_cos(x)
        #else
        return PortableMath.cos(x)
        #endif
    }

    @inline(__always) public static func pow(_ x: Double, _ y: Double) -> Double {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_pow(x, y)
        #else
        return PortableMath.pow(x, y)
        #endif
    }

    @inline(__always) public static func log2(_ x: Double) -> Double { log(x) * 1.4426950408889634 }

    @inline(__always) public static func exp(_ x: Float) -> Float {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_expf(x)
        #else
        return Float(PortableMath.exp(Double(x)))
        #endif
    }

    @inline(__always) public static func log(_ x: Float) -> Float {
        #if canImport(Glibc) || canImport(Darwin)
        return Glibc_logf(x)
        #else
        return Float(PortableMath.log(Double(x)))
        #endif
    }
}

#if canImport(Glibc) || canImport(Darwin)
@inline(__always) private func Glibc_exp(_ x: Double) -> Double { exp(x) }
@inline(__always) private func Glibc_log(_ x: Double) -> Double { log(x) }
@inline(__always) private func Glibc_sin(_ x: Double) -> Double { sin(x) }
@inline(__always) private func Glibc_cos(_ x: Double) -> Double { cos(x) }
@inline(__always) private func Glibc_pow(_ x: Double, _ y: Double) -> Double { pow(x, y) }
@inline(__always) private func Glibc_expf(_ x: Float) -> Float { expf(x) }
@inline(__always) private func Glibc_logf(_ x: Float) -> Float { logf(x) }
#endif

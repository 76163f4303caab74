/// The libm functions the compiler emits calls to on wasm32, which has no instruction for them:
/// `round` and `roundf` (Swift's `rounded()`, ties away from zero). Built on `trunc`, which is an
/// instruction; `x − trunc(x)` is exact, so the tie test is too.
@_cdecl("round")
public func round(_ x: Double) -> Double {
    let t = x.rounded(.towardZero)
    return (x - t).magnitude >= 0.5 ? t + (x < 0 ? -1 : 1) : t
}

@_cdecl("roundf")
public func roundf(_ x: Float) -> Float {
    let t = x.rounded(.towardZero)
    return (x - t).magnitude >= 0.5 ? t + (x < 0 ? -1 : 1) : t
}

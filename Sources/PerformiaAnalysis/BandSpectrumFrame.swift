import PerformiaCore

/// One frame of the semitone band spectrum, 100 per second: `ln(1 + magnitude)` in each of
/// `BandSpectrumDetector.bandCount` bands (MIDI notes 24…127, C1 = 32.7 Hz to G9 = 12.5 kHz),
/// stamped with the centre of its analysis window. The input of the learned beat model.
/// Lanes past `bandCount` are zero. A plain value: events carry it without allocating.
public struct BandSpectrumFrame: TimedEvent, Equatable, Sendable {
    public var time: SampleTime
    public var lanes: (SIMD16<Float>, SIMD16<Float>, SIMD16<Float>, SIMD16<Float>,
                       SIMD16<Float>, SIMD16<Float>, SIMD16<Float>)

    public init(time: SampleTime) {
        self.time = time
        lanes = (SIMD16(), SIMD16(), SIMD16(), SIMD16(), SIMD16(), SIMD16(), SIMD16())
    }

    /// Lanes a frame holds (≥ `BandSpectrumDetector.bandCount`).
    public static let laneCount = 112

    /// The value of band `index`, 0 ..< `laneCount`.
    public subscript(index: Int) -> Float {
        get {
            withUnsafeBytes(of: lanes) { $0.load(fromByteOffset: index * 4, as: Float.self) }
        }
        set {
            withUnsafeMutableBytes(of: &lanes) { $0.storeBytes(of: newValue, toByteOffset: index * 4, as: Float.self) }
        }
    }

    public static func == (a: BandSpectrumFrame, b: BandSpectrumFrame) -> Bool {
        a.time == b.time && a.lanes.0 == b.lanes.0 && a.lanes.1 == b.lanes.1 && a.lanes.2 == b.lanes.2
            && a.lanes.3 == b.lanes.3 && a.lanes.4 == b.lanes.4 && a.lanes.5 == b.lanes.5 && a.lanes.6 == b.lanes.6
    }
}

import CSampleRate

/// libsamplerate's converter types, best quality first, as libsamplerate 0.2 describes them
/// (`src_get_description`): the band-limited sinc converters give 144 dB SNR over 96 % of the
/// band (`sincBest`), 121 dB over 90 % (`sincMedium`) and 97 dB over 80 % (`sincFastest`), each
/// faster than the last; `zeroOrderHold` and `linear` are very fast and of poor quality.
public enum SampleRateConverterType: Sendable, CaseIterable {
    case sincBest, sincMedium, sincFastest, zeroOrderHold, linear

    var libsamplerateType: Int32 {
        switch self {
        case .sincBest: return Int32(SRC_SINC_BEST_QUALITY)
        case .sincMedium: return Int32(SRC_SINC_MEDIUM_QUALITY)
        case .sincFastest: return Int32(SRC_SINC_FASTEST)
        case .zeroOrderHold: return Int32(SRC_ZERO_ORDER_HOLD)
        case .linear: return Int32(SRC_LINEAR)
        }
    }
}

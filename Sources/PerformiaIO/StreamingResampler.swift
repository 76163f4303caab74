import CSampleRate

/// libsamplerate's full API (`src_new` / `src_process`) over interleaved Float frames. The
/// converter keeps its filter state between calls, so a stream converts chunk by chunk with the
/// same result as in one piece. Frees the converter on deinit.
final class StreamingResampler {
    /// Output frames per input frame: output rate / input rate.
    let ratio: Double
    let channelCount: Int
    private let path: String
    private let state: OpaquePointer

    /// - Parameters:
    ///   - path: the file being read, for error messages.
    ///   - ratio: output rate / input rate, within libsamplerate's 1/256…256.
    init(path: String, converter: SampleRateConverterType, channelCount: Int, ratio: Double) throws(AudioFileError) {
        guard src_is_valid_ratio(ratio) != 0 else {
            throw .resamplerFailed(path: path, reason: "ratio \(ratio) is outside libsamplerate's 1/256…256")
        }
        var code: Int32 = 0
        guard let state = src_new(converter.libsamplerateType, Int32(channelCount), &code) else {
            throw .resamplerFailed(path: path, reason: String(cString: src_strerror(code)))
        }
        self.path = path
        self.ratio = ratio
        self.channelCount = channelCount
        self.state = state
    }

    deinit { src_delete(state) }

    /// Converts as much of `input` as fits in `output`.
    /// - Parameters:
    ///   - isEndOfInput: true once `input` holds the stream's last frames (or none); the
    ///     converter then flushes its filter, and a call that yields 0 frames means it is drained.
    /// - Returns: input frames consumed and output frames written.
    func process(input: UnsafePointer<Float>, inputFrames: Int, isEndOfInput: Bool,
                 output: UnsafeMutablePointer<Float>, outputCapacityFrames: Int)
        throws(AudioFileError) -> (inputFramesUsed: Int, outputFrames: Int) {
        var data = SRC_DATA()
        data.data_in = input
        data.input_frames = inputFrames
        data.data_out = output
        data.output_frames = outputCapacityFrames
        data.src_ratio = ratio
        data.end_of_input = isEndOfInput ? 1 : 0
        let code = src_process(state, &data)
        guard code == 0 else { throw .resamplerFailed(path: path, reason: String(cString: src_strerror(code))) }
        return (Int(data.input_frames_used), Int(data.output_frames_gen))
    }
}

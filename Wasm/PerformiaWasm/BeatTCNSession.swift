import PerformiaNeural

/// A `BeatTCN` in the browser build, for the parity test against native: JavaScript writes a
/// weights file's bytes into `input` and loads them, writes a log band spectrum into `spectrum`,
/// and runs the whole-sequence form or (causal files) the streaming form frame by frame.
final class BeatTCNSession {
    let capacity: Int
    let input: UnsafeMutablePointer<UInt8>
    private(set) var model: BeatTCN?
    /// The last refusal (`NeuralWeightsError.description`, UTF-8).
    private(set) var message: [UInt8] = []
    /// frameCount × bands values, row-major.
    var spectrum: [Float] = []
    var frameCount = 0
    /// The last run's beat activations, then its downbeat activations (2 × frameCount values).
    private(set) var output: [Float] = []

    /// - Parameter capacity: the largest weights file in bytes, ≥ 1.
    init(capacity: Int) {
        self.capacity = capacity
        input = .allocate(capacity: capacity)
        input.initialize(repeating: 0, count: capacity)
    }

    deinit { input.deallocate() }

    /// Loads the first `count` input bytes as a weights file named `fileName`; false (and
    /// `message`) when it is refused.
    func load(count: Int, fileName: String) -> Bool {
        do {
            model = try BeatTCN(weights: NeuralWeights(bytes: Array(UnsafeBufferPointer(start: input, count: count)), fileName: fileName))
            return true
        } catch {
            model = nil
            message = Array(error.description.utf8)
            return false
        }
    }

    /// Runs the model over `spectrum` into `output`; false (and `message`) when a centred model
    /// is asked to stream.
    func run(streaming: Bool) -> Bool {
        guard let model else { return false }
        guard streaming else {
            let (beat, downbeat) = model.activations(spectrum: spectrum, frameCount: frameCount)
            output = beat + downbeat
            return true
        }
        do {
            let stream = try model.prepareStreaming()
            output = [Float](repeating: 0, count: 2 * frameCount)
            spectrum.withUnsafeBufferPointer { frames in
                for t in 0..<frameCount {
                    (output[t], output[frameCount + t]) = stream.process(frame: frames.baseAddress! + t * model.bandCount)
                }
            }
            return true
        } catch {
            message = Array(error.description.utf8)
            return false
        }
    }
}

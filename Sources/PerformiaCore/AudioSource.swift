/// A stream of non-interleaved audio that an `OfflineRunner` pulls from: a file reader, a
/// generated signal, a network stream.
public protocol AudioSource: AnyObject {
    associatedtype Failure: Error
    var sampleRate: Double { get }
    var channelCount: Int { get }
    /// Fills up to `maximumFrames` frames of every channel; returns the frame count, 0 at the end.
    func read(into channels: UnsafePointer<UnsafeMutablePointer<Float>>, maximumFrames: Int) throws(Failure) -> Int
}

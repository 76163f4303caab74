/// An absolute position in a stream, in frames (samples per channel) since the stream's first
/// frame. Every event carries the `SampleTime` of the musical moment it describes, never the
/// moment it was emitted.
public typealias SampleTime = Int64

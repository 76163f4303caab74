import CSndFile
import Foundation

/// What a file's header says: its own sample rate, channel count, length and container format.
public struct AudioFileInfo: Sendable, Equatable {
    public static let supportedSampleRates = 8000.0...192000.0
    public static let maximumChannelCount = 64

    public var path: String
    /// Frames at the file's own sample rate.
    public var frameCount: Int64
    /// Hz.
    public var sampleRate: Double
    public var channelCount: Int
    public var durationSeconds: Double { sampleRate > 0 ? Double(frameCount) / sampleRate : 0 }
    /// "WAV", "FLAC", "OGG", "MP3", …
    public var formatName: String

    /// Reads the header of `path` and checks it against what Performia supports.
    public static func read(path: String) throws(AudioFileError) -> AudioFileInfo {
        let handle = try SoundFileHandle(path: path)
        return handle.info
    }
}

/// An open libsndfile handle with the checks every reader shares. Closes on deinit.
final class SoundFileHandle {
    let file: OpaquePointer
    let info: AudioFileInfo

    init(path: String) throws(AudioFileError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notFound(path: path)
        }
        if isDirectory.boolValue { throw .isDirectory(path: path) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.int64Value ?? 0
        if size == 0 { throw .empty(path: path) }
        var sfInfo = SF_INFO()
        guard let file = sf_open(path, Int32(SFM_READ), &sfInfo) else {
            throw .unsupportedFormat(path: path, reason: String(cString: sf_strerror(nil)))
        }
        self.file = file
        let rate = Double(sfInfo.samplerate)
        let format = Self.formatName(sfInfo.format)
        info = AudioFileInfo(path: path, frameCount: Int64(sfInfo.frames), sampleRate: rate,
                             channelCount: Int(sfInfo.channels), formatName: format)
        guard AudioFileInfo.supportedSampleRates.contains(rate) else {
            throw .unsupportedSampleRate(path: path, sampleRate: rate)
        }
        guard (1...AudioFileInfo.maximumChannelCount).contains(info.channelCount) else {
            throw .unsupportedChannelCount(path: path, channelCount: info.channelCount)
        }
        guard sfInfo.frames > 0 else { throw .noAudio(path: path) }
    }

    deinit { sf_close(file) }

    static func formatName(_ format: Int32) -> String {
        switch format & Int32(SF_FORMAT_TYPEMASK) {
        case Int32(SF_FORMAT_WAV), Int32(SF_FORMAT_WAVEX), Int32(SF_FORMAT_RF64): return "WAV"
        case Int32(SF_FORMAT_FLAC): return "FLAC"
        case Int32(SF_FORMAT_OGG): return "OGG"
        case Int32(SF_FORMAT_MPEG): return "MP3"
        case Int32(SF_FORMAT_AIFF): return "AIFF"
        case Int32(SF_FORMAT_W64): return "W64"
        case Int32(SF_FORMAT_CAF): return "CAF"
        default: return String(format: "libsndfile-0x%06X", format & Int32(SF_FORMAT_TYPEMASK))
        }
    }
}
